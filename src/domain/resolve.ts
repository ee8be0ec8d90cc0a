// Turns a validated proposal into the domain Meeting: zones canonical, gaps filled from the directory then the
// policy, and every assumed value listed.
import { DateTime } from 'luxon'
import type { ProposalInput } from '../schemas/proposal.js'
import type { Agenda, AgendaItem, Meeting, Participant, Policy, WorkingHours } from './model.js'
import { endsAfterFirst, parseRecurrence } from './time/recurrence.js'
import { annualOccurrences } from './time/annual.js'
import { canonicalZone } from './time/zones.js'
import { daysInMonth } from './time/local-days.js'

/** What the people directory knows about someone. */
export interface DirectoryEntry { email: string, timeZone: string, workingHours?: WorkingHours | null, hourlyRate?: number | null }

/** A stored agenda used through `agendaId`. */
export interface AgendaSource { items: AgendaItem[], sharedAt?: string }

/** A zone an event gives only by its rules (a calendar file's VTIMEZONE no name identifies). */
export interface RuledZone {
  /** The zone as the event names it: the file's VTIMEZONE "Customized Time Zone". */
  name: string
  /** The first of `preferred`, else of the zones known by name, whose clock keeps the rules over the years the meeting
   * is evaluated for, with those years ("2026 to 2027"); or, in `none`, why there is none. */
  match: (preferred: string[]) => { zone: string, years: string } | { none: string }
}

export interface ResolveContext {
  policy: Policy
  /** Directory entries keyed by lower-cased email. */
  directory: Map<string, DirectoryEntry>
  now: DateTime
  storedAgenda?: AgendaSource
  /** List assumed hourly rates (default true); the overlap search has no use for them. */
  withRates?: boolean
  /** The zone of the event's start when a calendar gave it only by its rules. */
  ruledZone?: RuledZone
}

export class ProposalError extends Error {
  constructor (readonly path: string, message: string) { super(message) }
}

const DAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
export const describeHours = (h: WorkingHours): string => `${h.start}-${h.end} ${h.days.map(d => DAY_NAMES[d]).join(',')}`

/** RFC 3339 as clients nearly always write it; anything else (lower-case "t", leap seconds, long fractions) is left
 * to luxon. */
const COMMON_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,3})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/

/** A validated RFC 3339 date-time as a UTC DateTime. Date.parse reads the common form exactly (it would roll
 * 30 February over to March, so the day is checked first). */
export function instant (value: string): DateTime {
  const m = COMMON_INSTANT.exec(value)
  if (m !== null && Number(m[3]) >= 1 && Number(m[3]) <= daysInMonth(Number(m[1]), Number(m[2]))) {
    return DateTime.fromMillis(Date.parse(value), { zone: 'utc' })
  }
  return DateTime.fromISO(value, { setZone: true }).toUTC()
}

/** Meetings are placed from 1972 (since then every zone's UTC offset is a whole number of minutes; Monrovia's was
 * -00:44:30 until 1972) up to the end of 2199. */
export const MEETING_YEARS = { first: 1972, last: 2199 } as const
const EARLIEST_MS = Date.UTC(MEETING_YEARS.first, 0, 1)
const AFTER_LATEST_MS = Date.UTC(MEETING_YEARS.last + 1, 0, 1)
export const MEETING_RANGE_MESSAGE = `must lie between ${MEETING_YEARS.first}-01-01 and ${MEETING_YEARS.last}-12-31 (UTC)`

const inRange = (ms: number): boolean => ms >= EARLIEST_MS && ms < AFTER_LATEST_MS

/** Whether a valid RFC 3339 instant lies in the years meetings are placed in. */
export const inMeetingRange = (value: string): boolean => inRange(instant(value).toMillis())

/** `instant`, refused (ProposalError at `path`) outside the years meetings are placed in. */
function meetingInstant (value: string, path: string): DateTime {
  const t = instant(value)
  if (!inRange(t.toMillis())) throw new ProposalError(path, MEETING_RANGE_MESSAGE)
  return t
}

