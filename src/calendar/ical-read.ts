// Reads iCalendar text with ical.js into its VEVENTs, VTIMEZONEs and X-WR-TIMEZONE (parse errors in plain words); TZIDs to IANA.
import ICAL from 'ical.js'
import { CalendarInputError } from './errors.js'
import { unfold, withLineFeeds } from './decode.js'
import { parseJcal, splitCalendar } from './ical-parse.js'
import { resolveZone } from '../domain/time/zones.js'
import { quoted } from '../domain/quote.js'

/** A VEVENT that ical.js cannot parse (a malformed content line inside it): `reason` says why, in plain words. */
export interface UnreadEvent { uid: string, changesOccurrence: boolean, reason: string }

/** What a VCALENDAR gives the events inside it, and only those (RFC 5545 3.4: a body may hold several calendars). */
export interface CalendarZones {
  /** The calendar's VTIMEZONEs by TZID (the last of a TZID defined twice). */
  vtimezones: Map<string, ICAL.Component>
  /** The calendar's default zone (X-WR-TIMEZONE, as Google and Apple export it), when it names a known zone. */
  calendarZone?: string
}

/** A VEVENT with the zones of the calendar it is in; a VEVENT outside any VCALENDAR has none. */
export interface CalendarEvent { event: ICAL.Component | UnreadEvent, zones: CalendarZones }

export interface CalendarParts {
  /** The VEVENTs in file order. */
  events: CalendarEvent[]
}

/** An IANA zone for a TZID: as is, quotes removed, or the zone at the end of a "/mozilla.org/.../Europe/Berlin" path. */
export function zoneFromTzid (tzid: string): string | undefined {
  const clean = tzid.trim().replace(/^"(.*)"$/, '$1').trim()
  const direct = resolveZone(clean)
  if (direct !== undefined || !clean.includes('/')) return direct
  const parts = clean.split('/').filter(p => p !== '')
  for (let n = Math.min(3, parts.length); n >= 1; n--) {
    const zone = resolveZone(parts.slice(-n).join('/'))
    if (zone !== undefined) return zone
  }
  return undefined
}

/** The components of iCalendar text, as ical.js parses them (RRULE values as written). */
function componentsOf (text: string): ICAL.Component[] {
  const jcal = parseJcal(text)
  return (Array.isArray(jcal[0]) ? jcal as unknown[][] : [jcal]).map(j => new ICAL.Component(j as unknown[]))
}

/** Why ical.js could not parse the text, in plain words. */
function reasonOf (error: unknown): string {
  return error instanceof TypeError ? 'its components are not nested as RFC 5545 requires' : plain((error as Error).message)
}

const malformed = (error: unknown): CalendarInputError => new CalendarInputError(`The iCalendar text is malformed: ${reasonOf(error)}.`)

/** ical.js's parser messages, said plainly. */
function plain (message: string): string {
  if (message.includes('component began but did not end')) return 'a BEGIN: line has no matching END: (the text is cut short or a component is not closed)'
  const line = /^invalid line \(no token ";" or ":"\) "([\s\S]*)"$/.exec(message)
  if (line !== null) return `the line ${quoted(line[1] ?? '')} is not a NAME:VALUE content line`
  const quote = /^invalid line \(no matching double quote\) "([\s\S]*)"$/.exec(message)
  if (quote !== null) return `a quoted parameter value is not closed in the line ${quoted(quote[1] ?? '')}`
  const parameter = /^Invalid parameters in '([\s\S]*)'$/.exec(message)
  if (parameter !== null) return `a parameter is not NAME=VALUE in the line ${quoted(parameter[1] ?? '')}`
  const value = /^Missing parameter value in '([\s\S]*)'$/.exec(message)
  if (value !== null) return `the line ${quoted(value[1] ?? '')} has no ":" before its value`
  return message
}

