// RRULE validation and expansion: ical.js iterates wall-clock times in the meeting's zone, luxon maps them to UTC.
// DTSTART (the meeting start) is always the first occurrence and counts towards COUNT (RFC 5545 3.8.5.3).
import ICAL from 'ical.js'
import { DateTime } from 'luxon'
import { dayNumber, daysInMonth, isLeapYear, isoWeekday, localDay, localTime, DAY_MS, HOUR_MS, MINUTE_MS, wallToMs } from './local-days.js'
import { quoted } from '../quote.js'

type Check = { ok: true } | { ok: false, message: string }

const PARTS = new Set(['FREQ', 'UNTIL', 'COUNT', 'INTERVAL', 'BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYDAY', 'BYMONTHDAY',
  'BYYEARDAY', 'BYWEEKNO', 'BYMONTH', 'BYSETPOS', 'WKST'])
const FREQS = new Set(['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'])
const UNTIL_FORMAT = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/
/** Upper bound of occurrences counted by annualOccurrences (more than an hourly series). */
export const ANNUAL_LIMIT = 10_000
/** A date-time (not a date) the validator iterates from. */
const PROBE_START = { year: 2026, month: 1, day: 5, hour: 9, minute: 0, second: 0, isDate: false }
/** Upper bound of iterator steps, so rules ical.js cannot satisfy still stop. */
const STEP_LIMIT = 100_000
/** Thrown inside ical.js when its search passes the end of the range being expanded; never leaves this module. */
class PastRange extends Error {}

/** ical.js searches without end for an occurrence that never comes: a rule whose INTERVAL never lines up with its BY
 * parts from DTSTART (FREQ=DAILY;INTERVAL=7;BYDAY=TU from a Monday), a date no year of the interval has
 * (FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29 from 2026), or one years away on an hourly search (Monday 29
 * February, 0.75 s). Its candidate test and its yearly expansion stop the search once the candidate lies past the
 * range this module is expanding (`searchEnd`, wall time as if UTC); outside `withinRange` nothing changes, so other
 * users of ical.js are unaffected. */
let searchEnd = Infinity
{
  const iterator = ICAL.RecurIterator.prototype as unknown as Record<'check_contracting_rules' | 'expand_year_days', (...args: unknown[]) => unknown>
  for (const name of ['check_contracting_rules', 'expand_year_days'] as const) {
    const original = iterator[name]
    if (typeof original !== 'function') throw new Error(`ical.js has no RecurIterator#${name}: the RRULE search guard needs it`)
    iterator[name] = function (this: { last: ICAL.Time }, ...args: unknown[]) {
      if (searchEnd !== Infinity && wallOf(this.last) > searchEnd) throw new PastRange()
      return original.apply(this, args)
    }
  }
}

/** Wall time of an ical.js time in ms, read as if UTC. */
export const wallOf = (t: ICAL.Time): number => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second)

/** Runs `run` with ical.js's searches ending past instant `endMs`: UTC offsets lie within -12..+14 h, so a wall
 * time more than 14 h past it (read as UTC) is later than `endMs` in every zone. */
function withinRange<T> (endMs: number, run: () => T): T {
  const saved = searchEnd
  searchEnd = endMs + 14 * HOUR_MS
  try {
    return run()
  } finally {
    searchEnd = saved
  }
}

/** How far the syntax check looks for its three occurrences. */
const PROBE_RANGE_MS = 8 * 7 * DAY_MS

function splitRule (rule: string): Map<string, string> | string {
  const body = rule.trim().replace(/^RRULE:/i, '').replace(/;$/, '')
  if (body === '') return 'the rule is empty'
  const parts = new Map<string, string>()
  for (const part of body.split(';')) {
    const eq = part.indexOf('=')
    const name = part.slice(0, eq).trim().toUpperCase()
    const value = part.slice(eq + 1).trim()
    if (eq <= 0 || value === '') return `${quoted(part)} is not NAME=VALUE`
    if (!PARTS.has(name)) return `unknown rule part ${name}`
    if (parts.has(name)) return `${name} appears twice`
    parts.set(name, value.toUpperCase())
  }
  return parts
}

