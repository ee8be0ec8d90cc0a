// RFC 9457 rendering: validation details, unknown fields, no coercion, U+0000, unknown routes, hidden 5xx.
import t from 'tap'
import { build, tenant, adminAuth } from '../helper.js'
import { EXAMPLE_PROPOSAL } from '../../src/schemas/proposal.js'

t.test('unknown routes are 404 problems', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'GET', url: '/v1/nothing-here?x=1' })
  t.equal(res.statusCode, 404)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.same(res.json(), { type: '/problems/not-found', title: 'Not Found', status: 404, detail: 'No route matches GET /v1/nothing-here' })
})

t.test('a method a path does not answer is a 405 with Allow; an unknown path stays a 404', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const cases: Array<[string, string, string, string]> = [
    ['DELETE', '/v1/policy', 'GET, HEAD, PUT', '/v1/policy answers GET, HEAD, PUT, not DELETE.'],
    ['PATCH', '/v1/agendas/2b7a4f0e-9c61-4a4b-8e7d-9f135d8f3c1e', 'DELETE, GET, HEAD, PUT', '/v1/agendas/{id} answers DELETE, GET, HEAD, PUT, not PATCH.'],
    ['GET', '/v1/agendas/2b7a4f0e-9c61-4a4b-8e7d-9f135d8f3c1e/publish', 'POST', '/v1/agendas/{id}/publish answers POST, not GET.'],
    ['POST', '/health?probe=1', 'GET, HEAD', '/health answers GET, HEAD, not POST.'],
    ['OPTIONS', '/v1/evaluations', 'GET, HEAD, POST', '/v1/evaluations answers GET, HEAD, POST, not OPTIONS.']
  ]
  for (const [method, url, allow, detail] of cases) {
    const res = await app.inject({ method: method as 'GET', url, headers: auth })
    t.equal(res.statusCode, 405, `${method} ${url}`)
    t.equal(res.headers.allow, allow)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.same(res.json(), { type: '/problems/method-not-allowed', title: 'Method Not Allowed', status: 405, detail })
  }
  const unknown = await app.inject({ method: 'DELETE', url: '/v1/policies', headers: auth })
  t.equal(unknown.statusCode, 404, 'a path no route has is a 404 whatever the method')
  t.equal(unknown.headers.allow, undefined)
  const trailing = await app.inject({ method: 'GET', url: '/v1/policy/', headers: auth })
  t.equal(trailing.statusCode, 404)
})

t.test('validation problems name each bad field', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: adminAuth, payload: { name: '', extra: 1 } })
  t.equal(res.statusCode, 400)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  const body = res.json()
  t.equal(body.type, '/problems/validation-error')
  t.same(body.errors, [
    { path: '/extra', message: 'is not a known field' },
    { path: '/name', message: 'must not be empty' }
  ])
  t.match(body.detail, /\/extra is not a known field/)
})

t.test('bodies are not coerced', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: adminAuth, payload: { name: 42 } })
  t.equal(res.statusCode, 400)
  t.same(res.json().errors, [{ path: '/name', message: 'must be string' }])
})

t.test('missing fields are named', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: adminAuth, payload: {} })
  t.same(res.json().errors, [{ path: '/name', message: 'is required' }])
})

t.test('strings with U+0000 are refused with the path', async t => {
  const app = await build(t)
  const res = await app.inject({
    method: 'POST', url: '/v1/admin/organizations', headers: { ...adminAuth, 'content-type': 'application/json' }, payload: '{"name":"a\\u0000b"}'
  })
  t.equal(res.statusCode, 400)
  t.same(res.json().errors, [{ path: '/name', message: 'contains U+0000, which cannot be stored' }], 'listed under errors like any bad field')
  t.match(res.json(), { type: '/problems/validation-error', status: 400, detail: 'The request body is invalid: /name contains U+0000, which cannot be stored' })
})

