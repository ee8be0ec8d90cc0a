// parseICalendar on exports modelled on Google, Outlook, Apple and Thunderbird: zones, roles, recurrence, agenda.
import t from 'tap'
import { Settings } from 'luxon'
import { parseICalendar, singleEventProposal } from '../../src/calendar/index.js'
import { fixture, ics } from './fixtures.js'

t.test('reads a Google export: zone, attendees, room and declined left out, agenda shared at LAST-MODIFIED, RRULE', async t => {
  const [event, ...rest] = parseICalendar(fixture('google-weekly.ics'), { asOf: '2026-11-25T10:00:00Z' })
  t.equal(rest.length, 0)
  t.same(event!.proposal, {
    title: 'Pricing team sync',
    start: '2026-12-01T16:00:00Z',
    durationMinutes: 45,
    participants: [
      { email: 'ana@example.com', name: 'Ana Lima', attendance: 'required', role: 'organizer' },
      { email: 'Bo.Chen@Example.com', name: 'Bo Chen', attendance: 'required' },
      { email: 'cy@example.com', attendance: 'optional' }
    ],
    description: event!.proposal.description,
    purpose: 'status_update',
    agenda: {
      items: [{ title: 'Status of the Q3 pricing experiment', minutes: 10 }, { title: 'Blockers and asks', minutes: 15 }, { title: 'Next steps', minutes: 5 }],
      sharedAt: '2026-11-20T10:15:00Z'
    },
    timeZone: 'Europe/Berlin',
    recurrence: 'FREQ=WEEKLY;WKST=MO;UNTIL=20270330T155959Z;BYDAY=TU',
    asOf: '2026-11-25T10:00:00Z'
  })
  t.match(event!.proposal.description, /^Weekly team sync for the pricing project\.\n\nAgenda:\n- Status/)
  t.same(event!.assumptions, [
    'dee@example.com: left out (declined the invitation)',
    'c_1887abc2d3e4f5@resource.calendar.google.com: left out (a resource, not a person)',
    'purpose: status_update, inferred from "sync" in the title',
    'agenda: 3 items read from the description',
    'agenda shared at 2026-11-20T10:15:00Z: the event\'s last change (LAST-MODIFIED)'
  ])
})

t.test('maps an Outlook Windows TZID and leaves out a NON-PARTICIPANT room', async t => {
  const { proposal, assumptions } = singleEventProposal(fixture('outlook-windows-tzid.ics'))
  t.equal(proposal.start, '2026-12-01T16:00:00Z')
  t.equal(proposal.timeZone, 'Europe/Berlin')
  t.same(proposal.participants.map(p => [p.email, p.attendance, p.role]), [
    ['Bo.Chen@contoso.com', 'required', undefined], ['cy.park@contoso.com', 'optional', undefined], ['Ana.Lima@contoso.com', 'required', 'organizer']
  ])
  t.same(proposal.agenda?.items.map(i => i.minutes), [10, 15, 15])
  t.equal(proposal.purpose, 'decision')
  t.ok(assumptions.includes('time zone: TZID "W. Europe Standard Time" read as Europe/Berlin'))
  t.ok(assumptions.includes('rhine@contoso.com: left out (a resource, not a person)'))
  t.ok(assumptions.includes('Ana.Lima@contoso.com: the organiser, added as a required participant'))
})

t.test('maps a quoted Windows display-name TZID, keeps odd PARTSTATs and a non-UTC UNTIL', async t => {
  const { proposal, assumptions } = singleEventProposal(fixture('outlook-display-tzid.ics'))
  t.equal(proposal.start, '2026-12-03T15:00:00Z')
  t.equal(proposal.durationMinutes, 90)
  t.equal(proposal.timeZone, 'America/New_York')
  t.equal(proposal.recurrence, 'FREQ=MONTHLY;UNTIL=20270603T100000;INTERVAL=1;BYDAY=1TH', 'as written')
  t.same(proposal.participants.map(p => p.email), ['fay@fabrikam.com', 'gus@fabrikam.com', 'eli@fabrikam.com'])
  t.equal(proposal.urgency, 'high')
  t.ok(assumptions.includes('urgency: high, from PRIORITY 1'))
})