function checkParts (parts: Map<string, string>): string | undefined {
  const freq = parts.get('FREQ')
  if (freq === undefined) return 'FREQ is missing'
  if (!FREQS.has(freq)) return `unknown FREQ ${quoted(freq)} (expected ${[...FREQS].join(', ')})`
  for (const name of ['COUNT', 'INTERVAL']) {
    const value = parts.get(name)
    if (value !== undefined && !/^[1-9]\d{0,5}$/.test(value)) return `${name} must be a positive integer, got ${quoted(value)}`
  }
  const until = parts.get('UNTIL')
  if (until !== undefined && !UNTIL_FORMAT.test(until)) return `UNTIL must be YYYYMMDD or YYYYMMDDTHHMMSS[Z], got ${quoted(until)}`
  if (until !== undefined && !realUntil(until)) return `UNTIL must be a real date and time, got ${quoted(until)}`
  if (until !== undefined && parts.has('COUNT')) return 'COUNT and UNTIL must not both be given'
  if (freq === 'SECONDLY' || freq === 'MINUTELY') return `FREQ=${freq} repeats faster than any meeting series; HOURLY is the most frequent accepted`
  for (const [name, [min, max]] of Object.entries(RANGES)) {
    const value = parts.get(name)
    if (value === undefined) continue
    for (const item of value.split(',')) {
      const n = /^[+-]?\d{1,3}$/.test(item) ? Number(item) : NaN
      if (!(Math.abs(n) >= min && Math.abs(n) <= max) || (n < 0 && !SIGNED.has(name))) {
        return `${name} values must be ${SIGNED.has(name) ? `${min} to ${max} or -${max} to -${min}` : `${min} to ${max}`}, got ${quoted(item)}`
      }
    }
  }
  if (parts.has('BYWEEKNO') && freq !== 'YEARLY') return 'BYWEEKNO is only allowed with FREQ=YEARLY (RFC 5545 3.3.10)'
  if (parts.has('BYSETPOS') && ![...parts.keys()].some(name => name.startsWith('BY') && name !== 'BYSETPOS')) {
    return 'BYSETPOS needs another BY part to pick from (RFC 5545 3.3.10)'
  }
  if (!anyDateMatches(parts)) return 'no date ever matches its BYMONTH, BYMONTHDAY, BYYEARDAY and BYDAY parts together'
  return undefined
}

/** Allowed magnitudes of the numeric BY parts (RFC 5545 3.3.10); a value outside them sends ical.js into a loop. */
const RANGES: Record<string, [number, number]> = {
  BYSECOND: [0, 60], BYMINUTE: [0, 59], BYHOUR: [0, 23], BYMONTHDAY: [1, 31], BYYEARDAY: [1, 366], BYWEEKNO: [1, 53], BYMONTH: [1, 12], BYSETPOS: [1, 366]
}
const SIGNED = new Set(['BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYSETPOS'])
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']
/** Every date of 2000-2027, as [month, day, month length, year day, year length, ISO weekday]: 28 years hold every
 * combination of weekday, month day, year day and leap year the calendar has (1901-2099). Built on first use. */
let cycle: Int16Array | undefined
function calendarCycle (): Int16Array {
  if (cycle === undefined) {
    const first = Date.UTC(2000, 0, 1) / DAY_MS
    const days = Date.UTC(2028, 0, 1) / DAY_MS - first
    cycle = new Int16Array(days * 6)
    for (let i = 0; i < days; i++) {
      const date = new Date((first + i) * DAY_MS)
      const year = date.getUTCFullYear()
      const month = date.getUTCMonth() + 1
      const yearStart = Date.UTC(year, 0, 1) / DAY_MS
      cycle.set([month, date.getUTCDate(), daysInMonth(year, month), first + i - yearStart + 1, isLeapYear(year) ? 366 : 365,
        isoWeekday(first + i)], i * 6)
    }
  }
  return cycle
}

/** Whether some date satisfies the rule's date filters. ical.js 2.2 never returns from `next()` when none does
 * (ical.js issue 1038: FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 hangs), so such rules are refused up front. Parts this
 * check cannot judge alone (BYDAY with an ordinal, BYWEEKNO, BYSETPOS) are left out, which only widens the match. */