t.test('a string that cannot be stored is named together with every other invalid field', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const payload = '{"title":"a\\u0000","durationMinutes":10,"items":[{"title":"b\\u0000","minutes":1}],"colour":"red"}'
  const res = await app.inject({ method: 'POST', url: '/v1/agendas', headers: { ...auth, 'content-type': 'application/json' }, payload })
  t.equal(res.statusCode, 400)
  t.same(res.json().errors, [
    { path: '/title', message: 'contains U+0000, which cannot be stored' },
    { path: '/items/0/title', message: 'contains U+0000, which cannot be stored' },
    { path: '/colour', message: 'is not a known field' }
  ])
  const proposal = { ...EXAMPLE_PROPOSAL, title: 'a\u0000', participants: [{ email: 'a@example.com', timeZone: 'Mars/Olympus' }] }
  const preview = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: proposal })
  t.equal(preview.statusCode, 400)
  t.same(preview.json().errors.map((e: { path: string }) => e.path), ['/title', '/participants/0/timeZone'], 'the bad zone is named too')
})

t.test('a lone UTF-16 surrogate is refused with its path rather than stored as U+FFFD', async t => {
  const app = await build(t)
  const res = await app.inject({
    method: 'POST', url: '/v1/admin/organizations', headers: { ...adminAuth, 'content-type': 'application/json' }, payload: '{"name":"a\\ud800b"}'
  })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { type: '/problems/validation-error', errors: [{ path: '/name', message: /lone UTF-16 surrogate/ }] })
  const pair = await app.inject({
    method: 'POST', url: '/v1/admin/organizations', headers: { ...adminAuth, 'content-type': 'application/json' }, payload: '{"name":"a\\ud83d\\ude00b"}'
  })
  t.equal(pair.statusCode, 201, 'a surrogate pair is a character')
  t.equal(pair.json().name, 'a\u{1F600}b')
})

t.test('a body that is not UTF-8 is refused, not stored with U+FFFD in place of its bytes', async t => {
  const app = await build(t)
  const payload = Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('b"}')])
  const res = await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: { ...adminAuth, 'content-type': 'application/json' }, payload })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { type: '/problems/invalid-json', detail: /not valid UTF-8/ })
})

t.test('__proto__ and constructor.prototype keys are refused with their paths', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'content-type': 'application/json' }
  const proto = await app.inject({ method: 'PUT', url: '/v1/people/a@example.com', headers, payload: '{"timeZone":"UTC","__proto__":{"x":1}}' })
  t.equal(proto.statusCode, 400)
  t.match(proto.json(), { type: '/problems/validation-error', errors: [{ path: '/__proto__', message: /refuses/ }] })
  const ctor = await app.inject({ method: 'PUT', url: '/v1/people/a@example.com', headers, payload: '{"timeZone":"UTC","workingHours":{"constructor":{"prototype":{}}}}' })
  t.equal(ctor.statusCode, 400)
  t.match(ctor.json(), { errors: [{ path: '/workingHours/constructor/prototype' }] })
})

t.test('an empty JSON body is a 400 saying so', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: { ...adminAuth, 'content-type': 'application/json' }, payload: '' })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { type: '/problems/invalid-json', detail: 'The request body is empty, but its Content-Type says JSON: send a JSON document.' })
})

t.test('text/plain is a 415 like any type no route takes (it was read as iCalendar)', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, 'content-type': 'text/plain' }, payload: JSON.stringify(EXAMPLE_PROPOSAL) })
  t.equal(res.statusCode, 415)
  t.equal(res.json().type, '/problems/unsupported-media-type')
  t.equal(res.json().detail, 'Content-Type "text/plain" is not one this route reads; send application/json or text/calendar.', 'naming what was sent and what is read')
})

