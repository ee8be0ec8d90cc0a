// The committed OpenAPI document is what the routes produce, and it is complete.
import { readFile } from 'node:fs/promises'
import { eq, sql } from 'drizzle-orm'
import t from 'tap'
import { openApiDocument } from '../src/openapi-document.js'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { build, tenant, testDatabase } from './helper.js'
import { fingerprint } from '../src/plugins/idempotency.js'
import { claimKey } from '../src/repositories/idempotency.js'
import { idempotencyKeys } from '../src/db/schema.js'
import { EXAMPLE_PROPOSAL } from '../src/schemas/proposal.js'
import { jsonFixture } from './calendar/fixtures.js'

t.test('openapi/openapi.json is fresh (run npm run openapi)', async t => {
  const committed = await readFile(new URL('../openapi/openapi.json', import.meta.url), 'utf8')
  t.equal(committed, await openApiDocument(), 'regenerate with npm run openapi and commit')
})

t.test('the document is OpenAPI 3.1 with tags, summaries and every status documented', async t => {
  const doc = JSON.parse(await openApiDocument())
  t.equal(doc.openapi, '3.1.0')
  t.ok(doc.components.securitySchemes.bearerAuth)
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const where = `${method.toUpperCase()} ${path}`
      t.ok(op.tags?.length > 0, `${where} has tags`)
      t.ok(op.summary, `${where} has a summary`)
      t.ok(op.responses['500'], `${where} documents 500`)
      for (const [status, response] of Object.entries<any>(op.responses)) {
        t.ok(response.description, `${where} ${status} has a description`)
      }
    }
  }
})

t.test('the service serves the document and the reference UI', async t => {
  const app = await build(t)
  const doc = await app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(doc.statusCode, 200)
  t.equal(doc.json().openapi, '3.1.0')
})

t.test('the reference UI at /docs needs no key, and its security headers allow its own scripts and styles', async t => {
  const database = await testDatabase()
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', MAX_EVENT_LOOP_DELAY: '0' }), { database })
  t.teardown(() => app.close())
  const page = await app.inject({ method: 'GET', url: '/docs' })
  t.equal(page.statusCode, 200, 'no key needed')
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.body, /swagger-ui/)
  t.match(page.headers['content-security-policy'], /script-src 'self'/)
  const script = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' })
  t.equal(script.statusCode, 200, 'its static files too')
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy' })).statusCode, 401, 'the API itself still needs a key')
})

/** Paths of fields (JSON pointer-like) under `schema` lacking a description or an example. */
function undocumented (schema: any, doc: any, path = ''): string[] {
  if (schema === undefined || schema === null || typeof schema !== 'object') return []
  if (typeof schema.$ref === 'string') return []
  const out: string[] = []
  const named = schema.enum !== undefined || schema.const !== undefined
  if (path !== '' && schema.description === undefined) out.push(`${path}: description`)
  if (path !== '' && schema.examples === undefined && schema.example === undefined && !named) out.push(`${path}: example`)
  for (const [key, child] of Object.entries<any>(schema.properties ?? {})) out.push(...undocumented(child, doc, `${path}/${key}`))
  if (schema.items !== undefined) out.push(...undocumented({ ...schema.items, description: schema.items.description ?? schema.description, examples: schema.items.examples ?? schema.items.example ?? (schema.items.properties !== undefined ? [] : undefined) }, doc, `${path}/[]`))
  return out
}

t.test('every field of the proposal and of the evaluation has a description and an example', async t => {
  const doc = JSON.parse(await openApiDocument())
  const op = doc.paths['/v1/evaluations'].post
  t.same(undocumented(op.requestBody.content['application/json'].schema, doc), [], 'proposal')
  t.same(undocumented(op.responses['201'].content['application/json'].schema, doc), [], 'evaluation')
})

t.test('the admin POSTs that create document Idempotency-Key, 409 and 422', async t => {
  const doc = JSON.parse(await openApiDocument())
  for (const path of ['/v1/admin/organizations', '/v1/admin/organizations/{orgId}/api-keys']) {
    const op = doc.paths[path].post
    const header = op.parameters.find((p: any) => p.in === 'header' && p.name === 'idempotency-key')
    t.match(header, { required: false, schema: { type: 'string', maxLength: 255 }, description: /ADMIN_API_KEY/ }, path)
    t.ok(op.responses['409'] && op.responses['422'], `${path} documents 409 and 422`)
  }
  const issuing = doc.paths['/v1/admin/organizations/{orgId}/api-keys'].post.parameters.find((p: any) => p.name === 'idempotency-key')
  t.match(issuing.description, /answer was lost.*DELETE \/v1\/admin\/api-keys\/\{keyId\}.*new Idempotency-Key/)
})

