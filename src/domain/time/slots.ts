// Candidate slots scored against participants' working hours and local nights; shared by facts and overlap.
import type { OutsideHours, Participant } from '../model.js'
import { lateIntervals, nightIntervals, workingIntervals } from './hours.js'
import { CoverageCursor, intersectIntervals, subtractIntervals, touches, type Interval } from './intervals.js'
import { MINUTE_MS } from './local-days.js'

export const GRID_MS = 15 * MINUTE_MS
const REQUIRED_WEIGHT = 3
const OPTIONAL_WEIGHT = 1

/** One participant's working intervals over a range, and their night (00:00-06:00 local) and late (20:00-06:00 local)
 * intervals outside those hours: an evening or a night inside their own hours is no burden to them. */
export interface Timeline {
  email: string, timeZone: string, required: boolean, weight: number, work: Interval[], night: Interval[], late: Interval[]
}

export interface SlotEval {
  startMs: number
  endMs: number
  /** Required minutes outside x 3 + optional minutes outside. */
  cost: number
  /** Minutes outside working hours, per timeline (same order). */
  outside: number[]
  /** Whether the slot touches 00:00-06:00 local outside the working hours of someone who must attend (`mustAttend`):
   * an optional participant's night costs their minutes outside hours and ranks the slot later among as costly ones
   * (`pickSlots`), but does not rule it out. */
  night: boolean
  score: number
}

export function buildTimelines (participants: Participant[], fromMs: number, toMs: number): Timeline[] {
  return participants.map(p => {
    const work = workingIntervals(p, fromMs, toMs)
    return {
      email: p.email,
      timeZone: p.timeZone,
      required: p.attendance === 'required',
      weight: p.attendance === 'required' ? REQUIRED_WEIGHT : OPTIONAL_WEIGHT,
      work,
      night: subtractIntervals(nightIntervals(p.timeZone, fromMs, toMs), work),
      late: subtractIntervals(lateIntervals(p.timeZone, fromMs, toMs), work)
    }
  })
}

/** The timelines that must all be inside hours: the required ones, or everyone when nobody is required. */
export function mustAttend (timelines: Timeline[]): Timeline[] {
  const required = timelines.filter(t => t.required)
  return required.length > 0 ? required : timelines
}

/** Intersection of the working intervals of `timelines` within [fromMs, toMs). */
export function commonIntervals (timelines: Timeline[], fromMs: number, toMs: number): Interval[] {
  let common: Interval[] = [[fromMs, toMs]]
  for (const t of timelines) common = intersectIntervals(common, t.work)
  return common
}

/** 0..1, 2 decimals; `max` is the cost of everyone outside for the whole span. 1 only when nobody is outside hours: a
 * few minutes outside in a large or long meeting score 0.99, not a rounded 1. */
function scoreOf (cost: number, max: number): number {
  if (max <= 0 || cost <= 0) return 1
  return Math.min(0.99, Math.round(Math.max(0, 1 - cost / max) * 100) / 100)
}

/** Scores spans of `durationMs` at increasing `starts` (must be non-decreasing). Starts whose cost exceeds `maxCost`
 * are dropped as soon as the sum passes it, before the night check (the suggestion search drops most of them this
 * way); `keep` sees each remaining start's cost and night flag, and the slots it turns down are not built. */
export function evaluateStarts (timelines: Timeline[], starts: number[], durationMs: number,
  keep?: (startMs: number, cost: number, night: boolean) => boolean, maxCost = Infinity): SlotEval[] {
  const count = timelines.length
  const work = timelines.map(t => new CoverageCursor(t.work))
  const judged = new Set(mustAttend(timelines))
  const night = timelines.flatMap(t => judged.has(t) ? [new CoverageCursor(t.night)] : [])
  const weights = timelines.map(t => t.weight)
  const fullCost = (durationMs / MINUTE_MS) * weights.reduce((sum, w) => sum + w, 0)
  const outside = new Array<number>(count)
  const out: SlotEval[] = []
  for (let k = 0; k < starts.length; k++) {
    const startMs = starts[k] as number
    const endMs = startMs + durationMs
    let cost = 0
    for (let i = 0; i < count && cost <= maxCost; i++) {
      const minutes = (durationMs - (work[i] as CoverageCursor).covered(startMs, endMs)) / MINUTE_MS
      outside[i] = minutes
      cost += minutes * (weights[i] as number)
    }
    if (cost > maxCost) continue
    let touchesNight = false
    for (let i = 0; i < night.length && !touchesNight; i++) touchesNight = (night[i] as CoverageCursor).covered(startMs, endMs) > 0
    if (keep !== undefined && !keep(startMs, cost, touchesNight)) continue
    out.push({ startMs, endMs, cost, outside: outside.slice(), night: touchesNight, score: scoreOf(cost, fullCost) })
  }
  return out
}

/** Everyone with minutes outside working hours in a scored slot, in the timelines' order. */
export function outsideHoursOf (timelines: Timeline[], e: SlotEval): OutsideHours[] {
  return timelines.flatMap((t, i) => {
    const minutes = e.outside[i] as number
    return minutes > 0 ? [{ email: t.email, minutes }] : []
  })
}

/** Grid starts (UTC quarter hours) in [fromMs, lastStartMs]. */
export function gridStarts (fromMs: number, lastStartMs: number): number[] {
  const out: number[] = []
  for (let s = Math.ceil(fromMs / GRID_MS) * GRID_MS; s <= lastStartMs; s += GRID_MS) out.push(s)
  return out
}

/** What a slot asks of anyone beyond its minutes outside hours (outside their own hours): 0 nothing, 1 a late evening
 * (20:00-06:00 local; RESEARCH: warn), 2 a night (00:00-06:00 local), which only an optional participant has in a slot
 * not left out as a night slot. */
function burden (timelines: Timeline[], e: SlotEval): number {
  let most = 0
  for (const t of timelines) {
    if (touches(t.night, e.startMs, e.endMs)) return 2
    if (most === 0 && touches(t.late, e.startMs, e.endMs)) most = 1
  }
  return most
}

/** The best `limit` slots, leaving out night slots (see `SlotEval.night`) unless only night slots exist: the fewest
 * weighted minutes outside hours first; among equal costs, those that put nobody into their late evening (20:00-06:00
 * local, outside their hours) before those that do, and those before the ones that put someone optional into their
 * night, then by `tieBreak`. Burdens are checked only for the cheapest candidates, in `tieBreak` order, until the
 * slots still missing are found free of them. */
export function pickSlots (evals: SlotEval[], limit: number, timelines: Timeline[],
  tieBreak: (a: SlotEval, b: SlotEval) => number): SlotEval[] {
  const daytime = evals.filter(e => !e.night)
  const sorted = (daytime.length > 0 ? daytime : evals).sort((a, b) => a.cost - b.cost || tieBreak(a, b))
  const out: SlotEval[] = []
  for (let i = 0; i < sorted.length && out.length < limit;) {
    const cost = (sorted[i] as SlotEval).cost
    const need = limit - out.length
    const tiers: SlotEval[][] = [[], [], []]
    let k = i
    for (; k < sorted.length && (sorted[k] as SlotEval).cost === cost && (tiers[0] as SlotEval[]).length < need; k++) {
      const e = sorted[k] as SlotEval
      ;(tiers[burden(timelines, e)] as SlotEval[]).push(e)
    }
    out.push(...tiers.flat())
    while (k < sorted.length && (sorted[k] as SlotEval).cost === cost) k++
    i = k
  }
  return out.slice(0, Math.max(0, limit))
}
