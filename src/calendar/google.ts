// Google Calendar API Event resource to a proposal: start/end with dateTime+timeZone or date, attendees, recurrence.
import { DateTime } from 'luxon'
import { CalendarInputError, NotAMeeting } from './errors.js'
import { enumValue, object, objects, root, string, type Json } from './json.js'
import { DEFAULT_MINUTES, ENDS_IN_OFFSET, FREE_ALL_DAY, allDay, buildProposal, localTime, minutesBetween, recordedInstant, zoneOrFail, type Invitee, type ParsedEvent, type ReadOptions } from './proposal.js'
import { descriptionText } from './text.js'
import { quoted } from '../domain/quote.js'

const NOT_PEOPLE = /@(resource|group)\.calendar\.google\.com$/i

interface When { time: DateTime, isDate: boolean, zone?: string }

/** Google's event types that are no meetings (developers.google.com/calendar/api/guides/event-types): what each is and
 * why it is not scored, by the type in lower case. */
const NOT_MEETINGS: Record<string, [string, string]> = {
  outofoffice: ['an out-of-office entry', 'it marks its owner away'],
  focustime: ['a focus-time block', 'it holds its owner\'s time for work alone'],
  workinglocation: ['a working-location entry', 'it says where its owner works'],
  birthday: ['a birthday or another special date', 'it marks a date, no one meets for it'],
  fromgmail: ['an event Gmail made from an email (a booking, a flight, a reservation)', 'it invites no one to meet']
}

/** A NotAMeeting for an event of a type that is no meeting, or an all-day event shown as free (transparent). */
function notAMeeting (event: Json, allDay: boolean): NotAMeeting | undefined {
  const title = string(event, 'summary', '/summary')
  const type = string(event, 'eventType', '/eventType')
  const known = type === undefined ? undefined : NOT_MEETINGS[type.trim().toLowerCase()]
  if (known !== undefined) return new NotAMeeting('', title, `${known[0]} (eventType ${quoted(type ?? '')})`, known[1])
  if (allDay && enumValue(event.transparency) === 'transparent') {
    return new NotAMeeting('', title, FREE_ALL_DAY.what('transparency "transparent"'), FREE_ALL_DAY.why, FREE_ALL_DAY.otherwise)
  }
  return undefined
}

function when (event: Json, key: 'start' | 'end', assumptions: string[]): When | undefined {
  const value = object(event, key, `/${key}`)
  if (value === undefined) return undefined
  const named = string(value, 'timeZone', `/${key}/timeZone`)
  const zone = named === undefined ? undefined : zoneOrFail(named, `/${key}/timeZone`)
  if (named !== undefined && zone !== named && key === 'start') assumptions.push(`time zone: ${quoted(named)} read as ${zone ?? ''}`)
  const dateTime = string(value, 'dateTime', `/${key}/dateTime`)
  if (dateTime !== undefined) {
    if (!ENDS_IN_OFFSET.test(dateTime) && zone === undefined) throw new CalendarInputError(`/${key}/dateTime has no offset and /${key}/timeZone is missing: the instant is unknown.`, `/${key}/dateTime`)
    return { time: localTime(dateTime, zone ?? 'UTC', `/${key}/dateTime`), isDate: false, ...(zone === undefined ? {} : { zone }) }
  }
  const date = string(value, 'date', `/${key}/date`)
  if (date === undefined) throw new CalendarInputError(`/${key} needs dateTime or date.`, `/${key}`)
  const day = DateTime.fromISO(date, { zone: 'UTC' })
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !day.isValid) throw new CalendarInputError(`/${key}/date must be a date YYYY-MM-DD, got ${quoted(date)}.`, `/${key}/date`)
  return { time: day, isDate: true, ...(zone === undefined ? {} : { zone }) }
}

function invitee (entry: Json, index: number): Invitee {
  const email = string(entry, 'email', `/attendees/${index}/email`)
  const name = string(entry, 'displayName', `/attendees/${index}/displayName`)
  const out: Invitee = { ...(email === undefined ? {} : { email }), ...(name === undefined ? {} : { name }), optional: entry.optional === true, organizer: entry.organizer === true }
  if (entry.resource === true || (email !== undefined && NOT_PEOPLE.test(email))) out.leftOut = 'a room or resource, not a person'
  else if (enumValue(entry.responseStatus) === 'declined') out.leftOut = 'declined the invitation'
  return out
}

