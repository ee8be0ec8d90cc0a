// Bulk import into the people directory: per-item results, upserts and limits.
import t from 'tap'
import { build, tenant } from '../helper.js'

t.test('creates and updates people, reporting each', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  await app.inject({ method: 'PUT', url: '/v1/people/ana@example.com', headers: auth, payload: { timeZone: 'UTC' } })
  const res = await app.inject({
    method: 'POST',
    url: '/v1/people/import',
    headers: auth,
    payload: { people: [{ email: 'Ana@Example.com', timeZone: 'Europe/Berlin', hourlyRate: 90 }, { email: 'bo@example.com', timeZone: 'us/eastern', name: 'Bo' }] }
  })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { results: [{ index: 0, email: 'Ana@Example.com', status: 'updated' }, { index: 1, email: 'bo@example.com', status: 'created' }] })
  t.match((await app.inject({ method: 'GET', url: '/v1/people/ana@example.com', headers: auth })).json(), { email: 'Ana@Example.com', timeZone: 'Europe/Berlin', hourlyRate: 90 })
  t.match((await app.inject({ method: 'GET', url: '/v1/people/bo@example.com', headers: auth })).json(), { timeZone: 'US/Eastern', name: 'Bo' })
})

t.test('a bad item gets its own problem and the rest are stored', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({
    method: 'POST',
    url: '/v1/people/import',
    headers: auth,
    payload: {
      people: [
        { email: 'ana@example.com', timeZone: 'Europe/Berlin' },
        { email: 'not-an-email', timeZone: 'Nowhere/City' },
        'a string',
        { email: 'cy@example.com', timeZone: 'UTC', workingHours: { start: '25:00', end: '17:00', days: [1] } },
        { email: 'dee@example.com', timeZone: 'UTC', extra: true }
      ]
    }
  })
  t.equal(res.statusCode, 200)
  const [ok, bad, str, hours, extra] = res.json().results
  t.same(ok, { index: 0, email: 'ana@example.com', status: 'created' })
  t.match(bad, { index: 1, problem: { status: 400, type: '/problems/validation-error', errors: [{ path: '/email' }, { path: '/timeZone', message: /IANA/ }] } })
  t.match(str, { index: 2, problem: { status: 400, errors: [{ path: '', message: 'must be object' }] } })
  t.match(hours, { index: 3, problem: { errors: [{ path: '/workingHours/start' }] } })
  t.match(extra, { index: 4, problem: { errors: [{ path: '/extra', message: 'is not a known field' }] } })
  const list = (await app.inject({ method: 'GET', url: '/v1/people', headers: auth })).json()
  t.same(list.items.map((p: { email: string }) => p.email), ['ana@example.com'])
})

t.test('a repeated email is refused after its first occurrence', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({
    method: 'POST',
    url: '/v1/people/import',
    headers: auth,
    payload: { people: [{ email: 'ana@example.com', timeZone: 'UTC' }, { email: 'ANA@example.com', timeZone: 'Asia/Tokyo' }] }
  })
  t.equal(res.statusCode, 200)
  const [first, second] = res.json().results
  t.same(first, { index: 0, email: 'ana@example.com', status: 'created' })
  t.match(second, { index: 1, problem: { errors: [{ path: '/email', message: /item 0/ }] } })
  t.equal((await app.inject({ method: 'GET', url: '/v1/people/ana@example.com', headers: auth })).json().timeZone, 'UTC')
})

t.test('imports 1000 people in one request', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const people = Array.from({ length: 1000 }, (_, i) => ({ email: `p${i}@example.com`, timeZone: 'UTC', workingHours: { start: '08:00', end: '16:00', days: [1, 2, 3, 4, 5] } }))
  const res = await app.inject({ method: 'POST', url: '/v1/people/import', headers: auth, payload: { people } })
  t.equal(res.statusCode, 200)
  t.equal(res.json().results.filter((r: { status?: string }) => r.status === 'created').length, 1000)
})

t.test('more than 1000 people or none is a 400', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const people = Array.from({ length: 1001 }, (_, i) => ({ email: `p${i}@example.com`, timeZone: 'UTC' }))
  const many = await app.inject({ method: 'POST', url: '/v1/people/import', headers: auth, payload: { people } })
  t.equal(many.statusCode, 400)
  t.match(many.json().errors, [{ path: '/people' }])
  const none = await app.inject({ method: 'POST', url: '/v1/people/import', headers: auth, payload: { people: [] } })
  t.equal(none.statusCode, 400)
})

t.test('imports go to the caller\'s organisation only', async t => {
  const app = await build(t)
  const acme = await tenant(app, 'Acme')
  const other = await tenant(app, 'Other')
  await app.inject({ method: 'POST', url: '/v1/people/import', headers: acme.auth, payload: { people: [{ email: 'ana@example.com', timeZone: 'UTC' }] } })
  const res = await app.inject({ method: 'POST', url: '/v1/people/import', headers: other.auth, payload: { people: [{ email: 'ana@example.com', timeZone: 'Asia/Tokyo' }] } })
  t.same(res.json().results, [{ index: 0, email: 'ana@example.com', status: 'created' }])
  t.equal((await app.inject({ method: 'GET', url: '/v1/people/ana@example.com', headers: acme.auth })).json().timeZone, 'UTC')
})

