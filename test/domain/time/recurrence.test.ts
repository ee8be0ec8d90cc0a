// Tests of RRULE validation, expansion in the meeting's wall-clock time, COUNT/UNTIL and annual counts.
import t from 'tap'
import { DateTime } from 'luxon'
import { occurrences, parseRecurrence } from '../../../src/domain/time/recurrence.js'
import { annualOccurrences } from '../../../src/domain/time/annual.js'

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' })
const isoList = (list: DateTime[]) => list.map(d => d.toISO({ suppressMilliseconds: true }))
const FAR = at('2030-01-01T00:00:00Z')

t.test('parseRecurrence accepts valid rules with or without the RRULE: prefix', async (t) => {
  for (const rule of ['FREQ=WEEKLY;BYDAY=TU', 'RRULE:FREQ=WEEKLY;BYDAY=TU', 'rrule:freq=daily;count=5',
    'FREQ=MONTHLY;BYDAY=1MO', 'FREQ=DAILY;UNTIL=20261231', 'FREQ=WEEKLY;UNTIL=20280229T235959', 'FREQ=DAILY;UNTIL=20261231T170000Z;INTERVAL=2',
    'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1;', 'FREQ=HOURLY;BYHOUR=9,13,17', 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29',
    'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO', 'FREQ=YEARLY;BYYEARDAY=366', 'FREQ=MONTHLY;BYMONTHDAY=-31;BYMONTH=1,3',
    'FREQ=MONTHLY;BYDAY=-1FR;BYMONTHDAY=25,26,27,28,29,30,31']) {
    t.same(parseRecurrence(rule), { ok: true }, rule)
  }
})

t.test('parseRecurrence names the problem in invalid rules', async (t) => {
  const rows: Array<[string, RegExp]> = [
    ['FREQ=FORTNIGHTLY', /unknown FREQ "FORTNIGHTLY"/],
    ['hello', /"hello" is not NAME=VALUE/],
    ['', /empty/],
    ['RRULE:', /empty/],
    ['BYDAY=TU', /FREQ is missing/],
    ['FREQ=WEEKLY;COLOR=RED', /unknown rule part COLOR/],
    ['FREQ=WEEKLY;FREQ=DAILY', /FREQ appears twice/],
    ['FREQ=WEEKLY;COUNT=0', /COUNT must be a positive integer/],
    ['FREQ=WEEKLY;INTERVAL=-1', /INTERVAL must be a positive integer/],
    ['FREQ=WEEKLY;UNTIL=tomorrow', /UNTIL must be/],
    ['FREQ=WEEKLY;UNTIL=20261301', /UNTIL must be a real date and time, got "20261301"/],
    ['FREQ=WEEKLY;UNTIL=20260230', /UNTIL must be a real date and time/],
    ['FREQ=WEEKLY;UNTIL=20261201T250000Z', /UNTIL must be a real date and time/],
    ['FREQ=WEEKLY;UNTIL=20261201T106000', /UNTIL must be a real date and time/],
    ['FREQ=WEEKLY;COUNT=3;UNTIL=20261231', /COUNT and UNTIL/],
    ['FREQ=WEEKLY;BYDAY=XX', /BYDAY/],
    ['FREQ=MONTHLY;BYMONTHDAY=40', /BYMONTHDAY values must be 1 to 31 or -31 to -1, got "40"/],
    ['FREQ=MONTHLY;BYMONTHDAY=0', /BYMONTHDAY values must be 1 to 31 or -31 to -1, got "0"/],
    ['FREQ=YEARLY;BYMONTH=13', /BYMONTH values must be 1 to 12, got "13"/],
    ['FREQ=YEARLY;BYMONTH=-2', /BYMONTH values must be 1 to 12, got "-2"/],
    ['FREQ=DAILY;BYHOUR=9,24', /BYHOUR values must be 0 to 23, got "24"/],
    ['FREQ=YEARLY;BYYEARDAY=367', /BYYEARDAY values must be 1 to 366 or -366 to -1/],
    ['FREQ=MINUTELY', /FREQ=MINUTELY repeats faster than any meeting series; HOURLY is the most frequent accepted/],
    ['FREQ=SECONDLY;COUNT=999999', /FREQ=SECONDLY repeats faster/],
    // Rules no date satisfies: ical.js would never return from next() (its issue 1038) or search for seconds.
    ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', /no date ever matches its BYMONTH, BYMONTHDAY, BYYEARDAY and BYDAY parts together/],
    ['FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30,31', /no date ever matches/],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', /no date ever matches/],
    ['FREQ=MONTHLY;BYMONTH=4,6,9,11;BYMONTHDAY=31', /no date ever matches/],
    ['FREQ=YEARLY;BYYEARDAY=1;BYMONTH=2', /no date ever matches/],
    ['FREQ=YEARLY;BYYEARDAY=-1;BYMONTHDAY=30', /no date ever matches/],
    ['FREQ=HOURLY;BYWEEKNO=53', /BYWEEKNO is only allowed with FREQ=YEARLY/],
    ['FREQ=WEEKLY;BYWEEKNO=1', /BYWEEKNO is only allowed with FREQ=YEARLY/],
    ['FREQ=MONTHLY;BYSETPOS=-1', /BYSETPOS needs another BY part to pick from/]
  ]
  for (const [rule, message] of rows) {
    const result = parseRecurrence(rule)
    t.equal(result.ok, false, rule)
    if (!result.ok) t.match(result.message, message, rule)
  }
})

