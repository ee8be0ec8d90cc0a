// Local calendar days per zone (cached; luxon gives the zone offsets) and wall-clock <-> UTC conversion, RFC 5545 style.
import { DateTime, IANAZone } from 'luxon'
import { mergeIntervals, type Interval } from './intervals.js'
import { quoted } from '../quote.js'

export const MINUTE_MS = 60_000
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000

/** A local calendar date in one zone; `dayNum` counts days from 1970-01-01 (of the calendar, not of UTC). */
export interface LocalDay {
  dayNum: number
  year: number
  month: number
  day: number
  /** Instant of the day's first moment: local 00:00, or the first wall time after a gap at midnight. */
  startMs: number
  /** UTC offset in minutes at `startMs`. */
  offset: number
  /** Instant of wall 00:00 when the whole day keeps `offset` (the common case), null when it does not; computed on
   * first use. */
  uniformWall0?: number | null
}

const DAYS_PER_ZONE_LIMIT = 20_000
const cache = new Map<string, { zone: IANAZone, days: Map<number, LocalDay> }>()

export function dayNumber (year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS
}

const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

/** Days in `month` (1-12) of `year` (proleptic Gregorian, any year); 0 for a month out of range. */
export const daysInMonth = (year: number, month: number): number => month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month] ?? 0

/** ISO weekday (1 = Monday ... 7 = Sunday) of a day number. */
export function isoWeekday (dayNum: number): number {
  return ((((dayNum + 3) % 7) + 7) % 7) + 1
}

function zoneEntry (zone: string): { zone: IANAZone, days: Map<number, LocalDay> } {
  let entry = cache.get(zone)
  if (entry === undefined) {
    entry = { zone: IANAZone.create(zone), days: new Map() }
    cache.set(zone, entry)
  }
  return entry
}

export function localDay (zone: string, dayNum: number): LocalDay {
  const entry = zoneEntry(zone)
  let found = entry.days.get(dayNum)
  if (found === undefined) {
    found = computeDay(entry.zone, dayNum, entry.days.get(dayNum - 1))
    if (entry.days.size >= DAYS_PER_ZONE_LIMIT) entry.days.clear()
    entry.days.set(dayNum, found)
  }
  return found
}

/** Local midnight of `dayNum`. When the previous day's offset still holds at that midnight, one offset lookup settles
 * it; otherwise (a transition, or no previous day cached) `wallInstant` resolves it. */
function computeDay (zone: IANAZone, dayNum: number, previous: LocalDay | undefined): LocalDay {
  const date = new Date(dayNum * DAY_MS)
  const year = date.getUTCFullYear()
  const month = date.getUTCMonth() + 1
  const day = date.getUTCDate()
  if (previous !== undefined) {
    const guess = dayNum * DAY_MS - previous.offset * MINUTE_MS
    if (zone.offset(guess) === previous.offset) return { dayNum, year, month, day, startMs: guess, offset: previous.offset }
  }
  if (!zone.isValid) throw new RangeError(`Unknown time zone ${quoted(zone.name)}`)
  const startMs = wallInstant(zone, dayNum * DAY_MS)
  return { dayNum, year, month, day, startMs, offset: zone.offset(startMs) }
}

/** The instant of a wall-clock time, given as ms of the wall calendar since 1970-01-01T00:00, resolved as RFC 5545
 * (3.3.5) does, whatever the date today: a time that occurs twice (clocks going back) is its first occurrence; a time
 * that does not occur (clocks going forward) is read with the offset before the gap, so 02:30 in a one-hour gap is
 * 03:30 after it. Offsets lie within -12..+14 h, so the offsets 15 h before and 13 h after the wall time as if it
 * were UTC are the ones either side of any transition near it. */
function wallInstant (zone: IANAZone, wallMs: number): number {
  const before = zone.offset(wallMs - 15 * HOUR_MS)
  const after = zone.offset(wallMs + 13 * HOUR_MS)
  const withBefore = wallMs - before * MINUTE_MS
  const withAfter = wallMs - after * MINUTE_MS
  const beforeHolds = zone.offset(withBefore) === before
  const afterHolds = zone.offset(withAfter) === after
  if (beforeHolds && afterHolds) return Math.min(withBefore, withAfter)
  if (afterHolds) return withAfter
  return withBefore
}

const HAS_OFFSET = /T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i

/** An ISO date-time read in `zone`: with an offset or Z it keeps it; without one (a wall-clock time, as calendars
 * write them) it is resolved RFC 5545 style, like `wallToMs`. Invalid text gives an invalid DateTime, as luxon does. */
