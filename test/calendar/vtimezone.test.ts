// VTIMEZONE offsets computed per year: the zones real exporters write give the instants of the IANA zone they describe.
import t from 'tap'
import ICAL from 'ical.js'
import { parseJcal } from '../../src/calendar/ical-parse.js'
import { readVtimezone, vtimezoneInstant, vtimezoneOffset, vtimezoneOnsets, type ZoneRules } from '../../src/calendar/vtimezone.js'
import { zonedDateTime } from '../../src/domain/time/local-days.js'

const part = (kind: string, from: string, to: string, start: string, ...lines: string[]) =>
  [`BEGIN:${kind}`, `TZOFFSETFROM:${from}`, `TZOFFSETTO:${to}`, `DTSTART:${start}`, ...lines, `END:${kind}`]

function component (...parts: string[][]): ICAL.Component {
  const text = ['BEGIN:VCALENDAR', 'BEGIN:VTIMEZONE', 'TZID:Test', ...parts.flat(), 'END:VTIMEZONE', 'END:VCALENDAR'].join('\r\n')
  return new ICAL.Component(parseJcal(text)).getFirstSubcomponent('vtimezone') as ICAL.Component
}

const read = (...parts: string[][]): ZoneRules => readVtimezone(component(...parts), why => { throw new Error(why) })

function refusal (...parts: string[][]): string {
  try {
    readVtimezone(component(...parts), why => { throw new Error(why) })
  } catch (error) {
    return (error as Error).message
  }
  return 'not refused'
}

/** Wall time as ms read as if UTC, from "2026-03-29T02:30". */
const wall = (text: string): number => Date.parse(`${text}:00Z`)
const instant = (zone: ZoneRules, text: string): string => new Date(vtimezoneInstant(zone, wall(text))).toISOString()

