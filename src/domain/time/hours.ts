// A participant's working hours as exact UTC intervals, and how many minutes of a span fall outside them, at night
// (00:00-06:00 local) or late (20:00-06:00 local).
import type { Participant, WorkingHours } from '../model.js'
import type { Interval } from './intervals.js'
import { dailyCoveredMs, dailyIntervals, MINUTE_MS, spanCoverage } from './local-days.js'
import { quoted } from '../quote.js'

type HoursOf = Pick<Participant, 'timeZone' | 'workingHours'>

/** Working hours in minutes of the local day: [startMin, endMin) with endMin > startMin (up to 2880 for a shift
 * that ends the next day), and `days[isoWeekday]` true on the days a shift starts. */
export interface ParsedHours { startMin: number, endMin: number, days: boolean[], hasDays: boolean }

export const NIGHT: readonly [number, number] = [0, 6 * 60]
export const LATE: readonly [number, number] = [20 * 60, 30 * 60]

const parsed = new WeakMap<WorkingHours, ParsedHours>()

function clockMinutes (value: string, field: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value)
  const minutes = m === null ? NaN : Number(m[1]) * 60 + Number(m[2])
  if (m === null || Number(m[2]) > 59 || minutes > 24 * 60) {
    throw new RangeError(`workingHours.${field} must be HH:MM between 00:00 and 24:00, got ${quoted(value)}`)
  }
  return minutes
}

export function parseHours (hours: WorkingHours): ParsedHours {
  let found = parsed.get(hours)
  if (found === undefined) {
    const startMin = clockMinutes(hours.start, 'start')
    const end = clockMinutes(hours.end, 'end')
    const days: boolean[] = new Array<boolean>(8).fill(false)
    for (const d of hours.days) if (Number.isInteger(d) && d >= 1 && d <= 7) days[d] = true
    found = { startMin, endMin: end > startMin ? end : end + 24 * 60, days, hasDays: days.includes(true) }
    parsed.set(hours, found)
  }
  return found
}

/** The participant's working intervals (UTC epoch ms, half-open, sorted, merged) intersecting [fromMs, toMs). */
export function workingIntervals (p: HoursOf, fromMs: number, toMs: number): Interval[] {
  const h = parseHours(p.workingHours)
  if (!h.hasDays) return []
  return dailyIntervals(p.timeZone, fromMs, toMs, h.startMin, h.endMin, h.days)
}

/** Length in ms of the participant's working time within [fromMs, toMs), without building the intervals. */
export function workingMs (p: HoursOf, fromMs: number, toMs: number): number {
  const h = parseHours(p.workingHours)
  return h.hasDays ? dailyCoveredMs(p.timeZone, fromMs, toMs, h.startMin, h.endMin, h.days) : 0
}

/** Intervals of [fromMs, toMs) between 00:00 and 06:00 local. */
export function nightIntervals (timeZone: string, fromMs: number, toMs: number): Interval[] {
  return dailyIntervals(timeZone, fromMs, toMs, NIGHT[0], NIGHT[1])
}

/** Minutes of [startMs, endMs) outside working hours, at night (00:00-06:00 local) and late (20:00-06:00), a part of
 * a minute counted as a whole one: a meeting starting at 08:59:30 is one minute outside 09:00-17:00, not 0.5 (which
 * was shown as 0 next to withinWorkingHours false). */
export function minutesOutside (p: HoursOf, startMs: number, endMs: number):
{ outside: number, night: number, late: number } {
  if (!(endMs > startMs)) return { outside: 0, night: 0, late: 0 }
  const h = parseHours(p.workingHours)
  const covered = spanCoverage(p.timeZone, startMs, endMs)
  const work = h.hasDays ? covered(h.startMin, h.endMin, h.days) : 0
  const night = covered(NIGHT[0], NIGHT[1])
  const late = covered(LATE[0], LATE[1])
  return { outside: Math.ceil((endMs - startMs - work) / MINUTE_MS), night: Math.ceil(night / MINUTE_MS), late: Math.ceil(late / MINUTE_MS) }
}

/** Whether [startMs, endMs) has any moment between 20:00 and 06:00 local in `timeZone` (late evening or night). */
export function touchesLate (timeZone: string, startMs: number, endMs: number): boolean {
  return dailyCoveredMs(timeZone, startMs, endMs, LATE[0], LATE[1]) > 0
}
