// A VTIMEZONE's STANDARD and DAYLIGHT parts as UTC offsets of wall-clock times. The onsets of each yearly rule are
// computed for the years around the time asked about, not expanded from the rule's DTSTART: Outlook starts its rules
// in 1601, and ical.js's expansion from there cost 14 ms per zone (1000 zones in a batch held the event loop 14 s).
import type ICAL from 'ical.js'
import { parseRecurrence } from '../domain/time/recurrence.js'
import { dayNumber, daysInMonth, isLeapYear, isoWeekday, DAY_MS } from '../domain/time/local-days.js'
import { quoted } from '../domain/quote.js'
import { unreadTime, writtenTime } from './ical-parse.js'

/** Bounds on a VTIMEZONE that real ones stay far inside: a few parts, rules from 1601 (the Windows epoch) on. */
export const MAX_OBSERVANCES = 200
export const FIRST_RULE_YEAR = 1601

/** A change of offset: the instant it happens at and the offsets (ms) before and after it. */
interface Onset { at: number, from: number, to: number }

interface ByDay { weekday: number, nth: number }

/** A yearly RRULE of a time-zone part; `until` is a wall time, or an instant when UNTIL ends in Z. */
interface Rule {
  interval: number
  count?: number
  until?: { ms: number, utc: boolean }
  months?: number[]
  monthDays?: number[]
  yearDays?: number[]
  byDay?: ByDay[]
  setPos?: number[]
}

/** A STANDARD or DAYLIGHT part with an RRULE; `start` is its DTSTART as wall time (ms, read as if UTC). */
interface RuledPart {
  from: number
  to: number
  start: number
  year: number
  month: number
  day: number
  msOfDay: number
  rule: Rule
  /** The rule's dates ([month, day]) per kind of year (leap or not, weekday of 1 January): 14 kinds in all. */
  dates: Map<number, Array<[number, number]>>
  /** How far COUNT has been counted: the last year counted and the occurrences up to its end. */
  counted?: { year: number, seen: number }
  /** Wall time of the last occurrence of a rule with COUNT, once the count has reached it. */
  last?: number
}

export interface ZoneRules {
  /** Onsets of the parts without RRULE and of every RDATE, with the year they fall in. */
  fixed: Array<Onset & { year: number }>
  ruled: RuledPart[]
  /** The offset before the zone's first onset. */
  initial: number
  /** Onsets of the years around each year asked about (the last one before them first), by instant. */
  years: Map<number, Onset[]>
}

/** Dates and date-times as jCal writes them ("2026-03-29T02:00:00") and as UNTIL does ("20260329T020000Z"). */
const JCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z?))?$/
const BASIC = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/
const OFFSET = /^([+-])(\d{2}):?(\d{2})(?::?(\d{2}))?$/
const BY_DAY = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']
/** Rule parts that time-zone rules have no use for (they change on given days of given months). */
const UNREAD_PARTS = ['BYWEEKNO', 'BYHOUR', 'BYMINUTE', 'BYSECOND']
const YEARS_CACHED = 256

/** Wall time in ms (as if UTC), for any year: Date.UTC reads years 0-99 as 1900-1999. */
function wallMs (year: number, month: number, day: number, msOfDay: number): number {
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  return date.getTime() + msOfDay
}

interface Wall { ms: number, year: number, month: number, day: number, msOfDay: number, isDate: boolean, utc: boolean }

/** A date or date-time value ("Z" at the end for UTC), undefined when it names no real day and time. */
function readWall (value: unknown, format = JCAL): Wall | undefined {
  const m = typeof value === 'string' ? format.exec(value) : null
  if (m === null) return undefined
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map(v => v === undefined ? undefined : Number(v)) as number[]
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month!) || hour > 23 || minute > 59 || second > 59) return undefined
  const msOfDay = ((hour * 60 + minute) * 60 + second) * 1000
  return { ms: wallMs(year!, month!, day!, msOfDay), year: year!, month: month!, day: day!, msOfDay, isDate: m[4] === undefined, utc: m[7] === 'Z' }
}

function readOffset (value: unknown): number | undefined {
  const m = typeof value === 'string' ? OFFSET.exec(value) : null
  if (m === null) return undefined
  const ms = ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000
  return m[1] === '-' ? -ms : ms
}

const raw = (prop: ICAL.Property): unknown[] => (prop.toJSON() as unknown[]).slice(3)