/** Bounds of a calendar's shape that real files stay far inside (VCALENDAR > VEVENT > VALARM is 3 deep; a property
 * has a handful of parameters): ical.js 2.2 takes 0.9 s for a line with 150,000 parameters and time in proportion
 * to the depth of nested components, so text beyond them is refused before it is parsed. */
export const MAX_DEPTH = 20
export const MAX_PARAMETERS = 100

/** How many VEVENTs a calendar holds, before it is parsed. */
interface EventCount {
  /** Every VEVENT. */
  all: number
  /** VEVENTs without RECURRENCE-ID: each is an event of its own (a changed occurrence may be too, when its series
   * is not in the file), so at least this many events will be read. */
  own: number
}

/** Bounds on the events of a calendar, checked before it is parsed (a batch's size limit: parsing costs time in
 * proportion to the events, and the limit would refuse the calendar afterwards anyway). */
export interface EventLimit {
  /** At most this many events (VEVENTs that change one occurrence of a series do not count). */
  events: number
  /** At most this many VEVENTs in all. */
  vevents: number
  /** Throws the caller's error for a calendar with (at least) `count` `what`, over the bound `max`. */
  refuse: (count: number, what: string, max: number) => never
}

/** Refuses nesting deeper than MAX_DEPTH and content lines with more than MAX_PARAMETERS parameters (counted up to
 * the first ":" outside double quotes, on unfolded lines), and counts the VEVENTs; reads each line only up to its
 * value. */
function checkShape (body: string): EventCount {
  // Line by line, each taken from the unfolded text only while it is read: a list of every line cost memory in
  // proportion to the file.
  const text = unfold(body)
  const lineEnd = /\r?\n/g
  let depth = 0
  const count: EventCount = { all: 0, own: 0 }
  let eventDepth = 0
  let changesOccurrence = false
  for (let i = 0, from = 0; from <= text.length; i++) {
    lineEnd.lastIndex = from
    const found = lineEnd.exec(text)
    const line = text.slice(from, found === null ? text.length : found.index)
    from = found === null ? text.length + 1 : lineEnd.lastIndex
    if (/^BEGIN:/i.test(line)) {
      if (++depth > MAX_DEPTH) {
        throw new CalendarInputError(`The iCalendar text is malformed: content line ${i + 1} nests components more than ${MAX_DEPTH} deep.`)
      }
      if (eventDepth === 0 && /^BEGIN:VEVENT\s*$/i.test(line)) {
        eventDepth = depth
        changesOccurrence = false
        count.all++
      }
    } else if (/^END:/i.test(line)) {
      if (depth === eventDepth) {
        if (!changesOccurrence) count.own++
        eventDepth = 0
      }
      depth--
    } else if (depth === eventDepth && /^RECURRENCE-ID[;:]/i.test(line)) {
      changesOccurrence = true
    }
    let parameters = 0
    let inQuotes = false
    for (let j = 0; j < line.length; j++) {
      const c = line.charCodeAt(j)
      if (c === 34) inQuotes = !inQuotes
      else if (!inQuotes && c === 58) break
      else if (!inQuotes && c === 59 && ++parameters > MAX_PARAMETERS) {
        throw new CalendarInputError(`The iCalendar text is malformed: content line ${i + 1} (${quoted(line.slice(0, line.indexOf(';')))}) has more than ${MAX_PARAMETERS} parameters.`)
      }
    }
  }
  if (eventDepth !== 0 && !changesOccurrence) count.own++
  return count
}

/** The text readCalendar reads, checked for what refuses it whatever its events: empty, not starting with BEGIN:, or
 * beyond MAX_DEPTH or MAX_PARAMETERS; with its VEVENTs counted. */
function checkedBody (text: string): { body: string, count: EventCount } {
  const body = withLineFeeds(text.replace(/^\uFEFF/, '').trimStart())
  if (body.trim() === '') throw new CalendarInputError('The iCalendar body is empty.')
  if (!/^BEGIN:/i.test(body)) throw new CalendarInputError(`The iCalendar text must start with BEGIN:VCALENDAR, not ${quoted(body.split(/\r?\n/, 1)[0] ?? '')}.`)
  return { body, count: checkShape(body) }
}

