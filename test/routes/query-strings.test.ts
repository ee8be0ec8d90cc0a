// An API route that reads no query string refuses one, as unknown body fields are refused: every such GET and DELETE of
// the OpenAPI document is tried with `?verbose=true`, and a body route with a valid body.
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { adminAuth, build, tenant } from '../helper.js'

interface Parameter { in: string, name: string, schema: { format?: string } }
interface Operation { parameters?: Parameter[], responses: Record<string, unknown> }

const refusal = {
  type: '/problems/validation-error',
  status: 400,
  errors: [{ path: '/verbose', message: 'is not a known field', in: 'querystring' }]
}

t.test('a route without query parameters refuses one, and documents the 400', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  await app.ready()
  const document = app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> }
  let tried = 0
  for (const [path, operations] of Object.entries(document.paths)) {
    if (!path.startsWith('/v1/')) continue
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters ?? []
      if (parameters.some(p => p.in === 'query')) continue
      t.ok('400' in operation.responses, `${method} ${path} documents its 400`)
      if (method !== 'get' && method !== 'delete') continue
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
        parameters.find(p => p.name === name)?.schema.format === 'email' ? 'ada@example.com' : randomUUID())
      const headers = path.startsWith('/v1/admin/') ? adminAuth : auth
      const plain = await app.inject({ method: method.toUpperCase() as 'GET', url, headers })
      t.not(plain.statusCode, 400, `${method} ${url} without a query string is not a 400`)
      const res = await app.inject({ method: method.toUpperCase() as 'GET', url: `${url}?verbose=true`, headers })
      t.equal(res.statusCode, 400, `${method} ${path}?verbose=true is a 400`)
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      t.match(res.json(), refusal)
      tried++
    }
  }
  t.equal(tried, 7, 'every GET and DELETE without query parameters was tried')
})

t.test('a body route refuses a query string beside a valid body; an empty query string is no parameter', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const body = {
    title: 'Sync',
    start: '2026-12-01T16:00:00Z',
    durationMinutes: 30,
    participants: [{ email: 'ada@example.com', timeZone: 'Europe/Berlin' }]
  }
  const refused = await app.inject({ method: 'POST', url: '/v1/evaluations/preview?verbose=true', headers: auth, payload: body })
  t.equal(refused.statusCode, 400)
  t.match(refused.json(), refusal)
  const answered = await app.inject({ method: 'POST', url: '/v1/evaluations/preview?', headers: auth, payload: body })
  t.equal(answered.statusCode, 200, 'a bare "?" carries no parameter')
  const health = await app.inject({ method: 'GET', url: '/health?probe=lb' })
  t.equal(health.statusCode, 200, 'the health check ignores what a load balancer appends')
})
