// Microsoft Graph event resource to a proposal: dateTimeTimeZone with Windows zone names, attendee types, recurrence.
import type { DateTime } from 'luxon'
import { CalendarInputError, NotAMeeting } from './errors.js'
import { graphRecurrenceToRrule } from './graph-recurrence.js'
import { enumValue, isObject, object, objects, root, string, type Json } from './json.js'
import { ENDS_IN_OFFSET, FREE_ALL_DAY, allDay, buildProposal, localTime, minutesBetween, recordedInstant, zoneOrFail, type Invitee, type ParsedEvent, type ReadOptions } from './proposal.js'
import { htmlToText } from './text.js'
import { quoted } from '../domain/quote.js'

/** start or end: Graph's dateTime is a wall time in timeZone. Without a zone (Graph always sends one) a wall time names
 * no instant: refused as Google's is, rather than read as UTC (a 45-minute meeting from Berlin to an end without zone
 * was scored as 105 minutes, the mirror case as ending before it starts). A dateTime with an offset needs no zone. */
function when (event: Json, key: 'start' | 'end', assumptions: string[]): { time: DateTime, zone: string } {
  const value = object(event, key, `/${key}`)
  if (value === undefined) throw new CalendarInputError(`The event has no ${key}: a meeting needs one.`, `/${key}`)
  const named = string(value, 'timeZone', `/${key}/timeZone`)
  const dateTime = string(value, 'dateTime', `/${key}/dateTime`)
  if (named === undefined && dateTime !== undefined && !ENDS_IN_OFFSET.test(dateTime)) {
    throw new CalendarInputError(`/${key}/dateTime has no offset and /${key}/timeZone is missing: the instant is unknown.`, `/${key}/timeZone`)
  }
  const zone = named === undefined ? 'UTC' : zoneOrFail(named, `/${key}/timeZone`)
  if (key === 'start') {
    if (named === undefined) assumptions.push('time zone: /start/timeZone is missing; UTC assumed')
    else if (named !== zone) assumptions.push(`time zone: ${quoted(named)} read as ${zone}`)
  }
  return { time: localTime(dateTime, zone, `/${key}/dateTime`), zone }
}

/** Graph's own values of originalStartTimeZone: tzone://Microsoft/Utc is UTC; tzone://Microsoft/Custom (a zone
 * defined in desktop Outlook) and any other tzone:// value name no zone. */
const GRAPH_ZONE = /^tzone:\/\//i
const GRAPH_UTC = /^tzone:\/\/Microsoft\/Utc$/i

/** The zone of a series' range (recurrence.range.recurrenceTimeZone, a Windows or IANA name), when it names one. */
function recurrenceZone (event: Json): { named: string, zone: string } | undefined {
  // Read as leniently as graphRecurrenceToRrule reads the range.
  const range = isObject(event.recurrence) && isObject(event.recurrence.range) ? event.recurrence.range : undefined
  const named = range === undefined ? undefined : string(range, 'recurrenceTimeZone', '/recurrence/range/recurrenceTimeZone')
  if (named === undefined || named.trim() === '' || GRAPH_ZONE.test(named.trim())) return undefined
  return { named, zone: zoneOrFail(named, '/recurrence/range/recurrenceTimeZone') }
}

/** The organiser's zone: the start's, unless Graph answered in UTC (its default) and another field names the real one:
 * originalStartTimeZone, the zone the organiser set on the event, first; then, when that names no zone (missing, or
 * tzone://Microsoft/Custom), a series' recurrence.range.recurrenceTimeZone. Graph documents the latter as the zone of
 * the range's startDate and endDate, the event's zone unless it is given: it is where the series' days are counted. */
function meetingZone (event: Json, startZone: string, assumptions: string[]): string | undefined {
  const original = string(event, 'originalStartTimeZone', '/originalStartTimeZone')
  if (startZone !== 'UTC' || (original !== undefined && GRAPH_UTC.test(original.trim()))) return startZone
  if (original !== undefined && !GRAPH_ZONE.test(original.trim())) {
    const zone = zoneOrFail(original, '/originalStartTimeZone')
    if (zone !== 'UTC') assumptions.push(`time zone: ${zone}, the event's originalStartTimeZone (${quoted(original)})`)
    return zone
  }
  const noZone = original === undefined ? undefined : `originalStartTimeZone ${quoted(original)} names no known zone`
  const series = recurrenceZone(event)
  if (series !== undefined) {
    if (series.zone !== 'UTC') assumptions.push(`time zone: ${series.zone}, the series' recurrenceTimeZone (${quoted(series.named)})${noZone === undefined ? '' : `, as ${noZone}`}`)
    return series.zone
  }
  if (noZone !== undefined) assumptions.push(`time zone: ${noZone}; ${startZone}, the zone of start, assumed`)
  return startZone
}

