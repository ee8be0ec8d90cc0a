// Half-open [start, end) epoch-millisecond intervals: merge, intersect, subtract, measure, and coverage queries.

export type Interval = [number, number]

/** Sorted, with overlapping or touching intervals joined and empty ones dropped. */
export function mergeIntervals (list: Interval[]): Interval[] {
  const sorted = list.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0])
  const out: Interval[] = []
  for (const [s, e] of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && s <= last[1]) {
      if (e > last[1]) last[1] = e
    } else {
      out.push([s, e])
    }
  }
  return out
}

/** Intersection of two sorted, merged lists. */
export function intersectIntervals (a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval
    const y = b[j] as Interval
    const s = Math.max(x[0], y[0])
    const e = Math.min(x[1], y[1])
    if (e > s) out.push([s, e])
    if (x[1] < y[1]) i++
    else j++
  }
  return out
}

/** The parts of sorted, merged `a` that sorted, merged `b` does not cover. */
export function subtractIntervals (a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = []
  let j = 0
  for (const [s, e] of a) {
    let from = s
    while (j < b.length && (b[j] as Interval)[1] <= from) j++
    for (let k = j; k < b.length && (b[k] as Interval)[0] < e; k++) {
      const [bs, be] = b[k] as Interval
      if (bs > from) out.push([from, bs])
      from = Math.max(from, be)
    }
    if (e > from) out.push([from, e])
  }
  return out
}

/** Whether sorted, merged `list` covers any moment of [from, to), for spans in any order (binary search). */
export function touches (list: Interval[], from: number, to: number): boolean {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((list[mid] as Interval)[1] <= from) lo = mid + 1
    else hi = mid
  }
  const first = list[lo]
  return first !== undefined && first[0] < to && to > from
}

export function totalMs (list: Interval[]): number {
  let sum = 0
  for (const [s, e] of list) sum += e - s
  return sum
}

/** Coverage queries over a sorted, merged list for spans whose starts never decrease: O(1) amortised. */
export class CoverageCursor {
  private index = 0
  constructor (private readonly list: Interval[]) {}

  covered (from: number, to: number): number {
    const list = this.list
    while (this.index < list.length && (list[this.index] as Interval)[1] <= from) this.index++
    let sum = 0
    for (let i = this.index; i < list.length; i++) {
      const [s, e] = list[i] as Interval
      if (s >= to) break
      sum += Math.min(e, to) - Math.max(s, from)
    }
    return sum
  }
}
