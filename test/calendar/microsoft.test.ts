// parseMicrosoftEvent on Graph event resources: Windows zones, attendee types, HTML bodies, recurrence, importance.
import t from 'tap'
import { CalendarInputError, parseMicrosoftEvent } from '../../src/calendar/index.js'
import { Settings } from 'luxon'
import { jsonFixture } from './fixtures.js'

const base = {
  subject: 'Budget review',
  start: { dateTime: '2026-12-01T09:00:00.0000000', timeZone: 'Eastern Standard Time' },
  end: { dateTime: '2026-12-01T09:30:00.0000000', timeZone: 'Eastern Standard Time' },
  attendees: [{ type: 'required', emailAddress: { address: 'a@example.com', name: 'A' } }]
}

function failure (event: unknown): CalendarInputError {
  try {
    parseMicrosoftEvent(event)
  } catch (error) {
    if (error instanceof CalendarInputError) return error
    throw error
  }
  throw new Error('expected a CalendarInputError')
}

t.test('reads a full Graph event: Windows zone, types, declined, HTML body, recurrence, importance', async t => {
  const { proposal, assumptions } = parseMicrosoftEvent(jsonFixture('microsoft-event.json'))
  t.match(proposal, {
    title: 'Pick the Q3 pricing option',
    start: '2026-12-01T16:00:00Z',
    durationMinutes: 45,
    timeZone: 'Europe/Berlin',
    urgency: 'high',
    purpose: 'decision',
    recurrence: 'FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1;UNTIL=20270630'
  })
  t.same(proposal.participants, [
    { email: 'Bo.Chen@contoso.com', name: 'Bo Chen', attendance: 'required' },
    { email: 'cy.park@contoso.com', name: 'Cy Park', attendance: 'optional' },
    { email: 'Ana.Lima@contoso.com', name: 'Ana Lima', attendance: 'required', role: 'organizer' }
  ])
  t.same(proposal.agenda?.items, [{ title: 'Recap the two options', minutes: 10 }, { title: 'Risks', minutes: 15 }, { title: 'Decide & assign an owner', minutes: 15 }])
  t.notMatch(proposal.description ?? '', /<|margin-top|elementToProof/)
  t.same(assumptions.slice(0, 5), [
    'time zone: "W. Europe Standard Time" read as Europe/Berlin',
    'urgency: high, from importance high',
    'dee@contoso.com: left out (declined the invitation)',
    'rhine@contoso.com: left out (a room or resource, not a person)',
    'Ana.Lima@contoso.com: the organiser, added as a required participant'
  ])
})