export function zonedDateTime (text: string, zone: string): DateTime {
  const own = DateTime.fromISO(text, { zone, setZone: true })
  if (!own.isValid || HAS_OFFSET.test(text)) return own
  const wall = DateTime.fromISO(text, { zone: 'UTC' })
  return DateTime.fromMillis(wallInstant(zoneEntry(zone).zone, wall.toMillis()), { zone })
}

/** Instant of local 00:00 when the whole day has one offset (the common case), else undefined. */
function uniformWall0 (zone: string, dayNum: number): number | undefined {
  const today = localDay(zone, dayNum)
  if (today.uniformWall0 === undefined) {
    const wall0 = dayNum * DAY_MS - today.offset * MINUTE_MS
    today.uniformWall0 = today.startMs !== wall0 || localDay(zone, dayNum + 1).offset !== today.offset ? null : wall0
  }
  return today.uniformWall0 ?? undefined
}

/** The instant of wall time `msOfDay` (0 .. 2 days; 24:00 = next day 00:00) on local day `dayNum`. Wall times in a
 * DST gap resolve forward and ambiguous ones to their first occurrence (`wallInstant`). */
export function wallToMs (zone: string, dayNum: number, msOfDay: number): number {
  if (msOfDay >= DAY_MS) return wallToMs(zone, dayNum + 1, msOfDay - DAY_MS)
  if (msOfDay === 0) return localDay(zone, dayNum).startMs
  const wall0 = uniformWall0(zone, dayNum)
  if (wall0 !== undefined) return wall0 + msOfDay
  return wallInstant(zoneEntry(zone).zone, dayNum * DAY_MS + msOfDay)
}

/** The local day containing instant `ms`: the last day starting at or before it. UTC offsets lie within -12..+14 h,
 * so that day is the UTC day number of `ms` or one either side of it. */
export function localDayAt (zone: string, ms: number): number {
  const guess = Math.floor(ms / DAY_MS)
  let found = guess - 1
  for (let d = guess; d <= guess + 1; d++) if (localDay(zone, d).startMs <= ms) found = d
  return found
}

/** Local day and wall time of day (ms since local midnight) of instant `ms`. */
export function localTime (zone: string, ms: number): { dayNum: number, msOfDay: number } {
  const dayNum = localDayAt(zone, ms)
  const wall0 = uniformWall0(zone, dayNum)
  if (wall0 !== undefined) return { dayNum, msOfDay: ms - wall0 }
  const dt = DateTime.fromMillis(ms, { zone })
  return { dayNum, msOfDay: ((dt.hour * 60 + dt.minute) * 60 + dt.second) * 1000 + dt.millisecond }
}

/** UTC offset of `zone` at instant `ms`, in minutes (wall time minus UTC). */
export function offsetAt (zone: string, ms: number): number {
  const { dayNum, msOfDay } = localTime(zone, ms)
  return Math.round((dayNum * DAY_MS + msOfDay - ms) / MINUTE_MS)
}

/** The instant `days` local days after `ms` at the same wall time in `zone` (luxon's `plus({ days })`, with wall
 * times in a gap or repeated resolved as `wallToMs` does). */
export function plusLocalDays (zone: string, ms: number, days: number): number {
  const { dayNum, msOfDay } = localTime(zone, ms)
  return wallToMs(zone, dayNum + days, msOfDay)
}

/** The instant `months` calendar months after `ms` at the same wall time in `zone` (luxon's `plus({ months })`): a day
 * the target month lacks becomes its last day (29 February plus 12 months is 28 February), and a wall time in a gap or
 * repeated is resolved as `wallToMs` does. */
export function plusLocalMonths (zone: string, ms: number, months: number): number {
  const { dayNum, msOfDay } = localTime(zone, ms)
  const { year, month, day } = localDay(zone, dayNum)
  const index = year * 12 + (month - 1) + months
  const targetYear = Math.floor(index / 12)
  const targetMonth = index - targetYear * 12 + 1
  return wallToMs(zone, dayNumber(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth))), msOfDay)
}