function anyDateMatches (parts: Map<string, string>): boolean {
  const list = (name: string): number[] | undefined => parts.get(name)?.split(',').map(Number)
  const months = list('BYMONTH')
  const monthDays = list('BYMONTHDAY')
  const yearDays = list('BYYEARDAY')
  const byDay = parts.get('BYDAY')?.split(',')
  const weekdays = byDay === undefined || byDay.some(d => !WEEKDAYS.includes(d)) ? undefined : byDay.map(d => WEEKDAYS.indexOf(d) + 1)
  if (months === undefined && monthDays === undefined && yearDays === undefined && weekdays === undefined) return true
  const days = calendarCycle()
  for (let i = 0; i < days.length; i += 6) {
    const day = days[i + 1] as number
    const yearDay = days[i + 3] as number
    if (months !== undefined && !months.includes(days[i] as number)) continue
    if (weekdays !== undefined && !weekdays.includes(days[i + 5] as number)) continue
    if (monthDays !== undefined && !monthDays.some(v => (v > 0 ? v : (days[i + 2] as number) + v + 1) === day)) continue
    if (yearDays !== undefined && !yearDays.some(v => (v > 0 ? v : (days[i + 4] as number) + v + 1) === yearDay)) continue
    return true
  }
  return false
}

/** Parts whose values name times of day and months: ical.js expands them in the order written, so BYHOUR=17,9 gave
 * 17:00 before 09:00 (and a series cut at its end lost the 09:00); sorted, occurrences come in time order. */
const SORTED_PARTS = new Set(['BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYMONTH'])

function toRecur (parts: Map<string, string>, drop: string[]): ICAL.Recur {
  const text = [...parts].filter(([k]) => !drop.includes(k))
    .map(([k, v]) => `${k}=${SORTED_PARTS.has(k) ? v.split(',').map(Number).sort((a, b) => a - b).join(',') : v}`).join(';')
  return ICAL.Recur.fromString(text)
}

/** A small bounded memo: evaluations of a draft are repeated on every edit, and a series is expanded by both the
 * cost and the fairness of one evaluation. Entries are immutable results of pure functions. */
export function memo<V> (size: number): { get: (key: string, make: () => V) => V } {
  const entries = new Map<string, V>()
  return {
    get (key, make) {
      const found = entries.get(key)
      if (found !== undefined) return found
      const value = make()
      if (entries.size >= size) entries.delete(entries.keys().next().value as string)
      entries.set(key, value)
      return value
    }
  }
}

const checks = memo<Check>(512)
/** Expansions, or the message of the RangeError a rule gave (so a rule ical.js refuses from this start is tried once). */
const expansions = memo<readonly number[] | string>(512)

/** Whether `rule` (with or without "RRULE:") is a usable RRULE; otherwise a message naming the problem. */
export function parseRecurrence (rule: string): Check {
  return checks.get(rule, () => checkRecurrence(rule))
}

function checkRecurrence (rule: string): Check {
  const parts = splitRule(rule)
  const problem = typeof parts === 'string' ? parts : checkParts(parts)
  if (problem !== undefined) return { ok: false, message: `Invalid RRULE: ${problem}` }
  try {
    const from = ICAL.Time.fromData(PROBE_START)
    withinRange(wallOf(from) + PROBE_RANGE_MS, () => {
      const it = toRecur(parts as Map<string, string>, []).iterator(from)
      for (let i = 0; i < 3; i++) it.next()
    })
  } catch (err) {
    // Rare occurrences from this arbitrary start say nothing about the rule: a range of the meeting's series is
    // expanded from its own start.
    if (!(err instanceof PastRange)) return { ok: false, message: `Invalid RRULE: ${(err as Error).message}` }
  }
  return { ok: true }
}

/** Whether UNTIL (in UNTIL_FORMAT) names a day of the calendar and a time of day (20261301 and T250000 do not). */
function realUntil (until: string): boolean {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = (UNTIL_FORMAT.exec(until) as RegExpExecArray).slice(1, 7)
    .filter(part => part !== undefined).map(Number)
  return day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59
}

/** The first instant past UNTIL (UNTIL is inclusive): a date ends with its local day, a floating time is read in
 * `zone`, a UTC time is taken as is. */
