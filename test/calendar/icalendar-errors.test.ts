// iCalendar input that cannot become a proposal: each a CalendarInputError saying what is wrong.
import t from 'tap'
import { CalendarInputError, singleEventProposal } from '../../src/calendar/index.js'
import { parseRecurrence } from '../../src/domain/time/recurrence.js'
import { MEETING_RANGE_MESSAGE } from '../../src/domain/resolve.js'
import { fixture, ics } from './fixtures.js'

function failure (text: string): CalendarInputError {
  try {
    singleEventProposal(text)
  } catch (error) {
    if (error instanceof CalendarInputError) return error
    throw error
  }
  throw new Error('expected a CalendarInputError')
}

t.test('a missing DTSTART names DTSTART', async t => {
  const error = failure(fixture('missing-dtstart.ics'))
  t.equal(error.path, 'DTSTART')
  t.match(error.message, /no DTSTART/)
})

t.test('an unknown TZID names the TZID value', async t => {
  const error = failure(fixture('unknown-tzid.ics'))
  t.match(error.message, 'Unknown time zone "Mars/Olympus_Mons" in the TZID of DTSTART')
})

t.test('a cut-short file says a component is not closed', async t => {
  t.match(failure(fixture('truncated.ics')).message, 'The iCalendar text is malformed: a BEGIN: line has no matching END:')
})

t.test('text that is not iCalendar names the bad line', async t => {
  t.equal(failure('{"title": "not a calendar"}').message, 'The iCalendar text must start with BEGIN:VCALENDAR, not "{"title": "not a calendar"}".')
  t.equal(failure('BEGIN:VCALENDAR\r\nthis line has no colon\r\nEND:VCALENDAR').message, 'The iCalendar text is malformed: the line "this line has no colon" is not a NAME:VALUE content line.')
})

t.test('a long echoed value is cut in the message', async t => {
  const tzid = 'A'.repeat(500_000)
  const message = failure(ics(`DTSTART;TZID=${tzid}:20261201T170000`, 'DURATION:PT45M', 'ATTENDEE:mailto:a@example.com')).message
  t.ok(message.length < 300, `${message.length} characters`)
  t.match(message, `Unknown time zone "${'A'.repeat(79)}…" in the TZID of DTSTART`)
})

t.test('components nested too deep and lines with too many parameters are refused before ical.js parses them', async t => {
  // ical.js 2.2 takes most of a second for a line with 150,000 parameters, and time in proportion to nesting depth.
  const start = ['DTSTART:20261201T160000Z', 'DURATION:PT45M']
  t.equal(failure(ics(...start, ...Array<string>(21).fill('BEGIN:X-DEEP'), ...Array<string>(21).fill('END:X-DEEP'))).message,
    'The iCalendar text is malformed: content line 27 nests components more than 20 deep.')
  t.ok(singleEventProposal(ics(...start, 'ATTENDEE:mailto:a@example.com', ...Array<string>(18).fill('BEGIN:X-DEEP'), ...Array<string>(18).fill('END:X-DEEP'))),
    '20 deep with VCALENDAR and VEVENT is fine')
  t.equal(failure(ics(...start, `ATTENDEE${';X-A=1'.repeat(101)}:mailto:a@example.com`)).message,
    'The iCalendar text is malformed: content line 9 ("ATTENDEE") has more than 100 parameters.')
  t.equal(failure(ics(...start, `ATTENDEE${';X-A=1'.repeat(150_000).replace(/(.{70})/g, '$1\r\n ')}:mailto:a@example.com`)).message,
    'The iCalendar text is malformed: content line 9 ("ATTENDEE") has more than 100 parameters.', 'folded lines are counted unfolded')
  const quotedSemicolons = singleEventProposal(ics(...start, `ATTENDEE;CN="${'a;'.repeat(500)}";X-B=2:mailto:a@example.com`, 'DESCRIPTION:semi\\;colons', `X-NOTE:${';'.repeat(500)}`))
  t.equal(quotedSemicolons.proposal.participants.length, 1, 'semicolons in quotes or in the value are not parameters')
})

