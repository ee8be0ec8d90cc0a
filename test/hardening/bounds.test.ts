// Resource bounds: 1 MB bodies (JSON and iCalendar), every request string and array bounded in the schemas,
// and 503 with Retry-After while the event loop lags.
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { openApiDocument } from '../../src/openapi-document.js'
import { ADMIN_KEY, build, tenant, testDatabase } from '../helper.js'
import { unboundedInputs } from './schema-walk.js'

const OVER_ONE_MB = 1_048_576 + 1024

t.test('a JSON body over 1 MB is refused with a 413 problem', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const payload = JSON.stringify({ title: 'x'.repeat(OVER_ONE_MB) })
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: { ...auth, 'content-type': 'application/json' }, payload })
  t.equal(res.statusCode, 413)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(res.json(), { type: '/problems/payload-too-large', title: 'Payload Too Large', status: 413, detail: String })
})

t.test('an iCalendar body over 1 MB is refused with a 413 problem', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const payload = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDESCRIPTION:${'x'.repeat(OVER_ONE_MB)}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: { ...auth, 'content-type': 'text/calendar' }, payload })
  t.equal(res.statusCode, 413)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(res.json(), { type: '/problems/payload-too-large', status: 413 })
})

t.test('every string and array a request can carry has a bound in the schemas', async t => {
  const doc = JSON.parse(await openApiDocument())
  t.same(unboundedInputs(doc), [], 'add maxLength (or a bounding format, enum or anchored pattern) and maxItems')
})

t.test('the schema walk finds unbounded strings and arrays, nested or behind anyOf', async t => {
  const doc = {
    paths: {
      '/x': {
        post: {
          requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { a: { type: 'string' }, b: { anyOf: [{ type: 'array', items: { type: 'string', maxLength: 3 } }] }, c: { type: 'string', format: 'uuid' }, d: { type: 'string', pattern: '^[a-z]{1,5}$' } } } } } },
          parameters: [{ in: 'query', name: 'q', schema: { type: 'string', pattern: '^a+$' } }]
        }
      }
    }
  }
  t.same(unboundedInputs(doc), [
    'POST /x body (application/json)/properties/a: string without maxLength',
    'POST /x body (application/json)/properties/b/anyOf/0: array without maxItems',
    'POST /x query q: string without maxLength'
  ])
})

t.test('while the event loop lags, requests get a 503 problem with Retry-After and /health still answers', async t => {
  const database = await testDatabase()
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN_KEY, MAX_EVENT_LOOP_DELAY: '5', RATE_LIMIT_MAX: '0' }), pressureSampleIntervalMs: 100 }
  const app = await buildApp(config, { database, docsUi: false })
  t.teardown(() => app.close())
  await app.ready()
  const { auth } = await tenant(app, 'Lagging')

  // Block the loop across a whole sample interval, then wait (bounded) for the next sample to see the lag.
  const blockedUntil = performance.now() + 300
  while (performance.now() < blockedUntil) { /* a handler hogging the CPU */ }
  const deadline = performance.now() + 5000
  while (!app.isUnderPressure() && performance.now() < deadline) await new Promise(resolve => setImmediate(resolve))
  t.ok(app.isUnderPressure(), 'the lag was measured')

  const res = await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })
  t.equal(res.statusCode, 503)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(res.headers['retry-after'], '10')
  t.match(res.json(), { type: '/problems/service-unavailable', status: 503, detail: /overloaded/ })
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200, 'liveness is exempt')
})

t.test('the loop blocked while the app starts is not load: a fresh app answers instead of a 503', async t => {
  const database = await testDatabase()
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', MAX_EVENT_LOOP_DELAY: '5', RATE_LIMIT_MAX: '0' }), pressureSampleIntervalMs: 1000 }
  const app = await buildApp(config, { database, docsUi: false })
  t.teardown(() => app.close())
  // Start-up work (a fresh embedded database, migrations) holds the loop across a whole sample interval.
  const blockedUntil = performance.now() + 1200
  while (performance.now() < blockedUntil) { /* opening the database */ }
  await app.ready()
  const deadline = performance.now() + 5000
  while (!app.isUnderPressure() && performance.now() < deadline) await new Promise(resolve => setImmediate(resolve))
  t.ok(app.isUnderPressure(), 'the start-up stall was measured')
  const res = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(res.statusCode, 200, 'not refused for the start-up')
})

t.test('MAX_EVENT_LOOP_DELAY=0 turns load shedding off', async t => {
  const app = await build(t, { MAX_EVENT_LOOP_DELAY: '0' })
  t.notOk(app.hasDecorator('isUnderPressure'))
})

t.test('a path parameter over the router\'s length limit gets a 414 problem', async t => {
  // The limit fits the longest email with every character percent-encoded; one character more is refused.
  const { EMAIL_PARAM_MAX_LENGTH } = await import('../../src/schemas/person.js')
  const app = await build(t)
  const { auth } = await tenant(app)
  for (const url of [`/v1/agendas/${'x'.repeat(EMAIL_PARAM_MAX_LENGTH + 1)}`, `/v1/people/${'x'.repeat(EMAIL_PARAM_MAX_LENGTH + 1)}`]) {
    const res = await app.inject({ method: 'GET', url, headers: auth })
    t.equal(res.statusCode, 414, url.slice(0, url.lastIndexOf('/')))
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(res.json(), { type: '/problems/uri-too-long', status: 414 })
    t.equal(res.json().detail, `A path parameter of "${url.slice(0, 79)}…" is longer than the ${EMAIL_PARAM_MAX_LENGTH} characters any resource id or email takes.`,
      'the path is quoted cut to 80 characters, not echoed whole')
  }
  const bad = await app.inject({ method: 'GET', url: '/v1/agendas/%E0%A4', headers: auth })
  t.same({ status: bad.statusCode, body: bad.json() }, {
    status: 400,
    body: { type: '/problems/bad-request', title: 'Bad Request', status: 400, detail: 'The path "/v1/agendas/%E0%A4" is not a valid URL: a percent-encoded sequence is not UTF-8.' }
  })
  // A % without two hexadecimal digits after it is no percent-encoding at all, UTF-8 or not: the problem says so.
  for (const url of ['/v1/agendas/%E0%A4%A', '/v1/people/a%ZZ@example.com', '/v1/people/100%@example.com']) {
    const res = await app.inject({ method: 'GET', url, headers: auth })
    t.same({ status: res.statusCode, detail: res.json().detail },
      { status: 400, detail: `The path "${url}" is not a valid URL: a % is not followed by two hexadecimal digits (write % itself as %25).` }, url)
  }
  const nowhere = await app.inject({ method: 'GET', url: `/v1/${'n'.repeat(5000)}`, headers: auth })
  t.same({ status: nowhere.statusCode, detail: nowhere.json().detail }, { status: 404, detail: `No route matches GET /v1/${'n'.repeat(75)}…` })
  const atLimit = await app.inject({ method: 'GET', url: `/v1/people/${'x'.repeat(EMAIL_PARAM_MAX_LENGTH)}`, headers: auth })
  t.equal(atLimit.statusCode, 400, 'a parameter at the limit reaches validation')
})
