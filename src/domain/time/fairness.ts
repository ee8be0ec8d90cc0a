// Fairness of a recurring series over the next weeks: who is outside hours or at night, DST shifts, rotation advice.
import type { Meeting } from '../model.js'
import { isoLocal, isoUtc, MINUTE_MS, offsetAt, plusLocalDays } from './local-days.js'
import { occurrenceMs } from './recurrence.js'
import { minutesOutside } from './hours.js'

export interface SeriesFairness {
  /** Occurrences analysed: those starting in [meeting.start, meeting.start + weeks), weeks counted in the meeting's
   * wall-clock time (a weekly series gives `weeks` occurrences across a DST change), at most `occurrenceLimit`. */
  occurrences: number
  /** First analysed occurrence start (ISO UTC). */
  from: string
  /** Last analysed occurrence start (ISO UTC). */
  to: string
  participants: Array<{
    email: string
    /** Occurrences with any minute outside this person's working hours. */
    outsideHours: number
    /** Occurrences with any minute between 00:00 and 06:00 local outside this person's working hours. */
    atNight: number
    /** Occurrences that clock changes move for this person: the series keeps its wall time in the meeting's zone, so
     * their local start moves only when the gap between their UTC offset and the meeting zone's changes. shiftMinutes
     * is that change against the first occurrence, signed (positive: later on their clock). An hourly or daily series
     * that starts at other local times of day does not count, nor does anyone on the meeting zone's clock. */
    shifted: Array<{ start: string, localStart: string, shiftMinutes: number }>
  }>
  /** Present when rotating the time between regions would move bad occurrences (outside hours or at night for anyone
   * required; everyone counts as required when nobody is) off one required person: they carry more than half of them
   * (RESEARCH: no one should get more than half of the bad slots) and more than some other required person whose UTC
   * offset differs from theirs on some analysed occurrence. A burden shared equally, or one only people on the same
   * clock could take over, singles out no one. `email` is the most burdened (most bad occurrences, then most at night,
   * then first listed); `emails` names everyone singled out with as many bad occurrences, `email` first, then those
   * with more nights, then as listed. */
  rotation?: { email: string, emails: string[], badOccurrences: number, totalBad: number, message: string }
}

/** Person-occurrences measured at most: 12 weeks of a weekly series for 800 people, or of an hourly one for 4;
 * a large group on a frequent series is judged on its first occurrences (200 people on an hourly series would
 * otherwise take seconds of CPU). */
export const FAIRNESS_BUDGET = 10_000

/** Occurrences analysed for a series with `people` participants. */
export const occurrenceLimit = (people: number): number => Math.max(1, Math.floor(FAIRNESS_BUDGET / Math.max(1, people)))

/** UTC offsets of a zone at each occurrence start, computed once per zone name. */
function offsetsPerZone (starts: number[]): (zone: string) => number[] {
  const cache = new Map<string, number[]>()
  return (zone) => {
    let found = cache.get(zone)
    if (found === undefined) {
      found = starts.map(s => offsetAt(zone, s))
      cache.set(zone, found)
    }
    return found
  }
}