t.test('an empty body is refused', async t => {
  t.equal(failure('  \r\n').message, 'The iCalendar body is empty.')
})

t.test('another root component is refused', async t => {
  t.match(failure('BEGIN:VCARD\r\nFN:Ana\r\nEND:VCARD\r\n').message, 'must start with BEGIN:VCALENDAR, not BEGIN:VCARD')
})

t.test('an impossible date names DTSTART and quotes it as written', async t => {
  const error = failure(ics('DTSTART:20261301T100000Z', 'ATTENDEE:mailto:a@example.com'))
  t.equal(error.message, 'DTSTART is not a valid date or date-time: "20261301T100000Z".')
})

t.test('a date or date-time not in the RFC 5545 form is refused, quoted as written rather than as ical.js reformats it', async t => {
  // ical.js reads any value by position: "2026-12-01T10:00:00Z" came back as "2026--1-2-T1T:10::0", and the last
  // three of these were read as a valid 10:00 (a seventh digit and an offset ignored, a lowercase z floating).
  const rows: Array<[string, string]> = [
    ['DTSTART:2026-12-01T10:00:00Z', 'DTSTART is not a valid date or date-time: "2026-12-01T10:00:00Z".'],
    ['DTSTART;VALUE=DATE:2026-12-01', 'DTSTART is not a valid date or date-time: "2026-12-01".'],
    ['DTSTART;TZID=Europe/Berlin:tomorrow', 'DTSTART is not a valid date or date-time: "tomorrow".'],
    ['DTSTART:20261201T1000000', 'DTSTART is not a valid date or date-time: "20261201T1000000".'],
    ['DTSTART:20261201T100000+0100', 'DTSTART is not a valid date or date-time: "20261201T100000+0100".'],
    ['DTSTART:20261201T100000z', 'DTSTART is not a valid date or date-time: "20261201T100000z".']
  ]
  for (const [line, message] of rows) {
    const error = failure(ics(line, 'ATTENDEE:mailto:a@example.com'))
    t.equal(error.message, message, line)
    t.equal(error.path, 'DTSTART', line)
  }
  const dtend = failure(ics('DTSTART:20261201T100000Z', 'DTEND:soon', 'ATTENDEE:mailto:a@example.com'))
  t.same([dtend.path, dtend.message], ['DTEND', 'DTEND is not a valid date or date-time: "soon".'])
  const read = singleEventProposal(ics('DTSTART:20261201T100000Z ', 'DTEND;VALUE=DATE-TIME:20261201T103000Z', 'CREATED:yesterday', 'ATTENDEE:mailto:a@example.com'))
  t.match(read.proposal, { start: '2026-12-01T10:00:00Z', durationMinutes: 30 }, 'white space around a value is fine, and dates no one reads are not checked')
})

t.test('a TZID with an unquoted ":" is named, with the quoted form to write', async t => {
  // Parameter values holding ":" must be quoted (RFC 5545 3.2): unquoted, ical.js ends the TZID at "(UTC-05" and took
  // "00) Eastern Time (US & Canada):20260701T100000" for the value, quoted as "00) -Ea-stTrn: T:im".
  const error = failure(ics('DTSTART;TZID=(UTC-05:00) Eastern Time (US & Canada):20260701T100000', 'ATTENDEE:mailto:a@example.com'))
  t.equal(error.path, 'DTSTART')
  t.equal(error.message, 'DTSTART: the TZID parameter value holds a ":", so RFC 5545 requires it in double quotes: write TZID="(UTC-05:00) Eastern Time (US & Canada)".')
  t.equal(failure(ics('DTSTART:20260701T100000Z', 'DTEND;X-A=1;TZID=a:b:c:20260701T103000', 'ATTENDEE:mailto:a@example.com')).message,
    'DTEND: the TZID parameter value holds a ":", so RFC 5545 requires it in double quotes: write TZID="a:b:c".')
  t.equal(failure(ics('DTSTART;TZID=Europe/Berlin:10:00', 'ATTENDEE:mailto:a@example.com')).message, 'DTSTART is not a valid date or date-time: "10:00".',
    'a ":" in a value that does not end in a date is not blamed on the TZID')
  const quotedTzid = singleEventProposal(ics('DTSTART;TZID="(UTC-05:00) Eastern Time (US & Canada)":20260701T100000', 'ATTENDEE:mailto:a@example.com'))
  t.equal(quotedTzid.proposal.start, '2026-07-01T14:00:00Z', 'quoted, it is read')
})

