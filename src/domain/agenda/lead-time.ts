// Agenda lead time: how many of each participant's own working hours lie between sharing and the meeting start.
import type { WorkingHours } from '../model.js'
import { DAY_MS, HOUR_MS } from '../time/local-days.js'
import { canonicalZone } from '../time/zones.js'
import { workingIntervals, workingMs } from '../time/hours.js'
import type { LeadTime } from '../../schemas/agenda.js'

/** A participant whose zone (canonical IANA name) and working hours are known; without `attendance`, required. */
export interface HoursParticipant { email: string, timeZone: string, workingHours: WorkingHours, attendance?: string | undefined }

/** Working time is counted over at most this long after sharing (policy lead times are at most 1000 hours, and
 * a meeting further out would cost a count over every day until it). */
export const LEAD_WINDOW_DAYS = 366

/** One participant's lead time: their working time (ms) between sharing and the start, and whether it reaches the
 * policy's hours. */
export interface LeadCount<P extends HoursParticipant = HoursParticipant> { participant: P, workingMs: number, met: boolean }

/** The lead time of an agenda shared at sharedMs for a meeting at startMs: each participant's working time in their
 * own zone, hours and days between the two (counted over at most LEAD_WINDOW_DAYS; none when the meeting starts at
 * or before sharing), and `met` when every participant who counts (`countsForLead`) has `requiredHours` of it. */
export function countLead<P extends HoursParticipant> (participants: readonly P[], sharedMs: number, startMs: number,
  requiredHours: number): { met: boolean, counts: Array<LeadCount<P>> } {
  const until = Math.min(Math.max(sharedMs, startMs), sharedMs + LEAD_WINDOW_DAYS * DAY_MS)
  const counts = participants.map(participant => {
    const exact = workingMs(participant, sharedMs, until)
    return { participant, workingMs: exact, met: startMs > sharedMs && exact >= requiredHours * HOUR_MS }
  })
  const counted = countsForLead(counts.map(c => c.participant))
  return { met: counts.every(c => c.met || !counted.has(c.participant)), counts }
}

/** Whose working hours the lead time is judged by: the required participants, or everyone when nobody is required. */
export function countsForLead<P extends HoursParticipant> (participants: readonly P[]): Set<P> {
  const required = participants.filter(isRequired)
  return new Set(required.length > 0 ? required : participants)
}

/** Whether the meeting needs this participant: attendance 'required' or not given (an agenda participant's default). */
export const isRequired = (p: HoursParticipant): boolean => p.attendance === undefined || p.attendance === 'required'

/** The latest instant at which sharing still leaves every participant who counts (`countsForLead`) `requiredHours` of
 * working time before startMs, so that `countLead` from it is met; undefined when someone has less than that in the
 * LEAD_WINDOW_DAYS before the start. */
export function latestShare (participants: readonly HoursParticipant[], startMs: number, requiredHours: number): number | undefined {
  let latest = startMs - 1
  for (const p of countsForLead(participants)) {
    const by = shareBy(p, startMs, requiredHours * HOUR_MS)
    if (by === undefined) return undefined
    latest = Math.min(latest, by)
  }
  return latest
}

/** Walks back through the participant's working intervals from the start until `neededMs` of them are behind. */
function shareBy (p: HoursParticipant, startMs: number, neededMs: number): number | undefined {
  if (neededMs <= 0) return startMs - 1
  const list = workingIntervals(p, startMs - LEAD_WINDOW_DAYS * DAY_MS, startMs)
  let left = neededMs
  for (let i = list.length - 1; i >= 0; i--) {
    const [s, e] = list[i] as [number, number]
    if (e - s >= left) return e - left
    left -= e - s
  }
  return undefined
}

/** `countLead` as POST /v1/agendas/{id}/publish answers it: each participant with their working hours rounded down
 * to 2 decimals. An agenda for nobody is judged by `nobody`'s day (the policy's working hours in the agenda's zone):
 * with no one to count, every participant would be in time, even for an agenda published after the meeting. */
export function leadTime (participants: readonly HoursParticipant[], publishedMs: number, startMs: number, requiredHours: number,
  nobody: Omit<HoursParticipant, 'email'>): LeadTime {
  const { met, counts } = countLead(participants, publishedMs, startMs, requiredHours)
  if (participants.length === 0) {
    return { required: requiredHours, met: countLead([{ email: '', ...nobody }], publishedMs, startMs, requiredHours).met, participants: [] }
  }
  return {
    required: requiredHours,
    met,
    participants: counts.map(c => ({
      email: c.participant.email,
      timeZone: c.participant.timeZone,
      met: c.met,
      workingHoursAvailable: Math.floor((c.workingMs / HOUR_MS) * 100) / 100,
      required: requiredHours
    }))
  }
}

interface Known { timeZone: string, workingHours?: WorkingHours }

/** Each participant's zone and hours: as given on the agenda, else from the directory (keyed by lower-cased email),
 * else the policy defaults. Zones come back as canonical IANA names; attendance is kept when given. */
export function withHours (participants: ReadonlyArray<{ email: string, timeZone?: string, workingHours?: WorkingHours, attendance?: string }>,
  directory: ReadonlyMap<string, Known>, defaults: { timeZone: string, workingHours: WorkingHours }): HoursParticipant[] {
  return participants.map(p => {
    const known = directory.get(p.email.toLowerCase())
    const zone = p.timeZone ?? known?.timeZone ?? defaults.timeZone
    return {
      email: p.email,
      timeZone: canonicalZone(zone) ?? zone,
      workingHours: p.workingHours ?? known?.workingHours ?? defaults.workingHours,
      ...(p.attendance === undefined ? {} : { attendance: p.attendance })
    }
  })
}