/** The rule's parts, checked like a meeting's RRULE, and those no time-zone rule needs refused. */
function readRule (text: string, refuse: (why: string) => never): Rule {
  const check = parseRecurrence(text)
  if (!check.ok || !/(?:^|;)FREQ=YEARLY(?:;|$)/i.test(text)) {
    refuse(`has the rule ${quoted(text)}: time-zone rules must repeat yearly${check.ok ? '' : ` (${check.message})`}`)
  }
  const parts = new Map(text.trim().replace(/^RRULE:/i, '').replace(/;$/, '').split(';')
    .map(part => part.split('=').map(s => s.trim().toUpperCase()) as [string, string]))
  const unread = UNREAD_PARTS.find(name => parts.has(name))
  if (unread !== undefined) refuse(`has the rule ${quoted(text)}: ${unread} is not read in time-zone rules, which change on given days of given months`)
  const numbers = (name: string): number[] | undefined => parts.get(name)?.split(',').map(Number)
  const rule: Rule = { interval: Number(parts.get('INTERVAL') ?? 1) }
  const count = parts.get('COUNT')
  if (count !== undefined) rule.count = Number(count)
  const until = parts.get('UNTIL')
  if (until !== undefined) {
    // parseRecurrence has checked UNTIL is a real date or date-time.
    const wall = readWall(until, BASIC) as Wall
    // A date as UNTIL takes in its whole day.
    rule.until = { ms: wall.isDate ? wall.ms + DAY_MS - 1 : wall.ms, utc: wall.utc }
  }
  const months = numbers('BYMONTH')
  if (months !== undefined) rule.months = [...new Set(months)].sort((a, b) => a - b)
  const monthDays = numbers('BYMONTHDAY')
  if (monthDays !== undefined) rule.monthDays = monthDays
  const yearDays = numbers('BYYEARDAY')
  if (yearDays !== undefined) rule.yearDays = yearDays
  const setPos = numbers('BYSETPOS')
  if (setPos !== undefined) rule.setPos = setPos
  const byDay = parts.get('BYDAY')
  if (byDay !== undefined) {
    rule.byDay = byDay.split(',').map(value => {
      const m = BY_DAY.exec(value)
      if (m === null) return refuse(`has the rule ${quoted(text)}: ${quoted(value)} is not a BYDAY value such as SU or -1SU`)
      return { weekday: WEEKDAYS.indexOf(m[2] as string) + 1, nth: Number(m[1] ?? 0) }
    })
  }
  return rule
}

/** The zone's parts, checked: a part needs a DTSTART and both offsets, and a rule must be yearly, from 1601 on. */
export function readVtimezone (component: ICAL.Component, refuse: (why: string) => never): ZoneRules {
  const parts = component.getAllSubcomponents().filter(part => part.name === 'standard' || part.name === 'daylight')
  if (parts.length > MAX_OBSERVANCES) refuse(`has ${parts.length} STANDARD/DAYLIGHT parts; at most ${MAX_OBSERVANCES} are read`)
  if (parts.length === 0) refuse('has no STANDARD or DAYLIGHT part')
  const zone: ZoneRules = { fixed: [], ruled: [], initial: 0, years: new Map() }
  let first: Onset | undefined
  for (const part of parts) {
    const name = part.name.toUpperCase()
    // A date not in the RFC 5545 form is kept as written by the parser: refused quoting it, before anything reads it.
    for (const prop of part.getAllProperties()) {
      const unread = raw(prop).find((value): value is string => typeof value === 'string' && unreadTime(value))
      if (unread !== undefined) refuse(`has the ${prop.name.toUpperCase()} ${quoted(writtenTime(unread))}, which is not a valid date or date-time`)
    }
    const dtstart = part.getFirstProperty('dtstart')
    const start = dtstart === null ? undefined : readWall(raw(dtstart)[0])
    if (start === undefined) refuse(`has a ${name} part without a DTSTART date-time`)
    const [from, to] = (['tzoffsetfrom', 'tzoffsetto'] as const).map(key => {
      const prop = part.getFirstProperty(key)
      return readOffset(prop === null ? undefined : raw(prop)[0]) ?? refuse(`has a ${name} part without a ${key.toUpperCase()} offset such as +0100`)
    }) as [number, number]
    // Onsets are wall times before the change (TZOFFSETFROM), RFC 5545 3.6.5; only an RDATE may be given in UTC.
    const onsetOf = (wall: Wall): Onset & { year: number } => ({ at: wall.utc ? wall.ms : wall.ms - from, from, to, year: wall.year })
    const rules = part.getAllProperties('rrule')
    if (rules.length > 0) {
      if (start.year < FIRST_RULE_YEAR) refuse(`has a rule starting in ${start.year}; rules starting before ${FIRST_RULE_YEAR} are not read`)
      for (const prop of rules) {
        const rule = readRule(String(prop.getFirstValue() ?? ''), refuse)
        zone.ruled.push({ from, to, start: start.ms, year: start.year, month: start.month, day: start.day, msOfDay: start.msOfDay, rule, dates: new Map() })
      }
    } else {
      zone.fixed.push(onsetOf({ ...start, utc: false }))
    }
    for (const prop of part.getAllProperties('rdate')) {
      for (const value of raw(prop)) {
        // A PERIOD starts the part at its start; a date takes the time of DTSTART.
        const wall = readWall(Array.isArray(value) ? value[0] : value)
        if (wall === undefined) refuse(`has an RDATE in its ${name} part that is not a date or date-time`)
        zone.fixed.push(onsetOf(wall.isDate ? { ...wall, ms: wall.ms + start.msOfDay } : wall))
      }
    }
    const own = { at: start.ms - from, from, to }
    if (first === undefined || own.at < first.at) first = own
  }
  for (const onset of zone.fixed) if (first === undefined || onset.at < first.at) first = onset
  zone.initial = first?.from ?? 0
  return zone
}

