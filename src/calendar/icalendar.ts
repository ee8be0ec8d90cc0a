// iCalendar (RFC 5545) to proposals with ical.js: zones from TZID (IANA, Windows, prefixed) or VTIMEZONE, roles, RRULE.
import ICAL from 'ical.js'
import { DateTime } from 'luxon'
import { CalendarInputError, NotAMeeting } from './errors.js'
import { InvalidFields } from '../errors.js'
import { MEETING_RANGE_MESSAGE, MEETING_YEARS } from '../domain/resolve.js'
import { DEFAULT_MINUTES, FREE_ALL_DAY, allDay, buildProposal, minutesBetween, recordedInstant, type EventFields, type Invitee, type ParsedEvent, type ReadOptions } from './proposal.js'
import { readCalendar, zoneFromTzid, type CalendarZones, type EventLimit, type UnreadEvent } from './ical-read.js'
import { WELL_FORMED, unreadTime, writtenTime } from './ical-parse.js'
import { descriptionText, htmlToText } from './text.js'
import { readVtimezone, vtimezoneInstant, type ZoneRules } from './vtimezone.js'
import { newZoneSearch, ruledZone, type ZoneSearch } from './zone-match.js'
import type { RuledZone } from '../domain/resolve.js'
import { zonedDateTime } from '../domain/time/local-days.js'
import { parseRecurrence } from '../domain/time/recurrence.js'
import { cut, quoted } from '../domain/quote.js'

/** `search`: what the events of one body share when matching their VTIMEZONEs with known zones. */
interface Context extends CalendarZones { assumptions: string[], event: string, search: ZoneSearch, options: ReadOptions }
/** `utc`: the date-time was written in UTC (a "Z" at its end); `ruled`: its zone is a VTIMEZONE no name identifies. */
interface Read { time: DateTime, isDate: boolean, zone?: string, utc?: boolean, ruled?: RuledZone }

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z?)$/

function noteZone (tzid: string, zone: string, ctx: Context): void {
  const note = `time zone: TZID ${quoted(tzid)} read as ${zone}`
  if (tzid !== zone && !ctx.assumptions.includes(note)) ctx.assumptions.push(note)
}

/** One set of rules per VTIMEZONE of a file, read and checked once for all the events that use it. */
const zoneRules = new WeakMap<ICAL.Component, ZoneRules>()

function byVtimezone (tzid: string, value: string, name: string, ctx: Context): Read {
  const component = ctx.vtimezones.get(tzid)
  if (component === undefined) throw new CalendarInputError(`${ctx.event}Unknown time zone ${quoted(tzid)} in the TZID of ${name}, and its VCALENDAR has no VTIMEZONE defining it.`, name)
  const location = component.getFirstPropertyValue('x-lic-location')
  const zone = typeof location === 'string' ? zoneFromTzid(location) : undefined
  if (zone !== undefined) {
    noteZone(tzid, zone, ctx)
    return { time: zonedDateTime(value, zone), isDate: false, zone }
  }
  let rules = zoneRules.get(component)
  if (rules === undefined) {
    rules = readVtimezone(component, why => { throw new CalendarInputError(`${ctx.event}The VTIMEZONE ${quoted(tzid)} used by ${name} ${why}.`, name) })
    zoneRules.set(component, rules)
  }
  const note = `time zone: ${quoted(tzid)} is not a known zone name; the offsets of its VTIMEZONE were used`
  if (!ctx.assumptions.includes(note)) ctx.assumptions.push(note)
  const time = DateTime.fromMillis(vtimezoneInstant(rules, DateTime.fromISO(value, { zone: 'UTC' }).toMillis()), { zone: 'UTC' })
  return { time, isDate: false, ruled: ruledZone(rules, tzid, time.toMillis(), ctx.search) }
}

/** Refuses a DTSTART or DTEND whose wall-clock year no UTC offset (less than a day) brings into the years meetings
 * are placed in, before any zone work on it. A DTSTART is answered as a proposal whose start lies outside them; the
 * years either side of the range are left to that exact check. */
function checkYear (text: string, name: string, ctx: Context): void {
  const year = Number(text.slice(0, 4))
  if (year >= MEETING_YEARS.first - 1 && year <= MEETING_YEARS.last + 1) return
  if (name === 'DTSTART') {
    const range = new InvalidFields([{ path: '/start', message: MEETING_RANGE_MESSAGE }])
    throw new CalendarInputError(range.message, name, range.errors)
  }
  throw new CalendarInputError(`${ctx.event}${name} ${MEETING_RANGE_MESSAGE}, got ${quoted(text)}.`, name)
}

