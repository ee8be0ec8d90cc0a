// A participant's working hours as exact UTC intervals, and how many minutes of a span fall outside them, and of those
// how many at night (00:00-06:00 local) or late (20:00-06:00 local).
import type { Participant, WorkingHours } from '../model.js'
import { intersectIntervals, totalMs, type Interval } from './intervals.js'
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

/** Intervals of [fromMs, toMs) between 20:00 and 06:00 local (late evening or night). */
export function lateIntervals (timeZone: string, fromMs: number, toMs: number): Interval[] {
  return dailyIntervals(timeZone, fromMs, toMs, LATE[0], LATE[1])
}

/** Minutes of [startMs, endMs) outside working hours, and of those the ones at night (00:00-06:00 local) and late
 * (20:00-06:00): a night or an evening inside the person's own hours (a day to 22:00, a night shift) is no burden to
 * them. A part of a minute counts as a whole one: a meeting starting at 08:59:30 is one minute outside 09:00-17:00,
 * not 0.5 (which was shown as 0 next to withinWorkingHours false). */
export function minutesOutside (p: HoursOf, startMs: number, endMs: number):
{ outside: number, night: number, late: number } {
  if (!(endMs > startMs)) return { outside: 0, night: 0, late: 0 }
  const h = parseHours(p.workingHours)
  const covered = spanCoverage(p.timeZone, startMs, endMs)
  const length = endMs - startMs
  const work = h.hasDays ? covered(h.startMin, h.endMin, h.days) : 0
  // Most spans are wholly inside or wholly outside hours; only a span partly inside builds intervals to take its
  // working part out of the night and late ones.
  let worked: Interval[] | undefined
  const beyondHours = (ms: number, range: (zone: string, from: number, to: number) => Interval[]): number => {
    if (ms === 0 || work === 0) return ms
    if (work === length) return 0
    worked ??= workingIntervals(p, startMs, endMs)
    return ms - totalMs(intersectIntervals(range(p.timeZone, startMs, endMs), worked))
  }
  const night = beyondHours(covered(NIGHT[0], NIGHT[1]), nightIntervals)
  const late = beyondHours(covered(LATE[0], LATE[1]), lateIntervals)
  return { outside: Math.ceil((length - work) / MINUTE_MS), night: Math.ceil(night / MINUTE_MS), late: Math.ceil(late / MINUTE_MS) }
}