t.test('uses the VTIMEZONE offsets for a TZID no table knows', async t => {
  const { proposal, assumptions } = singleEventProposal(fixture('outlook-customized-tz.ics'))
  t.equal(proposal.start, '2026-07-15T08:00:00Z')
  t.equal(proposal.timeZone, undefined)
  t.ok(assumptions.includes('time zone: "Customized Time Zone" is not a known zone name; the offsets of its VTIMEZONE were used'))
})

t.test('reads an Apple export with LF endings, EMAIL= attendees and a skipped override', async t => {
  const events = parseICalendar(fixture('apple-series.ics'))
  t.equal(events.length, 1)
  const { proposal, assumptions } = events[0]!
  t.equal(proposal.start, '2026-12-08T17:00:00Z')
  t.equal(proposal.timeZone, 'America/Los_Angeles')
  t.equal(proposal.recurrence, 'FREQ=WEEKLY;UNTIL=20270105T095959;BYDAY=TU')
  t.same(proposal.participants, [
    { email: 'hana@icloud.example', name: 'Hana Sato', attendance: 'required', role: 'organizer' },
    { email: 'ivo@example.com', name: 'Ivo Petrov', attendance: 'required' },
    { email: 'jo@example.com', name: 'Jo Mills', attendance: 'optional' }
  ])
  t.same(proposal.agenda?.items, [{ title: 'Demo of the new onboarding flow', minutes: 20 }, { title: 'Questions', minutes: 10 }])
  t.ok(assumptions.includes('recurrence: 1 changed occurrence (RECURRENCE-ID) skipped; the series is evaluated as planned'))
})

t.test('counts the changed occurrences of each series in the file, whatever their order', async t => {
  const vevent = (uid: string, recurrenceId?: string) => ['BEGIN:VEVENT', `UID:${uid}`, ...(recurrenceId === undefined ? [] : [`RECURRENCE-ID:${recurrenceId}`]),
    `DTSTART:${recurrenceId ?? '20261201T100000Z'}`, 'DURATION:PT30M', 'ATTENDEE:mailto:ana@example.com', 'END:VEVENT']
  const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN',
    ...vevent('b', '20261208T100000Z'), ...vevent('a'), ...vevent('b'), ...vevent('a', '20261215T100000Z'), ...vevent('b', '20261222T100000Z'),
    ...vevent('c'), ...vevent('lone', '20261229T100000Z'), 'END:VCALENDAR', ''].join('\r\n')
  const events = parseICalendar(text)
  const skipped = (e: { assumptions: string[] }) => e.assumptions.find(a => a.startsWith('recurrence:'))
  t.same(events.map(e => [e.proposal.start, skipped(e)]), [
    ['2026-12-01T10:00:00Z', 'recurrence: 1 changed occurrence (RECURRENCE-ID) skipped; the series is evaluated as planned'],
    ['2026-12-01T10:00:00Z', 'recurrence: 2 changed occurrences (RECURRENCE-ID) skipped; the series is evaluated as planned'],
    ['2026-12-01T10:00:00Z', undefined],
    ['2026-12-29T10:00:00Z', undefined]
  ], 'a, b and c in file order; the change of a series not in the file is an event of its own')
})

t.test('strips a /mozilla.org/ prefix from a TZID and reads DURATION', async t => {
  const { proposal, assumptions } = singleEventProposal(fixture('thunderbird-mozilla-tzid.ics'))
  t.equal(proposal.start, '2026-12-02T14:00:00Z')
  t.equal(proposal.durationMinutes, 50)
  t.equal(proposal.timeZone, 'Europe/London')
  t.equal(proposal.purpose, 'problem_solving')
  t.ok(assumptions.includes('time zone: TZID "/mozilla.org/20070129_1/Europe/London" read as Europe/London'))
})

t.test('reads floating times in UTC and all-day events as 24 hours from midnight', async t => {
  const [floating, allDay] = parseICalendar(fixture('floating-and-all-day.ics'))
  t.match(floating, { proposal: { title: '(no title)', start: '2026-12-01T09:00:00Z', durationMinutes: 30 } })
  t.same(floating!.assumptions.slice(0, 3), [
    'DTSTART is a floating time (no zone): read in UTC',
    'duration: no DTEND or DURATION; 30 minutes assumed',
    'title: the event has none; "(no title)" used'
  ])
  t.match(allDay, { proposal: { start: '2026-12-03T00:00:00Z', durationMinutes: 1440 } })
  t.equal(allDay!.assumptions[0], 'all-day event: evaluated as a 24-hour meeting from 00:00 UTC on 2026-12-03 (it spans 2 days; only the first is evaluated)')
})