/** The error for a DTSTART or DTEND value ical.js could not read, quoting it as written. A ":" in it most often
 * comes from a parameter value that holds one unquoted (TZID=(UTC-05:00) Eastern Time): ical.js ends the parameters
 * at that ":", as RFC 5545 3.1 says, so the message names the parameter when the rest after the last ":" is a date. */
function unreadError (written: string, params: Record<string, unknown>, name: string, ctx: Context): CalendarInputError {
  const colon = written.lastIndexOf(':')
  const last = Object.entries(params).at(-1)
  if (colon !== -1 && typeof last?.[1] === 'string' && WELL_FORMED.test(written.slice(colon + 1))) {
    const param = last[0].toUpperCase()
    return new CalendarInputError(`${ctx.event}${name}: the ${param} parameter value holds a ":", so RFC 5545 requires it in double quotes: ` +
      `write ${param}=${quoted(`${last[1]}:${written.slice(0, colon)}`)}.`, name)
  }
  return new CalendarInputError(`${ctx.event}${name} is not a valid date or date-time: ${quoted(written)}.`, name)
}

/** DTSTART or DTEND as an instant, telling whether it is a date (all-day) and in which IANA zone it was written. */
function readTime (prop: ICAL.Property, name: string, ctx: Context): Read {
  const [, params, , value] = prop.toJSON() as [string, Record<string, unknown>, string, unknown]
  const text = typeof value === 'string' ? value : ''
  if (unreadTime(text)) throw unreadError(writtenTime(text), params, name, ctx)
  const bad = () => new CalendarInputError(`${ctx.event}${name} is not a valid date or date-time: ${quoted(writtenTime(text))}.`, name)
  if (DATE.test(text)) {
    const time = DateTime.fromISO(text, { zone: 'UTC' })
    if (!time.isValid) throw bad()
    checkYear(text, name, ctx)
    return { time, isDate: true }
  }
  const match = DATE_TIME.exec(text)
  if (match === null || !DateTime.fromISO(text.replace(/Z$/, ''), { zone: 'UTC' }).isValid) throw bad()
  checkYear(text, name, ctx)
  if (match[1] === 'Z') return { time: DateTime.fromISO(text, { zone: 'UTC' }), isDate: false, utc: true }
  const tzid = typeof params.tzid === 'string' ? params.tzid : undefined
  if (tzid === undefined) {
    const zone = ctx.calendarZone ?? 'UTC'
    const note = `${name} is a floating time (no zone): read in ${zone}${ctx.calendarZone === undefined ? '' : ', the calendar\'s X-WR-TIMEZONE'}`
    if (!ctx.assumptions.includes(note)) ctx.assumptions.push(note)
    return { time: zonedDateTime(text, zone), isDate: false, ...(ctx.calendarZone === undefined ? {} : { zone }) }
  }
  const zone = zoneFromTzid(tzid)
  if (zone === undefined) return byVtimezone(tzid, text, name, ctx)
  noteZone(tzid, zone, ctx)
  return { time: zonedDateTime(text, zone), isDate: false, zone }
}

function seconds (prop: ICAL.Property, ctx: Context): number {
  try {
    return (prop.getFirstValue() as ICAL.Duration).toSeconds()
  } catch {
    throw new CalendarInputError(`${ctx.event}DURATION is not an RFC 5545 duration such as PT45M: ${quoted(String(prop.toJSON()[3]))}.`, 'DURATION')
  }
}

/** The start, duration and what is known of the start's zone. */
type Timing = { start: DateTime, durationMinutes: number } & Pick<Read, 'zone' | 'utc' | 'ruled'>

function timing (event: ICAL.Component, ctx: Context): Timing {
  const dtstart = event.getFirstProperty('dtstart')
  if (dtstart === null) throw new CalendarInputError(`${ctx.event}The event has no DTSTART: a meeting needs a start.`, 'DTSTART')
  const start = readTime(dtstart, 'DTSTART', ctx)
  const dtend = event.getFirstProperty('dtend')
  const duration = event.getFirstProperty('duration')
  if (start.isDate) {
    let days = 1
    if (dtend !== null) days = Math.round(readTime(dtend, 'DTEND', ctx).time.diff(start.time, 'days').days)
    else if (duration !== null) days = Math.ceil(seconds(duration, ctx) / 86_400)
    if (days < 1) throw new CalendarInputError(`${ctx.event}The event ends before or when it starts.`, dtend === null ? 'DURATION' : 'DTEND')
    return allDay(start.time, days, ctx.calendarZone ?? 'UTC', ctx.assumptions)
  }
  let durationMinutes = DEFAULT_MINUTES
  if (dtend !== null) durationMinutes = minutesBetween(start.time, readTime(dtend, 'DTEND', ctx).time, 'DTEND')
  else if (duration !== null) {
    durationMinutes = minutesBetween(start.time, start.time.plus({ seconds: seconds(duration, ctx) }), 'DURATION')
  } else ctx.assumptions.push(`duration: no DTEND or DURATION; ${DEFAULT_MINUTES} minutes assumed`)
  const { zone, utc, ruled } = start
  return { start: start.time, durationMinutes, ...(zone === undefined ? {} : { zone }), ...(utc === true ? { utc } : {}), ...(ruled === undefined ? {} : { ruled }) }
}

