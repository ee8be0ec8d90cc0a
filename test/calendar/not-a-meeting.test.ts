// Events that are no meetings (out of office, focus time, a holiday shown as free) are refused as NotAMeeting; timed
// events are scored whatever they show.
import t from 'tap'
import { CalendarInputError, NotAMeeting, parseGoogleEvent, parseICalendarEach, parseMicrosoftEvent, singleEventProposal } from '../../src/calendar/index.js'
import { ics } from './fixtures.js'

function refusal (parse: () => unknown): NotAMeeting {
  try {
    parse()
  } catch (error) {
    if (error instanceof NotAMeeting) return error
    throw error
  }
  throw new Error('expected a NotAMeeting')
}

const attendees = [{ email: 'ana@example.com' }, { email: 'bo@example.com' }]
const holiday = { summary: 'Company holiday', start: { date: '2026-12-24' }, end: { date: '2026-12-25' }, attendees }
const timed = { summary: 'Sync', start: { dateTime: '2026-12-01T09:00:00Z' }, end: { dateTime: '2026-12-01T10:00:00Z' }, attendees }

t.test('a Google event of a type that is no meeting is refused with a 422 saying what it is, timed or not', async t => {
  const cases: Array<[string, string]> = [
    ['outOfOffice', 'The event "Sync" is an out-of-office entry (eventType "outOfOffice"), not a meeting: it marks its owner away, so it is not scored.'],
    ['focusTime', 'The event "Sync" is a focus-time block (eventType "focusTime"), not a meeting: it holds its owner\'s time for work alone, so it is not scored.'],
    ['workingLocation', 'The event "Sync" is a working-location entry (eventType "workingLocation"), not a meeting: it says where its owner works, so it is not scored.'],
    ['birthday', 'The event "Sync" is a birthday or another special date (eventType "birthday"), not a meeting: it marks a date, no one meets for it, so it is not scored.'],
    ['fromGmail', 'The event "Sync" is an event Gmail made from an email (a booking, a flight, a reservation) (eventType "fromGmail"), not a meeting: it invites no one to meet, so it is not scored.']
  ]
  for (const [eventType, message] of cases) {
    const error = refusal(() => parseGoogleEvent({ ...timed, eventType }))
    t.equal(error.message, message)
    t.match(error, { statusCode: 422, code: 'MEV_NOT_A_MEETING', problemSlug: 'not-a-meeting', errors: undefined })
    t.ok(error instanceof CalendarInputError, 'a calendar input error, so a batch answers it as one event\'s problem')
  }
  t.match(refusal(() => parseGoogleEvent({ eventType: 'outOfOffice' })).message, /^The event is an out-of-office entry/, 'whatever else it lacks')
  t.equal(parseGoogleEvent({ ...timed, eventType: 'default' }).proposal.title, 'Sync')
})

t.test('an all-day event shown as free is refused; a timed one, or an all-day one shown as busy, is scored', async t => {
  t.equal(refusal(() => parseGoogleEvent({ ...holiday, transparency: 'transparent' })).message,
    'The event "Company holiday" is an all-day event that shows its attendees as free (transparency "transparent"), not a meeting: ' +
    'it takes no one\'s time, like a holiday or a notice, so it is not scored (shown as busy, it would be).')
  t.equal(parseGoogleEvent(holiday).proposal.durationMinutes, 1440)
  t.equal(parseGoogleEvent({ ...holiday, transparency: 'opaque' }).proposal.durationMinutes, 1440)
  t.equal(parseGoogleEvent({ ...timed, transparency: 'transparent' }).proposal.durationMinutes, 60)
})

