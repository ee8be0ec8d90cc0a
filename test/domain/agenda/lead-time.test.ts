// Agenda lead time in each participant's own working hours, zone and days.
import t from 'tap'
import { countLead, latestShare, leadTime, withHours } from '../../../src/domain/agenda/lead-time.js'
import { DEFAULT_POLICY } from '../../../src/domain/model.js'

const OFFICE = { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] }
const ms = (iso: string) => Date.parse(iso)
/** Whose day judges an agenda for nobody: the policy's working hours in the agenda's zone. */
const NOBODY = { timeZone: 'UTC', workingHours: OFFICE }

t.test('a weekend in between adds no working hours', async t => {
  const ana = { email: 'ana@example.com', timeZone: 'UTC', workingHours: OFFICE }
  // Friday 09:00 to Monday 17:00: 80 wall-clock hours, 16 working hours.
  t.same(leadTime([ana], ms('2026-11-27T09:00:00Z'), ms('2026-11-30T17:00:00Z'), 24, NOBODY), {
    required: 24,
    met: false,
    participants: [{ email: 'ana@example.com', timeZone: 'UTC', met: false, workingHoursAvailable: 16, required: 24 }]
  })
  // Until Tuesday 17:00: exactly 24 working hours is enough.
  t.same(leadTime([ana], ms('2026-11-27T09:00:00Z'), ms('2026-12-01T17:00:00Z'), 24, NOBODY).participants[0],
    { email: 'ana@example.com', timeZone: 'UTC', met: true, workingHoursAvailable: 24, required: 24 })
})

t.test('each participant is counted in their own zone', async t => {
  const people = [
    { email: 'ana@example.com', timeZone: 'UTC', workingHours: OFFICE },
    { email: 'kei@example.com', timeZone: 'Asia/Tokyo', workingHours: OFFICE }
  ]
  // Monday 00:00Z is 09:00 in Tokyo; Wednesday 09:00Z is 18:00 there, after Kei's third working day.
  const result = leadTime(people, ms('2026-11-30T00:00:00Z'), ms('2026-12-02T09:00:00Z'), 24, NOBODY)
  t.same(result, {
    required: 24,
    met: false,
    participants: [
      { email: 'ana@example.com', timeZone: 'UTC', met: false, workingHoursAvailable: 16, required: 24 },
      { email: 'kei@example.com', timeZone: 'Asia/Tokyo', met: true, workingHoursAvailable: 24, required: 24 }
    ]
  })
})

t.test('working days other than Monday to Friday are honoured', async t => {
  const sami = { email: 'sami@example.com', timeZone: 'Asia/Riyadh', workingHours: { start: '08:00', end: '16:00', days: [7, 1, 2, 3, 4] } }
  // Friday 2026-11-27 00:00 Riyadh (21:00Z the day before) to Monday 16:00 Riyadh: Sunday and Monday count, 16 hours.
  t.equal(leadTime([sami], ms('2026-11-26T21:00:00Z'), ms('2026-11-30T13:00:00Z'), 24, NOBODY).participants[0]?.workingHoursAvailable, 16)
})

t.test('partial hours are rounded down to 2 decimals', async t => {
  const ana = { email: 'ana@example.com', timeZone: 'UTC', workingHours: OFFICE }
  t.equal(leadTime([ana], ms('2026-11-30T09:00:00Z'), ms('2026-11-30T10:20:00Z'), 24, NOBODY).participants[0]?.workingHoursAvailable, 1.33)
})

t.test('a meeting that starts before publishing never meets the lead time', async t => {
  const ana = { email: 'ana@example.com', timeZone: 'UTC', workingHours: OFFICE }
  t.same(leadTime([ana], ms('2026-12-02T09:00:00Z'), ms('2026-12-01T09:00:00Z'), 0, NOBODY).participants[0],
    { email: 'ana@example.com', timeZone: 'UTC', met: false, workingHoursAvailable: 0, required: 0 })
})

t.test('met is judged on the required participants, on everyone when nobody is required', async t => {
  const ana = { email: 'ana@example.com', timeZone: 'UTC', workingHours: OFFICE }
  const bo = { email: 'bo@example.com', timeZone: 'UTC', workingHours: { ...OFFICE, days: [1] } }
  // Thursday 10:00 to Tuesday 10:00: Ana has 24 working hours, Bo (Mondays only) 8.
  const from = ms('2026-11-26T10:00:00Z')
  const to = ms('2026-12-01T10:00:00Z')
  t.equal(leadTime([ana, { ...bo, attendance: 'optional' }], from, to, 24, NOBODY).met, true, 'an optional participant short of it')
  t.equal(leadTime([{ ...ana, attendance: 'required' }, bo], from, to, 24, NOBODY).met, false, 'no attendance is required')
  t.equal(leadTime([{ ...ana, attendance: 'optional' }, { ...bo, attendance: 'optional' }], from, to, 24, NOBODY).met, false, 'nobody required')
  t.match(leadTime([ana, { ...bo, attendance: 'optional' }], from, to, 24, NOBODY).participants, [{ met: true }, { met: false, workingHoursAvailable: 8 }],
    'each participant still says whether they have it')
})