function param (prop: ICAL.Property, name: string): string | undefined {
  const value = prop.getParameter(name) as unknown
  const first = Array.isArray(value) ? value[0] as unknown : value
  return typeof first === 'string' ? first : undefined
}

const withoutMailto = (value: string): string => value.trim().replace(/^mailto:/i, '').trim()

/** An ATTENDEE or ORGANIZER: ROLE=CHAIR runs the meeting (the organizer role), OPT-PARTICIPANT is optional; rooms,
 * resources, non-participants, and those who declined or delegated (their delegate is an ATTENDEE too) are left out;
 * CUTYPE=GROUP, a mailing list, counts as one participant, said in the assumptions. */
function invitee (prop: ICAL.Property): Invitee {
  const value = String(prop.getFirstValue() ?? '').trim()
  const address = /^mailto:/i.test(value) ? value.slice(7).trim() : (param(prop, 'email') ?? value)
  const role = param(prop, 'role')?.toUpperCase()
  const cutype = param(prop, 'cutype')?.toUpperCase()
  const partstat = param(prop, 'partstat')?.toUpperCase()
  const name = param(prop, 'cn')
  const out: Invitee = { email: address, ...(name === undefined ? {} : { name }), optional: role === 'OPT-PARTICIPANT', organizer: role === 'CHAIR' }
  if (cutype === 'ROOM' || cutype === 'RESOURCE') out.leftOut = `a ${cutype.toLowerCase()}, not a person`
  else if (role === 'NON-PARTICIPANT') out.leftOut = 'a non-participant, copied for information'
  else if (partstat === 'DECLINED') out.leftOut = 'declined the invitation'
  else if (partstat === 'DELEGATED') {
    const to = param(prop, 'delegated-to')
    out.leftOut = `delegated the invitation${to === undefined || withoutMailto(to) === '' ? '' : ` to ${withoutMailto(to)}`}`
  } else if (cutype === 'GROUP') out.group = 'CUTYPE=GROUP'
  return out
}

const ATTENDEES = { path: 'ATTENDEE', hint: 'add each person invited as an ATTENDEE with a mailto: address (ATTENDEE;CN=Ana:mailto:ana@example.com)' }

/** The first RRULE as written (read as text, see ical-parse.ts), checked as a JSON proposal's recurrence is. */
function recurrence (event: ICAL.Component, ctx: Context): string | undefined {
  const rules = event.getAllProperties('rrule')
  if (rules.length > 1) ctx.assumptions.push(`recurrence: the event has ${rules.length} RRULEs; only the first is evaluated`)
  if (event.hasProperty('exdate') || event.hasProperty('rdate')) ctx.assumptions.push('recurrence: EXDATE and RDATE (removed and added occurrences) are not considered')
  const value = rules[0]?.getFirstValue()
  if (value === undefined || value === null) return undefined
  const rule = String(value).trim()
  const check = parseRecurrence(rule)
  if (!check.ok) throw new CalendarInputError(`${ctx.event}RRULE is not a valid recurrence rule: ${check.message.replace(/^Invalid RRULE: /, '')}.`, 'RRULE')
  return rule
}

/** The description as text: DESCRIPTION, read as the Google path reads it (Google's export writes the same HTML there
 * as its API), or without one Outlook's HTML copy X-ALT-DESC;FMTTYPE=text/html, whose TEXT escapes (\n \, \; \\)
 * ical.js leaves as written in a property it does not know. */
function descriptionOf (event: ICAL.Component): string | undefined {
  const description = event.getFirstPropertyValue('description')
  if (typeof description === 'string' && description.trim() !== '') return descriptionText(description)
  const html = event.getAllProperties('x-alt-desc').find(prop => param(prop, 'fmttype')?.toLowerCase() === 'text/html')?.getFirstValue()
  if (typeof html !== 'string') return undefined
  return htmlToText(html.replace(/\\([\\;,nN])/g, (_, c: string) => c === 'n' || c === 'N' ? '\n' : c))
}