function untilLimit (until: string, zone: string): number {
  const m = UNTIL_FORMAT.exec(until) as RegExpExecArray
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[]
  const dayNum = dayNumber(year as number, month as number, day as number)
  if (m[4] === undefined) return localDay(zone, dayNum + 1).startMs
  const msOfDay = ((hour as number) * 60 + (minute as number)) * MINUTE_MS + (second as number) * 1000
  if (m[7] === 'Z') return dayNum * DAY_MS + msOfDay + 1
  return wallToMs(zone, dayNum, msOfDay) + 1
}

/** How far past `start` an UNTIL is followed to tell whether the series has a second occurrence: about as far as the
 * yearly cost expands it, so the answer costs no more than that. */
const SECOND_SEARCH_MS = 400 * DAY_MS

/** Whether a valid `rule` ends before a second occurrence: COUNT=1, or an UNTIL before it (before `start` even). A
 * rule whose UNTIL lies more than 400 days ahead is taken to go on (a rarer rule is not expanded that far). */
export function endsAfterFirst (start: DateTime, timeZone: string, rule: string): boolean {
  const parts = splitRule(rule)
  if (typeof parts === 'string') return false
  if (parts.get('COUNT') === '1') return true
  const until = parts.get('UNTIL')
  if (until === undefined) return false
  const limit = untilLimit(until, timeZone)
  if (limit > start.toMillis() + SECOND_SEARCH_MS) return false
  return occurrenceMs(start, timeZone, rule, Math.max(limit, start.toMillis() + 1), 2).length === 1
}

/** ical.js may emit impossible dates (BYMONTHDAY=30 in February becomes 2 March), and on DTSTART's day the times of
 * BYHOUR/BYMINUTE whatever its weekday (FREQ=DAILY;BYDAY=SU,MO,WE;BYHOUR=19 from a Thursday gave Thursday 19:00);
 * drop those. */
function fitsByParts (parts: Map<string, string>, t: ICAL.Time): boolean {
  const months = parts.get('BYMONTH')
  if (months !== undefined && !months.split(',').map(Number).includes(t.month)) return false
  const days = parts.get('BYDAY')
  if (days !== undefined && !days.split(',').some(day => day.endsWith(WEEKDAYS[t.dayOfWeek(ICAL.Time.MONDAY) - 1] as string))) return false
  const hours = parts.get('BYHOUR')
  if (hours !== undefined && !hours.split(',').map(Number).includes(t.hour)) return false
  const minutes = parts.get('BYMINUTE')
  if (minutes !== undefined && !minutes.split(',').map(Number).includes(t.minute)) return false
  const monthDays = parts.get('BYMONTHDAY')
  if (monthDays === undefined) return true
  const length = daysInMonth(t.year, t.month)
  return monthDays.split(',').map(Number).some(d => (d > 0 ? d : length + d + 1) === t.day)
}

/** Occurrence starts as epoch ms, `start` first, those before `untilMs`, at most `max`. Throws RangeError for an
 * invalid rule. */
export function occurrenceMs (start: DateTime, timeZone: string, rule: string | undefined, untilMs: number,
  max: number): number[] {
  const startMs = start.toMillis()
  if (rule === undefined || startMs >= untilMs || max < 1) return expand(startMs, timeZone, rule, untilMs, max)
  const found = expansions.get(`${startMs}|${timeZone}|${untilMs}|${max}|${rule}`, () => {
    try {
      return Object.freeze(expand(startMs, timeZone, rule, untilMs, max))
    } catch (err) {
      if (err instanceof RangeError) return err.message
      throw err
    }
  })
  if (typeof found === 'string') throw new RangeError(found)
  return [...found]
}

function expand (startMs: number, timeZone: string, rule: string | undefined, untilMs: number, max: number): number[] {
  if (startMs >= untilMs || max < 1) return []
  if (rule === undefined || rule.trim() === '') return [startMs]
  const parts = checkedParts(rule)
  const limit = seriesLimit(parts, timeZone, untilMs)
  const count = Math.min(max, Number(parts.get('COUNT') ?? Infinity))
  const { wall, subSecond } = wallStart(timeZone, startMs)
  return [startMs, ...following(parts, timeZone, wall, subSecond, limit, count - 1)]
}

/** The parts of a valid rule; a RangeError naming the problem otherwise. */
export function checkedParts (rule: string): Map<string, string> {
  const checked = parseRecurrence(rule)
  if (!checked.ok) throw new RangeError(checked.message)
  return splitRule(rule) as Map<string, string>
}