/** Series fairness over `weeks` weeks from meeting.start; undefined without a recurrence. */
export function seriesFairness (meeting: Meeting, weeks = 12): SeriesFairness | undefined {
  if (meeting.recurrence === undefined) return undefined
  const startMs = meeting.start.toMillis()
  const untilMs = plusLocalDays(meeting.timeZone, startMs, weeks * 7)
  const starts = occurrenceMs(meeting.start, meeting.timeZone, meeting.recurrence, untilMs, occurrenceLimit(meeting.participants.length))
  const durationMs = meeting.durationMinutes * MINUTE_MS
  const lastStart = starts[starts.length - 1] ?? startMs
  const judged = meeting.participants.some(p => p.attendance === 'required')
    ? meeting.participants.map(p => p.attendance === 'required')
    : meeting.participants.map(() => true)
  // Only the hours around each occurrence matter: measure each one directly instead of whole-range timelines.
  const measured = starts.map(s => meeting.participants.map(p => minutesOutside(p, s, s + durationMs)))

  // Per occurrence and person: 0 fine (or not judged), 1 outside hours, 2 at night.
  const bad = measured.map(row => row.map((m, i) => {
    if (judged[i] !== true) return 0
    if (m.night > 0) return 2
    return m.outside > 0 ? 1 : 0
  }))
  const totalBad = bad.filter(row => row.some(v => v > 0)).length

  const offsets = offsetsPerZone(starts)
  const meetingOffsets = offsets(meeting.timeZone)
  const meetingFirst = offsetAt(meeting.timeZone, startMs)
  const participants = meeting.participants.map((p, i) => {
    const own = offsets(p.timeZone)
    const firstGap = offsetAt(p.timeZone, startMs) - meetingFirst
    const shifted = starts.flatMap((s, k) => {
      const shiftMinutes = (own[k] as number) - (meetingOffsets[k] as number) - firstGap
      return shiftMinutes === 0 ? [] : [{ start: isoUtc(s), localStart: isoLocal(s, p.timeZone), shiftMinutes }]
    })
    return {
      email: p.email,
      outsideHours: measured.filter(row => (row[i]?.outside ?? 0) > 0).length,
      atNight: measured.filter(row => (row[i]?.night ?? 0) > 0).length,
      shifted
    }
  })

  const result: SeriesFairness = {
    occurrences: starts.length,
    from: isoUtc(starts[0] ?? startMs),
    to: isoUtc(lastStart),
    participants
  }
  const rotation = rotationFor(meeting, bad, totalBad, judged, offsets)
  if (rotation !== undefined) result.rotation = rotation
  return result
}

/** The judged people singled out for rotation (see `SeriesFairness.rotation`): among those carrying more than half of
 * the bad occurrences and more than someone judged on another clock (UTC offsets differing on some occurrence), the
 * one with the most, then the most at night, then the first listed, and everyone with as many bad occurrences. */
function rotationFor (meeting: Meeting, bad: number[][], totalBad: number, judged: boolean[],
  offsets: (zone: string) => number[]): SeriesFairness['rotation'] {
  if (totalBad === 0) return undefined
  const people = meeting.participants.flatMap((p, i) => judged[i] === true
    ? [{
        p,
        count: bad.filter(row => (row[i] as number) > 0).length,
        nights: bad.filter(row => row[i] === 2).length,
        clock: offsets(p.timeZone).join(',')
      }]
    : [])
  // The fewest bad occurrences anyone carries on each clock.
  const fewest = new Map<string, number>()
  for (const q of people) fewest.set(q.clock, Math.min(q.count, fewest.get(q.clock) ?? Infinity))
  const lighterElsewhere = (clock: string, count: number) =>
    [...fewest].some(([other, least]) => other !== clock && least < count)
  const singled = people.filter(c => c.count * 2 > totalBad && lighterElsewhere(c.clock, c.count))
  let worst: typeof people[number] | undefined
  for (const c of singled) {
    if (worst === undefined || c.count > worst.count || (c.count === worst.count && c.nights > worst.nights)) worst = c
  }
  if (worst === undefined) return undefined
  const most = worst
  // Everyone singled out who carries as many bad occurrences is named (the message counts occurrences), those with
  // more nights among them first, then in the order listed.
  const emails = singled.filter(c => c.count === most.count)
    .map((c, order) => ({ c, order }))
    .sort((x, y) => y.c.nights - x.c.nights || x.order - y.order)
    .map(({ c }) => c.p.email)
  return {
    email: most.p.email,
    emails,
    badOccurrences: most.count,
    totalBad,
    message: `${namesCarry(emails)} ${most.count} of ${totalBad} occurrences that fall outside working hours or ` +
      'at night; rotate the meeting time so that no one carries more than half of them.'
  }
}

/** "a carries", "a and b each carry", "a, b and c each carry". */
export function namesCarry (emails: string[]): string {
  if (emails.length <= 1) return `${emails[0] ?? ''} carries`
  return `${emails.slice(0, -1).join(', ')} and ${emails[emails.length - 1] ?? ''} each carry`
}
