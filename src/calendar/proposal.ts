// Shared by every calendar parser: participants from attendees, timing rules, and the proposal with its assumptions.
import { DateTime } from 'luxon'
import { assumedPurpose } from '../domain/purpose-inference.js'
import { inMeetingRange, instant } from '../domain/resolve.js'
import { resolveZone } from '../domain/time/zones.js'
import { zonedDateTime } from '../domain/time/local-days.js'
import type { ProposalInput } from '../schemas/proposal.js'
import type { RuledZone } from '../domain/resolve.js'
import { CalendarInputError } from './errors.js'
import { EMAIL, agendaFromText, type AgendaLine } from './text.js'
import { quoted } from '../domain/quote.js'

/** `ruledZone`: the start's zone when the calendar gives it only by its rules, to be matched with a known zone once the
 * participants' zones are known. */
export interface ParsedEvent { proposal: ProposalInput, assumptions: string[], ruledZone?: RuledZone }

/** How events are read: `asOf` (RFC 3339, checked by the caller) is the moment the evaluation is made, given to each
 * proposal as its asOf; without it the evaluation is made now. */
export interface ReadOptions { asOf?: string }

/** A person named by the event; `leftOut` says why it is not a participant (declined, room...); `group` that the
 * address is a mailing list (CUTYPE=GROUP), counted as one participant. */
export interface Invitee { email?: string, name?: string, optional?: boolean, organizer?: boolean, group?: string, leftOut?: string }

/** What a parser read from one event, before defaults and inference. */
export interface EventFields {
  title?: string
  description?: string
  start: DateTime
  durationMinutes: number
  timeZone?: string
  invitees: Invitee[]
  organizer?: Invitee
  recurrence?: string
  urgency?: ProposalInput['urgency']
  /** When the event was last changed (or else created), as the event says, and the field that says it. */
  lastChange?: { time: DateTime, field: string }
}

export const DEFAULT_MINUTES = 30
const MAX_MINUTES = 1440

/** A date-time that ends in an offset or Z names an instant by itself (a calendar's wall time needs a zone). */
export const ENDS_IN_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i

export const iso = (time: DateTime): string => time.toUTC().toISO({ suppressMilliseconds: true }) as string

/** An instant a calendar resource records (when the event was changed or created): RFC 3339 with an offset or Z, or
 * without one when the resource keeps such times in UTC (Graph); undefined when it is none. */
export function recordedInstant (value: string | undefined, field: string, utcWithoutOffset = false): EventFields['lastChange'] {
  if (value === undefined) return undefined
  const offset = ENDS_IN_OFFSET.test(value)
  if (!offset && !utcWithoutOffset) return undefined
  const time = DateTime.fromISO(value, { zone: 'utc', setZone: offset })
  return time.isValid ? { time: time.toUTC(), field } : undefined
}

/** The agenda read from a description was in the invite by the event's last change at the latest: that is when it was
 * shared, when it comes before the evaluation (`asOf`, else now); otherwise it counts as not shared yet. */
function sharedAt (change: EventFields['lastChange'], options: ReadOptions, assumptions: string[]): string | undefined {
  if (change === undefined) return undefined
  const at = iso(change.time)
  const asOf = options.asOf === undefined ? DateTime.utc() : instant(options.asOf)
  if (change.time >= asOf || !inMeetingRange(at)) return undefined
  assumptions.push(`agenda shared at ${at}: the event's last change (${change.field})`)
  return at
}

/** The IANA zone for a zone name from a calendar (IANA, link or Windows name), or a CalendarInputError. */
export function zoneOrFail (name: string, path: string): string {
  const zone = resolveZone(name)
  if (zone === undefined) throw new CalendarInputError(`Unknown time zone ${quoted(name)} at ${path}: use an IANA name such as Europe/Berlin or a Windows zone name.`, path)
  return zone
}

/** A wall-clock date-time read in `zone`; CalendarInputError naming `path` when it is not a date-time. */
export function localTime (value: unknown, zone: string, path: string): DateTime {
  const time = typeof value === 'string' ? zonedDateTime(value, zone) : undefined
  if (time === undefined || !time.isValid) throw new CalendarInputError(`${path} is not a valid date-time: ${JSON.stringify(value)}.`, path)
  return time
}

/** Whole minutes between start and end; an end not after the start or more than a day later is refused. */
export function minutesBetween (start: DateTime, end: DateTime, path: string): number {
  const minutes = Math.ceil(end.diff(start, 'seconds').seconds / 60)
  if (minutes < 1) throw new CalendarInputError(`The event ends (${path}) before or when it starts.`, path)
  if (minutes > MAX_MINUTES) throw new CalendarInputError(`The event lasts ${minutes} minutes (${path}); meetings of more than a day (1440 minutes) cannot be evaluated.`, path)
  return minutes
}

