// GET/PUT /v1/policy: defaults, round trip, consistency checks, isolation.
import t from 'tap'
import { build, tenant } from '../helper.js'

const DEFAULTS = {
  weights: { purpose: 0.2, agenda: 0.2, outcomes: 0.15, participants: 0.15, time_zones: 0.2, duration: 0.1 },
  thresholds: { meet: 70, goAsync: 40 },
  defaults: { timeZone: 'UTC', workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] }, hourlyRate: 75, currency: 'USD' },
  maxUsefulGroup: 7,
  agendaLeadHours: 24
}

t.test('GET returns the defaults when none is stored', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })
  t.equal(res.statusCode, 200)
  t.same(res.json(), DEFAULTS)
})

t.test('PUT stores the whole document and GET returns it', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const policy = {
    ...DEFAULTS,
    thresholds: { meet: 80, goAsync: 50 },
    defaults: { ...DEFAULTS.defaults, timeZone: 'europe/berlin', currency: 'EUR' },
    channels: { written_update: { name: '#team-updates', responseWorkingHours: 8 } },
    escalationChannel: '#incidents'
  }
  const put = await app.inject({ method: 'PUT', url: '/v1/policy', headers: auth, payload: policy })
  t.equal(put.statusCode, 200)
  const stored = { ...policy, defaults: { ...policy.defaults, timeZone: 'Europe/Berlin' } }
  t.same(put.json(), stored)
  t.same((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).json(), stored)
})

t.test('GET output can be sent back unchanged', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const doc = (await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).json()
  t.equal((await app.inject({ method: 'PUT', url: '/v1/policy', headers: auth, payload: doc })).statusCode, 200)
})

t.test('inconsistent policies are 400 naming the field', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const cases: Array<[object, string, string]> = [
    [{ ...DEFAULTS, weights: { ...DEFAULTS.weights, agenda: -0.1 } }, '/weights/agenda', 'must be >= 0'],
    [{ ...DEFAULTS, weights: { purpose: 0, agenda: 0, outcomes: 0, participants: 0, time_zones: 0, duration: 0 } }, '/weights', 'at least one weight must be above zero'],
    [{ ...DEFAULTS, thresholds: { meet: 50, goAsync: 60 } }, '/thresholds/goAsync', 'must not be above thresholds.meet (50)'],
    [{ ...DEFAULTS, defaults: { ...DEFAULTS.defaults, timeZone: 'Mars/Olympus' } }, '/defaults/timeZone', 'must be an IANA time zone name such as Europe/Berlin'],
    [{ ...DEFAULTS, surprise: true }, '/surprise', 'is not a known field']
  ]
  for (const [payload, path, message] of cases) {
    const res = await app.inject({ method: 'PUT', url: '/v1/policy', headers: auth, payload })
    t.equal(res.statusCode, 400, path)
    t.same(res.json().errors, [{ path, message }], path)
  }
})

t.test('each organisation has its own policy', async t => {
  const app = await build(t)
  const acme = await tenant(app, 'Acme')
  const globex = await tenant(app, 'Globex')
  await app.inject({ method: 'PUT', url: '/v1/policy', headers: acme.auth, payload: { ...DEFAULTS, maxUsefulGroup: 5 } })
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: globex.auth })).json().maxUsefulGroup, 7)
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: acme.auth })).json().maxUsefulGroup, 5)
})

t.test('a key is needed', async t => {
  const app = await build(t)
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy' })).statusCode, 401)
})

