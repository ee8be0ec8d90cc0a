// Occurrences of a series in the 12 months from its start (the yearly cost): counted by whole weeks of wall time
// when the rule repeats that way, expanded otherwise.
import type { DateTime } from 'luxon'
import { DAY_MS, HOUR_MS, plusLocalMonths, wallToMs } from './local-days.js'
import { ANNUAL_LIMIT, checkedParts, memo, occurrenceMs, seriesLimit, wallOf, wallStart, wallTimes } from './recurrence.js'

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']

/** Occurrences in the 12 months from `start` (DESIGN section 7): `start` included, the same wall time 12 calendar
 * months later in `timeZone` excluded (luxon's `plus({ months: 12 })`, so a start on 29 February ends on 28 February).
 * A weekly series from Tuesday 1 December 2026 counts 53, since 30 November 2027 lies inside; a daily one counts 365,
 * or 366 when the 12 months hold a 29 February. A rule that repeats by whole weeks of wall time (`wallPeriodHours`)
 * is counted exactly from one period and the rest of the year, so an hourly series costs a week of expansion, not
 * 8,760 occurrences; another rule, or one with a COUNT up to 100, is expanded (at most 10 000 occurrences). */
export function annualOccurrences (start: DateTime, timeZone: string, rule: string | undefined): number {
  if (rule === undefined || rule.trim() === '') return 1
  return counts.get(`${start.toMillis()}|${timeZone}|${rule}`, () => countYear(start, timeZone, rule))
}

/** Yearly counts, memoised as expansions are: a draft is re-scored on every edit. */
const counts = memo<number>(512)

/** Up to this COUNT a series is simply expanded: a few occurrences cost less than two periods. */
const SHORT_COUNT = 100

function countYear (start: DateTime, timeZone: string, rule: string): number {
  const startMs = start.toMillis()
  const yearLater = plusLocalMonths(timeZone, startMs, 12)
  const parts = checkedParts(rule)
  const period = Number(parts.get('COUNT') ?? Infinity) <= SHORT_COUNT ? undefined : wallPeriodHours(parts)
  if (period === undefined) return occurrenceMs(start, timeZone, rule, yearLater, ANNUAL_LIMIT).length
  const limit = seriesLimit(parts, timeZone, yearLater)
  const count = Number(parts.get('COUNT') ?? Infinity)
  const { wall, subSecond } = wallStart(timeZone, startMs)
  const wall0 = wallOf(wall)
  const periodMs = period * HOUR_MS
  // A wall time lies within a day of its instant (offsets -12..+14 hours, DST gaps a few more), so wall times a day
  // or more before the limit are inside the series.
  const safe = (wallMs: number) => wallMs + DAY_MS < limit
  if (!safe(wall0 + 2 * periodMs)) return Math.min(count, occurrenceMs(start, timeZone, rule, yearLater, ANNUAL_LIMIT).length)
  // The first two periods from DTSTART, then the second one's wall times moved on by whole periods (ical.js's first
  // period may differ: it starts at DTSTART), each image counted while its instant is before the limit.
  const walls = wallTimes(parts, wall, wall0 + 2 * periodMs)
  const first = walls.filter(w => w.wallMs <= wall0 + periodMs).length
  const second = walls.filter(w => w.wallMs > wall0 + periodMs)
  let total = 1 + first
  for (let shift = 0; ; shift++) {
    const shiftMs = shift * periodMs
    if (safe(wall0 + 2 * periodMs + shiftMs)) {
      total += second.length
      continue
    }
    const inside = second.filter(w => wallToMs(timeZone, w.dayNum + shiftMs / DAY_MS, w.msOfDay + subSecond) < limit).length
    if (inside === 0) break
    total += inside
  }
  return Math.min(count, total)
}

/** Hours of wall time after which the occurrences of `parts` repeat, when they do by whole weeks: HOURLY, DAILY or
 * WEEKLY rules whose only BY parts pick times of day and plain weekdays (the least common multiple of INTERVAL's span
 * and a week); undefined for other rules (months and years have no fixed length) and for periods past a year. */
function wallPeriodHours (parts: Map<string, string>): number | undefined {
  const unit = { HOURLY: 1, DAILY: 24, WEEKLY: 168 }[parts.get('FREQ') as string]
  if (unit === undefined) return undefined
  for (const name of parts.keys()) if (!PERIODIC_PARTS.has(name)) return undefined
  if (parts.get('BYDAY')?.split(',').some(day => !WEEKDAYS.includes(day)) === true) return undefined
  const step = Number(parts.get('INTERVAL') ?? 1) * unit
  const period = (step / gcd(step, 168)) * 168
  return period <= 366 * 24 ? period : undefined
}

const PERIODIC_PARTS = new Set(['FREQ', 'INTERVAL', 'UNTIL', 'COUNT', 'WKST', 'BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYDAY'])

function gcd (a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}
