// GET /v1/analytics/summary: the arithmetic on a known set of evaluations, groups, windows, and organisation isolation.
import t from 'tap'
import { DateTime } from 'luxon'
import type { FastifyInstance } from 'fastify'
import { EXAMPLE_PROPOSAL } from '../../src/schemas/proposal.js'
import { build, tenant } from '../helper.js'

// The machine running the tests is shared: no load shedding (503) while a batch is scored.
const QUIET = { MAX_EVENT_LOOP_DELAY: '0' }

const URL = '/v1/analytics/summary'
const people = (n: number) => Array.from({ length: n }, (_, i) => ({ email: `p${i}@example.com`, timeZone: 'Europe/London' }))
const asOf = '2026-11-25T10:00:00Z'

// Known results under the default policy: score, verdict, person-hours, finding codes.
const DECISION = EXAMPLE_PROPOSAL // 87 meet 2.25: AGENDA_SHARED_LATE OPTIONAL_COULD_READ_NOTES OUTSIDE_WORKING_HOURS SERIES_BURDEN_UNFAIR SERIES_WITHOUT_END
const STATUS = { title: 'Weekly status update', purpose: 'status_update', start: '2026-12-02T10:00:00Z', durationMinutes: 60, participants: people(12), recurrence: 'FREQ=WEEKLY', asOf }
// 34 go_async 12: PURPOSE_TYPICALLY_ASYNC AGENDA_MISSING OUTCOMES_MISSING GROUP_TOO_LARGE LARGE_ATTENDANCE STATUS_UPDATE_TOO_LONG SPEEDY_MEETING_POSSIBLE SERIES_WITHOUT_END
const PLAN = { title: 'Plan the offsite', purpose: 'planning', start: '2026-12-03T10:00:00Z', durationMinutes: 30, participants: people(3), outcomes: ['A plan'], asOf }
// 71 meet 1.5: AGENDA_MISSING OUTCOME_VAGUE SPEEDY_MEETING_POSSIBLE
const PLAN_LONG = { title: 'Plan the offsite', purpose: 'planning', start: '2026-12-03T10:00:00Z', durationMinutes: 45, participants: people(4), asOf }
// 65 improve 3: AGENDA_MISSING OUTCOMES_MISSING

async function evaluateAll (app: FastifyInstance, auth: Record<string, string>, meetings: object[]) {
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/batch', headers: auth, payload: { meetings } })
  return res.json().results as Array<{ score: number, verdict: string, createdAt: string, cost: { personHours: number } }>
}

t.test('the summary of a known set: counts, verdicts, person-hours, average, top findings', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const results = await evaluateAll(app, auth, [DECISION, STATUS, PLAN, PLAN_LONG])
  t.same(results.map(r => [r.score, r.verdict, r.cost.personHours]), [[87, 'meet', 2.25], [34, 'go_async', 12], [71, 'meet', 1.5], [65, 'improve', 3]], 'the known set')
  const res = await app.inject({ method: 'GET', url: URL, headers: auth })
  t.equal(res.statusCode, 200)
  const { from, to, ...body } = res.json()
  t.equal(Date.parse(to) - Date.parse(from), 30 * 86_400_000, 'default window: 30 days')
  t.ok(Math.abs(Date.parse(to) - Date.now()) < 60_000, 'ending now')
  t.same(body, {
    evaluations: 4,
    verdicts: { meet: 2, improve: 1, go_async: 1 },
    personHoursProposed: 18.75,
    personHoursGoAsync: 12,
    averageScore: 64.3,
    topFindings: [
      { code: 'AGENDA_MISSING', count: 3 },
      { code: 'OUTCOMES_MISSING', count: 2 },
      { code: 'SERIES_WITHOUT_END', count: 2 },
      { code: 'SPEEDY_MEETING_POSSIBLE', count: 2 },
      { code: 'AGENDA_SHARED_LATE', count: 1 },
      { code: 'GROUP_TOO_LARGE', count: 1 },
      { code: 'LARGE_ATTENDANCE', count: 1 },
      { code: 'OPTIONAL_COULD_READ_NOTES', count: 1 },
      { code: 'OUTCOME_VAGUE', count: 1 },
      { code: 'OUTSIDE_WORKING_HOURS', count: 1 }
    ]
  })
})

t.test('groupBy=purpose: figures per purpose, largest group first', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  await evaluateAll(app, auth, [DECISION, STATUS, PLAN, PLAN_LONG])
  const res = await app.inject({ method: 'GET', url: `${URL}?groupBy=purpose`, headers: auth })
  t.same(res.json().groups, [
    { key: 'planning', evaluations: 2, verdicts: { meet: 1, improve: 1, go_async: 0 }, personHours: 4.5, averageScore: 68 },
    { key: 'decision', evaluations: 1, verdicts: { meet: 1, improve: 0, go_async: 0 }, personHours: 2.25, averageScore: 87 },
    { key: 'status_update', evaluations: 1, verdicts: { meet: 0, improve: 0, go_async: 1 }, personHours: 12, averageScore: 34 }
  ])
})