t.test('GET and PUT carry an ETag of the content; If-None-Match answers 304', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const first = await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })
  const tag = first.headers.etag as string
  t.match(tag, /^"[A-Za-z0-9_-]{22}"$/)
  // The same document sent back (keys in another order) keeps its tag; the stored one read again has it too.
  const reordered = Object.fromEntries(Object.entries(DEFAULTS).reverse())
  const same = await app.inject({ method: 'PUT', url: '/v1/policy', headers: auth, payload: reordered })
  t.equal(same.statusCode, 200)
  t.equal(same.headers.etag, tag)
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).headers.etag, tag)

  const changed = await app.inject({ method: 'PUT', url: '/v1/policy', headers: auth, payload: { ...DEFAULTS, maxUsefulGroup: 5 } })
  const newTag = changed.headers.etag as string
  t.not(newTag, tag)
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).headers.etag, newTag)

  const current = await app.inject({ method: 'GET', url: '/v1/policy', headers: { ...auth, 'if-none-match': `"nope", W/${newTag}` } })
  t.equal(current.statusCode, 304)
  t.equal(current.body, '')
  t.equal(current.headers.etag, newTag)
  // RFC 9110 8.6 and 15.4.5: no Content-Length (it was 4, a serialised null that was then dropped) and no Content-Type.
  t.equal(current.headers['content-length'], undefined)
  t.equal(current.headers['content-type'], undefined)
  const stale = await app.inject({ method: 'GET', url: '/v1/policy', headers: { ...auth, 'if-none-match': tag } })
  t.equal(stale.statusCode, 200)
  t.equal(stale.json().maxUsefulGroup, 5)
})

t.test('PUT with If-Match replaces only the document of that ETag', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const tag = (await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).headers.etag as string

  // Two editors read the defaults (no policy stored yet); the first write wins, the second is refused unseen.
  const alice = await app.inject({ method: 'PUT', url: '/v1/policy', headers: { ...auth, 'if-match': tag }, payload: { ...DEFAULTS, maxUsefulGroup: 5 } })
  t.equal(alice.statusCode, 200)
  const bob = await app.inject({ method: 'PUT', url: '/v1/policy', headers: { ...auth, 'if-match': tag }, payload: { ...DEFAULTS, agendaLeadHours: 48 } })
  t.equal(bob.statusCode, 412)
  t.equal(bob.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(bob.json().detail, /If-Match does not match the current policy/)
  const now = (await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).json()
  t.equal(now.maxUsefulGroup, 5)
  t.equal(now.agendaLeadHours, 24)

  // A weak tag never matches (strong comparison); * and a list holding the current tag do.
  t.equal((await app.inject({ method: 'PUT', url: '/v1/policy', headers: { ...auth, 'if-match': `W/${alice.headers.etag as string}` }, payload: DEFAULTS })).statusCode, 412)
  const listed = await app.inject({ method: 'PUT', url: '/v1/policy', headers: { ...auth, 'if-match': `"other", ${alice.headers.etag as string}` }, payload: { ...DEFAULTS, agendaLeadHours: 48 } })
  t.equal(listed.statusCode, 200)
  t.equal((await app.inject({ method: 'PUT', url: '/v1/policy', headers: { ...auth, 'if-match': '*' }, payload: DEFAULTS })).headers.etag, tag)
})

t.test('concurrent PUTs holding the same ETag: exactly one wins', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const tag = (await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).headers.etag as string
  const answers = await Promise.all([3, 4, 5, 6, 8].map(async maxUsefulGroup =>
    app.inject({ method: 'PUT', url: '/v1/policy', headers: { ...auth, 'if-match': tag }, payload: { ...DEFAULTS, maxUsefulGroup } })))
  const codes = answers.map(answer => answer.statusCode).sort()
  t.same(codes, [200, 412, 412, 412, 412])
  const winner = answers.find(answer => answer.statusCode === 200)!.json().maxUsefulGroup
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).json().maxUsefulGroup, winner)
})

t.test('another organisation\'s ETag does not match ours', async t => {
  const app = await build(t)
  const acme = await tenant(app, 'Acme')
  const globex = await tenant(app, 'Globex')
  await app.inject({ method: 'PUT', url: '/v1/policy', headers: globex.auth, payload: { ...DEFAULTS, maxUsefulGroup: 4 } })
  const foreign = (await app.inject({ method: 'GET', url: '/v1/policy', headers: globex.auth })).headers.etag as string
  const res = await app.inject({ method: 'PUT', url: '/v1/policy', headers: { ...acme.auth, 'if-match': foreign }, payload: DEFAULTS })
  t.equal(res.statusCode, 412)
})
