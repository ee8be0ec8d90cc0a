// parseGoogleEvent on Calendar API Event resources: times and zones, attendees, HTML descriptions, recurrence.
import t from 'tap'
import { CalendarInputError, parseGoogleEvent } from '../../src/calendar/index.js'
import { jsonFixture } from './fixtures.js'

const base = { summary: 'Sync', start: { dateTime: '2026-12-01T17:00:00+01:00' }, end: { dateTime: '2026-12-01T17:30:00+01:00' }, attendees: [{ email: 'a@example.com' }] }

function failure (event: unknown): CalendarInputError {
  try {
    parseGoogleEvent(event)
  } catch (error) {
    if (error instanceof CalendarInputError) return error
    throw error
  }
  throw new Error('expected a CalendarInputError')
}

t.test('reads a full event resource and ignores the fields it does not use', async t => {
  const { proposal, assumptions } = parseGoogleEvent(jsonFixture('google-event.json'), { asOf: '2026-11-25T10:00:00Z' })
  t.same(proposal, {
    title: 'Pricing team sync',
    start: '2026-12-01T16:00:00Z',
    durationMinutes: 45,
    participants: [
      { email: 'ana@example.com', name: 'Ana Lima', attendance: 'required', role: 'organizer' },
      { email: 'Bo.Chen@Example.com', name: 'Bo Chen', attendance: 'required' },
      { email: 'cy@example.com', attendance: 'optional' }
    ],
    description: 'Weekly team sync for the pricing project.\nAgenda\n- Status of the Q3 pricing experiment (10 min)\n- Blockers & asks (15 min)\n- Next steps (5 min)\n\nNotes: pricing doc',
    purpose: 'status_update',
    agenda: {
      items: [{ title: 'Status of the Q3 pricing experiment', minutes: 10 }, { title: 'Blockers & asks', minutes: 15 }, { title: 'Next steps', minutes: 5 }],
      sharedAt: '2026-11-20T10:15:03.412Z'
    },
    timeZone: 'Europe/Berlin',
    recurrence: 'FREQ=WEEKLY;WKST=MO;UNTIL=20270330T155959Z;BYDAY=TU',
    asOf: '2026-11-25T10:00:00Z'
  })
  t.same(assumptions, [
    'recurrence: EXDATE and RDATE (removed and added occurrences) are not considered',
    'dee@example.com: left out (declined the invitation)',
    'c_1887abc2d3e4f5@resource.calendar.google.com: left out (a room or resource, not a person)',
    'purpose: status_update, inferred from "sync" in the title',
    'agenda: 3 items read from the description',
    'agenda shared at 2026-11-20T10:15:03.412Z: the event\'s last change (updated)'
  ])
})

t.test('an all-day event starts at midnight UTC; a group calendar organiser is not a person', async t => {
  const { proposal, assumptions } = parseGoogleEvent(jsonFixture('google-all-day.json'))
  t.match(proposal, { start: '2026-12-03T00:00:00Z', durationMinutes: 1440 })
  t.same(proposal.participants.map(p => p.email), ['ana@example.com', 'bo@example.com'])
  t.ok(assumptions.includes('team-calendar@group.calendar.google.com: left out (a shared calendar, not a person)'))
})

t.test('a local dateTime is read in its timeZone', async t => {
  const { proposal } = parseGoogleEvent({ ...base, start: { dateTime: '2026-12-01T09:00:00', timeZone: 'America/New_York' }, end: { dateTime: '2026-12-01T09:50:00', timeZone: 'America/New_York' } })
  t.match(proposal, { start: '2026-12-01T14:00:00Z', durationMinutes: 50, timeZone: 'America/New_York' })
})

t.test('the organiser is added as a required participant when not an attendee', async t => {
  const { proposal } = parseGoogleEvent({ ...base, organizer: { email: 'boss@example.com', displayName: 'Boss' } })
  t.same(proposal.participants, [{ email: 'a@example.com', attendance: 'required' }, { email: 'boss@example.com', name: 'Boss', attendance: 'required', role: 'organizer' }])
})

t.test('no end means 30 minutes, listed', async t => {
  const { proposal, assumptions } = parseGoogleEvent({ ...base, end: undefined, endTimeUnspecified: true })
  t.equal(proposal.durationMinutes, 30)
  t.ok(assumptions.includes('duration: the event has no end; 30 minutes assumed'))
})

t.test('an unknown timeZone names the field', async t => {
  const error = failure({ ...base, start: { dateTime: '2026-12-01T09:00:00', timeZone: 'Mars/Olympus' } })
  t.equal(error.path, '/start/timeZone')
  t.same(error.errors, [{ path: '/start/timeZone', message: error.message }])
})