/** An all-day event: from 00:00 of its first day in `zone`, one day long (1440 minutes, the longest evaluated). */
export function allDay (date: DateTime, days: number, zone: string, assumptions: string[]): { start: DateTime, durationMinutes: number } {
  const start = date.setZone(zone, { keepLocalTime: true }).startOf('day')
  const span = days > 1 ? ` (it spans ${days} days; only the first is evaluated)` : ''
  assumptions.push(`all-day event: evaluated as a 24-hour meeting from 00:00 ${zone} on ${start.toISODate() ?? ''}${span}`)
  return { start, durationMinutes: MAX_MINUTES }
}

/** What an all-day event that shows its attendees as free is, and why it is not scored. */
export const FREE_ALL_DAY = {
  what: (said: string) => `an all-day event that shows its attendees as free (${said})`,
  why: 'it takes no one\'s time, like a holiday or a notice',
  otherwise: 'shown as busy, it would be'
}

/** Where a parser found the attendees, for the problem when none of them is a person. */
export interface AttendeeSource {
  /** The iCalendar property or JSON pointer holding the attendees: ATTENDEE, /attendees. */
  path: string
  /** What to add, ending the problem's sentence ("add each person invited as an ATTENDEE ..."). */
  hint: string
  /** The event's name in a file of several ("VEVENT 2 (UID x): "). */
  label?: string
}

interface LeftOut { who: string, why: string }

/** Participants from the invitees and the organiser, each address once: an address listed again makes its entry
 * required if either listing is, and keeps a role either gives (the first listing won, so an OPT-PARTICIPANT listed
 * before the same REQ-PARTICIPANT made a required person optional). */
function participants (fields: EventFields, assumptions: string[]): { participants: ProposalInput['participants'], leftOut: LeftOut[] } {
  const out: ProposalInput['participants'] = []
  const leftOut: LeftOut[] = []
  const named = new Set<string>()
  const add = (invitee: Invitee, organizer: boolean) => {
    const email = invitee.email?.trim() ?? ''
    const who = email === '' ? (invitee.name ?? 'an attendee without an email') : email
    const role = organizer || invitee.organizer === true ? 'organizer' as const : undefined
    if (email !== '' && named.has(email.toLowerCase())) {
      const found = out.find(p => p.email.toLowerCase() === email.toLowerCase())
      if (found === undefined || invitee.leftOut !== undefined) return
      if (found.role === undefined && role !== undefined) found.role = role
      const required = invitee.optional !== true && found.attendance === 'optional'
      if (required) found.attendance = 'required'
      if (!organizer) assumptions.push(`${found.email}: listed twice; counted once${required ? ', as required (one listing is)' : ''}`)
      return
    }
    if (email !== '') named.add(email.toLowerCase())
    const why = invitee.leftOut ?? (EMAIL.test(email) ? undefined : 'no usable email address')
    if (why !== undefined) {
      assumptions.push(`${who}: left out (${why})`)
      leftOut.push({ who, why })
      return
    }
    const name = invitee.name?.trim().slice(0, 200)
    out.push({
      email,
      ...(name === undefined || name === '' || name.toLowerCase() === email.toLowerCase() ? {} : { name }),
      attendance: invitee.optional === true ? 'optional' : 'required',
      ...(role === undefined ? {} : { role })
    })
    if (organizer) assumptions.push(`${email}: the organiser, added as a required participant`)
    if (invitee.group !== undefined) assumptions.push(`${email}: a group (${invitee.group}), counted as one participant`)
  }
  for (const invitee of fields.invitees) add(invitee, false)
  if (fields.organizer !== undefined) add(fields.organizer, true)
  return { participants: out, leftOut }
}

/** Everyone the event names with a usable email, as it names them: whom an agenda owner may be. */
function invited (fields: EventFields): Array<{ email: string, name?: string }> {
  return [...fields.invitees, ...(fields.organizer === undefined ? [] : [fields.organizer])].flatMap(i => {
    const email = i.email?.trim() ?? ''
    return EMAIL.test(email) ? [{ email, ...(i.name === undefined ? {} : { name: i.name }) }] : []
  })
}

const nameKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase()
/** The first name of a display name, also when written "Lima, Ana" (Outlook's Last, First). */
const firstName = (name: string): string => nameKey(name.includes(',') ? name.slice(name.indexOf(',') + 1) : name).split(' ')[0] ?? ''

/** The attendee an agenda owner names, and how it was matched: the same email; else, among attendees with a name or
 * address, the whole name, an address's local part, then a first name, each only when it points to one person. */