/** The zone a series is expanded in when its DTSTART is in UTC: UTC, since RFC 5545 3.8.5.3 keeps every occurrence
 * at that UTC time (the organiser's zone would move it at each clock change). A single event keeps its zone unknown:
 * its instant is all a UTC DTSTART says, and the organiser's zone then places its day. */
function utcSeries (utc: boolean | undefined, rule: string | undefined, ctx: Context): string | undefined {
  if (utc !== true || rule === undefined) return undefined
  ctx.assumptions.push('meeting time zone: UTC, as the series\' DTSTART is in UTC (RFC 5545 3.8.5.3: its occurrences keep that UTC time)')
  return 'UTC'
}

/** A UTC date-time property (LAST-MODIFIED, DTSTAMP, CREATED: RFC 5545 writes them in UTC) as written; undefined for
 * one that is missing or not in UTC. */
function utcStamp (event: ICAL.Component, name: string): EventFields['lastChange'] {
  const value = event.getFirstProperty(name.toLowerCase())?.toJSON()[3]
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value) ? recordedInstant(value, name) : undefined
}

/** When the event was last changed: LAST-MODIFIED; else, in an invitation (METHOD:REQUEST), DTSTAMP, the moment it
 * was sent; else CREATED. RFC 5545 3.8.7.2: with a METHOD, DTSTAMP is when that iCalendar object was made, which for a
 * PUBLISH export or feed is when the file was written; without one it should be the last revision, but exporters
 * write the time of the export there too. */
function lastChange (event: ICAL.Component): EventFields['lastChange'] {
  const method = event.parent?.getFirstPropertyValue('method')
  return utcStamp(event, 'LAST-MODIFIED') ??
    (typeof method === 'string' && method.toUpperCase() === 'REQUEST' ? utcStamp(event, 'DTSTAMP') : undefined) ??
    utcStamp(event, 'CREATED')
}

/** Outlook's busy status of an all-day event that is no meeting: what it is and why it is not scored. */
const OUTLOOK_STATUS: Record<string, [string, string]> = {
  OOF: ['an all-day out-of-office entry', 'it marks its attendees away'],
  WORKINGELSEWHERE: ['an all-day working-elsewhere entry', 'it says where its attendees work']
}

/** An all-day event that shows its attendees as free (TRANSP:TRANSPARENT, or Outlook's busy status FREE) or away
 * (OOF, WORKINGELSEWHERE) is no meeting; a timed one is scored. */
function notAMeeting (event: ICAL.Component, ctx: Context): NotAMeeting | undefined {
  if (event.getFirstProperty('dtstart')?.type !== 'date') return undefined
  const title = event.getFirstPropertyValue('summary')
  const named = typeof title === 'string' ? title : undefined
  const status = String(event.getFirstPropertyValue('x-microsoft-cdo-busystatus') ?? '').trim().toUpperCase()
  const away = OUTLOOK_STATUS[status]
  if (away !== undefined) return new NotAMeeting(ctx.event, named, `${away[0]} (X-MICROSOFT-CDO-BUSYSTATUS:${status})`, away[1])
  const transparent = String(event.getFirstPropertyValue('transp') ?? '').trim().toUpperCase() === 'TRANSPARENT'
  if (!transparent && status !== 'FREE') return undefined
  return new NotAMeeting(ctx.event, named, FREE_ALL_DAY.what(transparent ? 'TRANSP:TRANSPARENT' : 'X-MICROSOFT-CDO-BUSYSTATUS:FREE'), FREE_ALL_DAY.why, FREE_ALL_DAY.otherwise)
}