const berlinOutlook = [
  part('STANDARD', '+0200', '+0100', '16011028T030000', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10'),
  part('DAYLIGHT', '+0100', '+0200', '16010325T020000', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3')
]

/** Zones as Outlook, Apple, Mozilla and tzurl write them, in the rule forms RFC 5545 allows (UNTIL, COUNT, BYSETPOS,
 * BYMONTHDAY with BYDAY, INTERVAL, RDATE), each with the IANA zone it describes and the years it describes it for. */
const zones: Array<{ name: string, iana: string, from: number, parts: string[][] }> = [
  { name: 'Outlook, rules from 1601', iana: 'Europe/Berlin', from: 1996, parts: berlinOutlook },
  {
    name: 'Apple, a rule per period, ended by UTC UNTIL',
    iana: 'America/New_York',
    from: 1987,
    parts: [
      part('DAYLIGHT', '-0500', '-0400', '19870405T020000', 'RRULE:FREQ=YEARLY;UNTIL=20060402T070000Z;BYMONTH=4;BYDAY=1SU'),
      part('STANDARD', '-0400', '-0500', '19671029T020000', 'RRULE:FREQ=YEARLY;UNTIL=20061029T060000Z;BYMONTH=10;BYDAY=-1SU'),
      part('DAYLIGHT', '-0500', '-0400', '20070311T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=SU;BYMONTHDAY=8,9,10,11,12,13,14'),
      part('STANDARD', '-0400', '-0500', '20071104T020000', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=SU;BYSETPOS=1')
    ]
  },
  {
    name: 'rules ended by COUNT',
    iana: 'America/New_York',
    from: 1987,
    parts: [
      part('DAYLIGHT', '-0500', '-0400', '19870405T020000', 'RRULE:FREQ=YEARLY;COUNT=20;BYMONTH=4;BYDAY=1SU'),
      part('STANDARD', '-0400', '-0500', '19671029T020000', 'RRULE:FREQ=YEARLY;COUNT=40;BYMONTH=10;BYDAY=-1SU'),
      part('DAYLIGHT', '-0500', '-0400', '20070311T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU'),
      part('STANDARD', '-0400', '-0500', '20071104T020000', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU')
    ]
  },
  {
    name: 'southern hemisphere',
    iana: 'Australia/Sydney',
    from: 2008,
    parts: [
      part('STANDARD', '+1100', '+1000', '20080406T030000', 'RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU'),
      part('DAYLIGHT', '+1000', '+1100', '20081005T020000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU')
    ]
  },
  {
    name: 'daylight time every other year from two rules of INTERVAL=2',
    iana: 'Europe/Berlin',
    from: 1997,
    parts: [
      part('STANDARD', '+0200', '+0100', '19961027T030000', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10'),
      part('DAYLIGHT', '+0100', '+0200', '19970330T020000', 'RRULE:FREQ=YEARLY;INTERVAL=2;BYMONTH=3;BYDAY=-1SU'),
      part('DAYLIGHT', '+0100', '+0200', '19980329T020000', 'RRULE:FREQ=YEARLY;INTERVAL=2;BYMONTH=3;BYDAY=-1SU')
    ]
  },
  {
    name: 'tzurl, changes listed by RDATE, then none',
    iana: 'America/Sao_Paulo',
    from: 2013,
    parts: [
      part('STANDARD', '-0200', '-0300', '20130217T000000', 'RDATE:20140216T000000,20150222T000000', 'RDATE:20160221T000000', 'RDATE:20170219T000000',
        'RDATE:20180218T000000', 'RDATE:20190217T000000'),
      part('DAYLIGHT', '-0300', '-0200', '20131020T000000', 'RDATE:20141019T000000', 'RDATE:20151018T000000', 'RDATE:20161016T000000',
        'RDATE:20171015T000000', 'RDATE:20181104T000000')
    ]
  },
  { name: 'no daylight time', iana: 'Asia/Kolkata', from: 1972, parts: [part('STANDARD', '+0530', '+0530', '16010101T000000')] }
]

t.test('the zones exporters write give the instants of the IANA zone they describe, skipped and repeated hours included', async t => {
  for (const zone of zones) {
    const rules = read(...zone.parts)
    const wrong: string[] = []
    let checked = 0
    // The Sundays of the months the changes of these zones fall in, at each half hour of their first four, and noon on
    // the 15th of every month: every year for the first four, then every eleventh year up to 2199.
    for (let year = zone.from; year <= 2199; year += year < zone.from + 4 ? 1 : 11) {
      for (let day = 1; day <= 366; day++) {
        const date = new Date(Date.UTC(year, 0, day))
        if (date.getUTCFullYear() !== year) break
        const changes = date.getUTCDay() === 0 && [1, 2, 3, 9, 10, 11].includes(date.getUTCMonth())
        const times = changes ? [0, 30, 60, 90, 120, 150, 180, 210] : date.getUTCDate() === 15 ? [720] : []
        for (const minutes of times) {
          const text = new Date(date.getTime() + minutes * 60_000).toISOString().slice(0, 16)
          const expected = zonedDateTime(`${text}:00`, zone.iana).toUTC().toISO({ suppressMilliseconds: true })
          const got = instant(rules, text).replace('.000Z', 'Z')
          checked++
          if (got !== expected && wrong.length < 5) wrong.push(`${text}: ${got}, not ${expected ?? ''}`)
        }
      }
    }
    t.same(wrong, [], `${zone.name}: ${checked} wall times`)
  }
})

t.test('a wall time a change skips takes the offset before it; one a change repeats is its first occurrence', async t => {
  const rules = read(...berlinOutlook)
  t.equal(instant(rules, '2026-03-29T02:30'), '2026-03-29T01:30:00.000Z', '02:30 does not exist: 03:30 CEST')
  t.equal(instant(rules, '2026-10-25T02:30'), '2026-10-25T00:30:00.000Z', '02:30 happens twice: the CEST one')
  t.equal(instant(rules, '2026-10-25T03:00'), '2026-10-25T02:00:00.000Z')
})

t.test('the years far from a rule\'s DTSTART are read as the years next to it', async t => {
  const rules = read(...berlinOutlook)
  t.equal(instant(rules, '2199-07-01T12:00'), '2199-07-01T10:00:00.000Z')
  t.equal(instant(rules, '1972-12-01T12:00'), '1972-12-01T11:00:00.000Z')
  t.equal(instant(rules, '9999-12-01T10:00'), '9999-12-01T09:00:00.000Z')
})

t.test('a rule without day parts repeats on the day of its DTSTART, in the months it names', async t => {
  const rules = read(part('STANDARD', '+0100', '+0100', '16010101T000000'),
    part('DAYLIGHT', '+0100', '+0200', '20000401T000000', 'RRULE:FREQ=YEARLY'),
    part('STANDARD', '+0200', '+0100', '20001001T010000', 'RRULE:FREQ=YEARLY;BYMONTH=10'))
  t.equal(instant(rules, '2150-03-31T23:30'), '2150-03-31T22:30:00.000Z')
  t.equal(instant(rules, '2150-04-01T01:00'), '2150-03-31T23:00:00.000Z')
  t.equal(instant(rules, '2150-09-30T12:00'), '2150-09-30T10:00:00.000Z')
  t.equal(instant(rules, '2150-10-01T01:30'), '2150-10-01T00:30:00.000Z')
})

t.test('before its first change a zone keeps the offset that change starts from', async t => {
  const rules = read(part('STANDARD', '+0300', '+0200', '20300101T000000'))
  t.equal(instant(rules, '2026-06-01T12:00'), '2026-06-01T09:00:00.000Z')
  t.equal(instant(rules, '2030-06-01T12:00'), '2030-06-01T10:00:00.000Z')
})

t.test('a zone with a part it cannot read is refused, saying which', async t => {
  t.equal(refusal(), 'has no STANDARD or DAYLIGHT part')
  t.equal(refusal(['BEGIN:STANDARD', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0100', 'END:STANDARD']), 'has a STANDARD part without a DTSTART date-time')
  t.equal(refusal(['BEGIN:DAYLIGHT', 'DTSTART:16010325T020000', 'TZOFFSETFROM:+0100', 'END:DAYLIGHT']), 'has a DAYLIGHT part without a TZOFFSETTO offset such as +0100')
  t.equal(refusal(part('STANDARD', '+0100', '1 hour', '16010101T000000')), 'has a STANDARD part without a TZOFFSETTO offset such as +0100')
  t.equal(refusal(part('DAYLIGHT', '+0100', '+0200', '16010325T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;BYHOUR=2')),
    'has the rule "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;BYHOUR=2": BYHOUR is not read in time-zone rules, which change on given days of given months')
  t.equal(refusal(part('DAYLIGHT', '+0100', '+0200', '16010325T020000', 'RRULE:FREQ=MONTHLY;BYDAY=-1SU')),
    'has the rule "FREQ=MONTHLY;BYDAY=-1SU": time-zone rules must repeat yearly')
})

t.test('the offset at an instant and the onsets in a span are those of the IANA zone the rules describe', async t => {
  const zone = read(...berlinOutlook)
  const at = (iso: string) => Date.parse(iso)
  t.same(vtimezoneOnsets(zone, at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z')).map(ms => new Date(ms).toISOString()),
    ['2026-03-29T01:00:00.000Z', '2026-10-25T01:00:00.000Z'])
  t.same(vtimezoneOnsets(zone, at('2026-03-29T01:00:00Z'), at('2026-10-25T01:00:00Z')).map(ms => new Date(ms).toISOString()), ['2026-03-29T01:00:00.000Z'],
    'the span includes its start, not its end')
  const hour = 3_600_000
  t.same(['2026-03-29T00:59:59.999Z', '2026-03-29T01:00:00Z', '2026-10-25T00:59:59.999Z', '2026-10-25T01:00:00Z', '2199-07-01T00:00:00Z']
    .map(iso => vtimezoneOffset(zone, at(iso)) / hour), [1, 2, 2, 1, 2])
})
