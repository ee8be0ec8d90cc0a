// Replacing agendas under If-Match (428, 412, *, concurrent writers), stable pagination, and organisation isolation.
import t from 'tap'
import { build, tenant } from '../helper.js'
import { AGENDA, create, stored } from './agendas-fixtures.js'

const CHANGED = { ...AGENDA, title: 'Pick the Q4 pricing option', durationMinutes: 30, items: [{ title: 'Decide', minutes: 25 }], participants: [] }

t.test('replaces an agenda with a matching If-Match: 200 and the next ETag', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const created = await create(app, auth)
  const res = await app.inject({ method: 'PUT', url: `/v1/agendas/${created.id}`, headers: { ...auth, 'if-match': '"1"' }, payload: CHANGED })
  t.equal(res.statusCode, 200)
  t.equal(res.headers.etag, '"2"')
  const body = res.json()
  t.same(body, {
    ...stored(created, { version: 2, updatedAt: body.updatedAt }),
    title: 'Pick the Q4 pricing option',
    durationMinutes: 30,
    items: [{ index: 0, title: 'Decide', minutes: 25 }],
    participants: []
  })
  t.same((await app.inject({ method: 'GET', url: `/v1/agendas/${created.id}`, headers: auth })).json(), body)
})

t.test('zone names are stored properly cased on create and replace, as the directory stores them', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const lower = { ...AGENDA, timeZone: 'europe/berlin', participants: [{ email: 'bo@example.com', timeZone: 'america/new_york' }, { email: 'cy@example.com' }] }
  const created = await app.inject({ method: 'POST', url: '/v1/agendas', headers: auth, payload: lower })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { timeZone: 'Europe/Berlin', participants: [{ email: 'bo@example.com', timeZone: 'America/New_York' }, { email: 'cy@example.com' }] })
  t.notOk('timeZone' in created.json().participants[1], 'a participant without a zone keeps none')
  const id = created.json().id
  const replaced = await app.inject({ method: 'PUT', url: `/v1/agendas/${id}`, headers: { ...auth, 'if-match': '"1"' }, payload: { ...lower, timeZone: 'US/PACIFIC', participants: [{ email: 'bo@example.com', timeZone: 'asia/kolkata' }] } })
  t.equal(replaced.statusCode, 200)
  t.match(replaced.json(), { timeZone: 'US/Pacific', participants: [{ email: 'bo@example.com', timeZone: 'Asia/Kolkata' }] })
  t.same((await app.inject({ method: 'GET', url: `/v1/agendas/${id}`, headers: auth })).json(), replaced.json())
})

t.test('replacing without If-Match is 428', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth)
  const res = await app.inject({ method: 'PUT', url: `/v1/agendas/${id}`, headers: auth, payload: CHANGED })
  t.equal(res.statusCode, 428)
  t.same(res.json(), {
    type: '/problems/precondition-required',
    title: 'Precondition Required',
    status: 428,
    detail: 'Send If-Match with the agenda\'s ETag (from GET) or * to replace it.'
  })
})

t.test('a stale or weak If-Match is 412 and changes nothing', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const created = await create(app, auth)
  await app.inject({ method: 'PUT', url: `/v1/agendas/${created.id}`, headers: { ...auth, 'if-match': '"1"' }, payload: CHANGED })
  for (const ifMatch of ['"1"', 'W/"2"', 'garbage']) {
    const res = await app.inject({ method: 'PUT', url: `/v1/agendas/${created.id}`, headers: { ...auth, 'if-match': ifMatch }, payload: AGENDA })
    t.equal(res.statusCode, 412, ifMatch)
    t.equal(res.json().type, '/problems/precondition-failed')
  }
  t.equal((await app.inject({ method: 'GET', url: `/v1/agendas/${created.id}`, headers: auth })).headers.etag, '"2"')
})

t.test('If-Match * and a list of ETags match the current version', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth)
  t.equal((await app.inject({ method: 'PUT', url: `/v1/agendas/${id}`, headers: { ...auth, 'if-match': '*' }, payload: CHANGED })).headers.etag, '"2"')
  t.equal((await app.inject({ method: 'PUT', url: `/v1/agendas/${id}`, headers: { ...auth, 'if-match': '"1", "2"' }, payload: AGENDA })).headers.etag, '"3"')
})

