// POST /v1/overlap: windows, slots, fairness of a series, and the 400s.
import t from 'tap'
import { build, tenant } from '../helper.js'

const hours = { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] }

t.test('Berlin and New York share two hours a day', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({
    method: 'POST',
    url: '/v1/overlap',
    headers: auth,
    payload: {
      participants: [{ email: 'ana@example.com', timeZone: 'Europe/Berlin', workingHours: hours }, { email: 'bo@example.com', timeZone: 'America/New_York', workingHours: hours }],
      from: '2026-12-01',
      to: '2026-12-02',
      durationMinutes: 30,
      maxSlots: 3
    }
  })
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    windows: [
      { start: '2026-12-01T14:00:00Z', end: '2026-12-01T16:00:00Z' },
      { start: '2026-12-02T14:00:00Z', end: '2026-12-02T16:00:00Z' }
    ],
    slots: [
      { start: '2026-12-01T14:00:00Z', end: '2026-12-01T14:30:00Z', score: 1, outsideHours: [] },
      { start: '2026-12-01T14:15:00Z', end: '2026-12-01T14:45:00Z', score: 1, outsideHours: [] },
      { start: '2026-12-01T14:30:00Z', end: '2026-12-01T15:00:00Z', score: 1, outsideHours: [] }
    ],
    assumptions: []
  })
})

t.test('London across the spring change: the window moves an hour in UTC', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({
    method: 'POST',
    url: '/v1/overlap',
    headers: auth,
    payload: { participants: [{ email: 'a@example.com', timeZone: 'Europe/London', workingHours: hours }], from: '2026-03-27', to: '2026-03-30', timeZone: 'Europe/London', durationMinutes: 60 }
  })
  t.same(res.json().windows, [
    { start: '2026-03-27T09:00:00Z', end: '2026-03-27T17:00:00Z' },
    { start: '2026-03-30T08:00:00Z', end: '2026-03-30T16:00:00Z' }
  ])
})

t.test('no overlap: empty windows, slots still ranked by minutes outside', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({
    method: 'POST',
    url: '/v1/overlap',
    headers: auth,
    payload: {
      participants: [{ email: 'a@example.com', timeZone: 'Pacific/Kiritimati', workingHours: hours }, { email: 'b@example.com', timeZone: 'Europe/London', workingHours: hours }],
      from: '2026-12-01',
      to: '2026-12-01',
      durationMinutes: 30,
      maxSlots: 1
    }
  })
  const body = res.json()
  t.same(body.windows, [])
  t.equal(body.slots.length, 1)
  t.ok(body.slots[0].outsideHours.length > 0)
  t.ok(body.slots[0].score < 1)
})

t.test('a series at the best slot carries its fairness', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({
    method: 'POST',
    url: '/v1/overlap',
    headers: auth,
    payload: {
      participants: [{ email: 'syd@example.com', timeZone: 'Australia/Sydney', workingHours: hours }, { email: 'ny@example.com', timeZone: 'America/New_York', workingHours: hours }],
      from: '2026-03-02',
      to: '2026-03-06',
      durationMinutes: 30,
      recurrence: 'FREQ=WEEKLY',
      maxSlots: 1
    }
  })
  t.equal(res.statusCode, 200)
  const fairness = res.json().fairness
  t.equal(fairness.start, res.json().slots[0].start)
  t.equal(fairness.occurrences, 12)
  t.ok(fairness.participants.some((p: { shifted: unknown[] }) => p.shifted.length > 0), 'opposite-hemisphere DST moves the slot for someone')
})