t.test('a UTC answer takes the organiser\'s zone from originalStartTimeZone', async t => {
  const { proposal, assumptions } = parseMicrosoftEvent(jsonFixture('microsoft-utc.json'))
  t.match(proposal, { start: '2026-12-01T17:00:00Z', durationMinutes: 15, timeZone: 'America/Los_Angeles', recurrence: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=20' })
  t.equal(proposal.description, undefined)
  t.same(proposal.participants.map(p => [p.email, p.role]), [['eli@fabrikam.com', undefined], ['fay@fabrikam.com', 'organizer']])
  t.ok(assumptions.includes('time zone: America/Los_Angeles, the event\'s originalStartTimeZone ("Pacific Standard Time")'))
})

t.test('IANA zone names are accepted too', async t => {
  const { proposal } = parseMicrosoftEvent({ ...base, start: { dateTime: '2026-12-01T09:00:00', timeZone: 'Asia/Kolkata' }, end: { dateTime: '2026-12-01T09:30:00', timeZone: 'Asia/Kolkata' } })
  t.match(proposal, { start: '2026-12-01T03:30:00Z', timeZone: 'Asia/Kolkata' })
})

t.test('an all-day event is 24 hours from local midnight', async t => {
  const { proposal } = parseMicrosoftEvent({ ...base, isAllDay: true, start: { dateTime: '2026-12-01T00:00:00.0000000', timeZone: 'W. Europe Standard Time' }, end: { dateTime: '2026-12-02T00:00:00.0000000', timeZone: 'W. Europe Standard Time' } })
  t.match(proposal, { start: '2026-11-30T23:00:00Z', durationMinutes: 1440 })
})

t.test('a text body is kept as is and low importance is low urgency', async t => {
  const { proposal } = parseMicrosoftEvent({ ...base, importance: 'low', body: { contentType: 'text', content: 'Agenda\n- Numbers (20 min)' } })
  t.match(proposal, { urgency: 'low', description: 'Agenda\n- Numbers (20 min)', agenda: { items: [{ title: 'Numbers', minutes: 20 }] } })
})

t.test('an HTML body with markup left unclosed is read in linear time (40,000 "<!--" once took 6 s)', async t => {
  const agenda = '<ul><li>Numbers (20 min)</li></ul>'
  for (const rest of ['<!--', '<br', '<', '<head>']) {
    const { proposal } = parseMicrosoftEvent({ ...base, body: { contentType: 'html', content: agenda + rest.repeat(100_000) } })
    t.same(proposal.agenda, { items: [{ title: 'Numbers', minutes: 20 }] }, rest)
  }
})

t.test('an unknown zone names the field', async t => {
  const error = failure({ ...base, start: { dateTime: '2026-12-01T09:00:00', timeZone: 'Nowhere Standard Time' } })
  t.equal(error.path, '/start/timeZone')
  t.match(error.message, 'Unknown time zone "Nowhere Standard Time"')
})

t.test('a missing end or an end before the start is refused', async t => {
  t.equal(failure({ ...base, end: undefined }).path, '/end')
  t.equal(failure({ ...base, end: { dateTime: '2026-12-01T08:00:00', timeZone: 'Eastern Standard Time' } }).path, '/end/dateTime')
})

t.test('a start or end without timeZone is refused naming it, as Google\'s is, whichever side lacks it', async t => {
  const berlin = { dateTime: '2026-12-01T16:00:00.0000000', timeZone: 'W. Europe Standard Time' }
  const cases: Array<[string, unknown, unknown]> = [
    ['/end', berlin, { dateTime: '2026-12-01T16:45:00.0000000' }],
    ['/start', { dateTime: '2026-12-01T16:00:00.0000000' }, { ...berlin, dateTime: '2026-12-01T16:45:00.0000000' }],
    ['/start', { dateTime: '2026-12-01T16:00:00.0000000' }, { dateTime: '2026-12-01T16:45:00.0000000' }]
  ]
  for (const [side, start, end] of cases) {
    const error = failure({ ...base, start, end })
    t.equal(error.path, `${side}/timeZone`, JSON.stringify({ start, end }))
    t.equal(error.message, `${side}/dateTime has no offset and ${side}/timeZone is missing: the instant is unknown.`)
  }
})

t.test('a dateTime with an offset needs no timeZone; the meeting is then placed in UTC, listed', async t => {
  const { proposal, assumptions } = parseMicrosoftEvent({ ...base, start: { dateTime: '2026-12-01T16:00:00+01:00' }, end: { dateTime: '2026-12-01T15:45:00Z' } })
  t.match(proposal, { start: '2026-12-01T15:00:00Z', durationMinutes: 45, timeZone: 'UTC' })
  t.ok(assumptions.includes('time zone: /start/timeZone is missing; UTC assumed'))
})

t.test('a bad recurrence names the field', async t => {
  t.equal(failure({ ...base, recurrence: { pattern: { type: 'hourly' } } }).path, '/recurrence/pattern/type')
  t.equal(failure({ ...base, recurrence: { pattern: { type: 'weekly', daysOfWeek: ['funday'] } } }).path, '/recurrence/pattern/daysOfWeek/0')
})

t.test('a wall time that occurs twice is its first occurrence, whatever the date today (RFC 5545)', async t => {
  const saved = Settings.now
  try {
    for (const now of [Date.UTC(2026, 6, 1), Date.UTC(2027, 0, 15)]) {
      Settings.now = () => now
      const { proposal } = parseMicrosoftEvent({ ...base, start: { dateTime: '2026-11-01T01:30:00.0000000', timeZone: 'Eastern Standard Time' }, end: { dateTime: '2026-11-01T02:30:00.0000000', timeZone: 'Eastern Standard Time' } })
      t.match(proposal, { start: '2026-11-01T05:30:00Z', durationMinutes: 120 }, `01:30 EDT to 02:30 EST, asked on ${new Date(now).toISOString().slice(0, 10)}`)
    }
  } finally {
    Settings.now = saved
  }
})

t.test('Graph\'s tzone:// originalStartTimeZone values: Utc is UTC, Custom falls back to the zone of start, listed', async t => {
  const utc = { ...base, start: { dateTime: '2026-12-01T16:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-12-01T16:45:00.0000000', timeZone: 'UTC' } }
  const asUtc = parseMicrosoftEvent({ ...utc, originalStartTimeZone: 'tzone://Microsoft/Utc' })
  t.match(asUtc.proposal, { start: '2026-12-01T16:00:00Z', durationMinutes: 45, timeZone: 'UTC' })
  t.notOk(asUtc.assumptions.some(a => a.startsWith('time zone:')), 'UTC is not a fallback')
  for (const original of ['tzone://Microsoft/Custom', 'tzone://Microsoft/SomethingNew']) {
    const { proposal, assumptions } = parseMicrosoftEvent({ ...utc, originalStartTimeZone: original })
    t.match(proposal, { start: '2026-12-01T16:00:00Z', durationMinutes: 45, timeZone: 'UTC' }, original)
    t.ok(assumptions.includes(`time zone: originalStartTimeZone "${original}" names no known zone; UTC, the zone of start, assumed`), original)
  }
  const newYork = parseMicrosoftEvent({ ...base, originalStartTimeZone: 'tzone://Microsoft/Custom' })
  t.equal(newYork.proposal.timeZone, 'America/New_York', 'a start with its own zone is used as before')
  t.equal(failure({ ...utc, originalStartTimeZone: 'Mars Standard Time' }).path, '/originalStartTimeZone', 'an unknown zone name is still refused')
})

t.test('a UTC answer whose originalStartTimeZone names no zone takes a series\' zone from recurrence.range.recurrenceTimeZone', async t => {
  const utc = { ...base, start: { dateTime: '2026-10-20T07:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-10-20T08:00:00.0000000', timeZone: 'UTC' } }
  const series = (recurrenceTimeZone?: string) => ({
    pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] },
    range: { type: 'noEnd', startDate: '2026-10-20', ...(recurrenceTimeZone === undefined ? {} : { recurrenceTimeZone }) }
  })
  const zoneOf = (event: Record<string, unknown>) => {
    const { proposal, assumptions } = parseMicrosoftEvent(event)
    return [proposal.timeZone, assumptions.filter(a => a.startsWith('time zone:'))]
  }
  t.same(zoneOf({ ...utc, originalStartTimeZone: 'tzone://Microsoft/Custom', recurrence: series('W. Europe Standard Time') }),
    ['Europe/Berlin', ['time zone: Europe/Berlin, the series\' recurrenceTimeZone ("W. Europe Standard Time"), as originalStartTimeZone "tzone://Microsoft/Custom" names no known zone']])
  t.same(zoneOf({ ...utc, recurrence: series('Europe/Berlin') }), ['Europe/Berlin', ['time zone: Europe/Berlin, the series\' recurrenceTimeZone ("Europe/Berlin")']], 'without originalStartTimeZone')
  t.same(zoneOf({ ...utc, recurrence: series('UTC') }), ['UTC', []])
  t.same(zoneOf({ ...utc, originalStartTimeZone: 'Pacific Standard Time', recurrence: series('W. Europe Standard Time') }),
    ['America/Los_Angeles', ['time zone: America/Los_Angeles, the event\'s originalStartTimeZone ("Pacific Standard Time")']], 'originalStartTimeZone first')
  t.same(zoneOf({ ...utc, originalStartTimeZone: 'tzone://Microsoft/Utc', recurrence: series('W. Europe Standard Time') }), ['UTC', []], 'an event made in UTC stays in UTC')
  t.same(zoneOf({ ...utc, originalStartTimeZone: 'tzone://Microsoft/Custom', recurrence: series('tzone://Microsoft/Custom') }),
    ['UTC', ['time zone: originalStartTimeZone "tzone://Microsoft/Custom" names no known zone; UTC, the zone of start, assumed']])
  t.same(zoneOf({ ...base, recurrence: series('W. Europe Standard Time') }), ['America/New_York', ['time zone: "Eastern Standard Time" read as America/New_York']],
    'a start with its own zone is used as before')
  t.equal(failure({ ...utc, originalStartTimeZone: 'tzone://Microsoft/Custom', recurrence: series('Mars Standard Time') }).path, '/recurrence/range/recurrenceTimeZone')
})

