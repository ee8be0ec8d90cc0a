// Overlap windows and ranked slots over a range of local dates (DESIGN section 8, POST /v1/overlap).
import type { Participant, Slot } from '../model.js'
import { isoUtc, localDay, dayNumber, MINUTE_MS } from './local-days.js'
import { buildTimelines, commonIntervals, evaluateStarts, gridStarts, mustAttend, outsideHoursOf, pickSlots } from './slots.js'
import { quoted } from '../quote.js'

export interface OverlapInput {
  participants: Participant[]
  /** First local date (YYYY-MM-DD) in `timeZone`, included. */
  from: string
  /** Last local date (YYYY-MM-DD) in `timeZone`, included. */
  to: string
  timeZone: string
  durationMinutes: number
  maxSlots?: number
}

export type OverlapSlot = Required<Slot>

export interface OverlapResult { windows: Array<{ start: string, end: string }>, slots: OverlapSlot[] }

const DEFAULT_MAX_SLOTS = 10

function parseDate (value: string, field: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  const dayNum = m === null ? NaN : dayNumber(Number(m[1]), Number(m[2]), Number(m[3]))
  const check = new Date(dayNum * 86_400_000)
  if (m === null || Number.isNaN(dayNum) || check.getUTCDate() !== Number(m[3])) {
    throw new RangeError(`${field} must be a date YYYY-MM-DD, got ${quoted(value)}`)
  }
  return dayNum
}

/** Windows where every required participant (everyone when nobody is required) is inside working hours, and the best
 * 15-minute-grid slots (required minutes outside weigh 3, optional 1; slots at night for a required participant, or
 * anyone when nobody is, only when nothing else exists; ties go to slots that put nobody into their late evening,
 * 20:00-06:00 local, then to those that put no optional participant into their night, then to the earliest start;
 * nights and evenings count outside each person's working hours). Throws
 * RangeError for malformed dates or a range that ends before it starts. */
export function findOverlap (input: OverlapInput): OverlapResult {
  const first = parseDate(input.from, 'from')
  const last = parseDate(input.to, 'to')
  if (last < first) throw new RangeError('to must not be before from')
  const fromMs = localDay(input.timeZone, first).startMs
  const toMs = localDay(input.timeZone, last + 1).startMs
  const durationMs = input.durationMinutes * MINUTE_MS
  const timelines = buildTimelines(input.participants, fromMs, toMs)

  const windows = commonIntervals(mustAttend(timelines), fromMs, toMs)
    .filter(([s, e]) => e - s >= MINUTE_MS)
    .map(([s, e]) => ({ start: isoUtc(s), end: isoUtc(e) }))

  const evals = durationMs > 0 ? evaluateStarts(timelines, gridStarts(fromMs, toMs - durationMs), durationMs) : []
  const best = pickSlots(evals, input.maxSlots ?? DEFAULT_MAX_SLOTS, timelines, (a, b) => a.startMs - b.startMs)
  const slots = best.map(e => ({
    start: isoUtc(e.startMs),
    end: isoUtc(e.endMs),
    score: e.score,
    outsideHours: outsideHoursOf(timelines, e)
  }))
  return { windows, slots }
}