t.test('reads floating and all-day times in the calendar\'s X-WR-TIMEZONE', async t => {
  const text = ics('DTSTART:20261201T090000', 'DURATION:PT25M', 'ATTENDEE:mailto:a@example.com')
    .replace('PRODID:-//Tests//EN', 'PRODID:-//Tests//EN\r\nX-WR-TIMEZONE:Asia/Tokyo')
  const { proposal, assumptions } = singleEventProposal(text)
  t.equal(proposal.start, '2026-12-01T00:00:00Z')
  t.equal(proposal.timeZone, 'Asia/Tokyo')
  t.ok(assumptions.includes('DTSTART is a floating time (no zone): read in Asia/Tokyo, the calendar\'s X-WR-TIMEZONE'))
  const day = singleEventProposal(text.replace('DTSTART:20261201T090000', 'DTSTART;VALUE=DATE:20261201'))
  t.equal(day.proposal.start, '2026-11-30T15:00:00Z')
})

t.test('an all-day event without DTEND lasts one day', async t => {
  const { proposal } = singleEventProposal(ics('DTSTART;VALUE=DATE:20261201', 'ATTENDEE:mailto:a@example.com'))
  t.equal(proposal.durationMinutes, 1440)
})

t.test('reads roles: CHAIR required, OPT optional, NON-PARTICIPANT and rooms out, organizer once, an address listed again required if either is', async t => {
  const { proposal, assumptions } = singleEventProposal(ics(
    'DTSTART:20261201T160000Z', 'DURATION:PT30M',
    'ORGANIZER;CN=Chair:mailto:Chair@Example.com',
    'ATTENDEE;ROLE=CHAIR;PARTSTAT=ACCEPTED:mailto:chair@example.com',
    'ATTENDEE;ROLE=OPT-PARTICIPANT:MAILTO:Opt@Example.com',
    'ATTENDEE;ROLE=NON-PARTICIPANT:mailto:fyi@example.com',
    'ATTENDEE;CUTYPE=ROOM:mailto:room@example.com',
    'ATTENDEE;PARTSTAT=DECLINED:mailto:no@example.com',
    'ATTENDEE:mailto:opt@example.com'
  ))
  t.same(proposal.participants, [
    { email: 'chair@example.com', attendance: 'required', role: 'organizer' },
    { email: 'Opt@Example.com', attendance: 'required' }
  ])
  t.ok(assumptions.includes('Opt@Example.com: listed twice; counted once, as required (one listing is)'), 'ATTENDEE without ROLE is a REQ-PARTICIPANT')
  t.ok(assumptions.includes('fyi@example.com: left out (a non-participant, copied for information)'))
  t.ok(assumptions.includes('room@example.com: left out (a room, not a person)'))
  t.ok(assumptions.includes('no@example.com: left out (declined the invitation)'))
})

t.test('ignores X-properties and unknown parameters', async t => {
  const { proposal } = singleEventProposal(ics('DTSTART:20261201T160000Z', 'DTEND:20261201T163000Z', 'X-GOOGLE-CONFERENCE:https://meet.google.com/x', 'ATTENDEE;X-NUM-GUESTS=0;FOO=bar:mailto:a@example.com'))
  t.same(proposal.participants, [{ email: 'a@example.com', attendance: 'required' }])
})

t.test('lists every VEVENT of a calendar', async t => {
  const two = ics('DTSTART:20261201T160000Z', 'SUMMARY:One', 'ATTENDEE:mailto:a@example.com', 'END:VEVENT', 'BEGIN:VEVENT', 'UID:t-2', 'DTSTART:20261202T160000Z', 'SUMMARY:Two', 'ATTENDEE:mailto:a@example.com')
  t.same(parseICalendar(two).map(e => e.proposal.title), ['One', 'Two'])
})