function parseEvent (event: ICAL.Component, ctx: Context): ParsedEvent {
  const { start, durationMinutes, utc, ruled, ...timed } = timing(event, ctx)
  const refused = notAMeeting(event, ctx)
  if (refused !== undefined) throw refused
  const organizerProp = event.getFirstProperty('organizer')
  const priority = Number(event.getFirstPropertyValue('priority') ?? 0)
  if (priority >= 1 && priority <= 4) ctx.assumptions.push(`urgency: high, from PRIORITY ${priority}`)
  if (String(event.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') ctx.assumptions.push('status: the event is marked CANCELLED')
  const rule = recurrence(event, ctx)
  const zone = timed.zone ?? utcSeries(utc, rule, ctx)
  const title = event.getFirstPropertyValue('summary')
  const description = descriptionOf(event)
  const changed = lastChange(event)
  const parsed = buildProposal({
    ...(typeof title === 'string' ? { title } : {}),
    ...(description === undefined ? {} : { description }),
    start,
    durationMinutes,
    ...(zone === undefined ? {} : { timeZone: zone }),
    invitees: event.getAllProperties('attendee').map(invitee),
    ...(organizerProp === null ? {} : { organizer: invitee(organizerProp) }),
    ...(rule === undefined ? {} : { recurrence: rule }),
    ...(priority >= 1 && priority <= 4 ? { urgency: 'high' as const } : {}),
    ...(changed === undefined ? {} : { lastChange: changed })
  }, ctx.assumptions, { ...ATTENDEES, label: ctx.event }, ctx.options)
  return ruled === undefined ? parsed : { ...parsed, ruledZone: ruled }
}

/** Every VEVENT of the text as a proposal with assumptions; overrides (RECURRENCE-ID) of a series in the file are skipped. */
export function parseICalendar (text: string, options: ReadOptions = {}): ParsedEvent[] {
  return parseICalendarEach(text, undefined, options).map(event => {
    if (event instanceof CalendarInputError) throw event
    return event
  })
}

/** Every VEVENT of a calendar, in file order: its proposal, or the CalendarInputError saying why it cannot be read
 * (a batch answers that event with a problem and evaluates the others). A body that is not a calendar throws.
 * `positions`, for a text holding some of the VEVENTs of a larger calendar (of several events), are their positions
 * in it: the events are then named as that calendar names them. */
export function parseICalendarEach (text: string, limit?: EventLimit, options: ReadOptions = {}, positions?: readonly number[]): Array<ParsedEvent | CalendarInputError> {
  const calendar = readCalendar(text, limit)
  const search = newZoneSearch()
  const uidOf = (event: ICAL.Component | UnreadEvent) => event instanceof ICAL.Component ? String(event.getFirstPropertyValue('uid') ?? '') : event.uid
  const changesOccurrence = (event: ICAL.Component | UnreadEvent) => event instanceof ICAL.Component ? event.hasProperty('recurrence-id') : event.changesOccurrence
  const masters = new Set(calendar.events.filter(({ event }) => !changesOccurrence(event)).map(({ event }) => uidOf(event)))
  const isOverride = (event: ICAL.Component | UnreadEvent) => changesOccurrence(event) && masters.has(uidOf(event))
  /** The events with their position among the file's VEVENTs, which names them: the skipped overrides count too. */
  const events: Array<{ event: ICAL.Component | UnreadEvent, zones: CalendarZones, position: number }> = []
  /** Changed occurrences per series UID, counted once (not per event: 100,000 events took minutes). */
  const overridesOf = new Map<string, number>()
  calendar.events.forEach(({ event, zones }, position) => {
    if (!isOverride(event)) events.push({ event, zones, position })
    else {
      const uid = uidOf(event)
      overridesOf.set(uid, (overridesOf.get(uid) ?? 0) + 1)
    }
  })
  return events.map(({ event, zones, position }) => {
    const uid = uidOf(event)
    const label = events.length > 1 || positions !== undefined ? `VEVENT ${(positions?.[position] ?? position) + 1}${uid === '' ? '' : ` (UID ${cut(uid)})`}: ` : ''
    if (!(event instanceof ICAL.Component)) return new CalendarInputError(`${label}The iCalendar text is malformed: ${event.reason}.`)
    const assumptions: string[] = []
    const overrides = overridesOf.get(uid) ?? 0
    if (overrides > 0 && !event.hasProperty('recurrence-id')) {
      assumptions.push(`recurrence: ${overrides} changed occurrence${overrides === 1 ? '' : 's'} (RECURRENCE-ID) skipped; the series is evaluated as planned`)
    }
    try {
      return parseEvent(event, { ...zones, assumptions, event: label, search, options })
    } catch (error) {
      if (error instanceof CalendarInputError) return error
      return new CalendarInputError(`${label}The event cannot be read: ${(error as Error).message}.`)
    }
  })
}

/** The one VEVENT of a text/calendar body; none or several is a CalendarInputError (several belong to the batch endpoint). */
export function singleEventProposal (text: string, options: ReadOptions = {}): ParsedEvent {
  const events = parseICalendar(text, options)
  if (events.length === 0) throw new CalendarInputError('The calendar holds no VEVENT: send one event (BEGIN:VEVENT ... END:VEVENT).', 'VEVENT')
  if (events.length > 1) throw new CalendarInputError(`The calendar holds ${events.length} events; send one here, or several to POST /v1/evaluations/batch.`, 'VEVENT')
  return events[0]!
}
