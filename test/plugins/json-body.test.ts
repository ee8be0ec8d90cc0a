// Request bodies: a route that reads one refuses a request without it (400 saying so, never a 500); the routes whose
// body is optional still take none.
import t from 'tap'
import { adminAuth, build, tenant } from '../helper.js'

const NO_BODY = {
  type: '/problems/validation-error',
  title: 'Bad Request',
  status: 400,
  errors: [{ path: '', message: 'is missing: this route needs a request body' }]
}

t.test('the evaluation routes (JSON or iCalendar) answer 400 to a request with no body, with or without Content-Length: 0', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const routes: Array<[string, string]> = [
    ['/v1/evaluations', 'application/json or text/calendar'],
    ['/v1/evaluations/preview', 'application/json or text/calendar'],
    ['/v1/evaluations/batch', 'application/json or application/x-ndjson or text/calendar']
  ]
  for (const [url, types] of routes) {
    for (const extra of [{}, { 'content-length': '0' }]) {
      const res = await app.inject({ method: 'POST', url, headers: { ...auth, ...extra } })
      t.equal(res.statusCode, 400, `${url} ${JSON.stringify(extra)}`)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.same(res.json(), { ...NO_BODY, detail: `The request has no body; this route needs one: send ${types} with its Content-Type.` })
    }
  }
  const stored = await app.inject({ method: 'GET', url: '/v1/evaluations', headers: auth })
  t.same(stored.json().items, [], 'nothing was stored')
})

t.test('every route whose body is required answers 400 to none; the optional ones take none', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  await app.ready()
  const doc = app.swagger() as { paths: Record<string, Record<string, { requestBody?: { required?: boolean }, security?: Array<Record<string, unknown>> }>> }
  const id = '2b7a4f0e-9c61-4a4b-8e7d-9f135d8f3c1e'
  let required = 0
  let optional = 0
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op.requestBody === undefined) continue
      const url = path.replace('{email}', 'ana@example.com').replace(/\{\w+\}/g, id)
      const headers = op.security?.some(s => 'adminKey' in s) === true ? adminAuth : auth
      const res = await app.inject({ method: method.toUpperCase() as 'POST', url, headers })
      const where = `${method.toUpperCase()} ${path}`
      if (op.requestBody.required === false) {
        optional++
        t.not(res.json().detail, NO_BODY.errors[0]!.message, `${where} takes no body`)
        t.equal(res.statusCode, 404, `${where} went on to look for the agenda`)
        continue
      }
      required++
      t.equal(res.statusCode, 400, where)
      t.match(res.json(), { ...NO_BODY, detail: /^The request has no body; this route needs one: send / }, where)
    }
  }
  t.ok(required >= 14, `${required} routes need a body`)
  t.equal(optional, 2, 'publish and evaluate of an agenda take none')
})

t.test('a body without a Content-Type is a 415 saying so', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: { ...auth, 'transfer-encoding': 'chunked' }, payload: '' })
  t.equal(res.statusCode, 415)
  t.same(res.json(), {
    type: '/problems/unsupported-media-type',
    title: 'Unsupported Media Type',
    status: 415,
    detail: 'The request has a body but no Content-Type; send application/json or text/calendar.'
  })
})