t.test('DTSTART at a repeated wall time is its first occurrence and one in a gap moves forward, whatever the date today', async t => {
  const saved = Settings.now
  try {
    for (const now of [Date.UTC(2026, 6, 1), Date.UTC(2027, 0, 15)]) {
      Settings.now = () => now
      const repeated = singleEventProposal(ics('SUMMARY:Night sync', 'DTSTART;TZID=America/New_York:20261101T013000', 'DURATION:PT30M', 'ATTENDEE:mailto:ana@example.com'))
      t.equal(repeated.proposal.start, '2026-11-01T05:30:00Z')
      const gap = singleEventProposal(ics('SUMMARY:Night sync', 'DTSTART;TZID=America/New_York:20260308T023000', 'DURATION:PT30M', 'ATTENDEE:mailto:ana@example.com'))
      t.equal(gap.proposal.start, '2026-03-08T07:30:00Z', '02:30 does not exist: 03:30 EDT')
    }
  } finally {
    Settings.now = saved
  }
})

t.test('events sharing one VTIMEZONE each get the offset of their own date, in any order', async t => {
  const text = fixture('outlook-customized-tz.ics')
  const event = text.slice(text.indexOf('BEGIN:VEVENT'), text.indexOf('END:VEVENT') + 'END:VEVENT'.length)
  const at = (uid: string, date: string) => event.replace('UID:customized-1@fabrikam.com', `UID:${uid}`)
    .replace('DTSTART;TZID=Customized Time Zone:20260715T100000', `DTSTART;TZID=Customized Time Zone:${date}T100000`)
    .replace('DTEND;TZID=Customized Time Zone:20260715T103000', `DTEND;TZID=Customized Time Zone:${date}T103000`)
  const events = [at('a', '20270115'), at('b', '20260715'), at('c', '20251201'), at('d', '20281001')]
  const file = text.replace(event, events.join('\r\n'))
  t.same(parseICalendar(file).map(e => e.proposal.start),
    ['2027-01-15T09:00:00Z', '2026-07-15T08:00:00Z', '2025-12-01T09:00:00Z', '2028-10-01T08:00:00Z'])
})

t.test('a CANCELLED event is still read, and says so under assumptions', async t => {
  const [cancelled] = parseICalendar(ics('DTSTART:20261201T160000Z', 'DURATION:PT30M', 'SUMMARY:Sync', 'STATUS:CANCELLED', 'ATTENDEE:mailto:a@example.com'))
  t.ok(cancelled!.assumptions.includes('status: the event is marked CANCELLED'))
  const [confirmed] = parseICalendar(ics('DTSTART:20261201T160000Z', 'DURATION:PT30M', 'SUMMARY:Sync', 'STATUS:CONFIRMED', 'ATTENDEE:mailto:a@example.com'))
  t.notOk(confirmed!.assumptions.some(a => a.startsWith('status:')))
})

t.test('an HTML DESCRIPTION (Google\'s export) is read as the Google API\'s description is: text and agenda', async t => {
  const html = '<b>Agenda</b><br><ul><li>Options recap (10 min)</li><li>Decide on owner\\, today (15 min)</li></ul>'
  const { proposal, assumptions } = singleEventProposal(ics('DTSTART:20261201T160000Z', 'DURATION:PT30M', 'ATTENDEE:mailto:a@example.com', `DESCRIPTION:${html}`))
  t.equal(proposal.description, 'Agenda\n- Options recap (10 min)\n- Decide on owner, today (15 min)')
  t.same(proposal.agenda, { items: [{ title: 'Options recap', minutes: 10 }, { title: 'Decide on owner, today', minutes: 15 }] })
  t.ok(assumptions.includes('agenda: 2 items read from the description'))
  const plain = singleEventProposal(ics('DTSTART:20261201T160000Z', 'ATTENDEE:mailto:a@example.com', 'DESCRIPTION:Ask Ana <ana@example.com>\\n- Budget (15 min)'))
  t.equal(plain.proposal.description, 'Ask Ana <ana@example.com>\n- Budget (15 min)', 'plain text keeps its lines and angle brackets')
})

