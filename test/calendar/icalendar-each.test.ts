// parseICalendarEach on calendars with a malformed line inside one VEVENT: that VEVENT gets its own error, the others are read.
import t from 'tap'
import { CalendarInputError, parseICalendarEach } from '../../src/calendar/index.js'

const event = (uid: string, ...lines: string[]) => ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTART:20261201T100000Z', 'DURATION:PT30M',
  `SUMMARY:Event ${uid}`, 'ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:ana@example.com', ...lines, 'END:VEVENT']
const calendar = (...parts: string[][]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tests//EN', ...parts.flat(), 'END:VCALENDAR', ''].join('\r\n')

/** Each event as its title, or its error message. */
const outcomes = (text: string) => parseICalendarEach(text).map(e => e instanceof CalendarInputError ? e.message : e.proposal.title)

function thrown (run: () => unknown): CalendarInputError {
  try {
    run()
  } catch (error) {
    if (error instanceof CalendarInputError) return error
    throw error
  }
  throw new Error('expected a CalendarInputError')
}

t.test('a malformed line inside one VEVENT gives that VEVENT an error naming it; the others are read, in file order', async t => {
  const rows: Array<[string, string]> = [
    ['ATTENDEE;ROLE:mailto:x@example.com', 'The iCalendar text is malformed: a parameter is not NAME=VALUE in the line "ATTENDEE;ROLE:mailto:x@example.com".'],
    ['ATTENDEE;CN="Ana:mailto:a@example.com', 'The iCalendar text is malformed: a quoted parameter value is not closed in the line ";CN="Ana:mailto:a@example.com".'],
    ['this line has no colon', 'The iCalendar text is malformed: the line "this line has no colon" is not a NAME:VALUE content line.'],
    ['RRULE:FREQ=WEEKLY;BYDAY=XX', 'RRULE is not a valid recurrence rule: invalid BYDAY value "XX".'],
    ['RRULE:FREQ=NEVER', 'RRULE is not a valid recurrence rule: unknown FREQ "NEVER" (expected SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY).'],
    ['EXRULE:FREQ=NEVER', 'The iCalendar text is malformed: invalid frequency "NEVER" expected: "SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY".']
  ]
  for (const [line, message] of rows) {
    t.same(outcomes(calendar(event('a@x'), event('b@x', line), event('c@x'))), ['Event a@x', `VEVENT 2 (UID b@x): ${message}`, 'Event c@x'], line)
  }
})

t.test('several bad VEVENTs, folded lines and a VALARM inside a VEVENT are each read on their own', async t => {
  const text = calendar(event('a@x', 'stray'), event('b@x', 'BEGIN:VALARM', 'TRIGGER:-PT5M', 'ACTION:DISPLAY', 'END:VALARM'),
    event('c@x', 'DESCRIPTION:- Budget (15 min)\\n- De', ' cide (20 min)'), event('d@x', 'ATTENDEE;ROLE', ' :mailto:x@example.com'))
  t.same(outcomes(text), [
    'VEVENT 1 (UID a@x): The iCalendar text is malformed: the line "stray" is not a NAME:VALUE content line.',
    'Event b@x',
    'Event c@x',
    'VEVENT 4 (UID d@x): The iCalendar text is malformed: a parameter is not NAME=VALUE in the line "ATTENDEE;ROLE:mailto:x@example.com".'
  ])
  const [, , folded] = parseICalendarEach(text)
  t.same(folded instanceof CalendarInputError ? undefined : folded?.proposal.agenda?.items, [{ title: 'Budget', minutes: 15 }, { title: 'Decide', minutes: 20 }])
})

t.test('VTIMEZONEs and X-WR-TIMEZONE still apply to the events read on their own', async t => {
  const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'X-WR-TIMEZONE:Asia/Tokyo',
    'BEGIN:VTIMEZONE', 'TZID:Custom Zone', 'BEGIN:STANDARD', 'DTSTART:16010101T000000', 'TZOFFSETFROM:+0300', 'TZOFFSETTO:+0300', 'END:STANDARD', 'END:VTIMEZONE',
    'BEGIN:VEVENT', 'UID:a@x', 'DTSTART;TZID=Custom Zone:20261201T100000', 'DURATION:PT30M', 'ATTENDEE:mailto:ana@example.com', 'END:VEVENT',
    'BEGIN:VEVENT', 'UID:b@x', 'DTSTART:20261201T100000', 'DURATION:PT30M', 'ATTENDEE:mailto:ana@example.com', 'END:VEVENT',
    'BEGIN:VEVENT', 'UID:c@x', 'DTSTART:20261201T100000Z', 'bad', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n')
  const [custom, floating, bad] = parseICalendarEach(text)
  t.match(custom, { proposal: { start: '2026-12-01T07:00:00Z' } })
  t.match(floating, { proposal: { start: '2026-12-01T01:00:00Z', timeZone: 'Asia/Tokyo' } })
  t.match(bad, { message: /^VEVENT 3 \(UID c@x\): The iCalendar text is malformed/ })
})

t.test('a broken changed occurrence of a series in the file is skipped like the others', async t => {
  const text = calendar(event('s@x', 'RRULE:FREQ=WEEKLY'), event('s@x', 'RECURRENCE-ID:20261208T100000Z', 'stray'), event('t@x'))
  const [series, other, ...rest] = parseICalendarEach(text)
  t.equal(rest.length, 0)
  t.match(series, { assumptions: ['recurrence: 1 changed occurrence (RECURRENCE-ID) skipped; the series is evaluated as planned'] })
  t.match(other, { proposal: { title: 'Event t@x' } })
})

t.test('a VEVENT is named by its position in the file: the changed occurrences skipped before it count', async t => {
  const text = calendar(event('s@x', 'RRULE:FREQ=WEEKLY'), event('s@x', 'RECURRENCE-ID:20261208T100000Z'), event('s@x', 'RECURRENCE-ID:20261215T100000Z'),
    event('third', 'DTSTART:20261301T100000Z').filter(line => line !== 'DTSTART:20261201T100000Z'), event('t@x', 'stray'))
  t.same(outcomes(text), [
    'Event s@x',
    'VEVENT 4 (UID third): DTSTART is not a valid date or date-time: "20261301T100000Z".',
    'VEVENT 5 (UID t@x): The iCalendar text is malformed: the line "stray" is not a NAME:VALUE content line.'
  ])
})

t.test('a malformed line outside every VEVENT, or components that do not nest, still refuse the whole calendar', async t => {
  t.equal(thrown(() => parseICalendarEach(calendar(event('a@x', 'stray'), ['X-BAD;PARAM:1'], event('b@x')))).message,
    'The iCalendar text is malformed: a parameter is not NAME=VALUE in the line "X-BAD;PARAM:1".')
  t.equal(thrown(() => parseICalendarEach(calendar(['BEGIN:VTIMEZONE', 'TZID:X', 'oops', 'END:VTIMEZONE'], event('a@x')))).message,
    'The iCalendar text is malformed: the line "oops" is not a NAME:VALUE content line.')
  // The text cannot be split into its VEVENTs: the first problem ical.js met answers the whole calendar.
  const stray = 'The iCalendar text is malformed: the line "stray" is not a NAME:VALUE content line.'
  t.equal(thrown(() => parseICalendarEach(calendar(event('a@x', 'stray'), event('b@x'), ['END:VEVENT']))).message, stray)
  t.equal(thrown(() => parseICalendarEach(calendar(event('a@x', 'stray'), event('b@x')).replace('END:VCALENDAR', ''))).message, stray)
})

t.test('a single bad VEVENT is answered as before, without a label', async t => {
  t.same(outcomes(calendar(event('a@x', 'stray'))), ['The iCalendar text is malformed: the line "stray" is not a NAME:VALUE content line.'])
})

/** A VCALENDAR with its own X-WR-TIMEZONE and a VTIMEZONE "Custom" of a fixed offset around `events`. */
const zoned = (wr: string, offset: string, ...events: string[][]) => calendar(['X-WR-TIMEZONE:' + wr, 'BEGIN:VTIMEZONE', 'TZID:Custom', 'BEGIN:STANDARD',
  'DTSTART:19700101T000000', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, 'END:STANDARD', 'END:VTIMEZONE'], ...events)
const inCustom = (uid: string, ...lines: string[]) => event(uid, ...lines).map(line => line === 'DTSTART:20261201T100000Z' ? 'DTSTART;TZID=Custom:20261201T100000' : line)
const floating = (uid: string, ...lines: string[]) => event(uid, ...lines).map(line => line === 'DTSTART:20261201T100000Z' ? 'DTSTART:20261201T100000' : line)

t.test('several VCALENDARs in one body: each one\'s X-WR-TIMEZONE and VTIMEZONEs apply to its own events only', async t => {
  const text = zoned('Europe/Berlin', '+0100', inCustom('a@x'), floating('b@x')) + zoned('America/New_York', '-0500', inCustom('c@x'), floating('d@x')) +
    calendar(floating('e@x'))
  const starts = (body: string) => parseICalendarEach(body).map(e => e instanceof CalendarInputError ? e.message : [e.proposal.start, e.proposal.timeZone])
  const expected = [['2026-12-01T09:00:00Z', undefined], ['2026-12-01T09:00:00Z', 'Europe/Berlin'], ['2026-12-01T15:00:00Z', undefined],
    ['2026-12-01T15:00:00Z', 'America/New_York'], ['2026-12-01T10:00:00Z', undefined]]
  t.same(starts(text), expected)
  // A malformed line in one VEVENT: the others are read one by one, each still in its own calendar.
  const broken = text.replace('END:VEVENT', 'stray\r\nEND:VEVENT')
  const [first, ...others] = starts(broken)
  t.match(first, /^VEVENT 1 \(UID a@x\): The iCalendar text is malformed/)
  t.same(others, expected.slice(1))
  const unknown = parseICalendarEach(calendar(inCustom('f@x')) + zoned('UTC', '+0100'))[0]
  t.equal((unknown as CalendarInputError).message, 'Unknown time zone "Custom" in the TZID of DTSTART, and its VCALENDAR has no VTIMEZONE defining it.',
    'a VTIMEZONE of another VCALENDAR is not used')
})
