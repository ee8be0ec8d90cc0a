// The people directory: upsert, read, delete, case-insensitive emails and tenancy.
import t from 'tap'
import { build, tenant } from '../helper.js'

const ana = { name: 'Ana Lima', timeZone: 'Europe/Berlin', workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] }, hourlyRate: 90 }

t.test('PUT creates a person with 201 and a Location', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'PUT', url: '/v1/people/Ana@Example.com', headers: auth, payload: ana })
  t.equal(res.statusCode, 201)
  t.equal(res.headers.location, '/v1/people/Ana%40Example.com')
  t.match(res.json(), { email: 'Ana@Example.com', ...ana, createdAt: /^\d{4}-\d\d-\d\dT.*Z$/, updatedAt: String })
})

t.test('PUT on an existing person replaces it with 200', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  await app.inject({ method: 'PUT', url: '/v1/people/ana@example.com', headers: auth, payload: ana })
  const res = await app.inject({ method: 'PUT', url: '/v1/people/ANA@example.com', headers: auth, payload: { timeZone: 'America/New_York' } })
  t.equal(res.statusCode, 200)
  t.equal(res.headers.location, undefined)
  const body = res.json()
  t.same({ ...body, createdAt: 0, updatedAt: 0 }, { email: 'ANA@example.com', timeZone: 'America/New_York', createdAt: 0, updatedAt: 0 })
})

t.test('GET reads a person whatever the case of the email', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  await app.inject({ method: 'PUT', url: '/v1/people/Ana@Example.com', headers: auth, payload: ana })
  const res = await app.inject({ method: 'GET', url: '/v1/people/ana@EXAMPLE.COM', headers: auth })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { email: 'Ana@Example.com', ...ana })
})

t.test('GET of an unknown person is 404', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'GET', url: '/v1/people/nobody@example.com', headers: auth })
  t.equal(res.statusCode, 404)
  t.match(res.json(), { type: '/problems/not-found', detail: 'Person was not found' })
})

t.test('zone names are stored properly cased, links kept', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const lower = await app.inject({ method: 'PUT', url: '/v1/people/cy@example.com', headers: auth, payload: { timeZone: 'europe/london' } })
  t.equal(lower.statusCode, 201)
  t.equal(lower.json().timeZone, 'Europe/London')
  const link = await app.inject({ method: 'PUT', url: '/v1/people/dee@example.com', headers: auth, payload: { timeZone: 'US/Pacific' } })
  t.equal(link.json().timeZone, 'US/Pacific')
})

t.test('a Windows zone name is a 400: the directory takes IANA names', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'PUT', url: '/v1/people/bo@example.com', headers: auth, payload: { timeZone: 'W. Europe Standard Time' } })
  t.equal(res.statusCode, 400)
  t.same(res.json().errors, [{ path: '/timeZone', message: 'must be an IANA time zone name such as Europe/Berlin' }])
})

t.test('an invalid email in the path is a 400 naming it', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'PUT', url: '/v1/people/not-an-email', headers: auth, payload: ana })
  t.equal(res.statusCode, 400)
  t.match(res.json().errors, [{ path: '/email', in: 'params' }])
})

t.test('invalid fields are a 400 naming each', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'PUT', url: '/v1/people/ana@example.com', headers: auth, payload: { timeZone: 'Mars/Olympus', hourlyRate: -1, shoeSize: 42 } })
  t.equal(res.statusCode, 400)
  const paths = res.json().errors.map((e: { path: string }) => e.path).sort()
  t.same(paths, ['/hourlyRate', '/shoeSize', '/timeZone'])
})