type Doc = { components: { headers: Record<string, unknown> }, paths: Record<string, Record<string, { parameters?: Array<{ in: string, name: string }>, security?: unknown[], responses: Record<string, { headers?: Record<string, { $ref?: string }> }> }>> }

/** The headers a response documents, by lower-case name, each resolved to the name of the shared definition it references. */
function documentedHeaders (doc: Doc, method: string, path: string, status: string): Map<string, string | undefined> {
  const headers = doc.paths[path]?.[method.toLowerCase()]?.responses[status]?.headers ?? {}
  return new Map(Object.entries(headers).map(([name, h]) => [name.toLowerCase(), h.$ref?.replace('#/components/headers/', '')]))
}

t.test('the document names the response headers every route sends, each defined once under components.headers', async t => {
  const doc = JSON.parse(await openApiDocument()) as Doc
  t.same(Object.keys(doc.components.headers).sort(), ['Idempotent-Replayed', 'Location', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'WWW-Authenticate', 'X-Request-Id'])
  const created = ['POST /v1/evaluations', 'POST /v1/evaluations/google', 'POST /v1/evaluations/microsoft', 'PUT /v1/people/{email}', 'POST /v1/agendas', 'POST /v1/agendas/{id}/evaluate']
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`
      const idempotent = op.parameters?.some(p => p.in === 'header' && p.name === 'idempotency-key') === true
      const limited = !(Array.isArray(op.security) && op.security.length === 0)
      for (const status of Object.keys(op.responses)) {
        const headers = documentedHeaders(doc, method, path, status)
        t.equal(headers.get('x-request-id'), 'X-Request-Id', `${where} ${status}: X-Request-Id`)
        if (status === '401') t.equal(headers.get('www-authenticate'), 'WWW-Authenticate', `${where} 401: WWW-Authenticate`)
        if (status === '201') t.equal(headers.has('location'), created.includes(where), `${where} 201: Location only where it is sent`)
        if (idempotent && status.startsWith('2')) t.equal(headers.get('idempotent-replayed'), 'Idempotent-Replayed', `${where} ${status}: Idempotent-Replayed`)
        // A refusal is replayed only from the route's own checks (kept when it continued a lost run), never from auth.
        if (idempotent && ['401', '403', '409', '415', '429'].includes(status)) t.notOk(headers.has('idempotent-replayed'), `${where} ${status}: no Idempotent-Replayed`)
        if (idempotent && status === '409') t.equal(headers.get('retry-after'), 'Retry-After', `${where} 409: Retry-After`)
        if (limited) t.equal(headers.get('ratelimit'), 'RateLimit', `${where} ${status}: RateLimit, the 500 too`)
      }
    }
  }
  for (const [path, status] of [['/v1/admin/organizations/{orgId}/api-keys', '422'], ['/v1/evaluations', '404'], ['/v1/evaluations', '422'], ['/v1/evaluations/batch', '413']] as const) {
    t.equal(documentedHeaders(doc, 'post', path, status).get('idempotent-replayed'), 'Idempotent-Replayed', `POST ${path} ${status}: Idempotent-Replayed`)
  }
  for (const [path, status] of [['/v1/agendas/{id}', '304'], ['/v1/agendas/{id}', '412'], ['/v1/policy', '304']] as const) {
    t.ok(documentedHeaders(doc, 'get', path, status).has('etag'), `GET ${path} ${status}: ETag`)
  }
})

t.test('the headers the service sends are documented for the status they come with', async t => {
  const doc = JSON.parse(await openApiDocument()) as Doc
  const app = await build(t)
  const { auth, organizationId } = await tenant(app)
  const agenda = await app.inject({ method: 'POST', url: '/v1/agendas', headers: auth, payload: { title: 'A', durationMinutes: 30, items: [{ title: 'x', minutes: 10 }] } })
  const agendaUrl = `/v1/agendas/${agenda.json().id as string}`
  const policyTag = (await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).headers.etag as string
  await claimKey(app.database.db, { organizationId }, 'running', fingerprint('POST', '/v1/evaluations', EXAMPLE_PROPOSAL))
  // A run whose answer was lost (claimed an hour ago, never finished): its retry's refusal is kept and then replayed.
  const { agenda: _inline, ...withoutAgenda } = EXAMPLE_PROPOSAL
  const unknownAgenda = { ...withoutAgenda, agendaId: '2b7a4f0e-9c61-4a4b-8e7d-9f135d8f3c1e' }
  await claimKey(app.database.db, { organizationId }, 'lost', fingerprint('POST', '/v1/evaluations', unknownAgenda))
  await app.database.db.update(idempotencyKeys).set({ createdAt: sql`now() - interval '1 hour'` }).where(eq(idempotencyKeys.key, 'lost'))
  const requests: Array<[string, string, string, Record<string, string>, unknown?]> = [
    ['POST', '/v1/evaluations', '/v1/evaluations', { 'idempotency-key': 'k1' }, EXAMPLE_PROPOSAL],
    ['POST', '/v1/evaluations', '/v1/evaluations', { 'idempotency-key': 'k1' }, EXAMPLE_PROPOSAL],
    ['POST', '/v1/evaluations', '/v1/evaluations', { 'idempotency-key': 'running' }, EXAMPLE_PROPOSAL],
    ['POST', '/v1/evaluations', '/v1/evaluations', { 'idempotency-key': 'lost' }, unknownAgenda],
    ['POST', '/v1/evaluations', '/v1/evaluations', { 'idempotency-key': 'lost' }, unknownAgenda],
    ['POST', '/v1/evaluations/google', '/v1/evaluations/google', {}, jsonFixture('google-event.json')],
    ['POST', '/v1/evaluations/microsoft', '/v1/evaluations/microsoft', {}, jsonFixture('microsoft-event.json')],
    ['PUT', '/v1/people/ana@example.com', '/v1/people/{email}', {}, { timeZone: 'Europe/Berlin' }],
    ['GET', '/v1/policy', '/v1/policy', { authorization: 'Bearer nope' }],
    ['GET', '/v1/policy', '/v1/policy', { 'if-none-match': policyTag }],
    ['GET', agendaUrl, '/v1/agendas/{id}', { 'if-none-match': '"1"' }],
    ['GET', agendaUrl, '/v1/agendas/{id}', { 'if-match': '"9"' }],
    ['POST', `${agendaUrl}/publish`, '/v1/agendas/{id}/publish', {}]
  ]
  const watched = ['location', 'www-authenticate', 'idempotent-replayed', 'retry-after', 'etag', 'x-request-id', 'ratelimit', 'ratelimit-policy']
  const seen = new Set<string>()
  for (const [method, url, path, headers, payload] of requests) {
    const res = await app.inject({ method: method as 'GET', url, headers: { ...auth, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) })
    const documented = documentedHeaders(doc, method, path, String(res.statusCode))
    t.ok(documented.size > 0, `${method} ${path} documents ${res.statusCode}`)
    for (const name of watched.filter(n => res.headers[n] !== undefined)) {
      seen.add(`${name} ${res.statusCode}`)
      t.ok(documented.has(name), `${method} ${path} ${res.statusCode} documents ${name}`)
    }
  }
  for (const sent of ['location 201', 'idempotent-replayed 201', 'idempotent-replayed 404', 'retry-after 409', 'www-authenticate 401', 'etag 304', 'etag 412', 'x-request-id 200']) {
    t.ok(seen.has(sent), `the requests covered ${sent}`)
  }
})

t.test('the document says once that a method a path does not answer is a 405 whose Allow lists the methods documented', async t => {
  const doc = JSON.parse(await openApiDocument()) as Doc & { info: { description: string } }
  t.match(doc.info.description, /405 \/problems\/method-not-allowed with an Allow header/)
  const app = await build(t)
  const { auth } = await tenant(app)
  const sample: Record<string, string> = { email: 'ana@example.com', type: 'validation-error' }
  for (const [path, item] of Object.entries(doc.paths)) {
    const url = path.replace(/\{(\w+)\}/g, (_, name: string) => sample[name] ?? '2b7a4f0e-9c61-4a4b-8e7d-9f135d8f3c1e')
    const methods = Object.keys(item).map(m => m.toUpperCase())
    const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].sort().join(', ')
    const res = await app.inject({ method: 'PATCH', url, headers: auth })
    t.same([res.statusCode, res.headers.allow], [405, allow], `PATCH ${path}`)
  }
})