export function ownerAttendee (owner: string, people: Array<{ email: string, name?: string }>): { email: string, how?: string } | undefined {
  const wanted = nameKey(owner)
  if (owner.includes('@')) {
    const same = people.find(p => p.email.toLowerCase() === wanted)
    return same === undefined ? undefined : { email: same.email }
  }
  const one = (found: Array<{ email: string, name?: string }>) => new Set(found.map(p => p.email.toLowerCase())).size === 1 ? found[0] : undefined
  const named = one(people.filter(p => p.name !== undefined && nameKey(p.name) === wanted))
  if (named !== undefined) return { email: named.email, how: `the attendee named ${quoted(named.name ?? '')}` }
  const local = one(people.filter(p => p.email.slice(0, p.email.lastIndexOf('@')).toLowerCase() === wanted))
  if (local !== undefined) return { email: local.email, how: 'the attendee with that name before the @ of their address' }
  const first = one(people.filter(p => p.name !== undefined && firstName(p.name) === wanted))
  if (first !== undefined) return { email: first.email, how: `the only attendee with that first name, ${quoted(first.name ?? '')}` }
  return undefined
}

/** Agenda items with their owners as emails where they name an attendee; a name that names none is kept as written
 * (the invite cannot tell whether that person is among the attendees). Each owner's reading is listed once. */
function withOwners (items: AgendaLine[], people: Array<{ email: string, name?: string }>, assumptions: string[]): AgendaLine[] {
  const read = new Map<string, string>()
  return items.map(item => {
    if (item.owner === undefined) return item
    const written = item.owner
    let owner = read.get(written)
    if (owner === undefined) {
      const found = ownerAttendee(written, people)
      owner = found?.email ?? written
      read.set(written, owner)
      if (found?.how !== undefined) assumptions.push(`agenda: owner ${quoted(written)} read as ${found.email}, ${found.how}`)
      else if (found === undefined && !written.includes('@')) assumptions.push(`agenda: owner ${quoted(written)} matches no attendee's name or address; kept as a name`)
    }
    return { ...item, owner }
  })
}

/** The event lists no person to evaluate the meeting for (the organiser, when there is one, already counts as one):
 * said in the event's terms, naming what was left out and why, instead of the proposal's "/participants". */
function noParticipant (leftOut: LeftOut[], source: AttendeeSource): CalendarInputError {
  const shown = leftOut.slice(0, 3).map(l => `${quoted(l.who)} (${l.why})`)
  if (leftOut.length > 3) shown.push(`${leftOut.length - 3} more`)
  const list = shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1) ?? ''}` : shown[0] ?? ''
  const why = leftOut.length === 0 ? 'it lists no attendees and no organiser' : `${list} ${leftOut.length === 1 ? 'is' : 'are'} left out`
  return new CalendarInputError(`${source.label ?? ''}The event has no attendee who is a person, so there is no one to evaluate the meeting for: ${why}. To evaluate it, ${source.hint}.`, source.path)
}

/** The proposal, with the title, purpose and agenda defaults or inferences listed as assumptions; a CalendarInputError
 * at `source` when no attendee is a person. */
export function buildProposal (fields: EventFields, assumptions: string[], source: AttendeeSource, options: ReadOptions = {}): ParsedEvent {
  let title = fields.title?.trim() ?? ''
  if (title === '') {
    title = '(no title)'
    assumptions.push('title: the event has none; "(no title)" used')
  } else if (title.length > 300) {
    title = title.slice(0, 300)
    assumptions.push('title: cut to its first 300 characters')
  }
  const people = participants(fields, assumptions)
  if (people.participants.length === 0) throw noParticipant(people.leftOut, source)
  const description = fields.description?.trim()
  const proposal: ProposalInput = {
    title,
    start: iso(fields.start),
    durationMinutes: fields.durationMinutes,
    participants: people.participants
  }
  if (description !== undefined && description !== '') {
    proposal.description = description.slice(0, 20_000)
    if (description.length > 20_000) assumptions.push('description: cut to its first 20000 characters')
  }
  const inferred = assumedPurpose(title, description ?? '')
  if (inferred.matched) proposal.purpose = inferred.purpose
  assumptions.push(inferred.assumption)
  // The agenda is read from the description as stored (at most 20000 characters), not from all the text sent.
  const items = proposal.description === undefined ? [] : agendaFromText(proposal.description)
  if (items.length > 0) {
    assumptions.push(`agenda: ${Math.min(items.length, 50)} item${items.length === 1 ? '' : 's'} read from the description${items.length > 50 ? ' (the first 50)' : ''}`)
    proposal.agenda = { items: withOwners(items.slice(0, 50), invited(fields), assumptions) }
    const shared = sharedAt(fields.lastChange, options, assumptions)
    if (shared !== undefined) proposal.agenda.sharedAt = shared
  }
  if (fields.timeZone !== undefined) proposal.timeZone = fields.timeZone
  if (fields.urgency !== undefined) proposal.urgency = fields.urgency
  if (fields.recurrence !== undefined) proposal.recurrence = fields.recurrence
  if (options.asOf !== undefined) proposal.asOf = options.asOf
  return { proposal, assumptions }
}
