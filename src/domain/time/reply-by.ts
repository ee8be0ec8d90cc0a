// Reply-by deadline (DESIGN section 7): end of the first whole working day after asOf, the latest over participants.
import { DateTime } from 'luxon'
import type { Participant } from '../model.js'
import { parseHours } from './hours.js'
import { HOUR_MS, isoWeekday, localDayAt, MINUTE_MS, wallToMs } from './local-days.js'

/** How far ahead (calendar days) to look for working days before giving up on a participant. */
const HORIZON_DAYS = 3660

/** End (epoch ms) of the working day that completes `needMs` of working time, counting whole working days from the
 * first one that starts after `asOfMs`; undefined when the person has no working days. */
function deadlineFor (p: Participant, asOfMs: number, needMs: number): number | undefined {
  const h = parseHours(p.workingHours)
  if (!h.hasDays) return undefined
  const first = localDayAt(p.timeZone, asOfMs)
  let covered = 0
  let started = false
  let lastEnd: number | undefined
  for (let d = first; d < first + HORIZON_DAYS; d++) {
    if (h.days[isoWeekday(d)] !== true) continue
    const start = wallToMs(p.timeZone, d, h.startMin * MINUTE_MS)
    const end = wallToMs(p.timeZone, d, h.endMin * MINUTE_MS)
    if (end <= start || (!started && start <= asOfMs)) continue
    started = true
    covered += end - start
    lastEnd = end
    if (covered >= needMs) return end
  }
  return lastEnd
}

/** For each required participant (everyone when nobody is required), the end of the first whole working day in their
 * zone that starts after `asOf`, extended by whole working days until `responseWorkingHours` are covered; the latest
 * of these, in UTC. With no working days anywhere, asOf plus one day. */
export function replyBy (participants: Participant[], asOf: DateTime, responseWorkingHours?: number): DateTime {
  const required = participants.filter(p => p.attendance === 'required')
  const who = required.length > 0 ? required : participants
  const asOfMs = asOf.toMillis()
  const needMs = Math.max(responseWorkingHours ?? 0, 0) * HOUR_MS
  let latest: number | undefined
  for (const p of who) {
    const end = deadlineFor(p, asOfMs, needMs)
    if (end !== undefined && (latest === undefined || end > latest)) latest = end
  }
  if (latest === undefined) return asOf.toUTC().plus({ days: 1 })
  return DateTime.fromMillis(latest, { zone: 'utc' })
}