/** The first instant past the series: `untilMs`, or UNTIL's end when earlier. */
export function seriesLimit (parts: Map<string, string>, timeZone: string, untilMs: number): number {
  return Math.min(untilMs, parts.has('UNTIL') ? untilLimit(parts.get('UNTIL') as string, timeZone) : Infinity)
}

/** DTSTART as an ical.js wall time in `timeZone` (whole seconds), and the milliseconds it leaves out. */
export function wallStart (timeZone: string, startMs: number): { wall: ICAL.Time, subSecond: number } {
  const { dayNum, msOfDay } = localTime(timeZone, startMs)
  const first = localDay(timeZone, dayNum)
  const wall = ICAL.Time.fromData({
    year: first.year,
    month: first.month,
    day: first.day,
    hour: Math.floor(msOfDay / HOUR_MS),
    minute: Math.floor((msOfDay % HOUR_MS) / MINUTE_MS),
    second: Math.floor((msOfDay % MINUTE_MS) / 1000)
  })
  return { wall, subSecond: msOfDay % 1000 }
}

/** Walks the occurrences after DTSTART `wall` (wall times later than it that fit the rule), in order, handing each
 * one's day number and time of day to `visit` until it answers false or the search passes instant `searchEndMs`.
 * Throws RangeError for a rule ical.js cannot expand. */
function eachWall (parts: Map<string, string>, wall: ICAL.Time, searchEndMs: number,
  visit: (t: ICAL.Time, dayNum: number, msOfDay: number) => boolean): void {
  try {
    withinRange(searchEndMs, () => {
      const it = toRecur(parts, ['UNTIL', 'COUNT']).iterator(wall)
      for (let step = 0; step < STEP_LIMIT; step++) {
        const next = it.next()
        /* c8 ignore next -- COUNT and UNTIL are handled by the visitors, so ical.js never completes on its own */
        if (next === null || next === undefined) break
        if (next.compare(wall) <= 0 || !fitsByParts(parts, next)) continue
        const msOfDay = ((next.hour * 60 + next.minute) * 60 + next.second) * 1000
        if (!visit(next, dayNumber(next.year, next.month, next.day), msOfDay)) break
      }
    })
  } catch (err) {
    if (!(err instanceof PastRange)) throw new RangeError(`Invalid RRULE: ${(err as Error).message}`)
  }
}

/** The occurrences after DTSTART `wall`, as epoch ms before `limitMs`, at most `max`. */
function following (parts: Map<string, string>, timeZone: string, wall: ICAL.Time, subSecond: number, limitMs: number,
  max: number): number[] {
  const out: number[] = []
  if (max < 1) return out
  eachWall(parts, wall, limitMs, (_t, dayNum, msOfDay) => {
    const ms = wallToMs(timeZone, dayNum, msOfDay + subSecond)
    if (ms >= limitMs) return false
    out.push(ms)
    return out.length < max
  })
  return out
}

/** UTC instants of the series starts (the first included) before `untilExclusive`; no rule gives [start]. Occurrences
 * keep their wall-clock time in `timeZone` across DST. Throws RangeError for an invalid rule. */
export function occurrences (start: DateTime, timeZone: string, rule: string | undefined, untilExclusive: DateTime,
  max = 1000): DateTime[] {
  return occurrenceMs(start, timeZone, rule, untilExclusive.toMillis(), max)
    .map(ms => DateTime.fromMillis(ms, { zone: 'utc' }))
}

/** The wall times of the occurrences after DTSTART `wall`, up to `wallEnd` (read as UTC), as day numbers and times
 * of day (whole seconds). */
export function wallTimes (parts: Map<string, string>, wall: ICAL.Time, wallEnd: number): Array<{ wallMs: number, dayNum: number, msOfDay: number }> {
  const out: Array<{ wallMs: number, dayNum: number, msOfDay: number }> = []
  eachWall(parts, wall, wallEnd + 14 * HOUR_MS, (t, dayNum, msOfDay) => {
    const wallMs = wallOf(t)
    if (wallMs > wallEnd) return false
    out.push({ wallMs, dayNum, msOfDay })
    return true
  })
  return out
}