function resolveParticipant (input: ProposalInput['participants'][number], ctx: Pick<ResolveContext, 'policy' | 'directory' | 'withRates'>, assumptions: string[]): Participant {
  const entry = ctx.directory.get(input.email.toLowerCase())
  const d = ctx.policy.defaults
  const fromDirectory: string[] = []
  const fromPolicy: string[] = []
  let timeZone = input.timeZone === undefined ? undefined : canonicalZone(input.timeZone)
  if (timeZone === undefined && entry !== undefined) { timeZone = entry.timeZone; fromDirectory.push(`time zone (${timeZone})`) }
  if (timeZone === undefined) { timeZone = d.timeZone; fromPolicy.push(`time zone (${timeZone})`) }
  let workingHours = input.workingHours
  if (workingHours === undefined && entry?.workingHours != null) { workingHours = entry.workingHours; fromDirectory.push(`working hours (${describeHours(workingHours)})`) }
  if (workingHours === undefined) { workingHours = d.workingHours; fromPolicy.push(`working hours (${describeHours(workingHours)})`) }
  let hourlyRate = input.hourlyRate
  if (hourlyRate === undefined && entry?.hourlyRate != null) { hourlyRate = entry.hourlyRate; if (ctx.withRates !== false) fromDirectory.push(`hourly rate (${hourlyRate} ${d.currency})`) }
  if (hourlyRate === undefined) { hourlyRate = d.hourlyRate; if (ctx.withRates !== false) fromPolicy.push(`hourly rate (${hourlyRate} ${d.currency})`) }
  const join = (parts: string[]) => parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
  if (fromDirectory.length > 0) assumptions.push(`${input.email}: ${join(fromDirectory)} from the people directory`)
  if (fromPolicy.length > 0) assumptions.push(`${input.email}: ${join(fromPolicy)} from the organisation default`)
  return {
    email: input.email,
    timeZone,
    workingHours: { ...workingHours, days: [...workingHours.days].sort((a, b) => a - b) },
    attendance: input.attendance ?? 'required',
    ...(input.role === undefined ? {} : { role: input.role }),
    hourlyRate
  }
}

type ParticipantInput = ProposalInput['participants'][number]

/** The fields of a listing a repeat of it can give, as assumptions name them, and how two values compare. */
const MERGED_FIELDS = [
  ['role', 'role', (v: ParticipantInput) => v.role],
  ['timeZone', 'time zone', (v: ParticipantInput) => v.timeZone === undefined ? undefined : canonicalZone(v.timeZone) ?? v.timeZone],
  ['workingHours', 'working hours', (v: ParticipantInput) => v.workingHours === undefined ? undefined : describeHours(v.workingHours)],
  ['hourlyRate', 'hourly rate', (v: ParticipantInput) => v.hourlyRate]
] as const