t.test('text/calendar on a route that does not read it is a 415 like any other type (it was a 400 "/ must be object")', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const routes: Array<[string, string, Record<string, string>]> = [
    ['PUT', '/v1/policy', auth],
    ['PUT', '/v1/people/ana@example.com', auth],
    ['POST', '/v1/overlap', auth],
    ['POST', '/v1/evaluations/google', auth],
    ['POST', '/v1/evaluations/microsoft', auth],
    ['POST', '/v1/agendas', auth],
    ['POST', '/v1/admin/organizations', adminAuth]
  ]
  const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n'
  for (const [method, url, headers] of routes) {
    for (const type of ['text/calendar', 'application/x-ndjson']) {
      const res = await app.inject({ method: method as 'PUT', url, headers: { ...headers, 'content-type': type }, payload: ics })
      t.equal(res.statusCode, 415, `${type} ${method} ${url}`)
      t.same(res.json(), {
        type: '/problems/unsupported-media-type',
        title: 'Unsupported Media Type',
        status: 415,
        detail: `Content-Type "${type}" is not one this route reads; send application/json.`
      })
    }
  }
  const read = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, 'content-type': 'text/calendar' }, payload: ics })
  t.equal(read.statusCode, 400, 'the routes that read it still do')
  t.match(read.json().detail, /VEVENT/)
})

t.test('a 415 names what the route reads: no body at all, or JSON or none where the body is optional', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const agenda = '2b7a4f0e-9c61-4a4b-8e7d-9f135d8f3c1e'
  const key = '3c1e2b7a-4f0e-4c61-8a4b-2e7d9f135d8f'
  const cases: Array<[string, string, Record<string, string>, string | undefined, string]> = [
    ['DELETE', `/v1/agendas/${agenda}`, auth, 'text/plain', 'This route reads no body: send the request without one (it came with Content-Type "text/plain").'],
    ['DELETE', '/v1/people/ana@example.com', auth, 'text/calendar', 'This route reads no body: send the request without one (it came with Content-Type "text/calendar").'],
    ['DELETE', `/v1/admin/api-keys/${key}`, adminAuth, 'application/xml', 'This route reads no body: send the request without one (it came with Content-Type "application/xml").'],
    ['DELETE', `/v1/agendas/${agenda}`, auth, undefined, 'This route reads no body: send the request without one.'],
    ['POST', `/v1/agendas/${agenda}/publish`, auth, 'text/calendar', 'Content-Type "text/calendar" is not one this route reads; send application/json, or no body.'],
    ['POST', `/v1/agendas/${agenda}/evaluate`, auth, 'text/plain', 'Content-Type "text/plain" is not one this route reads; send application/json, or no body.']
  ]
  for (const [method, url, headers, type, detail] of cases) {
    const sent = type === undefined ? { 'transfer-encoding': 'chunked' } : { 'content-type': type }
    const res = await app.inject({ method: method as 'DELETE', url, headers: { ...headers, ...sent }, payload: 'x' })
    t.same([res.statusCode, res.json().type, res.json().detail], [415, '/problems/unsupported-media-type', detail], `${method} ${url} ${type ?? 'without Content-Type'}`)
  }
})

t.test('a validation problem names the part of the request it is about, in good grammar', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const cases: Array<[string, string, Record<string, string>, string]> = [
    ['GET', '/v1/evaluations?limit=0', {}, 'The query string is invalid: /limit must be >= 1'],
    ['GET', '/v1/evaluations/not-an-id', {}, 'The path parameters are invalid: /id must be a UUID such as 3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a69'],
    ['POST', '/v1/evaluations', { 'idempotency-key': '\u00e9' }, 'The request headers are invalid: /idempotency-key must match pattern "^[\\x20-\\x7e]+$"']
  ]
  for (const [method, url, headers, detail] of cases) {
    const res = await app.inject({ method: method as 'GET', url, headers: { ...auth, ...headers }, ...(method === 'POST' ? { payload: EXAMPLE_PROPOSAL } : {}) })
    t.equal(res.statusCode, 400, url)
    t.equal(res.json().detail, detail)
  }
})