/** The rule's dates in `year` (a year of its interval): every date that satisfies all its BY parts, BYDAY ordinals
 * counted in the month when BYMONTH is given and in the year otherwise (RFC 5545 3.3.10), then BYSETPOS. */
function yearDates (part: RuledPart, year: number): Array<[number, number]> {
  const { rule } = part
  const dayParts = rule.monthDays !== undefined || rule.yearDays !== undefined || rule.byDay !== undefined
  const months = rule.months ?? (dayParts ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [part.month])
  const jan1 = dayNumber(year, 1, 1)
  const yearLength = isLeapYear(year) ? 366 : 365
  const found: Array<[number, number]> = []
  for (const month of months) {
    const length = daysInMonth(year, month)
    const before = dayNumber(year, month, 1) - jan1
    for (let day = 1; day <= length; day++) {
      if (!dayParts) {
        if (day === part.day) found.push([month, day])
        continue
      }
      const yearDay = before + day
      if (rule.monthDays !== undefined && !rule.monthDays.some(v => (v > 0 ? v : length + v + 1) === day)) continue
      if (rule.yearDays !== undefined && !rule.yearDays.some(v => (v > 0 ? v : yearLength + v + 1) === yearDay)) continue
      if (rule.byDay !== undefined) {
        const weekday = isoWeekday(jan1 + yearDay - 1)
        const [index, span] = rule.months === undefined ? [yearDay, yearLength] : [day, length]
        const matches = rule.byDay.some(b => b.weekday === weekday &&
          (b.nth === 0 || (b.nth > 0 ? Math.floor((index - 1) / 7) + 1 === b.nth : Math.floor((span - index) / 7) + 1 === -b.nth)))
        if (!matches) continue
      }
      found.push([month, day])
    }
  }
  if (rule.setPos === undefined) return found
  const picked = new Set(rule.setPos.map(p => p > 0 ? p - 1 : found.length + p))
  return found.filter((_, i) => picked.has(i))
}

/** The rule's dates in `year`, looked up by the kind of year. */
function datesOf (part: RuledPart, year: number): Array<[number, number]> {
  const kind = (isLeapYear(year) ? 7 : 0) + isoWeekday(dayNumber(year, 1, 1)) - 1
  let dates = part.dates.get(kind)
  if (dates === undefined) {
    dates = yearDates(part, year)
    part.dates.set(kind, dates)
  }
  return dates
}

/** Occurrences (wall ms, ascending) of the part's rule in `year`, DTSTART first, before UNTIL; COUNT not applied. */
function ruleWalls (part: RuledPart, year: number): number[] {
  if (year < part.year || (year - part.year) % part.rule.interval !== 0) return []
  let walls = datesOf(part, year).map(([month, day]) => dayNumber(year, month, day) * DAY_MS + part.msOfDay)
  if (year === part.year) walls = [part.start, ...walls.filter(w => w > part.start)]
  const until = part.rule.until
  return until === undefined ? walls : walls.filter(w => (until.utc ? w - part.from : w) <= until.ms)
}

/** The wall time of a COUNT rule's last occurrence when it comes by the end of `year`. Counted a year at a time by
 * the number of its dates (a rule has COUNT or UNTIL, not both), from where the last count stopped. */
function countEnd (part: RuledPart, count: number, year: number): number | undefined {
  if (part.last !== undefined) return part.last
  const { interval } = part.rule
  const walk = part.counted ??= { year: part.year - interval, seen: 0 }
  while (walk.year + interval <= year) {
    const next = walk.year + interval
    const found = next === part.year ? ruleWalls(part, next).length : datesOf(part, next).length
    if (walk.seen + found >= count) {
      part.last = ruleWalls(part, next)[count - walk.seen - 1]
      return part.last
    }
    walk.seen += found
    walk.year = next
  }
  return undefined
}

