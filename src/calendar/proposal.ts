// Shared by every calendar parser: participants from attendees, timing rules, and the proposal with its assumptions.
import { DateTime } from 'luxon'
import { inferPurpose } from '../domain/purpose-inference.js'
import { resolveZone } from '../domain/time/zones.js'
import { zonedDateTime } from '../domain/time/local-days.js'
import type { ProposalInput } from '../schemas/proposal.js'
import { CalendarInputError } from './errors.js'
import { agendaFromText } from './text.js'
import { quoted } from '../domain/quote.js'

export interface ParsedEvent { proposal: ProposalInput, assumptions: string[] }

/** A person named by the event; `leftOut` says why it is not a participant (declined, room...). */
export interface Invitee { email?: string, name?: string, optional?: boolean, organizer?: boolean, leftOut?: string }

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
}

export const DEFAULT_MINUTES = 30
const MAX_MINUTES = 1440
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/

export const iso = (time: DateTime): string => time.toUTC().toISO({ suppressMilliseconds: true }) as string

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

function participants (fields: EventFields, assumptions: string[]): ProposalInput['participants'] {
  const out: ProposalInput['participants'] = []
  const named = new Set<string>()
  const add = (invitee: Invitee, organizer: boolean) => {
    const email = invitee.email?.trim() ?? ''
    const who = email === '' ? (invitee.name ?? 'an attendee without an email') : email
    if (email !== '' && named.has(email.toLowerCase())) {
      if (organizer) {
        const found = out.find(p => p.email.toLowerCase() === email.toLowerCase())
        if (found !== undefined && found.role === undefined) found.role = 'organizer'
      }
      return
    }
    if (email !== '') named.add(email.toLowerCase())
    if (invitee.leftOut !== undefined) { assumptions.push(`${who}: left out (${invitee.leftOut})`); return }
    if (!EMAIL.test(email)) { assumptions.push(`${who}: left out (no usable email address)`); return }
    const name = invitee.name?.trim().slice(0, 200)
    out.push({
      email,
      ...(name === undefined || name === '' || name.toLowerCase() === email.toLowerCase() ? {} : { name }),
      attendance: invitee.optional === true ? 'optional' : 'required',
      ...(organizer || invitee.organizer === true ? { role: 'organizer' as const } : {})
    })
    if (organizer) assumptions.push(`${email}: the organiser, added as a required participant`)
  }
  for (const invitee of fields.invitees) add(invitee, false)
  if (fields.organizer !== undefined) add(fields.organizer, true)
  return out
}

/** The proposal, with the title, purpose and agenda defaults or inferences listed as assumptions. */
export function buildProposal (fields: EventFields, assumptions: string[]): ParsedEvent {
  let title = fields.title?.trim() ?? ''
  if (title === '') {
    title = '(no title)'
    assumptions.push('title: the event has none; "(no title)" used')
  } else if (title.length > 300) {
    title = title.slice(0, 300)
    assumptions.push('title: cut to its first 300 characters')
  }
  const description = fields.description?.trim()
  const proposal: ProposalInput = {
    title,
    start: iso(fields.start),
    durationMinutes: fields.durationMinutes,
    participants: participants(fields, assumptions)
  }
  if (description !== undefined && description !== '') {
    proposal.description = description.slice(0, 20_000)
    if (description.length > 20_000) assumptions.push('description: cut to its first 20000 characters')
  }
  const inferred = inferPurpose(title, description)
  if (inferred.matched !== undefined) {
    proposal.purpose = inferred.purpose
    const where = inferPurpose(title).matched === undefined ? 'description' : 'title'
    assumptions.push(`purpose: ${inferred.purpose}, inferred from ${quoted(inferred.matched)} in the ${where}`)
  } else {
    assumptions.push('purpose: not recognised from the title or description; other assumed')
  }
  // The agenda is read from the description as stored (at most 20000 characters), not from all the text sent.
  const items = proposal.description === undefined ? [] : agendaFromText(proposal.description)
  if (items.length > 0) {
    proposal.agenda = { items: items.slice(0, 50) }
    assumptions.push(`agenda: ${Math.min(items.length, 50)} item${items.length === 1 ? '' : 's'} read from the description${items.length > 50 ? ' (the first 50)' : ''}`)
  }
  if (fields.timeZone !== undefined) proposal.timeZone = fields.timeZone
  if (fields.urgency !== undefined) proposal.urgency = fields.urgency
  if (fields.recurrence !== undefined) proposal.recurrence = fields.recurrence
  return { proposal, assumptions }
}