function recurrence (event: Json, assumptions: string[]): string | undefined {
  const lines = event.recurrence
  if (lines === undefined || lines === null) return undefined
  if (!Array.isArray(lines)) throw new CalendarInputError('/recurrence must be an array of RFC 5545 lines such as "RRULE:FREQ=WEEKLY".', '/recurrence')
  const rules = lines.filter((l): l is string => typeof l === 'string' && /^RRULE:/i.test(l))
  if (rules.length > 1) assumptions.push(`recurrence: ${rules.length} RRULE lines; only the first is evaluated`)
  if (lines.some(l => typeof l === 'string' && /^(EXDATE|RDATE)[;:]/i.test(l))) assumptions.push('recurrence: EXDATE and RDATE (removed and added occurrences) are not considered')
  return rules[0]?.slice(6)
}

/** One Google Calendar event resource as a proposal; unused fields are ignored. */
export function parseGoogleEvent (input: unknown, options: ReadOptions = {}): ParsedEvent {
  const event = root(input, 'Google Calendar')
  const typed = notAMeeting(event, false)
  if (typed !== undefined) throw typed
  const assumptions: string[] = []
  const cancelled = String(event.status ?? '').toLowerCase() === 'cancelled'
  const start = when(event, 'start', assumptions)
  if (start === undefined) {
    // The Calendar API sends a cancelled occurrence of a series as little more than its id and status.
    throw new CalendarInputError(cancelled
      ? 'The event is cancelled (/status) and has no start: there is no meeting to evaluate.'
      : 'The event has no start: a meeting needs one.', '/start')
  }
  if (cancelled) assumptions.push('status: the event is cancelled (/status)')
  const free = notAMeeting(event, start.isDate)
  if (free !== undefined) throw free
  const end = event.endTimeUnspecified === true ? undefined : when(event, 'end', assumptions)
  let timing: { start: DateTime, durationMinutes: number }
  if (start.isDate) {
    const days = end === undefined ? 1 : Math.round(end.time.diff(start.time, 'days').days)
    if (days < 1) throw new CalendarInputError('The event ends (/end/date) before or when it starts.', '/end/date')
    timing = allDay(start.time, days, start.zone ?? 'UTC', assumptions)
  } else if (end === undefined) {
    assumptions.push(`duration: the event has no end; ${DEFAULT_MINUTES} minutes assumed`)
    timing = { start: start.time, durationMinutes: DEFAULT_MINUTES }
  } else {
    timing = { start: start.time, durationMinutes: minutesBetween(start.time, end.time, '/end/dateTime') }
  }
  if (event.attendeesOmitted === true) assumptions.push('attendees: the event lists only some of its attendees (attendeesOmitted)')
  const organizer = object(event, 'organizer', '/organizer')
  const organizerEmail = organizer === undefined ? undefined : string(organizer, 'email', '/organizer/email')
  const organizerName = organizer === undefined ? undefined : string(organizer, 'displayName', '/organizer/displayName')
  const rule = recurrence(event, assumptions)
  const title = string(event, 'summary', '/summary')
  const description = string(event, 'description', '/description')
  const lastChange = recordedInstant(string(event, 'updated', '/updated'), 'updated') ?? recordedInstant(string(event, 'created', '/created'), 'created')
  return buildProposal({
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description: descriptionText(description) }),
    ...timing,
    ...(start.zone === undefined ? {} : { timeZone: start.zone }),
    invitees: objects(event, 'attendees', '/attendees').map(invitee),
    ...(organizerEmail === undefined
      ? {}
      : { organizer: { email: organizerEmail, ...(organizerName === undefined ? {} : { name: organizerName }), ...(NOT_PEOPLE.test(organizerEmail) ? { leftOut: 'a shared calendar, not a person' } : {}) } }),
    ...(rule === undefined ? {} : { recurrence: rule }),
    ...(lastChange === undefined ? {} : { lastChange })
  }, assumptions, { path: '/attendees', hint: 'add each person invited to /attendees with their email' }, options)
}
