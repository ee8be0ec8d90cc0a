// Agenda CRUD: create, read with ETag, list with filter, delete, the checks on input, and authentication.
import t from 'tap'
import { build, tenant } from '../helper.js'
import { AGENDA, create, stored } from './agendas-fixtures.js'

t.test('creates an agenda: 201 with Location, a strong ETag and the stored agenda', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/agendas', headers: auth, payload: AGENDA })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.equal(res.headers.location, `/v1/agendas/${body.id}`)
  t.equal(res.headers.etag, '"1"')
  t.same(body, stored(body))
})

t.test('reads an agenda with its ETag, and 304 when If-None-Match matches', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const created = await create(app, auth)
  const res = await app.inject({ method: 'GET', url: `/v1/agendas/${created.id}`, headers: auth })
  t.equal(res.statusCode, 200)
  t.equal(res.headers.etag, '"1"')
  t.same(res.json(), created)
  const cached = await app.inject({ method: 'GET', url: `/v1/agendas/${created.id}`, headers: { ...auth, 'if-none-match': '"1"' } })
  t.equal(cached.statusCode, 304)
  t.equal(cached.body, '')
  t.equal(cached.headers.etag, '"1"')
  // RFC 9110 8.6 and 15.4.5: no Content-Length (it was 4, a serialised null that was then dropped) and no Content-Type.
  t.equal(cached.headers['content-length'], undefined)
  t.equal(cached.headers['content-type'], undefined)
  const changed = await app.inject({ method: 'GET', url: `/v1/agendas/${created.id}`, headers: { ...auth, 'if-none-match': '"0"' } })
  t.equal(changed.statusCode, 200)
  const stale = await app.inject({ method: 'GET', url: `/v1/agendas/${created.id}`, headers: { ...auth, 'if-match': '"9"' } })
  t.equal(stale.statusCode, 412, 'If-Match naming another version is a 412 on a read too (RFC 9110 13.1.1)')
  t.equal(stale.json().type, '/problems/precondition-failed')
  for (const ifMatch of ['"1"', '*', '"7", "1"']) {
    const current = await app.inject({ method: 'GET', url: `/v1/agendas/${created.id}`, headers: { ...auth, 'if-match': ifMatch } })
    t.equal(current.statusCode, 200, ifMatch)
  }
})

t.test('keeps text exactly as sent and minimal agendas without optional fields', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const title = '  Café ☕ — «Q3» \t pricing 👩🏽‍💻 \n'
  const body = await create(app, auth, { title, durationMinutes: 30, items: [{ title: ' ünïcode ', minutes: 30, notes: '' }] })
  t.same(body, {
    id: body.id,
    version: 1,
    status: 'draft',
    title,
    durationMinutes: 30,
    items: [{ index: 0, title: ' ünïcode ', minutes: 30, notes: '' }],
    outcomes: [],
    participants: [],
    createdAt: body.createdAt,
    updatedAt: body.updatedAt
  })
  t.same((await app.inject({ method: 'GET', url: `/v1/agendas/${body.id}`, headers: auth })).json(), body)
})

t.test('timeboxes above the duration are a 422 naming the overflow', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/agendas', headers: auth, payload: { ...AGENDA, durationMinutes: 60, items: [{ title: 'a', minutes: 30 }, { title: 'b', minutes: 40 }] } })
  t.equal(res.statusCode, 422)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.same(res.json(), {
    type: '/problems/timeboxes-exceed-duration',
    title: 'Unprocessable Entity',
    status: 422,
    detail: 'The items take 70 minutes, 10 more than the 60-minute meeting.',
    errors: [{ path: '/items', message: 'add up to 70 minutes, 10 more than durationMinutes (60)' }],
    overflowMinutes: 10
  })
  const exact = await app.inject({ method: 'POST', url: '/v1/agendas', headers: auth, payload: { ...AGENDA, durationMinutes: 35 } })
  t.equal(exact.statusCode, 201, 'a sum equal to the duration fits')
})

