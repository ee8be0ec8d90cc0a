// ruledZone: the known zone whose clock keeps a VTIMEZONE no name identifies, over the years the meeting is evaluated for.
import t from 'tap'
import { parseICalendar, parseICalendarEach } from '../../src/calendar/index.js'
import { MAX_CLOCKS_COMPARED } from '../../src/calendar/zone-match.js'

/** A VTIMEZONE "Custom" as Outlook writes one (rules from 1601): standard time from `standard` and daylight time from
 * `daylight`, each its DTSTART, BYDAY and BYMONTH. */
function custom ([std, dst]: [string, string], standard: [string, string, number], daylight: [string, string, number]): string[] {
  const part = (kind: string, from: string, to: string, [start, byDay, month]: [string, string, number]) =>
    [`BEGIN:${kind}`, `DTSTART:${start}`, `RRULE:FREQ=YEARLY;BYDAY=${byDay};BYMONTH=${month}`, `TZOFFSETFROM:${from}`, `TZOFFSETTO:${to}`, `END:${kind}`]
  return ['BEGIN:VTIMEZONE', 'TZID:Custom', ...part('STANDARD', dst, std, standard), ...part('DAYLIGHT', std, dst, daylight), 'END:VTIMEZONE']
}

/** A VTIMEZONE "Custom" of one offset. */
const fixed = (offset: string) => ['BEGIN:VTIMEZONE', 'TZID:Custom', 'BEGIN:STANDARD', 'DTSTART:16010101T000000', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, 'END:STANDARD', 'END:VTIMEZONE']

const BERLIN = custom(['+0100', '+0200'], ['16011028T030000', '-1SU', 10], ['16010325T020000', '-1SU', 3])
const NEW_YORK = custom(['-0500', '-0400'], ['16011104T020000', '1SU', 11], ['16010311T020000', '2SU', 3])

const event = (start: string, uid = 'e') => ['BEGIN:VEVENT', `UID:${uid}`, `DTSTART;TZID=Custom:${start}`, 'DURATION:PT30M', 'ATTENDEE:mailto:a@example.com', 'END:VEVENT']
const calendar = (zone: string[], ...events: string[][]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tests//EN', ...zone, ...events.flat(), 'END:VCALENDAR', ''].join('\r\n')

/** What the zone of the one event of `zone` matches, trying `preferred` first. */
function match (zone: string[], preferred: string[] = [], start = '20260715T100000') {
  const ruled = parseICalendar(calendar(zone, event(start)))[0]!.ruledZone
  if (ruled === undefined) throw new Error('no ruled zone')
  return ruled.match(preferred)
}

const none = (years = '2026 to 2027') => ({ none: `no known zone's clock matches the file's VTIMEZONE "Custom" from ${years}` })

t.test('Outlook\'s rules for Berlin match Berlin\'s clock: the first preferred zone that keeps it, else the Windows zone\'s', async t => {
  t.same(match(BERLIN), { zone: 'Europe/Berlin', years: '2026 to 2027' })
  t.same(match(BERLIN, ['America/New_York', 'Europe/Paris', 'Europe/Berlin']), { zone: 'Europe/Paris', years: '2026 to 2027' }, 'Paris keeps the same clock')
  t.same(match(NEW_YORK), { zone: 'America/New_York', years: '2026 to 2027' })
  t.same(match(NEW_YORK, ['Europe/Berlin', 'America/Toronto']), { zone: 'America/Toronto', years: '2026 to 2027' })
})

t.test('a clock that differs anywhere in the years compared matches no zone', async t => {
  t.same(match(custom(['-0500', '-0400'], ['16011104T023000', '1SU', 11], ['16010311T020000', '2SU', 3]), ['America/New_York']), none(),
    'back to standard time half an hour after New York')
  t.same(match(custom(['+0100', '+0200'], ['16011028T030000', '1SU', 10], ['16010325T020000', '-1SU', 3])), none(), 'back on the first Sunday of October')
  t.same(match(custom(['-0500', '-0400'], ['16011028T020000', '-1SU', 10], ['16010401T020000', '1SU', 4])), none(), 'the US rules of before 2007')
  t.same(match(custom(['+0000', '+0100'], ['16011028T030000', '-1SU', 10], ['16010325T020000', '-1SU', 3]), ['Europe/London']), none(),
    'London\'s days, at 02:00 UTC rather than 01:00 UTC')
  t.same(match(fixed('+0100'), ['Europe/Berlin']), { zone: 'Africa/Lagos', years: '2026 to 2027' },
    'Berlin changes its clock where a fixed +01:00 does not; a zone without daylight time keeps it')
})

t.test('the years compared run from the start to 13 months after it', async t => {
  t.same(match(BERLIN, [], '20261215T100000'), { zone: 'Europe/Berlin', years: '2026 to 2028' })
  t.same(match(BERLIN, [], '20270101T003000'), { zone: 'Europe/Berlin', years: '2026 to 2028' }, 'the day before the start is in 2026')
})

t.test('a zone named by its TZID or X-LIC-LOCATION needs no match', async t => {
  const [named] = parseICalendar(calendar([], event('20260715T100000').map(line => line.replace('TZID=Custom', 'TZID=Europe/Berlin'))))
  t.equal(named!.ruledZone, undefined)
  const [located] = parseICalendar(calendar(BERLIN.toSpliced(2, 0, 'X-LIC-LOCATION:Europe/Berlin'), event('20260715T100000')))
  t.equal(located!.ruledZone, undefined)
  t.equal(located!.proposal.timeZone, 'Europe/Berlin')
})

t.test(`one body compares at most ${MAX_CLOCKS_COMPARED} clocks (a zone over some years) with known zones; a clock compared before is again`, async t => {
  const years = Array.from({ length: MAX_CLOCKS_COMPARED + 1 }, (_, i) => 2026 + i)
  const events = parseICalendarEach(calendar(BERLIN, ...years.map(year => event(`${year}0715T100000`, `e${year}`)), event('20260716T100000', 'again')))
  const answers = events.map(e => 'proposal' in e ? e.ruledZone?.match([]) : e)
  t.same(answers.slice(0, MAX_CLOCKS_COMPARED).map(a => a !== undefined && 'zone' in a ? a.zone : a), years.slice(0, -1).map(() => 'Europe/Berlin'))
  t.same(answers[MAX_CLOCKS_COMPARED], { none: `the file's VTIMEZONE "Custom" was not compared with known zones (one request compares at most ${MAX_CLOCKS_COMPARED} zones over a meeting's years)` })
  t.same(answers.at(-1), { zone: 'Europe/Berlin', years: '2026 to 2027' })
})