/** Throws what readCalendar(text) throws, if anything, for a calendar whose components nest (splitCalendar reads it)
 * and whose `rest` is its text without its VEVENTs, without parsing its VEVENTs: a reader that parses them a few at
 * a time (the command-line client cutting a large file) knows before it starts whether the whole would be refused. */
export function checkCalendar (text: string, rest: string): void {
  checkedBody(text)
  let roots: ICAL.Component[]
  try {
    roots = rest.trim() === '' ? [] : componentsOf(rest)
  } catch (error) {
    throw malformed(error)
  }
  checkRoots(roots)
}

export function readCalendar (text: string, limit?: EventLimit): CalendarParts {
  const { body, count } = checkedBody(text)
  if (limit !== undefined) {
    if (count.own > limit.events) limit.refuse(count.own, 'events', limit.events)
    if (count.all > limit.vevents) limit.refuse(count.all, 'VEVENTs (changed occurrences included)', limit.vevents)
  }
  let roots: ICAL.Component[]
  try {
    roots = componentsOf(body)
  } catch (error) {
    return { events: eachEvent(body, error) }
  }
  checkRoots(roots)
  return {
    events: roots.flatMap(root => {
      if (root.name === 'vevent') return [{ event: root, zones: NO_ZONES }]
      const zones = zonesOf(root)
      return root.getAllSubcomponents('vevent').map(event => ({ event, zones }))
    })
  }
}

/** The events of a body ical.js could not parse (`error`): a malformed line inside one VEVENT answers that VEVENT only,
 * so the text is read again as its VEVENTs and the rest (each line parsed once more at most); a malformed line in the
 * rest, or components that do not nest, answer all. */
function eachEvent (body: string, error: unknown): CalendarEvent[] {
  const split = splitCalendar(body)
  if (split === undefined) throw malformed(error)
  let roots: ICAL.Component[]
  try {
    roots = split.rest.trim() === '' ? [] : componentsOf(split.rest)
  } catch (restError) {
    throw malformed(restError)
  }
  checkRoots(roots)
  // The rest holds every VCALENDAR of the body, in order, without its VEVENTs.
  const calendars = roots.filter(root => root.name === 'vcalendar').map(zonesOf)
  return split.events.map(event => {
    const zones = calendars[event.calendar] ?? NO_ZONES
    try {
      return { event: new ICAL.Component(parseJcal(event.text)), zones }
    } catch (eventError) {
      return { event: { uid: event.uid, changesOccurrence: event.changesOccurrence, reason: reasonOf(eventError) }, zones }
    }
  })
}

const NO_ZONES: CalendarZones = { vtimezones: new Map() }

function checkRoots (roots: ICAL.Component[]): void {
  const unexpected = roots.find(r => r.name !== 'vcalendar' && r.name !== 'vevent')
  if (unexpected !== undefined) throw new CalendarInputError(`The iCalendar text must start with BEGIN:VCALENDAR, not BEGIN:${unexpected.name.toUpperCase()}.`)
}

/** A VCALENDAR's VTIMEZONEs and X-WR-TIMEZONE. */
function zonesOf (calendar: ICAL.Component): CalendarZones {
  const vtimezones = new Map<string, ICAL.Component>()
  for (const tz of calendar.getAllSubcomponents('vtimezone')) {
    const tzid = tz.getFirstPropertyValue('tzid')
    if (typeof tzid === 'string') vtimezones.set(tzid, tz)
  }
  const wr = calendar.getFirstPropertyValue('x-wr-timezone')
  const calendarZone = typeof wr === 'string' ? zoneFromTzid(wr) : undefined
  return { vtimezones, ...(calendarZone === undefined ? {} : { calendarZone }) }
}