t.test('a retry with the same Idempotency-Key and body replays the first answer and writes nothing', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'import-1' }
  const payload = { people: [{ email: 'ana@example.com', timeZone: 'UTC' }, { email: 'bo@example.com', timeZone: 'Asia/Tokyo' }] }
  const first = await app.inject({ method: 'POST', url: '/v1/people/import', headers, payload })
  t.equal(first.statusCode, 200)
  t.equal(first.headers['idempotent-replayed'], undefined)
  await app.inject({ method: 'PUT', url: '/v1/people/ana@example.com', headers: auth, payload: { timeZone: 'Europe/Berlin' } })
  const again = await app.inject({ method: 'POST', url: '/v1/people/import', headers, payload: { people: [...payload.people] } })
  t.equal(again.statusCode, 200)
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(again.headers['content-type'], first.headers['content-type'])
  t.equal(again.body, first.body, 'the first answer: both created')
  t.equal((await app.inject({ method: 'GET', url: '/v1/people/ana@example.com', headers: auth })).json().timeZone, 'Europe/Berlin', 'not imported again')
})

t.test('the same Idempotency-Key with another body is a 422 and writes nothing', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'import-2' }
  await app.inject({ method: 'POST', url: '/v1/people/import', headers, payload: { people: [{ email: 'ana@example.com', timeZone: 'UTC' }] } })
  const other = await app.inject({ method: 'POST', url: '/v1/people/import', headers, payload: { people: [{ email: 'bo@example.com', timeZone: 'UTC' }] } })
  t.equal(other.statusCode, 422)
  t.match(other.json(), { type: '/problems/unprocessable-content', status: 422, detail: /Idempotency-Key/ })
  t.equal((await app.inject({ method: 'GET', url: '/v1/people/bo@example.com', headers: auth })).statusCode, 404)
})

t.test('an import whose every item is refused writes nothing and leaves its Idempotency-Key free for the corrected one', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'import-3' }
  const refused = await app.inject({
    method: 'POST', url: '/v1/people/import', headers, payload: { people: [{ email: 'ana@example.com', timeZone: 'Mars/Olympus' }, { email: 'bo' }] }
  })
  t.equal(refused.statusCode, 200)
  t.same(refused.json().results.map((r: { problem?: { status: number } }) => r.problem?.status), [400, 400])
  const payload = { people: [{ email: 'ana@example.com', timeZone: 'Europe/Berlin' }, { email: 'bo@example.com', timeZone: 'UTC' }] }
  const corrected = await app.inject({ method: 'POST', url: '/v1/people/import', headers, payload })
  t.equal(corrected.statusCode, 200, 'not a 422 for another body under a used key')
  t.equal(corrected.headers['idempotent-replayed'], undefined)
  t.same(corrected.json().results, [{ index: 0, email: 'ana@example.com', status: 'created' }, { index: 1, email: 'bo@example.com', status: 'created' }])
  const again = await app.inject({ method: 'POST', url: '/v1/people/import', headers, payload })
  t.equal(again.headers['idempotent-replayed'], 'true', 'the import that wrote keeps the key')
  t.equal(again.body, corrected.body)
})

t.test('an import that stores some items keeps its Idempotency-Key, refusals included', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'import-4' }
  const payload = { people: [{ email: 'ana@example.com', timeZone: 'UTC' }, { email: 'bo' }] }
  const first = await app.inject({ method: 'POST', url: '/v1/people/import', headers, payload })
  const again = await app.inject({ method: 'POST', url: '/v1/people/import', headers, payload })
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(again.body, first.body)
})

t.test('an item holding U+0000 gets its own problem naming the string and the others are stored', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({
    method: 'POST',
    url: '/v1/people/import',
    headers: auth,
    payload: {
      people: [
        { email: 'ana@example.com', timeZone: 'UTC' },
        { email: 'bo@example.com', timeZone: 'UTC', name: 'Bo\u0000' },
        { email: 'cy@example.com', timeZone: 'UTC', 'x\u0000': 1 },
        { email: 'dee@example.com', timeZone: 'UTC', name: 'Dee' }
      ]
    }
  })
  t.equal(res.statusCode, 200)
  const [ana, bo, cy, dee] = res.json().results
  t.same(ana, { index: 0, email: 'ana@example.com', status: 'created' })
  t.match(bo, { index: 1, problem: { status: 400, type: '/problems/validation-error', detail: /Item 1 .*\/name contains U\+0000/, errors: [{ path: '/name', message: /U\+0000/ }] } })
  t.match(cy, { index: 2, problem: { status: 400, errors: [{ path: '/x\u0000', message: /U\+0000/ }] } })
  t.same(dee, { index: 3, email: 'dee@example.com', status: 'created' })
  const list = (await app.inject({ method: 'GET', url: '/v1/people', headers: auth })).json()
  t.same(list.items.map((p: { email: string }) => p.email), ['ana@example.com', 'dee@example.com'])
})

t.test('U+0000 outside the import route is still refused as a whole request', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'PUT', url: '/v1/people/ana@example.com', headers: auth, payload: { timeZone: 'UTC', name: 'A\u0000' } })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { detail: /\/name contains U\+0000/ })
})
