// Fairness of a recurring series over the next weeks: who is outside hours or at night, DST shifts, rotation advice.
import type { Meeting } from '../model.js'
import { isoLocal, isoUtc, localTime, MINUTE_MS, plusLocalDays } from './local-days.js'
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
    /** Occurrences with any minute between 00:00 and 06:00 local. */
    atNight: number
    /** Occurrences whose local start time of day differs from the first occurrence's; shiftMinutes is signed. */
    shifted: Array<{ start: string, localStart: string, shiftMinutes: number }>
  }>
  /** Present when one required participant carries more than half of the bad occurrences (outside hours or at night
   * for anyone required; everyone counts as required when nobody is). */
  rotation?: { email: string, badOccurrences: number, totalBad: number, message: string }
}

/** Person-occurrences measured at most: 12 weeks of a weekly series for 800 people, or of an hourly one for 4;
 * a large group on a frequent series is judged on its first occurrences (200 people on an hourly series would
 * otherwise take seconds of CPU). */
export const FAIRNESS_BUDGET = 10_000

/** Occurrences analysed for a series with `people` participants. */
export const occurrenceLimit = (people: number): number => Math.max(1, Math.floor(FAIRNESS_BUDGET / Math.max(1, people)))

const HALF_DAY_MIN = 12 * 60
const DAY_MIN = 24 * 60

/** Wall-clock difference in minutes, folded into -720..720 so a move across midnight reads as a small shift. */
function foldShift (minutes: number): number {
  const m = ((minutes % DAY_MIN) + DAY_MIN) % DAY_MIN
  return m > HALF_DAY_MIN ? m - DAY_MIN : m
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

  const participants = meeting.participants.map((p, i) => {
    const firstWall = localTime(p.timeZone, startMs).msOfDay / MINUTE_MS
    const shifted = starts.flatMap(s => {
      const shiftMinutes = foldShift(localTime(p.timeZone, s).msOfDay / MINUTE_MS - firstWall)
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
  const rotation = rotationFor(meeting, bad, totalBad, judged)
  if (rotation !== undefined) result.rotation = rotation
  return result
}

/** The judged person with the most bad occurrences (ties: the most at night, then the first listed), when that is
 * more than half of all bad occurrences and there is someone to rotate with. */
function rotationFor (meeting: Meeting, bad: number[][], totalBad: number, judged: boolean[]):
SeriesFairness['rotation'] {
  if (totalBad === 0 || judged.filter(Boolean).length < 2) return undefined
  let worst = -1
  let worstCount = 0
  let worstNights = 0
  meeting.participants.forEach((_p, i) => {
    const count = bad.filter(row => (row[i] as number) > 0).length
    const nights = bad.filter(row => row[i] === 2).length
    if (count > worstCount || (count === worstCount && nights > worstNights)) {
      worst = i
      worstCount = count
      worstNights = nights
    }
  })
  const person = meeting.participants[worst] as Meeting['participants'][number]
  if (worstCount * 2 <= totalBad) return undefined
  return {
    email: person.email,
    badOccurrences: worstCount,
    totalBad,
    message: `${person.email} carries ${worstCount} of ${totalBad} occurrences that fall outside working hours or ` +
      'at night; rotate the meeting time so that no one carries more than half of them.'
  }
}