const listing = (parts: string[]) => parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`

/** One participant from the listings of one email: required if any listing is (as attendees of a calendar invite
 * are), each other field from the first listing that gives it; said under assumptions, naming the listing each field
 * came from where a later one gave it or two gave it differently. */
function mergeListings (listings: Array<{ input: ParticipantInput, index: number }>, assumptions: string[]): ParticipantInput {
  const [first, ...repeats] = listings as [{ input: ParticipantInput, index: number }, ...Array<{ input: ParticipantInput, index: number }>]
  const merged: ParticipantInput = { ...first.input }
  const required = first.input.attendance === 'optional' && repeats.some(r => r.input.attendance !== 'optional')
  if (required) merged.attendance = 'required'
  const from = new Map<number, string[]>()
  for (const [field, label, value] of MERGED_FIELDS) {
    const givers = listings.filter(l => value(l.input) !== undefined)
    const giver = givers[0]
    if (giver === undefined) continue
    if (giver !== first) Object.assign(merged, { [field]: giver.input[field] })
    if (giver === first && givers.every(g => value(g.input) === value(giver.input))) continue
    from.set(giver.index, [...from.get(giver.index) ?? [], label])
  }
  const indexes = listings.map(l => l.index)
  const times = listings.length === 2 ? 'twice' : `${listings.length} times`
  const fields = [...from].sort(([a], [b]) => a - b).map(([index, labels]) => `the ${listing(labels)} of participant ${index}`)
  assumptions.push(`${first.input.email}: listed ${times} (participants ${listing(indexes.map(String))}); counted once` +
    `${required ? ', as required (one listing is)' : ''}${fields.length === 0 ? '' : `, with ${listing(fields)}`}`)
  return merged
}

/** Participants deduplicated by email (case-insensitive), the listings of one merged, with every gap filled; each
 * merge and fill listed in `assumptions`. */
export function resolveParticipants (inputs: ProposalInput['participants'], ctx: Pick<ResolveContext, 'policy' | 'directory' | 'withRates'>, assumptions: string[]): Participant[] {
  const byEmail = new Map<string, Array<{ input: ParticipantInput, index: number }>>()
  inputs.forEach((input, index) => {
    const key = input.email.toLowerCase()
    const listings = byEmail.get(key)
    if (listings === undefined) byEmail.set(key, [{ input, index }])
    else listings.push({ input, index })
  })
  return [...byEmail.values()].map(listings => {
    if (listings.length === 1) return resolveParticipant(listings[0]!.input, ctx, assumptions)
    const merged = mergeListings(listings, assumptions)
    return resolveParticipant(merged, ctx, assumptions)
  })
}

/** The proposal's zone; else, for a start given by a calendar's own rules, the zone whose clock keeps them (the
 * organiser's, the participants' in order, then any known zone); else the organiser's (or the first required
 * participant's) zone. */
function meetingZone (proposal: ProposalInput, people: Participant[], ctx: ResolveContext, assumptions: string[]): string {
  if (proposal.timeZone !== undefined) return canonicalZone(proposal.timeZone)!
  const organizer = people.find(p => p.role === 'organizer')
  const anchor = organizer ?? people.find(p => p.attendance === 'required') ?? people[0]
  const zone = anchor?.timeZone ?? ctx.policy.defaults.timeZone
  const from = `${zone}, from ${anchor === undefined ? 'the organisation default' : anchor.email}`
  if (ctx.ruledZone === undefined) {
    assumptions.push(`meeting time zone: ${from}`)
    return zone
  }
  const found = ctx.ruledZone.match([...new Set([organizer, ...people].flatMap(p => p === undefined ? [] : [p.timeZone]))])
  if ('zone' in found) {
    assumptions.push(`meeting time zone: ${found.zone}, whose clock matches ${ctx.ruledZone.name} from ${found.years}`)
    return found.zone
  }
  assumptions.push(`meeting time zone: ${from}, as ${found.none}${proposal.recurrence === undefined ? '' : `; the series is expanded in ${zone}`}`)
  return zone
}

/** Whether a stored agenda published at `publishedAt` was not shared yet as of `asOf`, said under `assumptions` when
 * so: as a calendar event changed after asOf is not (without an asOf, the moment of evaluation follows publishing; the
 * clocks of the database and this process need not agree to the millisecond). Through agendaId and the agenda's own
 * evaluate route alike. */
export function notSharedAsOf (publishedAt: string, asOf: string | undefined, assumptions: string[]): boolean {
  if (asOf === undefined || !(instant(publishedAt).toMillis() > instant(asOf).toMillis())) return false
  assumptions.push(`agenda: published at ${publishedAt}, after asOf, so not shared yet as of then`)
  return true
}

/** The agenda to judge: an inline one, or a stored one (agendaId) shared when published unless `notSharedAsOf`. */
function agendaOf (source: AgendaSource, proposal: ProposalInput, assumptions: string[]): Agenda {
  const items = source.items.map(item => ({ ...item }))
  if (source.sharedAt === undefined) return { items }
  const stored = proposal.agenda === undefined
  const sharedAt = meetingInstant(source.sharedAt, stored ? '/agendaId' : '/agenda/sharedAt')
  if (stored && notSharedAsOf(source.sharedAt, proposal.asOf, assumptions)) return { items }
  return { items, sharedAt }
}

export function resolveMeeting (proposal: ProposalInput, ctx: ResolveContext, assumptions: string[] = []): { meeting: Meeting, assumptions: string[] } {
  let recurrence: string | undefined
  if (proposal.recurrence !== undefined) {
    const check = parseRecurrence(proposal.recurrence)
    if (!check.ok) throw new ProposalError('/recurrence', check.message)
    recurrence = proposal.recurrence.replace(/^RRULE:/i, '')
  }
  const people = resolveParticipants(proposal.participants, ctx, assumptions)
  const timeZone = meetingZone(proposal, people, ctx, assumptions)
  const source = proposal.agenda ?? ctx.storedAgenda
  const agenda = source === undefined ? undefined : agendaOf(source, proposal, assumptions)
  const meeting: Meeting = {
    title: proposal.title,
    ...(proposal.description === undefined ? {} : { description: proposal.description }),
    purpose: proposal.purpose ?? 'other',
    start: meetingInstant(proposal.start, '/start'),
    durationMinutes: proposal.durationMinutes,
    timeZone,
    urgency: proposal.urgency ?? 'normal',
    outcomes: proposal.outcomes ?? [],
    ...(agenda === undefined ? {} : { agenda }),
    participants: people,
    ...(recurrence === undefined ? {} : { recurrence }),
    asOf: proposal.asOf === undefined ? ctx.now.toUTC() : meetingInstant(proposal.asOf, '/asOf')
  }
  if (recurrence !== undefined) {
    // Some rules fail only from the meeting's own start (an INTERVAL that never meets BYDAY); the cost expands this
    // year of the series anyway and finds it remembered.
    try {
      // A rule that ends before its second occurrence (UNTIL before it, COUNT=1) leaves the series one meeting: said,
      // since the sender meant a series.
      if (annualOccurrences(meeting.start, timeZone, recurrence) === 1 && endsAfterFirst(meeting.start, timeZone, recurrence)) {
        assumptions.push('recurrence: the rule ends before a second occurrence (its UNTIL or COUNT), so the series is this one meeting')
      }
    } catch (error) {
      if (error instanceof RangeError) throw new ProposalError('/recurrence', error.message)
      throw error
    }
  }
  return { meeting, assumptions }
}
