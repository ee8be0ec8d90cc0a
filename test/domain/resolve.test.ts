// resolve.instant: the fast path for common RFC 3339 text gives luxon's instant; other text still goes to luxon. And
// what resolving says about a recurrence that is a single meeting.
import t from 'tap'
import fc from 'fast-check'
import { DateTime } from 'luxon'
import { instant, resolveMeeting } from '../../src/domain/resolve.js'
import { DEFAULT_POLICY } from '../../src/domain/model.js'
import { dateTimeText } from '../date-time-text.js'

t.test('any date-time text, valid or not, reads as luxon reads it', async (t) => {
  fc.assert(fc.property(dateTimeText, value => {
    const expected = DateTime.fromISO(value, { setZone: true }).toUTC()
    const got = instant(value)
    return got.isValid === expected.isValid && (!got.isValid || (got.toMillis() === expected.toMillis() && got.zoneName === 'UTC'))
  }), { numRuns: 5000 })
  t.pass('property held')
})

t.test('leap days and month ends', async (t) => {
  t.equal(instant('2028-02-29T10:00:00+01:00').toISO(), '2028-02-29T09:00:00.000Z')
  t.equal(instant('2000-02-29T00:00:00Z').toISO(), '2000-02-29T00:00:00.000Z')
  t.notOk(instant('2100-02-29T00:00:00Z').isValid, '2100 is not a leap year')
  t.notOk(instant('2026-02-30T00:00:00Z').isValid, 'no 30 February (Date.parse would roll it over)')
  t.notOk(instant('2026-04-31T00:00:00Z').isValid)
  t.equal(instant('2026-12-31T23:30:00-01:00').toISO(), '2027-01-01T00:30:00.000Z')
})

t.test('a rule that ends before its second occurrence is said to leave the series one meeting', async (t) => {
  const note = 'recurrence: the rule ends before a second occurrence (its UNTIL or COUNT), so the series is this one meeting'
  const resolve = (recurrence: string) => resolveMeeting({
    title: 'Weekly sync', start: '2026-12-01T10:00:00Z', durationMinutes: 30, participants: [{ email: 'a@example.com', timeZone: 'UTC' }], recurrence
  }, { policy: DEFAULT_POLICY, directory: new Map(), now: DateTime.utc() }, [])
  const cases: Array<[string, boolean]> = [
    ['FREQ=WEEKLY;UNTIL=20200101T000000Z', true], // before the start
    ['FREQ=WEEKLY;UNTIL=20261208T095959Z', true], // a second before the second occurrence
    ['FREQ=WEEKLY;UNTIL=20261208T100000Z', false], // UNTIL is inclusive
    ['FREQ=WEEKLY;UNTIL=20261207', true], // a date: the series ends with that day, before the second occurrence
    ['FREQ=WEEKLY;COUNT=1', true],
    ['FREQ=WEEKLY;COUNT=2', false],
    ['FREQ=YEARLY', false], // one a year, but it goes on
    ['FREQ=WEEKLY', false]
  ]
  for (const [rule, single] of cases) {
    const { assumptions, meeting } = resolve(rule)
    t.equal(assumptions.includes(note), single, rule)
    t.equal(meeting.recurrence, rule, 'the rule is kept')
  }
})

t.test('a start given only by a calendar\'s rules takes the zone that keeps them, tried from the organiser\'s, then the participants\' in order', async (t) => {
  const tried: string[][] = []
  const ruledZone = (answer: { zone: string, years: string } | { none: string }) => ({
    name: 'the file\'s VTIMEZONE "Custom"',
    match: (preferred: string[]) => { tried.push(preferred); return answer }
  })
  const directory = new Map([['b@example.com', { email: 'b@example.com', timeZone: 'Asia/Tokyo' }]])
  const resolve = (answer: Parameters<typeof ruledZone>[0], recurrence?: string) => resolveMeeting({
    title: 'Sync',
    start: '2026-12-01T10:00:00Z',
    durationMinutes: 30,
    participants: [{ email: 'a@example.com', timeZone: 'Europe/Paris' }, { email: 'b@example.com' }, { email: 'c@example.com' }, { email: 'o@example.com', timeZone: 'Europe/Paris', role: 'organizer' }],
    ...(recurrence === undefined ? {} : { recurrence })
  }, { policy: DEFAULT_POLICY, directory, now: DateTime.utc(), ruledZone: ruledZone(answer) }, [])
  const found = resolve({ zone: 'Europe/Berlin', years: '2026 to 2027' })
  t.same(tried, [['Europe/Paris', 'Asia/Tokyo', 'UTC']], 'the organiser first, then each participant\'s zone once (directory and default as resolved)')
  t.equal(found.meeting.timeZone, 'Europe/Berlin')
  t.ok(found.assumptions.includes('meeting time zone: Europe/Berlin, whose clock matches the file\'s VTIMEZONE "Custom" from 2026 to 2027'))
  t.notOk(found.assumptions.some(a => a.includes('from o@example.com')))
  const none = 'no known zone\'s clock matches the file\'s VTIMEZONE "Custom" from 2026 to 2027'
  const single = resolve({ none })
  t.equal(single.meeting.timeZone, 'Europe/Paris', 'none matches: the organiser\'s zone, as without rules')
  t.ok(single.assumptions.includes(`meeting time zone: Europe/Paris, from o@example.com, as ${none}`))
  const series = resolve({ none }, 'FREQ=WEEKLY')
  t.ok(series.assumptions.includes(`meeting time zone: Europe/Paris, from o@example.com, as ${none}; the series is expanded in Europe/Paris`))
})

t.test('a participant listed twice (case-insensitively) is one: required if either listing is, each field from the first listing giving it', async (t) => {
  const assumptions: string[] = []
  const { meeting } = resolveMeeting({
    title: 'Budget',
    start: '2026-12-01T10:00:00Z',
    durationMinutes: 30,
    participants: [
      { email: 'ana@example.com', timeZone: 'Europe/Berlin' },
      { email: 'bo@example.com', attendance: 'optional', timeZone: 'America/New_York' },
      { email: 'Bo@Example.com', attendance: 'required', role: 'decider', hourlyRate: 120, timeZone: 'Asia/Kolkata' },
      { email: 'ana@example.com' }
    ]
  }, { policy: DEFAULT_POLICY, directory: new Map(), now: DateTime.utc() }, assumptions)
  t.same(meeting.participants.map(p => [p.email, p.attendance, p.role, p.timeZone, p.hourlyRate]), [
    ['ana@example.com', 'required', undefined, 'Europe/Berlin', DEFAULT_POLICY.defaults.hourlyRate],
    ['bo@example.com', 'required', 'decider', 'America/New_York', 120]
  ])
  t.ok(assumptions.includes('bo@example.com: listed twice (participants 1 and 2); counted once, as required (one listing is), ' +
    'with the time zone of participant 1 and the role and hourly rate of participant 2'), assumptions.join('\n'))
  t.ok(assumptions.includes('ana@example.com: listed twice (participants 0 and 3); counted once'), assumptions.join('\n'))
})
