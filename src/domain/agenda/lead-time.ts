// Agenda lead time: how many of each participant's own working hours lie between publishing and the meeting start.
import type { WorkingHours } from '../model.js'
import { DAY_MS, HOUR_MS } from '../time/local-days.js'
import { canonicalZone } from '../time/zones.js'
import { workingMs } from '../time/hours.js'
import type { LeadTime } from '../../schemas/agenda.js'

/** A participant whose zone (canonical IANA name) and working hours are known. */
export interface HoursParticipant { email: string, timeZone: string, workingHours: WorkingHours }

/** Working time is counted over at most this long after publishing (policy lead times are at most 1000 hours, and
 * a meeting further out would cost a count over every day until it). */
export const LEAD_WINDOW_DAYS = 366

/** For each participant, whether `requiredHours` of their working time lie between publishedMs and startMs (counted
 * over at most LEAD_WINDOW_DAYS). */
export function leadTime (participants: readonly HoursParticipant[], publishedMs: number, startMs: number, requiredHours: number): LeadTime {
  const until = Math.min(Math.max(publishedMs, startMs), publishedMs + LEAD_WINDOW_DAYS * DAY_MS)
  const list = participants.map(p => {
    const exact = workingMs(p, publishedMs, until)
    return {
      email: p.email,
      timeZone: p.timeZone,
      met: startMs > publishedMs && exact >= requiredHours * HOUR_MS,
      workingHoursAvailable: Math.floor((exact / HOUR_MS) * 100) / 100,
      required: requiredHours
    }
  })
  return { required: requiredHours, met: list.every(p => p.met), participants: list }
}

interface Known { timeZone: string, workingHours?: WorkingHours }

/** Each participant's zone and hours: as given on the agenda, else from the directory (keyed by lower-cased email),
 * else the policy defaults. Zones come back as canonical IANA names. */
export function withHours (participants: ReadonlyArray<{ email: string, timeZone?: string, workingHours?: WorkingHours }>,
  directory: ReadonlyMap<string, Known>, defaults: { timeZone: string, workingHours: WorkingHours }): HoursParticipant[] {
  return participants.map(p => {
    const known = directory.get(p.email.toLowerCase())
    const zone = p.timeZone ?? known?.timeZone ?? defaults.timeZone
    return {
      email: p.email,
      timeZone: canonicalZone(zone) ?? zone,
      workingHours: p.workingHours ?? known?.workingHours ?? defaults.workingHours
    }
  })
}