t.test('a missing start, a local time without zone and a bad date are refused', async t => {
  t.equal(failure({ summary: 'x' }).path, '/start')
  t.equal(failure({ ...base, start: { dateTime: '2026-12-01T09:00:00' } }).path, '/start/dateTime')
  t.equal(failure({ ...base, start: { date: '2026-02-30' } }).path, '/start/date')
  t.equal(failure({ ...base, start: { dateTime: 'tomorrow' } }).path, '/start/dateTime')
  t.equal(failure([base]).path, '/')
})

t.test('wrongly typed fields name the field', async t => {
  t.equal(failure({ ...base, attendees: 'a@example.com' }).path, '/attendees')
  t.equal(failure({ ...base, summary: 42 }).path, '/summary')
  t.equal(failure({ ...base, recurrence: 'RRULE:FREQ=DAILY' }).path, '/recurrence')
})

t.test('a plain-text description keeps its lines: the agenda is the one its HTML, .ics or Graph forms give', async t => {
  const items = [{ title: 'Budget', minutes: 15 }, { title: 'Decide', minutes: 20 }]
  const descriptions = [
    '- Budget (15 min)\n- Decide (20 min)',
    'Agenda:\n- Budget (15 min)\n- Decide (20 min)',
    'Agenda:\r\n- Budget (15 min)\r\n- Decide (20 min)\r\nQuestions to Ana <ana@example.com>',
    'Agenda:<br>- Budget (15 min)<br>- Decide (20 min)',
    '<p>Agenda:</p><ul><li>Budget (15 min)</li><li>Decide (20 min)</li></ul>'
  ]
  for (const description of descriptions) {
    const { proposal, assumptions } = parseGoogleEvent({ ...base, description })
    t.same(proposal.agenda, { items }, JSON.stringify(description))
    t.ok(assumptions.includes('agenda: 2 items read from the description'))
  }
  t.equal(parseGoogleEvent({ ...base, description: descriptions[1] }).proposal.description, descriptions[1], 'the plain text is kept as sent')
})

t.test('the agenda is read from the description as stored, its first 20000 characters', async t => {
  const description = `- Early (10 min)\n${'x'.repeat(20_000)}\n- Late (10 min)`
  const { proposal, assumptions } = parseGoogleEvent({ ...base, description })
  t.same(proposal.agenda, { items: [{ title: 'Early', minutes: 10 }] })
  t.ok(assumptions.includes('description: cut to its first 20000 characters'))
  const spaces = parseGoogleEvent({ ...base, description: `- a${' '.repeat(19_000)}x\n- Budget (15 min)` })
  t.same(spaces.proposal.agenda, { items: [{ title: 'Budget', minutes: 15 }] }, 'a line of 19,000 spaces (2 s before) is skipped, the next read')
})

t.test('a cancelled event is read with an assumption; a cancelled occurrence without a start says why it is refused', async t => {
  const { proposal, assumptions } = parseGoogleEvent({ ...base, status: 'cancelled' })
  t.equal(proposal.start, '2026-12-01T16:00:00Z')
  t.ok(assumptions.includes('status: the event is cancelled (/status)'))
  t.notOk(parseGoogleEvent({ ...base, status: 'confirmed' }).assumptions.some(a => a.startsWith('status:')))
  const bare = failure({ id: 'abc_20261201T160000Z', status: 'cancelled' })
  t.equal(bare.path, '/start')
  t.equal(bare.message, 'The event is cancelled (/status) and has no start: there is no meeting to evaluate.')
})

t.test('an event with no attendee who is a person is refused at /attendees, naming the resources left out', async t => {
  const hint = 'To evaluate it, add each person invited to /attendees with their email.'
  const alone = failure({ ...base, attendees: undefined })
  t.equal(alone.path, '/attendees')
  t.same(alone.errors, [{ path: '/attendees', message: `The event has no attendee who is a person, so there is no one to evaluate the meeting for: it lists no attendees and no organiser. ${hint}` }])
  const rooms = failure({ ...base, attendees: [{ email: 'c_1887@resource.calendar.google.com', displayName: 'Rhine', resource: true }, { email: 'projector@example.com', resource: true }] })
  t.equal(rooms.message, 'The event has no attendee who is a person, so there is no one to evaluate the meeting for: "c_1887@resource.calendar.google.com" ' +
    `(a room or resource, not a person) and "projector@example.com" (a room or resource, not a person) are left out. ${hint}`)
  const withOrganizer = parseGoogleEvent({ ...base, attendees: [{ email: 'projector@example.com', resource: true }], organizer: { email: 'eli@example.com' } })
  t.same(withOrganizer.proposal.participants, [{ email: 'eli@example.com', attendance: 'required', role: 'organizer' }])
})

t.test('responseStatus is read in any letter case: "Declined" is left out', async t => {
  const { proposal, assumptions } = parseGoogleEvent({ ...base, attendees: [{ email: 'a@example.com', responseStatus: 'Accepted' }, { email: 'dee@example.com', responseStatus: 'DECLINED' }] })
  t.same(proposal.participants, [{ email: 'a@example.com', attendance: 'required' }])
  t.ok(assumptions.includes('dee@example.com: left out (declined the invitation)'))
})