t.test('replacing checks the body (400, 422) and unknown agendas are 404', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth)
  const headers = { ...auth, 'if-match': '"1"' }
  t.equal((await app.inject({ method: 'PUT', url: `/v1/agendas/${id}`, headers, payload: { ...AGENDA, items: [] } })).statusCode, 400)
  const over = await app.inject({ method: 'PUT', url: `/v1/agendas/${id}`, headers, payload: { ...AGENDA, durationMinutes: 20 } })
  t.equal(over.statusCode, 422)
  t.equal(over.json().overflowMinutes, 15)
  t.equal((await app.inject({ method: 'PUT', url: '/v1/agendas/5f0c6d0e-8a51-4c5e-9d2a-7f3c1e2d4b6a', headers, payload: AGENDA })).statusCode, 404)
})

t.test('of several writers holding the same ETag exactly one wins', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth)
  const results = await Promise.all(Array.from({ length: 5 }, (_, i) => app.inject({
    method: 'PUT', url: `/v1/agendas/${id}`, headers: { ...auth, 'if-match': '"1"' }, payload: { ...CHANGED, title: `Writer ${i}` }
  })))
  const codes = results.map(r => r.statusCode).sort()
  t.same(codes, [200, 412, 412, 412, 412])
  const winner = results.find(r => r.statusCode === 200)!.json()
  const now = (await app.inject({ method: 'GET', url: `/v1/agendas/${id}`, headers: auth })).json()
  t.same(now, winner)
  t.equal(now.version, 2)
  t.same(now.items, [{ index: 0, title: 'Decide', minutes: 25 }], 'the items are replaced once')
})

t.test('pagination returns each agenda exactly once while agendas are added', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const original: string[] = []
  for (let i = 0; i < 7; i++) original.push((await create(app, auth, { ...AGENDA, title: `Agenda ${i}` })).id)
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const url: string = `/v1/agendas?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`
    const res = await app.inject({ method: 'GET', url, headers: auth })
    t.equal(res.statusCode, 200)
    const page = res.json()
    t.ok(page.items.length <= 3)
    seen.push(...page.items.map((a: { id: string }) => a.id))
    cursor = page.nextCursor
    if (pages++ < 2) await create(app, auth, { ...AGENDA, title: `Added during page ${pages}` })
  } while (cursor !== null)
  t.equal(new Set(seen).size, seen.length, 'no agenda twice')
  t.same(seen.slice(0, 7), original, 'every agenda that existed, in creation order')
  t.equal(seen.length, 9, 'and the ones added meanwhile at the end')
})

t.test('another organisation\'s agenda is a 404 on every route, whatever If-Match says', async t => {
  const app = await build(t)
  const owner = await tenant(app, 'Owner')
  const other = await tenant(app, 'Other')
  const created = await create(app, owner.auth)
  const url = `/v1/agendas/${created.id}`
  const attempts = [
    { method: 'GET', url },
    { method: 'PUT', url, headers: { 'if-match': '*' }, payload: CHANGED },
    { method: 'PUT', url, headers: { 'if-match': '"1"' }, payload: CHANGED },
    { method: 'DELETE', url },
    { method: 'DELETE', url, headers: { 'if-match': '*' } },
    { method: 'POST', url: `${url}/publish` },
    { method: 'PUT', url: `${url}/actuals`, payload: { items: [{ index: 0, minutes: 10 }] } },
    { method: 'POST', url: `${url}/evaluate` }
  ] as const
  for (const a of attempts) {
    const res = await app.inject({ method: a.method, url: a.url, headers: { ...other.auth, ...('headers' in a ? a.headers : {}) }, ...('payload' in a ? { payload: a.payload } : {}) })
    t.equal(res.statusCode, 404, `${a.method} ${a.url} ${JSON.stringify('headers' in a ? a.headers : {})}`)
    t.equal(res.json().detail, 'Agenda was not found')
  }
  t.same((await app.inject({ method: 'GET', url: '/v1/agendas', headers: other.auth })).json(), { items: [], nextCursor: null })
  t.same((await app.inject({ method: 'GET', url, headers: owner.auth })).json(), created, 'unchanged')
})