t.test('occurrences keep the local time of day across DST in the meeting zone', async (t) => {
  t.same(isoList(occurrences(at('2026-03-03T14:00:00Z'), 'America/New_York', 'FREQ=WEEKLY;BYDAY=TU;COUNT=3', FAR)),
    ['2026-03-03T14:00:00Z', '2026-03-10T13:00:00Z', '2026-03-17T13:00:00Z'], 'New York 09:00 across March 8')
  t.same(isoList(occurrences(at('2026-03-24T08:00:00Z'), 'Europe/Berlin', 'FREQ=WEEKLY', at('2026-04-08T00:00:00Z'))),
    ['2026-03-24T08:00:00Z', '2026-03-31T07:00:00Z', '2026-04-07T07:00:00Z'], 'Berlin 09:00 across March 29')
  t.same(isoList(occurrences(at('2026-03-31T22:00:00Z'), 'Australia/Sydney', 'FREQ=WEEKLY', at('2026-04-15T00:00:00Z'))),
    ['2026-03-31T22:00:00Z', '2026-04-07T23:00:00Z', '2026-04-14T23:00:00Z'], 'Sydney 09:00 across April 5')
  t.same(isoList(occurrences(at('2026-09-30T22:30:00Z'), 'Australia/Lord_Howe', 'FREQ=WEEKLY', at('2026-10-10T00:00:00Z'))),
    ['2026-09-30T22:30:00Z', '2026-10-07T22:00:00Z'], 'Lord Howe 09:00 across its 30-minute change')
})

t.test('an occurrence whose wall time falls in the DST gap moves forward', async (t) => {
  t.same(isoList(occurrences(at('2026-03-07T07:30:00Z'), 'America/New_York', 'FREQ=DAILY;COUNT=2', FAR)),
    ['2026-03-07T07:30:00Z', '2026-03-08T07:30:00Z'], '02:30 on March 8 becomes 03:30 EDT')
})

t.test('the start always counts as the first occurrence, also towards COUNT', async (t) => {
  t.same(isoList(occurrences(at('2026-03-02T14:00:00Z'), 'America/New_York', 'FREQ=WEEKLY;BYDAY=TU;COUNT=3', FAR)),
    ['2026-03-02T14:00:00Z', '2026-03-03T14:00:00Z', '2026-03-10T13:00:00Z'])
  t.same(isoList(occurrences(at('2026-03-02T14:00:00Z'), 'America/New_York', 'FREQ=DAILY;COUNT=1', FAR)),
    ['2026-03-02T14:00:00Z'])
})

t.test('UNTIL is inclusive as a UTC time, a date or a floating time in the meeting zone', async (t) => {
  const start = at('2026-03-02T14:00:00Z')
  const rows: Array<[string, number]> = [
    ['FREQ=DAILY;UNTIL=20260305T140000Z', 4],
    ['FREQ=DAILY;UNTIL=20260305T135959Z', 3],
    ['FREQ=DAILY;UNTIL=20260305', 4],
    ['FREQ=DAILY;UNTIL=20260304', 3],
    ['FREQ=DAILY;UNTIL=20260305T090000', 4],
    ['FREQ=DAILY;UNTIL=20260305T085959', 3]
  ]
  for (const [rule, count] of rows) t.equal(occurrences(start, 'America/New_York', rule, FAR).length, count, rule)
})

t.test('untilExclusive and max bound the expansion', async (t) => {
  const start = at('2026-03-02T14:00:00Z')
  t.equal(occurrences(start, 'UTC', 'FREQ=WEEKLY', at('2026-03-30T14:00:00Z')).length, 4)
  t.equal(occurrences(start, 'UTC', 'FREQ=WEEKLY', at('2026-03-30T14:00:01Z')).length, 5)
  t.equal(occurrences(start, 'UTC', 'FREQ=DAILY', FAR, 7).length, 7)
  t.equal(occurrences(start, 'UTC', 'FREQ=DAILY', FAR).length, 1000, 'default max is 1000')
  t.same(occurrences(start, 'UTC', 'FREQ=DAILY', start), [])
})