t.test('other characters are kept exactly', async t => {
  const app = await build(t)
  const name = 'Ünïcødé 😀 \u202e <b>&amp; "quoted" \\ \t'
  const res = await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: adminAuth, payload: { name } })
  t.equal(res.statusCode, 201)
  t.equal(res.json().name, name)
})

t.test('malformed JSON is a 400 problem', async t => {
  const app = await build(t)
  const res = await app.inject({
    method: 'POST', url: '/v1/admin/organizations', headers: { ...adminAuth, 'content-type': 'application/json' }, payload: '{"name":'
  })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { type: '/problems/invalid-json', status: 400, detail: 'The request body is not valid JSON: Unexpected end of JSON input' })
})

t.test('unsupported media types are 415 problems', async t => {
  const app = await build(t)
  const res = await app.inject({
    method: 'POST', url: '/v1/admin/organizations', headers: { ...adminAuth, 'content-type': 'application/xml' }, payload: '<name/>'
  })
  t.equal(res.statusCode, 415)
  t.match(res.json(), { type: '/problems/unsupported-media-type', status: 415 })
})

t.test('server errors hide internals and carry the request id', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  app.get('/v1/boom', async () => { throw new Error('secret connection string postgres://x') })
  const res = await app.inject({ method: 'GET', url: '/v1/boom', headers: { ...auth, 'x-request-id': 'req-123' } })
  t.equal(res.statusCode, 500)
  t.equal(res.headers['x-request-id'], 'req-123')
  t.same(res.json(), {
    type: '/problems/internal-error',
    title: 'Internal Server Error',
    status: 500,
    detail: 'An unexpected error occurred. The request id identifies it in our logs.',
    instance: 'urn:request:req-123'
  })
})

t.test('request ids are generated when absent or unsafe', async t => {
  const app = await build(t)
  const plain = await app.inject({ method: 'GET', url: '/health' })
  t.match(plain.headers['x-request-id'], /^[0-9a-f-]{36}$/)
  const unsafe = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'a b\u00e9' } })
  t.match(unsafe.headers['x-request-id'], /^[0-9a-f-]{36}$/)
})

t.test('a compressed body is a 415 problem, not parsed as if it were plain', async t => {
  const app = await build(t)
  const { gzipSync } = await import('node:zlib')
  const res = await app.inject({
    method: 'POST', url: '/v1/admin/organizations', headers: { ...adminAuth, 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: gzipSync('{"name":"Acme"}')
  })
  t.equal(res.statusCode, 415)
  t.match(res.json(), { type: '/problems/unsupported-media-type', status: 415, detail: 'Content-Encoding "gzip" is not supported: send the body uncompressed.' })
  const plain = await app.inject({
    method: 'POST', url: '/v1/admin/organizations', headers: { ...adminAuth, 'content-type': 'application/json', 'content-encoding': 'identity' }, payload: '{"name":"Acme"}'
  })
  t.equal(plain.statusCode, 201, 'identity is no coding')
})

t.test('format and size problems say what is wanted, with an example, in plain words', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({
    method: 'POST',
    url: '/v1/evaluations/preview',
    headers: auth,
    payload: { title: 'x'.repeat(301), start: '2026-12-02T10:00:00Z', durationMinutes: 30, participants: [{ email: 'josé@example.com' }], outcomes: [''] }
  })
  t.equal(res.statusCode, 400)
  t.same(res.json().errors, [
    { path: '/title', message: 'must have at most 300 characters' },
    { path: '/outcomes/0', message: 'must not be empty' },
    { path: '/participants/0/email', message: 'must be an email address such as ana@example.com (ASCII: internationalised addresses are not accepted)' }
  ])
  const id = await app.inject({ method: 'GET', url: '/v1/agendas/123', headers: auth })
  t.same(id.json().errors, [{ path: '/id', message: 'must be a UUID such as 3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a69', in: 'params' }])
})