t.test('groupBy=week: one group per ISO week, keyed by its Monday', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const results = await evaluateAll(app, auth, [DECISION, STATUS])
  const monday = DateTime.fromISO(results[0]!.createdAt, { zone: 'utc' }).startOf('week').toISODate()
  const res = await app.inject({ method: 'GET', url: `${URL}?groupBy=week`, headers: auth })
  t.same(res.json().groups, [{ key: monday, evaluations: 2, verdicts: { meet: 1, improve: 0, go_async: 1 }, personHours: 14.25, averageScore: 60.5 }])
})

// Person-hours that do not fall on cents: 20 minutes for one is 0.33 h, 25 minutes for 11 is 4.58 h.
const QUICK = { title: 'Agree the venue', purpose: 'planning', start: '2026-12-03T10:00:00Z', durationMinutes: 20, participants: people(1), outcomes: ['A venue'], asOf }
const STATUS_ODD = { ...STATUS, durationMinutes: 25, participants: people(11) }

t.test('person-hours are summed from exact minutes and rounded once: three 20-minute meetings for one are 1 hour', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const results = await evaluateAll(app, auth, [QUICK, QUICK, QUICK])
  t.same(results.map(r => r.cost.personHours), [0.33, 0.33, 0.33], 'each evaluation shows its own rounded figure')
  const body = (await app.inject({ method: 'GET', url: `${URL}?groupBy=purpose`, headers: auth })).json()
  t.equal(body.personHoursProposed, 1, '60 person-minutes, not 3 x 0.33')
  t.equal(body.groups[0].personHours, 1)
})

t.test('the summary, the go_async figure and both groupings sum exact person-minutes', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const results = await evaluateAll(app, auth, [QUICK, STATUS_ODD, QUICK, STATUS_ODD, QUICK])
  t.same(results.map(r => [r.verdict, r.cost.personHours]),
    [['meet', 0.33], ['go_async', 4.58], ['meet', 0.33], ['go_async', 4.58], ['meet', 0.33]], 'the known set')
  const summary = (await app.inject({ method: 'GET', url: URL, headers: auth })).json()
  t.equal(summary.personHoursProposed, 10.17, '3 x 20 + 2 x 275 = 610 minutes (the rounded figures add up to 10.15)')
  t.equal(summary.personHoursGoAsync, 9.17, '2 x 275 = 550 minutes (the rounded figures add up to 9.16)')
  const byPurpose = (await app.inject({ method: 'GET', url: `${URL}?groupBy=purpose`, headers: auth })).json()
  t.same(byPurpose.groups.map((g: { key: string, personHours: number }) => [g.key, g.personHours]), [['planning', 1], ['status_update', 9.17]])
  const byWeek = (await app.inject({ method: 'GET', url: `${URL}?groupBy=week`, headers: auth })).json()
  t.same(byWeek.groups.map((g: { personHours: number }) => g.personHours), [10.17])
})

t.test('an organisation sees only its own evaluations', async t => {
  const app = await build(t, QUIET)
  const acme = await tenant(app, 'Acme')
  const globex = await tenant(app, 'Globex')
  await evaluateAll(app, acme.auth, [DECISION, STATUS])
  await evaluateAll(app, globex.auth, [PLAN])
  const a = (await app.inject({ method: 'GET', url: URL, headers: acme.auth })).json()
  const g = (await app.inject({ method: 'GET', url: URL, headers: globex.auth })).json()
  t.same([a.evaluations, a.personHoursProposed, a.averageScore], [2, 14.25, 60.5])
  t.same([g.evaluations, g.personHoursProposed, g.averageScore, g.topFindings.length], [1, 1.5, 71, 3])
})

t.test('an explicit window without evaluations: zeros, null average, no findings', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  await evaluateAll(app, auth, [DECISION])
  const res = await app.inject({ method: 'GET', url: `${URL}?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z&groupBy=week`, headers: auth })
  t.same(res.json(), {
    from: '2020-01-01T00:00:00.000Z',
    to: '2020-02-01T00:00:00.000Z',
    evaluations: 0,
    verdicts: { meet: 0, improve: 0, go_async: 0 },
    personHoursProposed: 0,
    personHoursGoAsync: 0,
    averageScore: null,
    topFindings: [],
    groups: []
  })
})