t.test('a working day starts at 00:00-23:59: 24:00 only ends one (people, policy, proposals)', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const message = 'must be a time of day HH:MM between 00:00 and 23:59 (24:00 ends a day, it does not start one)'
  const late = { start: '24:00', end: '09:00', days: [1] }
  const person = await app.inject({ method: 'PUT', url: '/v1/people/ana@example.com', headers: auth, payload: { timeZone: 'UTC', workingHours: late } })
  t.same({ status: person.statusCode, errors: person.json().errors }, { status: 400, errors: [{ path: '/workingHours/start', message }] })
  const policy = (await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).json()
  const put = await app.inject({ method: 'PUT', url: '/v1/policy', headers: auth, payload: { ...policy, defaults: { ...policy.defaults, workingHours: late } } })
  t.same({ status: put.statusCode, errors: put.json().errors }, { status: 400, errors: [{ path: '/defaults/workingHours/start', message }] })
  const proposal = { title: 'Sync', start: '2026-12-01T10:00:00Z', durationMinutes: 30, participants: [{ email: 'bo@example.com', timeZone: 'UTC', workingHours: late }] }
  const preview = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: proposal })
  t.same({ status: preview.statusCode, errors: preview.json().errors }, { status: 400, errors: [{ path: '/participants/0/workingHours/start', message }] })
  const ends = await app.inject({ method: 'PUT', url: '/v1/people/ana@example.com', headers: auth, payload: { timeZone: 'UTC', workingHours: { start: '23:59', end: '24:00', days: [1] } } })
  t.equal(ends.statusCode, 201, '23:59 starts a day and 24:00 ends one')
})

t.test('a missing time zone is a 400', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'PUT', url: '/v1/people/ana@example.com', headers: auth, payload: { name: 'Ana' } })
  t.equal(res.statusCode, 400)
  t.same(res.json().errors, [{ path: '/timeZone', message: 'is required' }])
})

t.test('DELETE removes a person with 204, then 404', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  await app.inject({ method: 'PUT', url: '/v1/people/ana@example.com', headers: auth, payload: ana })
  const res = await app.inject({ method: 'DELETE', url: '/v1/people/ANA@example.com', headers: auth })
  t.equal(res.statusCode, 204)
  t.equal(res.body, '')
  t.equal((await app.inject({ method: 'GET', url: '/v1/people/ana@example.com', headers: auth })).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/people/ana@example.com', headers: auth })).statusCode, 404)
})

t.test('another organisation\'s person is invisible', async t => {
  const app = await build(t)
  const acme = await tenant(app, 'Acme')
  const other = await tenant(app, 'Other')
  await app.inject({ method: 'PUT', url: '/v1/people/ana@example.com', headers: acme.auth, payload: ana })
  t.equal((await app.inject({ method: 'GET', url: '/v1/people/ana@example.com', headers: other.auth })).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/people/ana@example.com', headers: other.auth })).statusCode, 404)
  t.same((await app.inject({ method: 'GET', url: '/v1/people', headers: other.auth })).json(), { items: [], nextCursor: null })
  const own = await app.inject({ method: 'PUT', url: '/v1/people/ana@example.com', headers: other.auth, payload: { timeZone: 'Asia/Tokyo' } })
  t.equal(own.statusCode, 201)
  t.equal((await app.inject({ method: 'GET', url: '/v1/people/ana@example.com', headers: acme.auth })).json().timeZone, 'Europe/Berlin')
})

t.test('routes need an API key', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'GET', url: '/v1/people' })
  t.equal(res.statusCode, 401)
})

t.test('evaluations use the directory from the request after the first person is added, and stop after the last goes', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const other = await tenant(app)
  const proposal = {
    title: 'Weekly sync',
    start: '2026-12-01T15:00:00Z',
    durationMinutes: 30,
    timeZone: 'Europe/Berlin',
    participants: [{ email: 'ana@example.com' }, { email: 'bo@example.com', timeZone: 'America/New_York' }]
  }
  const zoneOfAna = async (): Promise<unknown> => {
    const res = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: proposal })
    t.equal(res.statusCode, 200)
    return (res.json() as { timeZones: { participants: Array<{ email: string, timeZone: string }> } }).timeZones.participants
      .find(p => p.email === 'ana@example.com')?.timeZone
  }
  await app.inject({ method: 'PUT', url: '/v1/people/ana@example.com', headers: other.auth, payload: { timeZone: 'Asia/Tokyo' } })
  t.equal(await zoneOfAna(), 'UTC', 'another organisation\'s directory is not used (the policy default is assumed)')
  await app.inject({ method: 'PUT', url: '/v1/people/ana@example.com', headers: auth, payload: { timeZone: 'Asia/Kolkata' } })
  t.equal(await zoneOfAna(), 'Asia/Kolkata', 'the first directory entry is used by the next request')
  await app.inject({ method: 'DELETE', url: '/v1/people/ana@example.com', headers: auth })
  t.equal(await zoneOfAna(), 'UTC')
})
