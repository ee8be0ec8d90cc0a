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