t.test('a cancelled event (isCancelled) is read with an assumption', async t => {
  t.ok(parseMicrosoftEvent({ ...base, isCancelled: true }).assumptions.includes('status: the event is cancelled (/isCancelled)'))
  t.notOk(parseMicrosoftEvent({ ...base, isCancelled: false }).assumptions.some(a => a.startsWith('status:')))
})

t.test('an event whose attendees are all resources, without an organiser, is refused at /attendees naming them', async t => {
  const error = failure({ ...base, attendees: [{ type: 'resource', emailAddress: { address: 'rhine@contoso.com', name: 'Rhine' } }] })
  t.same(error.errors, [{
    path: '/attendees',
    message: 'The event has no attendee who is a person, so there is no one to evaluate the meeting for: "rhine@contoso.com" (a room or resource, not a person) is left out. ' +
      'To evaluate it, add each person invited to /attendees with emailAddress.address and type required or optional.'
  }])
  const hosted = parseMicrosoftEvent({ ...base, attendees: [{ type: 'resource', emailAddress: { address: 'rhine@contoso.com' } }], organizer: { emailAddress: { address: 'eli@contoso.com' } } })
  t.same(hosted.proposal.participants, [{ email: 'eli@contoso.com', attendance: 'required', role: 'organizer' }])
})

t.test('attendee types and responses are read in any letter case: a "Resource" is no person, "Declined" is left out', async t => {
  const attendees = [
    { type: 'Required', status: { response: 'Accepted' }, emailAddress: { address: 'bo@contoso.com' } },
    { type: 'OPTIONAL', emailAddress: { address: 'cy@contoso.com' } },
    { type: 'Required', status: { response: 'Declined' }, emailAddress: { address: 'dee@contoso.com' } },
    { type: 'Resource', emailAddress: { address: 'rhine@contoso.com', name: 'Conf Room Rhine' } }
  ]
  const { proposal, assumptions } = parseMicrosoftEvent({ ...base, attendees })
  t.same(proposal.participants, [{ email: 'bo@contoso.com', attendance: 'required' }, { email: 'cy@contoso.com', attendance: 'optional' }])
  t.ok(assumptions.includes('dee@contoso.com: left out (declined the invitation)'))
  t.ok(assumptions.includes('rhine@contoso.com: left out (a room or resource, not a person)'))
})
