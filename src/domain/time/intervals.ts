// Half-open [start, end) epoch-millisecond intervals: merge, intersect, measure, and a forward-only coverage cursor.

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