t.test('to before from is a 400 problem; so is an unknown groupBy', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const reversed = await app.inject({ method: 'GET', url: `${URL}?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`, headers: auth })
  t.equal(reversed.statusCode, 400)
  t.match(reversed.json(), { status: 400, detail: 'The window is empty: to is before from.', errors: [{ path: '/to', message: 'must not be before from', in: 'querystring' }] })
  const future = await app.inject({ method: 'GET', url: `${URL}?from=2199-01-01T00:00:00Z`, headers: auth })
  t.equal(future.statusCode, 400)
  t.match(future.json(), {
    detail: 'The window is empty: from is after to (now, as no to was given).',
    errors: [{ path: '/from', message: 'must not be after to (now, as no to was given)', in: 'querystring' }]
  }, 'the parameter sent is named, not the default')
  const unknown = await app.inject({ method: 'GET', url: `${URL}?groupBy=month`, headers: auth })
  t.equal(unknown.statusCode, 400)
})

t.test('instants no part of the service can read are 400s naming the parameter, not 500s', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  for (const [url, path] of [
    [`${URL}?from=2016-12-31T23:59:60Z`, '/from'],
    [`${URL}?to=2026-01-01%2010:00:00Z`, '/to'],
    [`${URL}?from=0000-01-01T00:00:00Z`, '/from'],
    ['/v1/evaluations?from=2016-12-31T23:59:60Z', '/from'],
    ['/v1/evaluations?to=2026-04-31T00:00:00Z', '/to']
  ] as const) {
    const res = await app.inject({ method: 'GET', url, headers: auth })
    t.equal(res.statusCode, 400, url)
    t.match(res.json().errors, [{ path, in: 'querystring', message: /^must be an RFC 3339 date-time/ }], url)
  }
  // Within 0001-9999 as written, outside them in UTC: PostgreSQL cannot hold them either.
  for (const [url, path] of [
    [`${URL}?from=0001-01-01T00:00:00%2B14:00`, '/from'],
    [`${URL}?to=9999-12-31T23:59:59-14:00`, '/to'],
    ['/v1/evaluations?from=0001-01-01T09:59:59%2B10:00', '/from'],
    ['/v1/evaluations?to=9999-12-31T20:00:00-04:00', '/to']
  ] as const) {
    const res = await app.inject({ method: 'GET', url, headers: auth })
    t.equal(res.statusCode, 400, url)
    t.match(res.json().errors, [{ path, in: 'querystring', message: /^must be an RFC 3339 date-time/ }], url)
  }
  const first = await app.inject({ method: 'GET', url: `${URL}?to=0001-01-05T00:00:00Z`, headers: auth })
  t.equal(first.statusCode, 200, 'the default window stops at the first instant there is')
  t.match(first.json(), { from: '0001-01-01T00:00:00.000Z', to: '0001-01-05T00:00:00.000Z', evaluations: 0 })
  const far = await app.inject({ method: 'GET', url: `${URL}?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z`, headers: auth })
  t.equal(far.statusCode, 200, 'the widest window is fine for a filter')
  t.equal(far.json().evaluations, 0)
})

t.test('bounds finer than a millisecond are compared exactly: from is inclusive and to exclusive within the millisecond too', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const [stored] = await evaluateAll(app, auth, [PLAN])
  const at = stored!.createdAt // milliseconds, as stored
  const justAfter = encodeURIComponent(at.replace('Z', '5Z')) // half a millisecond later
  const list = async (query: string) => (await app.inject({ method: 'GET', url: `/v1/evaluations?${query}`, headers: auth })).json().items.length
  t.equal(await list(`from=${encodeURIComponent(at)}`), 1, 'from the very instant: included')
  t.equal(await list(`from=${justAfter}`), 0, 'from half a millisecond after it: not included')
  t.equal(await list(`to=${justAfter}`), 1, 'to half a millisecond after it: included')
  t.equal(await list(`to=${encodeURIComponent(at)}`), 0, 'to the very instant: not included')
  const summary = async (query: string) => (await app.inject({ method: 'GET', url: `${URL}?${query}`, headers: auth })).json()
  t.equal((await summary(`from=${justAfter}&to=2199-01-01T00:00:00Z`)).evaluations, 0)
  t.equal((await summary(`from=2000-01-01T00:00:00Z&to=${justAfter}`)).evaluations, 1)
  t.equal((await summary('from=2000-01-01T00:00:00.0000001Z&to=2000-01-01T00:00:00.0009Z')).from, '2000-01-01T00:00:00.001Z',
    'the window as answered: the first millisecond it holds')
})

t.test('an unknown groupBy is a 400 that lists the values it takes', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'GET', url: `${URL}?groupBy=month`, headers: auth })
  t.equal(res.statusCode, 400)
  t.same(res.json().errors, [{ path: '/groupBy', in: 'querystring', message: 'must be one of "week", "purpose"' }])
})