t.test('an agenda for nobody is judged by the working day it is given: in time only with the lead time in it', async t => {
  // Friday 09:00 to Monday 17:00: 16 working hours of 09:00-17:00, Monday to Friday.
  t.same(leadTime([], ms('2026-11-27T09:00:00Z'), ms('2026-11-30T17:00:00Z'), 24, NOBODY), { required: 24, met: false, participants: [] })
  t.same(leadTime([], ms('2026-11-27T09:00:00Z'), ms('2026-12-01T17:00:00Z'), 24, NOBODY), { required: 24, met: true, participants: [] })
  t.same(leadTime([], ms('2026-12-02T09:00:00Z'), ms('2026-12-01T09:00:00Z'), 0, NOBODY), { required: 0, met: false, participants: [] },
    'published after the meeting: never in time')
  t.equal(leadTime([], ms('2026-11-28T09:00:00Z'), ms('2026-11-28T09:30:00Z'), 0, NOBODY).met, true, 'no lead time asked for')
})

t.test('missing zone and hours come from the directory, then the policy defaults; attendance is kept', async t => {
  const directory = new Map([['bo@example.com', { timeZone: 'America/New_York' }]])
  t.same(withHours([
    { email: 'ana@example.com', timeZone: 'us/pacific', workingHours: { start: '10:00', end: '18:00', days: [1] } },
    { email: 'Bo@Example.com', attendance: 'optional' },
    { email: 'cy@example.com' }
  ], directory, DEFAULT_POLICY.defaults), [
    { email: 'ana@example.com', timeZone: 'US/Pacific', workingHours: { start: '10:00', end: '18:00', days: [1] } },
    { email: 'Bo@Example.com', timeZone: 'America/New_York', workingHours: OFFICE, attendance: 'optional' },
    { email: 'cy@example.com', timeZone: 'UTC', workingHours: OFFICE }
  ])
})

t.test('a meeting years away is counted over the first 366 days after publishing', async t => {
  const ana = { email: 'ana@example.com', timeZone: 'Europe/Berlin', workingHours: OFFICE }
  // 2027-01-01 (Friday) to 2028-01-02: 261 weekdays of 8 hours, whatever the start year after it.
  for (const start of ['2028-06-01T09:00:00Z', '2199-12-31T09:00:00Z']) {
    t.same(leadTime([ana], ms('2027-01-01T00:00:00Z'), ms(start), 1000, NOBODY).participants[0],
      { email: 'ana@example.com', timeZone: 'Europe/Berlin', met: true, workingHoursAvailable: 261 * 8, required: 1000 }, start)
  }
})

t.test('the latest time to share is the last one whose count meets the lead time', async t => {
  const start = ms('2026-12-01T10:00:00Z')
  const cases: Array<[string, Array<{ email: string, timeZone: string, workingHours: typeof OFFICE, attendance?: string }>, number, string | undefined]> = [
    ['a weekend in between', [{ email: 'ana@example.com', timeZone: 'UTC', workingHours: OFFICE }], 24, '2026-11-26T10:00:00.000Z'],
    ['a half-hour zone', [{ email: 'cy@example.com', timeZone: 'Asia/Kolkata', workingHours: OFFICE }], 20, '2026-11-27T06:00:00.000Z'],
    ['an overnight shift', [{ email: 'ni@example.com', timeZone: 'UTC', workingHours: { start: '22:00', end: '06:00', days: [1, 2, 3, 4, 5] } }], 16, '2026-11-27T22:00:00.000Z'],
    ['the earliest of the required participants', [
      { email: 'ana@example.com', timeZone: 'UTC', workingHours: OFFICE },
      { email: 'bo@example.com', timeZone: 'America/New_York', workingHours: OFFICE },
      { email: 'op@example.com', timeZone: 'UTC', workingHours: { ...OFFICE, days: [1] }, attendance: 'optional' }
    ], 24, '2026-11-26T10:00:00.000Z'],
    ['never within the window', [{ email: 'ana@example.com', timeZone: 'UTC', workingHours: { ...OFFICE, days: [1] } }], 500, undefined]
  ]
  for (const [name, people, hours, expected] of cases) {
    const by = latestShare(people, start, hours)
    t.equal(by === undefined ? undefined : new Date(by).toISOString(), expected, name)
    if (by !== undefined) {
      t.equal(countLead(people, by, start, hours).met, true, `${name}: met from then`)
      t.equal(countLead(people, by + 60_000, start, hours).met, false, `${name}: a minute later is late`)
    }
  }
})