function invitee (entry: Json, index: number): Invitee {
  const address = object(entry, 'emailAddress', `/attendees/${index}/emailAddress`)
  const email = address === undefined ? undefined : string(address, 'address', `/attendees/${index}/emailAddress/address`)
  const name = address === undefined ? undefined : string(address, 'name', `/attendees/${index}/emailAddress/name`)
  const status = object(entry, 'status', `/attendees/${index}/status`)
  const type = enumValue(entry.type)
  const out: Invitee = { ...(email === undefined ? {} : { email }), ...(name === undefined ? {} : { name }), optional: type === 'optional' }
  if (type === 'resource') out.leftOut = 'a room or resource, not a person'
  else if (enumValue(status?.response) === 'declined') out.leftOut = 'declined the invitation'
  return out
}

function organizer (event: Json): Invitee | undefined {
  const address = object(object(event, 'organizer', '/organizer') ?? {}, 'emailAddress', '/organizer/emailAddress')
  const email = address === undefined ? undefined : string(address, 'address', '/organizer/emailAddress/address')
  const name = address === undefined ? undefined : string(address, 'name', '/organizer/emailAddress/name')
  return email === undefined ? undefined : { email, ...(name === undefined ? {} : { name }) }
}

function body (event: Json): string | undefined {
  const value = object(event, 'body', '/body')
  const content = value === undefined ? undefined : string(value, 'content', '/body/content')
  if (content === undefined) return undefined
  return String(value?.contentType ?? 'text').toLowerCase() === 'html' ? htmlToText(content) : content
}

/** An all-day event that shows its attendees away, elsewhere or free (showAs) is no meeting; a timed one is scored. */
function notAMeeting (event: Json): NotAMeeting | undefined {
  if (event.isAllDay !== true) return undefined
  const title = string(event, 'subject', '/subject')
  const said = `showAs ${quoted(string(event, 'showAs', '/showAs') ?? '')}, isAllDay`
  switch (enumValue(event.showAs)) {
    case 'oof': return new NotAMeeting('', title, `an all-day out-of-office entry (${said})`, 'it marks its attendees away')
    case 'workingelsewhere': return new NotAMeeting('', title, `an all-day working-elsewhere entry (${said})`, 'it says where its attendees work')
    case 'free': return new NotAMeeting('', title, FREE_ALL_DAY.what(said), FREE_ALL_DAY.why, FREE_ALL_DAY.otherwise)
    default: return undefined
  }
}

/** One Microsoft Graph event resource as a proposal; unused fields are ignored. */
export function parseMicrosoftEvent (input: unknown, options: ReadOptions = {}): ParsedEvent {
  const event = root(input, 'Microsoft Graph')
  const refused = notAMeeting(event)
  if (refused !== undefined) throw refused
  const assumptions: string[] = []
  const start = when(event, 'start', assumptions)
  const end = when(event, 'end', assumptions)
  let timing: { start: DateTime, durationMinutes: number }
  if (event.isAllDay === true) {
    const days = Math.max(1, Math.round(end.time.diff(start.time, 'days').days))
    timing = allDay(start.time, days, start.zone, assumptions)
  } else {
    timing = { start: start.time, durationMinutes: minutesBetween(start.time, end.time, '/end/dateTime') }
  }
  if (event.isCancelled === true) assumptions.push('status: the event is cancelled (/isCancelled)')
  const importance = String(event.importance ?? 'normal').toLowerCase()
  const urgency = importance === 'high' ? 'high' as const : importance === 'low' ? 'low' as const : undefined
  if (urgency !== undefined) assumptions.push(`urgency: ${urgency}, from importance ${importance}`)
  const recurrence = event.recurrence === undefined || event.recurrence === null ? undefined : graphRecurrenceToRrule(event.recurrence)
  const zone = meetingZone(event, start.zone, assumptions)
  const title = string(event, 'subject', '/subject')
  const description = body(event)
  const host = organizer(event)
  // Graph keeps these times in UTC, written with or without a Z.
  const lastChange = recordedInstant(string(event, 'lastModifiedDateTime', '/lastModifiedDateTime'), 'lastModifiedDateTime', true) ??
    recordedInstant(string(event, 'createdDateTime', '/createdDateTime'), 'createdDateTime', true)
  return buildProposal({
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
    ...timing,
    ...(zone === undefined ? {} : { timeZone: zone }),
    invitees: objects(event, 'attendees', '/attendees').map(invitee),
    ...(host === undefined ? {} : { organizer: host }),
    ...(recurrence === undefined ? {} : { recurrence }),
    ...(urgency === undefined ? {} : { urgency }),
    ...(lastChange === undefined ? {} : { lastChange })
  }, assumptions, { path: '/attendees', hint: 'add each person invited to /attendees with emailAddress.address and type required or optional' }, options)
}