t.test('no rule gives the start alone', async (t) => {
  const start = at('2026-03-02T14:00:00Z')
  t.same(isoList(occurrences(start, 'Europe/Berlin', undefined, FAR)), ['2026-03-02T14:00:00Z'])
  t.same(isoList(occurrences(start, 'Europe/Berlin', ' ', FAR)), ['2026-03-02T14:00:00Z'])
  t.equal(occurrences(start, 'Europe/Berlin', undefined, FAR)[0]?.zoneName, 'UTC')
})

t.test('impossible month days are skipped rather than moved', async (t) => {
  t.same(isoList(occurrences(at('2026-01-10T12:00:00Z'), 'UTC', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', FAR)),
    ['2026-01-10T12:00:00Z', '2028-02-29T12:00:00Z'])
  t.same(isoList(occurrences(at('2026-01-31T12:00:00Z'), 'UTC', 'FREQ=MONTHLY;BYMONTHDAY=-1', at('2026-05-01T00:00:00Z'))),
    ['2026-01-31T12:00:00Z', '2026-02-28T12:00:00Z', '2026-03-31T12:00:00Z', '2026-04-30T12:00:00Z'])
})

t.test('the search for the next occurrence ends with the range: rules that never or rarely meet again', async (t) => {
  // ical.js 2.2 searches without end for an occurrence that never comes (an INTERVAL that never meets BYDAY from this
  // start) and for most of a second for one 28 years away on an hourly rule; these return (or hung) at once.
  const monday = at('2026-01-05T09:00:00Z')
  t.same(isoList(occurrences(monday, 'UTC', 'FREQ=DAILY;INTERVAL=7;BYDAY=TU', FAR)), ['2026-01-05T09:00:00Z'])
  t.same(isoList(occurrences(monday, 'UTC', 'FREQ=DAILY;INTERVAL=14;BYDAY=TU;COUNT=5', FAR)), ['2026-01-05T09:00:00Z'])
  t.same(isoList(occurrences(at('2026-01-06T09:00:00Z'), 'UTC', 'FREQ=DAILY;INTERVAL=7;BYDAY=TU;COUNT=3', FAR)),
    ['2026-01-06T09:00:00Z', '2026-01-13T09:00:00Z', '2026-01-20T09:00:00Z'], 'from a Tuesday the same rule is weekly')
  t.same(isoList(occurrences(monday, 'UTC', 'FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29', FAR)), ['2026-01-05T09:00:00Z'],
    'no year of 2026, 2030, ... is a leap year')
  t.equal(annualOccurrences(monday, 'Europe/Berlin', 'FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO'), 1)
  t.same(isoList(occurrences(at('2044-02-28T09:00:00Z'), 'UTC', 'FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO;BYHOUR=9,10',
    at('2045-01-01T00:00:00Z'))), ['2044-02-28T09:00:00Z', '2044-02-29T09:00:00Z', '2044-02-29T10:00:00Z'],
  'Monday 29 February 2044 is found, and the search for the next one (2072) stops at the range')
  t.same(parseRecurrence('FREQ=DAILY;INTERVAL=7;BYDAY=TU'), { ok: true }, 'the rule itself is valid: only some starts never meet it')
})

t.test('an invalid rule throws a RangeError naming the problem', async (t) => {
  t.throws(() => occurrences(at('2026-03-02T14:00:00Z'), 'UTC', 'FREQ=SOMETIMES', FAR), RangeError)
})

t.test('annual occurrences count the 12 calendar months from start, end excluded', async (t) => {
  const start = at('2026-12-01T16:00:00Z')
  const rows: Array<[string | undefined, number]> = [
    [undefined, 1],
    ['FREQ=WEEKLY;BYDAY=TU', 53],
    ['FREQ=WEEKLY;INTERVAL=2', 27],
    ['FREQ=DAILY', 365],
    ['FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', 261],
    ['FREQ=MONTHLY', 12],
    ['FREQ=WEEKLY;COUNT=10', 10],
    ['FREQ=WEEKLY;UNTIL=20261231T235959Z', 5]
  ]
  for (const [rule, count] of rows) t.equal(annualOccurrences(start, 'Europe/Berlin', rule), count, rule ?? 'none')
  t.equal(annualOccurrences(at('2027-01-06T08:00:00Z'), 'Europe/Berlin', 'FREQ=WEEKLY'), 53, '6 January 2027 to 5 January 2028')
  t.equal(annualOccurrences(at('2027-01-06T08:00:00Z'), 'Europe/Berlin', 'FREQ=WEEKLY;BYDAY=FR'), 53, 'the first Friday comes two days after start')
  t.equal(annualOccurrences(at('2027-01-06T08:00:00Z'), 'Europe/Berlin', 'FREQ=WEEKLY;BYDAY=TU'), 53,
    'start and 52 Tuesdays: the 53rd Tuesday, 4 January 2028, is inside')
  t.equal(annualOccurrences(at('2027-01-06T08:00:00Z'), 'Europe/Berlin', 'FREQ=WEEKLY;BYDAY=TH'), 53,
    'start and 52 Thursdays: 6 January 2028 (the end) is excluded')
  t.equal(annualOccurrences(at('2026-03-03T08:00:00Z'), 'America/New_York', 'FREQ=WEEKLY'), 53, 'across both DST changes')
  t.equal(annualOccurrences(start, 'UTC', 'FREQ=HOURLY;BYMINUTE=0,30'), 17_520, 'every half hour of 365 days: counted, not capped')
  t.equal(annualOccurrences(start, 'Europe/Berlin', 'FREQ=HOURLY'), 8_760, 'every wall-clock hour of 365 days')
  t.equal(annualOccurrences(start, 'UTC', 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=' + Array.from({ length: 24 }, (_, h) => h).join(',') + ';BYMINUTE=0,30'), 10_000,
    'a monthly rule (months differ in length) is expanded, at most 10 000')
})

t.test('annual occurrences: the cases testers found short of the 12 months', async (t) => {
  const rows: Array<[string, string, string, number, string]> = [
    ['2026-12-01T16:00:00Z', 'Europe/Berlin', 'FREQ=DAILY', 365, '1 December 2026 to 30 November 2027'],
    ['2026-12-01T16:00:00Z', 'Europe/Berlin', 'FREQ=WEEKLY;BYDAY=TU', 53, 'Tuesday 30 November 2027 is inside'],
    ['2026-12-01T16:00:00Z', 'Europe/Berlin', 'FREQ=MONTHLY;BYMONTHDAY=30', 12,
      'start, then the 30th of every month but February up to 30 November 2027'],
    ['2026-12-01T09:00:00Z', 'UTC', 'FREQ=DAILY;UNTIL=20271130T090000Z', 365, 'UNTIL is inclusive'],
    ['2026-12-01T09:00:00Z', 'Europe/Berlin', 'FREQ=DAILY;UNTIL=20271130T090000Z', 365, 'UNTIL in UTC, the series in Berlin'],
    ['2026-12-01T16:00:00Z', 'UTC', 'FREQ=HOURLY', 8760, '365 x 24'],
    ['2026-12-01T16:00:00Z', 'Europe/Berlin', 'FREQ=HOURLY', 8760, 'on the wall clock, across both DST changes'],
    ['2027-12-01T16:00:00Z', 'Europe/Berlin', 'FREQ=DAILY', 366, '29 February 2028 is inside'],
    ['2027-06-01T08:00:00Z', 'Europe/Berlin', 'FREQ=DAILY', 366, 'so from June too'],
    ['2027-03-01T09:00:00Z', 'Europe/Berlin', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', 2, 'start and 29 February 2028'],
    ['2028-02-29T09:00:00Z', 'UTC', 'FREQ=DAILY', 365, 'from 29 February the 12 months end on 28 February 2029, excluded'],
    ['2028-02-29T09:00:00Z', 'UTC', 'FREQ=YEARLY', 1, 'no 29 February in 2029'],
    ['2026-03-28T01:30:00Z', 'Europe/Berlin', 'FREQ=DAILY', 365,
      '02:30 on 28 March 2027 is in the DST gap: the end is 03:30, and that day\'s occurrence (also 03:30) is excluded']
  ]
  for (const [start, zone, rule, count, why] of rows) {
    t.equal(annualOccurrences(at(start), zone, rule), count, `${rule} from ${start} in ${zone}: ${why}`)
  }
})

t.test('times of day come in order whatever order BYHOUR and BYMINUTE list them in', async (t) => {
  t.same(isoList(occurrences(at('2026-12-01T08:00:00Z'), 'UTC', 'FREQ=DAILY;BYHOUR=17,9;BYMINUTE=30,0;UNTIL=20261202T093000Z', FAR)), [
    '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z', '2026-12-01T09:30:00Z', '2026-12-01T17:00:00Z', '2026-12-01T17:30:00Z',
    '2026-12-02T09:00:00Z', '2026-12-02T09:30:00Z'
  ], 'the last day keeps its 09:00 and 09:30 (17:00 first ended the series there)')
})

t.test('BYDAY holds on the start\'s own day too', async (t) => {
  t.same(isoList(occurrences(at('2026-12-10T08:00:00Z'), 'UTC', 'FREQ=DAILY;BYDAY=SU,MO,WE;BYHOUR=19;COUNT=3', FAR)), [
    '2026-12-10T08:00:00Z', '2026-12-13T19:00:00Z', '2026-12-14T19:00:00Z'
  ], 'Thursday 10 December is the start only: no Thursday 19:00')
})