t.test('invalid input is a 400 naming each bad field', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const cases: Array<[object, string]> = [
    [{ ...AGENDA, items: [] }, '/items'],
    [{ ...AGENDA, durationMinutes: 600, items: Array.from({ length: 51 }, () => ({ title: 'x', minutes: 1 })) }, '/items'],
    [{ ...AGENDA, items: [{ title: 'x', minutes: 0 }] }, '/items/0/minutes'],
    [{ ...AGENDA, durationMinutes: 600, items: [{ title: 'x', minutes: 481 }] }, '/items/0/minutes'],
    [{ ...AGENDA, items: [{ title: 'x', minutes: 1.5 }] }, '/items/0/minutes'],
    [{ ...AGENDA, timeZone: 'Mars/Olympus' }, '/timeZone'],
    [{ ...AGENDA, participants: [{ email: 'a@example.com', timeZone: 'Europe/Nowhere' }] }, '/participants/0/timeZone'],
    [{ ...AGENDA, title: 'x'.repeat(301) }, '/title'],
    [{ ...AGENDA, title: '' }, '/title'],
    [{ ...AGENDA, surprise: true }, '/surprise'],
    [{ ...AGENDA, items: [{ title: 'x', minutes: 5, colour: 'red' }] }, '/items/0/colour'],
    // Stored items name their owner by email, as JSON proposals do; only calendar descriptions give bare names.
    [{ ...AGENDA, items: [{ title: 'x', minutes: 5, owner: 'Ana' }] }, '/items/0/owner'],
    [{ ...AGENDA, meetingStart: '2026-12-01 16:00' }, '/meetingStart'],
    [{ ...AGENDA, meetingStart: '2026-12-01 16:00:00Z' }, '/meetingStart'],
    // Publishing counts working hours up to the meeting: year 9999 once held the loop counting them.
    [{ ...AGENDA, meetingStart: '9999-12-31T16:00:00Z' }, '/meetingStart'],
    [{ ...AGENDA, meetingStart: '1900-01-01T16:00:00Z' }, '/meetingStart'],
    // Evaluations and the people directory take emails case-insensitively: the agenda listed ana twice.
    [{ ...AGENDA, participants: [{ email: 'ana@example.com' }, { email: 'bo@example.com' }, { email: 'Ana@Example.com' }] }, '/participants/2/email']
  ]
  for (const [payload, path] of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/agendas', headers: auth, payload })
    t.equal(res.statusCode, 400, path)
    t.ok(res.json().errors.some((e: { path: string }) => e.path === path), `names ${path}`)
  }
})

t.test('lists agendas oldest first and filters by status', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const first = await create(app, auth)
  const second = await create(app, auth, { ...AGENDA, title: 'Second' })
  const published = (await app.inject({ method: 'POST', url: `/v1/agendas/${second.id}/publish`, headers: auth })).json()
  const { leadTime: _, ...secondNow } = published
  const all = await app.inject({ method: 'GET', url: '/v1/agendas', headers: auth })
  t.equal(all.statusCode, 200)
  t.same(all.json(), { items: [first, secondNow], nextCursor: null })
  t.same((await app.inject({ method: 'GET', url: '/v1/agendas?status=draft', headers: auth })).json(), { items: [first], nextCursor: null })
  t.same((await app.inject({ method: 'GET', url: '/v1/agendas?status=published', headers: auth })).json(), { items: [secondNow], nextCursor: null })
})

t.test('list parameters are checked: limit 1..200, status and cursor', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const cases: Array<[string, string]> = [['limit=0', '/limit'], ['limit=201', '/limit'], ['status=archived', '/status'], ['cursor=not-ours', '/cursor'], ['cursor=%21%21', '/cursor']]
  for (const [query, path] of cases) {
    const res = await app.inject({ method: 'GET', url: `/v1/agendas?${query}`, headers: auth })
    t.equal(res.statusCode, 400, query)
    t.match(res.json().errors, [{ path, in: 'querystring' }], query)
  }
})

t.test('deletes an agenda: 204, then 404', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth)
  const res = await app.inject({ method: 'DELETE', url: `/v1/agendas/${id}`, headers: auth })
  t.equal(res.statusCode, 204)
  t.equal(res.body, '')
  t.equal((await app.inject({ method: 'GET', url: `/v1/agendas/${id}`, headers: auth })).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/agendas/${id}`, headers: auth })).statusCode, 404)
})

t.test('a conditional delete with a stale ETag is 412 and deletes nothing', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/agendas/${id}`, headers: { ...auth, 'if-match': '"7"' } })).statusCode, 412)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/agendas/${id}`, headers: { ...auth, 'if-match': '"1"' } })).statusCode, 204)
})

t.test('unknown agendas are 404 and malformed ids 400', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const unknown = '5f0c6d0e-8a51-4c5e-9d2a-7f3c1e2d4b6a'
  const res = await app.inject({ method: 'GET', url: `/v1/agendas/${unknown}`, headers: auth })
  t.same(res.json(), { type: '/problems/not-found', title: 'Not Found', status: 404, detail: 'Agenda was not found' })
  const bad = await app.inject({ method: 'GET', url: '/v1/agendas/nope', headers: auth })
  t.equal(bad.statusCode, 400)
  t.same(bad.json().errors, [{ path: '/id', message: 'must be a UUID such as 3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a69', in: 'params' }])
})

t.test('every agenda route needs an API key', async t => {
  const app = await build(t)
  const id = '5f0c6d0e-8a51-4c5e-9d2a-7f3c1e2d4b6a'
  const routes: Array<[string, string]> = [['POST', '/v1/agendas'], ['GET', '/v1/agendas'], ['GET', `/v1/agendas/${id}`], ['PUT', `/v1/agendas/${id}`],
    ['DELETE', `/v1/agendas/${id}`], ['POST', `/v1/agendas/${id}/publish`], ['PUT', `/v1/agendas/${id}/actuals`], ['POST', `/v1/agendas/${id}/evaluate`]]
  for (const [method, url] of routes) {
    const res = await app.inject({ method: method as 'GET', url })
    t.equal(res.statusCode, 401, `${method} ${url}`)
    t.equal(res.headers['www-authenticate'], 'Bearer realm="meeting-evaluator"')
  }
})