/** Occurrences of the part's rule in `year`, COUNT applied. */
function occurrences (part: RuledPart, year: number): number[] {
  const walls = ruleWalls(part, year)
  const end = part.rule.count === undefined || walls.length === 0 ? undefined : countEnd(part, part.rule.count, year)
  return end === undefined ? walls : walls.filter(w => w <= end)
}

/** The rule's last occurrence in a year before `year`: searched back from the year before it (or from UNTIL's or
 * COUNT's year, when the rule ends earlier), a step of its interval at a time. */
function lastBefore (part: RuledPart, year: number): number | undefined {
  let from = year - 1
  const { until, count, interval } = part.rule
  // An UNTIL in UTC may fall in the next wall year.
  if (until !== undefined) from = Math.min(from, new Date(until.ms).getUTCFullYear() + (until.utc ? 1 : 0))
  if (count !== undefined) {
    const end = countEnd(part, count, from)
    if (end !== undefined) from = Math.min(from, new Date(end).getUTCFullYear())
  }
  if (from < part.year) return undefined
  for (let y = part.year + Math.floor((from - part.year) / interval) * interval; y >= part.year; y -= interval) {
    const walls = occurrences(part, y)
    if (walls.length > 0) return walls.at(-1)
  }
  return undefined
}

/** The onsets that decide the offsets of wall times in `year`: those of the year and the years either side, after
 * the last onset before them. */
function onsetsNear (zone: ZoneRules, year: number): Onset[] {
  const cached = zone.years.get(year)
  if (cached !== undefined) return cached
  const near: Onset[] = []
  let before: Onset | undefined
  const add = (onset: Onset, onsetYear: number): void => {
    if (onsetYear >= year - 1) near.push(onset)
    else if (before === undefined || onset.at > before.at) before = onset
  }
  for (const onset of zone.fixed) if (onset.year <= year + 1) add(onset, onset.year)
  for (const part of zone.ruled) {
    const onsetOf = (wall: number): Onset => ({ at: wall - part.from, from: part.from, to: part.to })
    for (let y = year - 1; y <= year + 1; y++) for (const wall of occurrences(part, y)) near.push(onsetOf(wall))
    const last = lastBefore(part, year - 1)
    if (last !== undefined) add(onsetOf(last), year - 2)
  }
  const onsets = (before === undefined ? near : [before, ...near]).sort((a, b) => a.at - b.at)
  if (zone.years.size >= YEARS_CACHED) zone.years.clear()
  zone.years.set(year, onsets)
  return onsets
}

/** The instant (ms) of wall time `wall` (ms, read as if UTC) in the zone. As for IANA zones (`wallToMs`), a wall time
 * a change skips is read with the offset before it (02:30 becomes 03:30 of the new offset) and one a change repeats
 * is its first occurrence. */
export function vtimezoneInstant (zone: ZoneRules, wall: number): number {
  const onsets = onsetsNear(zone, new Date(wall).getUTCFullYear())
  const offsetAt = (at: number): number => offsetAmong(zone, onsets, at)
  let earliest: number | undefined
  for (const offset of new Set([zone.initial, ...onsets.map(o => o.to)])) {
    const at = wall - offset
    if (offsetAt(at) === offset && (earliest === undefined || at < earliest)) earliest = at
  }
  if (earliest !== undefined) return earliest
  const skipped = onsets.find(o => wall - o.to < o.at && o.at <= wall - o.from)
  return wall - (skipped?.from ?? offsetAt(wall))
}

/** The offset (ms) at instant `at`, from the zone's onsets around it (ascending). */
function offsetAmong (zone: ZoneRules, onsets: Onset[], at: number): number {
  let offset = zone.initial
  for (const onset of onsets) {
    if (onset.at > at) break
    offset = onset.to
  }
  return offset
}

/** The zone's UTC offset (ms) at instant `at` (ms). */
export const vtimezoneOffset = (zone: ZoneRules, at: number): number => offsetAmong(zone, onsetsNear(zone, new Date(at).getUTCFullYear()), at)

/** The instants (ms, ascending, each once) of the zone's onsets in [from, to): where its offset may change. */
export function vtimezoneOnsets (zone: ZoneRules, from: number, to: number): number[] {
  const found = new Set<number>()
  for (let year = new Date(from).getUTCFullYear(); year <= new Date(to).getUTCFullYear(); year++) {
    for (const onset of onsetsNear(zone, year)) if (onset.at >= from && onset.at < to) found.add(onset.at)
  }
  return [...found].sort((a, b) => a - b)
}