t.test('a malformed DURATION names DURATION', async t => {
  t.equal(failure(ics('DTSTART:20261201T100000Z', 'DURATION:soon')).path, 'DURATION')
})

t.test('an end before the start names DTEND', async t => {
  const error = failure(ics('DTSTART:20261201T100000Z', 'DTEND:20261201T090000Z'))
  t.equal(error.path, 'DTEND')
  t.match(error.message, 'ends')
})

t.test('an event longer than a day is refused', async t => {
  t.match(failure(ics('DTSTART:20261201T100000Z', 'DTEND:20261203T100000Z')).message, 'more than a day')
})

t.test('a calendar with no VEVENT says so', async t => {
  const error = failure('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n')
  t.equal(error.path, 'VEVENT')
  t.match(error.message, 'holds no VEVENT')
})

t.test('several VEVENTs point to the batch endpoint', async t => {
  t.match(failure(fixture('floating-and-all-day.ics')).message, 'The calendar holds 2 events; send one here, or several to POST /v1/evaluations/batch.')
})

t.test('a bad RRULE is reported, not thrown raw', async t => {
  const fortnightly = failure(ics('DTSTART:20261201T100000Z', 'RRULE:FREQ=FORTNIGHTLY'))
  t.equal(fortnightly.path, 'RRULE')
  t.match(fortnightly.message, /^RRULE is not a valid recurrence rule: unknown FREQ "FORTNIGHTLY"/)
  const until = failure(ics('DTSTART:20261201T100000Z', 'RRULE:FREQ=WEEKLY;UNTIL=soon'))
  t.equal(until.path, 'RRULE')
  t.match(until.message, /^RRULE is not a valid recurrence rule: /)
})

t.test('an RRULE is checked as written, as the JSON proposal\'s recurrence is: values ical.js would normalise are refused', async t => {
  // ical.js reads COUNT=0 as no COUNT (an endless series), INTERVAL=0 or -2 as 1, COUNT=1.5 as 1 and UNTIL=2027-01-01 as 20261201.
  for (const rule of ['FREQ=DAILY;COUNT=0', 'FREQ=DAILY;INTERVAL=0', 'FREQ=DAILY;INTERVAL=-2', 'FREQ=DAILY;COUNT=-1', 'FREQ=DAILY;COUNT=1.5',
    'FREQ=DAILY;UNTIL=2027-01-01', 'FREQ=DAILY;UNTIL=garbage', 'FREQ=DAILY;FOO=1', 'FREQ=DAILY;COUNT=3;UNTIL=20270101', 'FREQ=WEEKLY;BYDAY=XX', 'FREQ=NEVER']) {
    const check = parseRecurrence(rule)
    t.notOk(check.ok, `${rule}: the JSON path refuses it`)
    const error = failure(ics('DTSTART:20261201T100000Z', 'DURATION:PT30M', 'ATTENDEE:mailto:a@example.com', `RRULE:${rule}`))
    t.equal(error.path, 'RRULE', rule)
    t.equal(error.message, `RRULE is not a valid recurrence rule: ${check.ok ? '' : check.message.replace(/^Invalid RRULE: /, '')}.`, rule)
  }
  t.equal(failure(ics('DTSTART:20261201T100000Z', 'RRULE:FREQ=DAILY;COUNT=0')).message, 'RRULE is not a valid recurrence rule: COUNT must be a positive integer, got "0".')
  t.equal(singleEventProposal(ics('DTSTART:20261201T100000Z', 'ATTENDEE:mailto:a@example.com', 'RRULE:FREQ=DAILY;COUNT=2')).proposal.recurrence, 'FREQ=DAILY;COUNT=2')
})

