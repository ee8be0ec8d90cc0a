// Adherence to timeboxes: per recorded item planned vs actual minutes, totals and the share kept within the timebox.
import type { Adherence } from '../../schemas/agenda.js'

export interface TimedItem { title: string, minutes: number, actualMinutes?: number | null }

/** Adherence over the items with recorded actuals (in order), or undefined when none has any. */
export function adherence (items: readonly TimedItem[], recordedAt: string): Adherence | undefined {
  const recorded: Adherence['items'] = []
  items.forEach((item, index) => {
    const actual = item.actualMinutes
    if (actual === undefined || actual === null) return
    recorded.push({ index, title: item.title, planned: item.minutes, actual, delta: actual - item.minutes, withinTimebox: actual <= item.minutes })
  })
  if (recorded.length === 0) return undefined
  const planned = recorded.reduce((sum, r) => sum + r.planned, 0)
  const actual = recorded.reduce((sum, r) => sum + r.actual, 0)
  const kept = recorded.filter(r => r.withinTimebox).length
  return {
    items: recorded,
    totals: { planned, actual, delta: actual - planned },
    keptShare: Math.round((kept / recorded.length) * 100) / 100,
    recordedAt
  }
}