t.test('the fairness of a series names the zone whose wall clock it keeps, the request\'s timeZone', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const participants = [{ email: 'ana@example.com', timeZone: 'Europe/Berlin', workingHours: hours }, { email: 'bo@example.com', timeZone: 'America/New_York', workingHours: hours }]
  const res = await app.inject({
    method: 'POST',
    url: '/v1/overlap',
    headers: auth,
    payload: { participants, from: '2026-10-19', to: '2026-10-19', timeZone: 'america/new_york', durationMinutes: 30, recurrence: 'FREQ=WEEKLY;COUNT=3', maxSlots: 1 }
  })
  t.equal(res.statusCode, 200)
  t.same(res.json().fairness, {
    start: '2026-10-19T13:00:00Z',
    timeZone: 'America/New_York',
    occurrences: 3,
    from: '2026-10-19T13:00:00Z',
    to: '2026-11-02T14:00:00Z',
    participants: [
      { email: 'ana@example.com', outsideHours: 0, atNight: 0, shifted: [{ start: '2026-10-26T13:00:00Z', localStart: '2026-10-26T14:00:00+01:00', shiftMinutes: -60 }] },
      { email: 'bo@example.com', outsideHours: 0, atNight: 0, shifted: [] }
    ]
  }, 'the series stays at 09:00 New York time; Berlin leaves summer time a week before New York')
  const utc = await app.inject({
    method: 'POST',
    url: '/v1/overlap',
    headers: auth,
    payload: { participants, from: '2026-10-19', to: '2026-10-19', durationMinutes: 30, recurrence: 'FREQ=WEEKLY;COUNT=3', maxSlots: 1 }
  })
  t.equal(utc.json().fairness.timeZone, 'UTC', 'without timeZone the series keeps UTC')
})

t.test('participants without zones come from the policy, and say so', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/overlap', headers: auth, payload: { participants: [{ email: 'a@example.com' }], from: '2026-12-01', to: '2026-12-01', durationMinutes: 30, maxSlots: 1 } })
  t.same(res.json().windows, [{ start: '2026-12-01T09:00:00Z', end: '2026-12-01T17:00:00Z' }])
  t.same(res.json().assumptions, ['a@example.com: time zone (UTC) and working hours (09:00-17:00 Mon,Tue,Wed,Thu,Fri) from the organisation default'])
})

t.test('bad requests are 400s naming the field', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const base = { participants: [{ email: 'a@example.com', timeZone: 'UTC' }], from: '2026-12-01', to: '2026-12-05', durationMinutes: 30 }
  const cases: Array<[object, string, string]> = [
    [{ ...base, to: '2027-01-05' }, '/to', 'the range covers 36 days; at most 31 are searched'],
    [{ ...base, to: '2026-11-30' }, '/to', 'must not be before from (2026-12-01)'],
    [{ ...base, from: '2026-02-30' }, '/from', 'must be a calendar date YYYY-MM-DD that exists, such as 2026-12-01'],
    [{ ...base, from: '1900-01-01', to: '1900-01-05' }, '/from', 'must lie between 1972-01-01 and 2199-12-31 (UTC)'],
    [{ ...base, from: '2199-12-31', to: '2200-01-02' }, '/to', 'must lie between 1972-01-01 and 2199-12-31 (UTC)'],
    [{ ...base, timeZone: 'Mars/Olympus' }, '/timeZone', 'must be an IANA time zone name such as Europe/Berlin'],
    [{ ...base, participants: [] }, '/participants', 'must not be empty'],
    [{ ...base, durationMinutes: 0 }, '/durationMinutes', 'must be >= 1'],
    [{ ...base, recurrence: 'FREQ=SOMETIMES' }, '/recurrence', 'Invalid RRULE'],
    [{ ...base, colour: 'red' }, '/colour', 'is not a known field']
  ]
  for (const [payload, path, message] of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/overlap', headers: auth, payload })
    t.equal(res.statusCode, 400, path)
    t.equal(res.json().errors[0].path, path, path)
    t.match(res.json().errors[0].message, message, path)
  }
})

t.test('31 days are accepted', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/overlap', headers: auth, payload: { participants: [{ email: 'a@example.com', timeZone: 'UTC' }], from: '2026-12-01', to: '2026-12-31', durationMinutes: 30 } })
  t.equal(res.statusCode, 200)
  t.equal(res.json().windows.length, 23)
})