t.test('a Graph all-day event shown as oof, workingElsewhere or free is refused; a timed one is scored', async t => {
  const graph = {
    subject: 'Offsite',
    isAllDay: true,
    start: { dateTime: '2026-12-24T00:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2026-12-25T00:00:00.0000000', timeZone: 'UTC' },
    attendees: [{ type: 'required', emailAddress: { address: 'ana@example.com' } }]
  }
  t.equal(refusal(() => parseMicrosoftEvent({ ...graph, showAs: 'oof' })).message,
    'The event "Offsite" is an all-day out-of-office entry (showAs "oof", isAllDay), not a meeting: it marks its attendees away, so it is not scored.')
  t.match(refusal(() => parseMicrosoftEvent({ ...graph, showAs: 'WorkingElsewhere' })).message, /is an all-day working-elsewhere entry \(showAs "WorkingElsewhere", isAllDay\)/)
  t.match(refusal(() => parseMicrosoftEvent({ ...graph, showAs: 'free' })).message, /is an all-day event that shows its attendees as free \(showAs "free", isAllDay\)/)
  t.equal(parseMicrosoftEvent({ ...graph, showAs: 'busy' }).proposal.durationMinutes, 1440)
  const timedGraph = { ...graph, isAllDay: false, end: { dateTime: '2026-12-24T01:00:00.0000000', timeZone: 'UTC' } }
  for (const showAs of ['oof', 'workingElsewhere', 'free']) t.equal(parseMicrosoftEvent({ ...timedGraph, showAs }).proposal.durationMinutes, 60, showAs)
})

t.test('an iCalendar all-day event that is TRANSPARENT, or that Outlook shows as FREE, OOF or WORKINGELSEWHERE, is refused', async t => {
  const day = (...lines: string[]) => ics('SUMMARY:Company holiday', 'DTSTART;VALUE=DATE:20261224', 'ATTENDEE:mailto:ana@example.com', ...lines)
  t.equal(refusal(() => singleEventProposal(day('TRANSP:TRANSPARENT'))).message,
    'The event "Company holiday" is an all-day event that shows its attendees as free (TRANSP:TRANSPARENT), not a meeting: ' +
    'it takes no one\'s time, like a holiday or a notice, so it is not scored (shown as busy, it would be).')
  t.match(refusal(() => singleEventProposal(day('X-MICROSOFT-CDO-BUSYSTATUS:OOF'))).message, /is an all-day out-of-office entry \(X-MICROSOFT-CDO-BUSYSTATUS:OOF\)/)
  t.match(refusal(() => singleEventProposal(day('X-MICROSOFT-CDO-BUSYSTATUS:WORKINGELSEWHERE'))).message, /is an all-day working-elsewhere entry/)
  t.match(refusal(() => singleEventProposal(day('TRANSP:OPAQUE', 'X-MICROSOFT-CDO-BUSYSTATUS:FREE'))).message, /shows its attendees as free \(X-MICROSOFT-CDO-BUSYSTATUS:FREE\)/)
  t.equal(singleEventProposal(day('TRANSP:OPAQUE')).proposal.durationMinutes, 1440)
  t.equal(singleEventProposal(ics('DTSTART:20261201T100000Z', 'DURATION:PT30M', 'TRANSP:TRANSPARENT', 'X-MICROSOFT-CDO-BUSYSTATUS:OOF', 'ATTENDEE:mailto:ana@example.com')).proposal.durationMinutes, 30, 'timed: scored')
})

t.test('in a calendar of several events, the one that is no meeting is named and the others are read', async t => {
  const text = ['BEGIN:VCALENDAR', 'VERSION:2.0',
    'BEGIN:VEVENT', 'UID:a@x', 'DTSTART:20261201T100000Z', 'ATTENDEE:mailto:ana@example.com', 'END:VEVENT',
    'BEGIN:VEVENT', 'UID:h@x', 'SUMMARY:Company holiday', 'DTSTART;VALUE=DATE:20261224', 'TRANSP:TRANSPARENT', 'ATTENDEE:mailto:ana@example.com', 'END:VEVENT',
    'END:VCALENDAR', ''].join('\r\n')
  const [first, second] = parseICalendarEach(text)
  t.notOk(first instanceof CalendarInputError)
  t.ok(second instanceof NotAMeeting)
  t.match((second as NotAMeeting).message, /^VEVENT 2 \(UID h@x\): The event "Company holiday" is an all-day event/)
})