const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
const MONTH_NAMES = ['', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December']

/** The local date of `ms` in `zone` in English, e.g. "Tuesday 1 December 2026" (luxon's 'cccc d LLLL yyyy'). */
export function localDateText (zone: string, ms: number): string {
  const d = localDay(zone, localDayAt(zone, ms))
  return `${WEEKDAY_NAMES[isoWeekday(d.dayNum)] as string} ${d.day} ${MONTH_NAMES[d.month] as string} ${d.year}`
}

/** Calls `visit` with each daily wall-clock range [startMin, endMin) (endMin up to 2880 = next day 24:00) on the local
 * days whose ISO weekday is set in `days` (all days when omitted), clipped to [fromMs, toMs) and non-empty, in day
 * order. */
function forEachDailyRange (zone: string, fromMs: number, toMs: number, startMin: number, endMin: number,
  days: readonly boolean[] | undefined, visit: (s: number, e: number) => void): void {
  if (toMs <= fromMs) return
  const last = Math.floor(toMs / DAY_MS) + 1
  for (let d = Math.floor(fromMs / DAY_MS) - 2; d <= last; d++) {
    if (days !== undefined && days[isoWeekday(d)] !== true) continue
    const s = Math.max(wallToMs(zone, d, startMin * MINUTE_MS), fromMs)
    const e = Math.min(wallToMs(zone, d, endMin * MINUTE_MS), toMs)
    if (e > s) visit(s, e)
  }
}

/** The daily ranges of `forEachDailyRange` as merged UTC intervals. */
export function dailyIntervals (zone: string, fromMs: number, toMs: number, startMin: number, endMin: number,
  days?: readonly boolean[]): Interval[] {
  const out: Interval[] = []
  forEachDailyRange(zone, fromMs, toMs, startMin, endMin, days, (s, e) => { out.push([s, e]) })
  return mergeIntervals(out)
}

/** Length of [a, b) ∩ [s, e). */
const clipped = (a: number, b: number, s: number, e: number): number => Math.max(0, Math.min(b, e) - Math.max(a, s))

/** `dailyCoveredMs` for a span inside one local day that keeps one offset (nearly every meeting), measured in
 * wall-clock ms from that day's 00:00 (`wall0`): only that day's range and the previous day's overnight tail can meet
 * it, and they do not overlap each other (a range is at most 24 h long). */
function coveredInDay (day: number, wall0: number, fromMs: number, toMs: number, startMin: number, endMin: number,
  days?: readonly boolean[]): number {
  const a = fromMs - wall0
  const b = toMs - wall0
  let inDay = 0
  if (days === undefined || days[isoWeekday(day)] === true) inDay += clipped(a, b, startMin * MINUTE_MS, endMin * MINUTE_MS)
  if (endMin > 1440 && (days === undefined || days[isoWeekday(day - 1)] === true)) {
    inDay += clipped(a, b, (startMin - 1440) * MINUTE_MS, (endMin - 1440) * MINUTE_MS)
  }
  return inDay
}

/** `dailyCoveredMs` over [fromMs, toMs) for any daily range, the span's local day looked up once (a meeting is
 * measured against working hours, night and late hours). */
export function spanCoverage (zone: string, fromMs: number, toMs: number):
(startMin: number, endMin: number, days?: readonly boolean[]) => number {
  if (toMs <= fromMs) return () => 0
  const day = localDayAt(zone, fromMs)
  const wall0 = uniformWall0(zone, day)
  if (wall0 !== undefined && toMs <= wall0 + DAY_MS) {
    return (startMin, endMin, days) => coveredInDay(day, wall0, fromMs, toMs, startMin, endMin, days)
  }
  // The ranges come in day order, so clipping each start to the previous end counts every instant once.
  return (startMin, endMin, days) => {
    let total = 0
    let lastEnd = fromMs
    forEachDailyRange(zone, fromMs, toMs, startMin, endMin, days, (s, e) => {
      if (e > lastEnd) {
        total += e - Math.max(s, lastEnd)
        lastEnd = e
      }
    })
    return total
  }
}

/** Length in ms of the union of the same ranges within [fromMs, toMs), without building them. */
export function dailyCoveredMs (zone: string, fromMs: number, toMs: number, startMin: number, endMin: number,
  days?: readonly boolean[]): number {
  return spanCoverage(zone, fromMs, toMs)(startMin, endMin, days)
}

/** Zone names luxon treats as its UTC instance, formatted with "Z" (others at offset 0 show "+00:00"). */
const UTC_NAMES = new Set(['utc', 'gmt'])
const pad2 = (n: number): string => (n < 10 ? '0' : '') + String(n)

/** ISO instant in UTC with "Z", seconds shown, no milliseconds (years 0000-9999). */
export function isoUtc (ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19) + 'Z'
}

/** ISO local time with offset in `zone`, seconds shown, no milliseconds, formatted like luxon's `toISO`. Days that
 * keep one offset are formatted from the cached local day; a day with a transition asks luxon. */
export function isoLocal (ms: number, zone: string): string {
  const whole = Math.floor(ms / 1000) * 1000
  const dayNum = localDayAt(zone, whole)
  const wall0 = uniformWall0(zone, dayNum)
  if (wall0 === undefined) {
    return DateTime.fromMillis(whole, { zone }).toISO({ suppressMilliseconds: true }) ?? ''
  }
  const { offset } = localDay(zone, dayNum)
  const local = new Date(dayNum * DAY_MS + (whole - wall0)).toISOString().slice(0, 19)
  if (offset === 0 && UTC_NAMES.has(zone.toLowerCase())) return local + 'Z'
  const abs = Math.abs(offset)
  return `${local}${offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
}