t.test('a quoted parameter left open is reported in plain words', async t => {
  t.match(failure(ics('DTSTART:20261201T100000Z', 'ATTENDEE;CN="Ana:mailto:a@example.com')).message, 'a quoted parameter value is not closed in the line')
})

/** The customized Outlook zone of the fixture with its DAYLIGHT part changed. */
const customized = (daylight: { start?: string, rule?: string }, extraObservances = 0): string =>
  fixture('outlook-customized-tz.ics')
    .replace('DTSTART:16010325T020000', `DTSTART:${daylight.start ?? '16010325T020000'}`)
    .replace('RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3', `RRULE:${daylight.rule ?? 'FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3'}`)
    .replace('END:VTIMEZONE', `${'BEGIN:STANDARD\r\nDTSTART:20000101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n'.repeat(extraObservances)}END:VTIMEZONE`)

t.test('a VTIMEZONE whose rules ical.js would expand for minutes is refused, naming the rule', async t => {
  // Each of these once held the event loop: 4 s (HOURLY) to 4 minutes (a DAILY rule no date satisfies).
  const rows: Array<[Parameters<typeof customized>[0], RegExp]> = [
    [{ rule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' }, /has the rule "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30": time-zone rules must repeat yearly \(Invalid RRULE: no date ever matches/],
    [{ rule: 'FREQ=HOURLY' }, /has the rule "FREQ=HOURLY": time-zone rules must repeat yearly\.$/],
    [{ rule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }, /time-zone rules must repeat yearly \(Invalid RRULE: no date ever matches/],
    [{ start: '00010325T020000' }, /has a rule starting in 1; rules starting before 1601 are not read\.$/],
    [{ rule: 'FREQ=YEARLY;BYDAY=-1XX;BYMONTH=3' }, /has the rule "FREQ=YEARLY;BYDAY=-1XX;BYMONTH=3": time-zone rules must repeat yearly \(Invalid RRULE: invalid BYDAY value/]
  ]
  for (const [daylight, message] of rows) {
    const error = failure(customized(daylight))
    t.equal(error.path, 'DTSTART')
    t.match(error.message, /^The VTIMEZONE "Customized Time Zone" used by DTSTART /)
    t.match(error.message, message)
  }
  t.match(failure(customized({}, 199)).message, 'has 201 STANDARD/DAYLIGHT parts; at most 200 are read')
  t.equal(singleEventProposal(customized({}, 198)).proposal.start, '2026-07-15T08:00:00Z', '200 parts are read')
})

t.test('a VTIMEZONE date not in the RFC 5545 form is refused as written (ical.js threw "Could not extract integer")', async t => {
  t.equal(failure(customized({ start: '1601-03-25T02:00:00' })).message,
    'The VTIMEZONE "Customized Time Zone" used by DTSTART has the DTSTART "1601-03-25T02:00:00", which is not a valid date or date-time.')
  const rdate = fixture('outlook-customized-tz.ics').replace('DTSTART:16010325T020000', 'DTSTART:16010325T020000\r\nRDATE:20270328T020000,soon')
  t.equal(failure(rdate).message, 'The VTIMEZONE "Customized Time Zone" used by DTSTART has the RDATE "soon", which is not a valid date or date-time.')
})

t.test('a DTSTART or DTEND in a year no meeting is placed in is refused from its text, before its VTIMEZONE is read', async t => {
  // Were the zone read, its BYHOUR rule would be refused: the year is checked first.
  const zone = customized({ rule: 'FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3;BYHOUR=2' })
  const at = (start: string, end = start.replace(/T\d+$/, 'T103000')) => zone
    .replace('DTSTART;TZID=Customized Time Zone:20260715T100000', `DTSTART;TZID=Customized Time Zone:${start}`)
    .replace('DTEND;TZID=Customized Time Zone:20260715T103000', `DTEND;TZID=Customized Time Zone:${end}`)
  t.match(failure(at('20260715T100000')).message, 'BYHOUR is not read in time-zone rules')
  for (const start of ['99991201T100000', '29990101T000000', '22011231T100000', '19701231T100000']) {
    const error = failure(at(start))
    t.equal(error.message, `One field is invalid: /start ${MEETING_RANGE_MESSAGE}`, `${start}: as a proposal's start out of range`)
    t.same(error.errors, [{ path: '/start', message: MEETING_RANGE_MESSAGE }], start)
  }
  t.equal(failure(ics('DTSTART;VALUE=DATE:99991201', 'ATTENDEE:mailto:a@example.com')).message, `One field is invalid: /start ${MEETING_RANGE_MESSAGE}`)
  const end = failure(customized({}).replace('DTEND;TZID=Customized Time Zone:20260715T103000', 'DTEND;TZID=Customized Time Zone:99991201T100000'))
  t.equal(end.path, 'DTEND')
  t.equal(end.message, `DTEND ${MEETING_RANGE_MESSAGE}, got "9999-12-01T10:00:00".`)
})

t.test('the years either side of the range are left to the exact check of the instant: an offset may bring them in', async t => {
  const start = (line: string) => singleEventProposal(ics(line, 'DURATION:PT30M', 'ATTENDEE:mailto:a@example.com')).proposal.start
  t.equal(start('DTSTART;TZID=Pacific/Honolulu:19711231T200000'), '1972-01-01T06:00:00Z')
  t.equal(start('DTSTART;TZID=Asia/Tokyo:22000101T050000'), '2199-12-31T20:00:00Z')
})

t.test('an event with no attendee who is a person says so, naming the rooms and resources left out and the ATTENDEE property', async t => {
  const hint = 'To evaluate it, add each person invited as an ATTENDEE with a mailto: address (ATTENDEE;CN=Ana:mailto:ana@example.com).'
  const none = failure(ics('DTSTART:20261201T100000Z', 'DURATION:PT30M'))
  t.equal(none.path, 'ATTENDEE')
  t.equal(none.message, `The event has no attendee who is a person, so there is no one to evaluate the meeting for: it lists no attendees and no organiser. ${hint}`)
  t.equal(none.errors, undefined, 'ATTENDEE is no JSON pointer')
  const rooms = failure(ics('DTSTART:20261201T100000Z', 'ATTENDEE;CUTYPE=ROOM;CN=Rhine:mailto:rhine@contoso.com', 'ATTENDEE;CUTYPE=RESOURCE:mailto:beamer@contoso.com'))
  t.equal(rooms.message, 'The event has no attendee who is a person, so there is no one to evaluate the meeting for: "rhine@contoso.com" (a room, not a person) and ' +
    `"beamer@contoso.com" (a resource, not a person) are left out. ${hint}`)
  const many = failure(ics('DTSTART:20261201T100000Z', 'ATTENDEE;CUTYPE=ROOM:mailto:a@contoso.com', 'ATTENDEE;CUTYPE=ROOM:mailto:b@contoso.com',
    'ATTENDEE;PARTSTAT=DECLINED:mailto:c@contoso.com', 'ATTENDEE;CN=Ana:Ana', 'ORGANIZER;CUTYPE=RESOURCE:mailto:d@contoso.com'))
  t.match(many.message, ': "a@contoso.com" (a room, not a person), "b@contoso.com" (a room, not a person), "c@contoso.com" (declined the invitation) and 2 more are left out.')
})

t.test('an organiser with an email is a participant, so an event with only rooms besides is evaluated', async t => {
  const { proposal, assumptions } = singleEventProposal(ics('DTSTART:20261201T100000Z', 'ATTENDEE;CUTYPE=ROOM:mailto:rhine@contoso.com', 'ORGANIZER;CN=Eli:mailto:eli@contoso.com'))
  t.same(proposal.participants, [{ email: 'eli@contoso.com', name: 'Eli', attendance: 'required', role: 'organizer' }])
  t.ok(assumptions.includes('rhine@contoso.com: left out (a room, not a person)'))
})
