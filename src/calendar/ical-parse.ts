// ical.js parsing (RRULEs and malformed dates kept as written), and the split of a calendar into its VEVENTs and the rest.
import ICAL from 'ical.js'
import { unfold } from './decode.js'

/** Marks a DATE or DATE-TIME value not written as RFC 5545 says (YYYYMMDD, YYYYMMDDTHHMMSS, an optional Z): ical.js
 * reformats any text by position ("2026-12-01T10:00:00Z" became "2026--1-2-T1T:10::0", "20261201T100000+0100" a
 * valid 10:00), so such a value is kept as written, after this mark, where no value ical.js read can start. */
const UNREAD = '\u0000'
/** A DATE or DATE-TIME as RFC 5545 writes it. */
export const WELL_FORMED = /^\d{8}(?:T\d{6}Z?)?$/

type FromIcal = (value: string) => string
const values = ICAL.design.icalendar.value as Record<'date' | 'date-time', { fromICAL: FromIcal }>
const readIfWellFormed = (read: FromIcal): FromIcal => value => WELL_FORMED.test(value.trim()) ? read(value.trim()) : UNREAD + value

/** Whether ical.js could not read this DATE or DATE-TIME value of the jCal (see UNREAD). */
export const unreadTime = (value: string): boolean => value.startsWith(UNREAD)

/** A DATE or DATE-TIME value of the jCal as written in the file: read ones ("2026-12-01T10:00:00Z") lose the "-" and
 * ":" that ical.js added. */
export const writtenTime = (value: string): string => unreadTime(value) ? value.slice(UNREAD.length) : value.replace(/[-:]/g, '')

/** The iCalendar design set with RRULE read as text: ical.js turns COUNT=0 into an endless rule and INTERVAL=0 into 1,
 * and a bad rule part (BYDAY=XX) fails the whole file; as written, the rule is checked like a JSON proposal's. Dates
 * and date-times are read only when well formed (see UNREAD). */
const RULES_AS_WRITTEN = {
  ...ICAL.design.icalendar,
  property: { ...ICAL.design.icalendar.property, rrule: { defaultType: 'text' } },
  value: {
    ...ICAL.design.icalendar.value,
    date: { ...values.date, fromICAL: readIfWellFormed(values.date.fromICAL.bind(values.date)) },
    'date-time': { ...values['date-time'], fromICAL: readIfWellFormed(values['date-time'].fromICAL.bind(values['date-time'])) }
  }
}

/** The jCal of `text`, RRULE values as written (text). ical.js picks the design set of the whole text from its first
 * component, so the set is swapped for the (synchronous) parse only: other users of ical.js are unaffected. */
export function parseJcal (text: string): unknown[] {
  const components = ICAL.design.components as Record<string, unknown>
  const saved = { vcalendar: components.vcalendar, vevent: components.vevent }
  components.vcalendar = RULES_AS_WRITTEN
  components.vevent = RULES_AS_WRITTEN
  try {
    return ICAL.parse(text) as unknown[]
  } finally {
    for (const [name, set] of Object.entries(saved)) {
      if (set === undefined) delete components[name]
      else components[name] = set
    }
  }
}

/** One VEVENT of a calendar as text, with what is needed to name it when it cannot be parsed; `at` is where its
 * text starts in the body split, `calendar` the position among the body's VCALENDARs of the one it is in (-1 for a
 * VEVENT outside any); `invitees` counts its own ATTENDEE and ORGANIZER lines, at least as many as its participants. */
export interface EventText { text: string, at: number, uid: string, changesOccurrence: boolean, calendar: number, invitees: number }

/** A calendar split into its VEVENTs (those ical.js lists: at the top level or directly in a VCALENDAR), in file
 * order, and the rest of the text (calendar properties, VTIMEZONEs). */
export interface SplitCalendar { events: EventText[], rest: string }

const LINE_VALUE = /^[^:]*:/

/** Reads `body` by its content lines as ical.js reads them (unfolded; BEGIN:/END: pair by count, not by name), in one
 * pass, handing each VEVENT to `visit` in file order as it ends (nothing is kept here); false when the components do
 * not nest (an END: without BEGIN:, a BEGIN: never ended): VEVENTs may then have been visited already. */
export function scanCalendar (body: string, visit: (event: EventText) => void): boolean {
  const open: string[] = []
  let event: { start: number, depth: number, uid: string, changesOccurrence: boolean, invitees: number } | undefined
  let calendars = 0
  let pos = 0
  while (pos < body.length) {
    const start = pos
    let end = body.indexOf('\n', pos) + 1 || body.length
    while (end < body.length && (body[end] === ' ' || body[end] === '\t')) end = body.indexOf('\n', end) + 1 || body.length
    pos = end
    const line = unfold(body.slice(start, end)).replace(/\r?\n$/, '')
    if (/^BEGIN:/i.test(line)) {
      open.push(line.slice(6).toLowerCase())
      if (open.length === 1 && open[0] === 'vcalendar') calendars++
      if (event === undefined && open.at(-1) === 'vevent' && (open.length === 1 || (open.length === 2 && open[0] === 'vcalendar'))) {
        event = { start, depth: open.length, uid: '', changesOccurrence: false, invitees: 0 }
      }
    } else if (/^END:/i.test(line)) {
      if (open.length === 0) return false
      if (event !== undefined && open.length === event.depth) {
        const { uid, changesOccurrence, invitees } = event
        visit({ text: body.slice(event.start, end), at: event.start, uid, changesOccurrence, calendar: event.depth === 1 ? -1 : calendars - 1, invitees })
        event = undefined
      }
      open.pop()
    } else if (event !== undefined && open.length === event.depth) {
      if (event.uid === '' && /^UID[;:]/i.test(line)) event.uid = line.replace(LINE_VALUE, '').trim()
      else if (/^RECURRENCE-ID[;:]/i.test(line)) event.changesOccurrence = true
      else if (/^(?:ATTENDEE|ORGANIZER)[;:]/i.test(line)) event.invitees++
    }
  }
  return open.length === 0
}

/** `body` split into its VEVENTs and the rest (see scanCalendar); undefined when its components do not nest. */
export function splitCalendar (body: string): SplitCalendar | undefined {
  const events: EventText[] = []
  if (!scanCalendar(body, event => events.push(event))) return undefined
  const rest: string[] = []
  let from = 0
  for (const { at, text } of events) {
    rest.push(body.slice(from, at))
    from = at + text.length
  }
  rest.push(body.slice(from))
  return { events, rest: rest.join('') }
}