t.test('without a DESCRIPTION, Outlook\'s X-ALT-DESC;FMTTYPE=text/html is the description', async t => {
  const altDesc = 'X-ALT-DESC;FMTTYPE=text/html:<html><body><p>Agenda</p>\\n<ul><li>Budget\\, costs (15 min)</li><li>Decide\\; assign (20 min)</li></ul></body></html>'
  const start = ['DTSTART:20261201T160000Z', 'DURATION:PT45M', 'ATTENDEE:mailto:a@example.com']
  const items = [{ title: 'Budget, costs', minutes: 15 }, { title: 'Decide; assign', minutes: 20 }]
  for (const description of [[], ['DESCRIPTION:'], ['DESCRIPTION: \\n']]) {
    const { proposal } = singleEventProposal(ics(...start, ...description, altDesc))
    t.equal(proposal.description, 'Agenda\n- Budget, costs (15 min)\n- Decide; assign (20 min)', JSON.stringify(description))
    t.same(proposal.agenda, { items })
  }
  const both = singleEventProposal(ics(...start, 'DESCRIPTION:Agenda\\n- Budget (10 min)', altDesc))
  t.same(both.proposal.agenda, { items: [{ title: 'Budget', minutes: 10 }] }, 'a DESCRIPTION comes first')
  t.notOk(singleEventProposal(ics(...start, altDesc.replace('text/html', 'text/plain'))).proposal.description, 'another FMTTYPE is not read')
})

t.test('a file whose lines end in a lone CR (classic Mac OS) is read as its CRLF copy, folds included', async t => {
  const lines = ['DTSTART;TZID=Europe/Berlin:20261201T100000', 'DURATION:PT45M', 'SUMMARY:Pick the pricing', '  option', 'ATTENDEE;CN=Ana:mailto:ana@example.com',
    'DESCRIPTION:- Options (10 min)\\n- Decide (15 min)']
  const crlf = ics(...lines)
  const cr = crlf.replaceAll('\r\n', '\r')
  t.notOk(cr.includes('\n'))
  const [event] = parseICalendar(cr)
  t.same(event, parseICalendar(crlf)[0])
  t.equal(event!.proposal.title, 'Pick the pricing option')
  t.equal(event!.proposal.timeZone, 'Europe/Berlin')
})

t.test('in a file with LF line ends, a lone CR is a character of its value, as ical.js reads it', async t => {
  // A writer that escapes only the LF of a CRLF inside a DESCRIPTION leaves its CR raw.
  const { proposal } = singleEventProposal(ics('DTSTART:20261201T160000Z', 'ATTENDEE:mailto:a@example.com', 'DESCRIPTION:Agenda\r\\n- Options (10 min)\r\\n- Decide (15 min)'))
  t.equal(proposal.description, 'Agenda\r\n- Options (10 min)\r\n- Decide (15 min)')
  t.same(proposal.agenda, { items: [{ title: 'Options', minutes: 10 }, { title: 'Decide', minutes: 15 }] })
})

t.test('a series whose DTSTART is in UTC is expanded in UTC (RFC 5545 3.8.5.3); a single event in UTC keeps its zone open', async t => {
  const note = 'meeting time zone: UTC, as the series\' DTSTART is in UTC (RFC 5545 3.8.5.3: its occurrences keep that UTC time)'
  const series = singleEventProposal(ics('DTSTART:20261020T070000Z', 'DURATION:PT60M', 'RRULE:FREQ=WEEKLY;BYDAY=TU', 'ORGANIZER:mailto:eve@example.com', 'ATTENDEE:mailto:ber@example.com'))
  t.equal(series.proposal.timeZone, 'UTC')
  t.ok(series.assumptions.includes(note))
  const single = singleEventProposal(ics('DTSTART:20261020T070000Z', 'DURATION:PT60M', 'ORGANIZER:mailto:eve@example.com', 'ATTENDEE:mailto:ber@example.com'))
  t.equal(single.proposal.timeZone, undefined, 'the organiser\'s zone (as resolved) places its day')
  t.notOk(single.assumptions.some(a => a.startsWith('meeting time zone')))
  const zoned = singleEventProposal(ics('DTSTART;TZID=Europe/Berlin:20261020T090000', 'DURATION:PT60M', 'RRULE:FREQ=WEEKLY;BYDAY=TU', 'ATTENDEE:mailto:ber@example.com'))
  t.equal(zoned.proposal.timeZone, 'Europe/Berlin', 'a series with a TZID keeps it')
  const floating = singleEventProposal(ics('DTSTART:20261020T090000', 'DURATION:PT60M', 'RRULE:FREQ=WEEKLY;BYDAY=TU', 'ATTENDEE:mailto:ber@example.com'))
  t.equal(floating.proposal.timeZone, undefined, 'a floating series is not in UTC')
})
