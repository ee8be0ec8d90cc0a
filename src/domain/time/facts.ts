// Time-zone facts of one proposed occurrence: per-participant local times, the required overlap that day, better slots.
import type { Meeting, ParticipantTime, Slot, TimeZoneFacts } from '../model.js'
import type { Participant } from '../model.js'
import { minutesOutside, workingMs } from './hours.js'
import { totalMs } from './intervals.js'
import { isoLocal, isoUtc, localDay, localDayAt, MINUTE_MS } from './local-days.js'
import { buildTimelines, commonIntervals, evaluateStarts, gridStarts, mustAttend, outsideHoursOf, pickSlots, type SlotEval } from './slots.js'

const SUGGESTIONS = 3
/** Suggestions come from the meeting's local day and the next this many days on which everyone who must attend works, */
const WORKING_DAYS_AHEAD = 3
/** looked for at most this many days ahead (someone may work one day a week, or nobody share a working day). */
const MAX_DAYS_AHEAD = 14

function participantTimes (meeting: Meeting, startMs: number, endMs: number): ParticipantTime[] {
  return meeting.participants.map(p => {
    const m = minutesOutside(p, startMs, endMs)
    return {
      email: p.email,
      timeZone: p.timeZone,
      localStart: isoLocal(startMs, p.timeZone),
      withinWorkingHours: m.outside === 0,
      minutesOutside: m.outside,
      minutesAtNight: m.night,
      minutesLate: m.late
    }
  })
}

/** Start of the local day (meeting zone) after the `WORKING_DAYS_AHEAD`th day after `day` on which every one of
 * `people` has working time; after `MAX_DAYS_AHEAD` days at most. */
function searchEnd (zone: string, day: number, people: Participant[]): number {
  let found = 0
  let d = day + 1
  for (; d <= day + MAX_DAYS_AHEAD && found < WORKING_DAYS_AHEAD; d++) {
    const from = localDay(zone, d).startMs
    const to = localDay(zone, d + 1).startMs
    if (people.every(p => workingMs(p, from, to) > 0)) found++
  }
  return localDay(zone, d).startMs
}

/** Facts for `meeting`: `overlapMinutes` counts the meeting's local day (meeting.timeZone) where every required
 * participant (everyone when nobody is required) is inside hours; `suggestedSlots` appear only when a required
 * participant is outside hours: up to 3 better 15-minute-grid starts, never before `asOf`, on that local day (the day of
 * `asOf` when that is later) and the next 3 days on which those participants all work (fewer weighted minutes outside and nobody
 * who must attend brought into their night, or as few but out of such a night when the meeting is in it), ranked by
 * weighted minutes outside, then nobody in their late evening (20:00-06:00 local) before someone, before someone
 * optional at night, then closeness to the start. Nights and evenings count outside each person's working hours. */
export function timeZoneFacts (meeting: Meeting): TimeZoneFacts {
  const zone = meeting.timeZone
  const startMs = meeting.start.toMillis()
  const durationMs = meeting.durationMinutes * MINUTE_MS
  const endMs = startMs + durationMs
  const participants = participantTimes(meeting, startMs, endMs)

  const day = localDayAt(zone, startMs)
  const dayStart = localDay(zone, day).startMs
  const dayEnd = localDay(zone, day + 1).startMs
  const someoneOut = participants.some((p, i) => !p.withinWorkingHours && meeting.participants[i]?.attendance === 'required')
  // No slot starts before asOf: the search starts there when it is later than the meeting's day began, and for a
  // meeting already past (a calendar export scored afterwards) it covers the day of asOf and the working days after.
  const searchFrom = Math.max(dayStart, meeting.asOf.toMillis())
  const required = meeting.participants.filter(p => p.attendance === 'required')
  const until = someoneOut ? searchEnd(zone, localDayAt(zone, searchFrom), required.length > 0 ? required : meeting.participants) : dayEnd
  const timelines = buildTimelines(meeting.participants, Math.min(dayStart, startMs), Math.max(endMs, until + durationMs))
  const overlap = commonIntervals(mustAttend(timelines), dayStart, dayEnd)
  const overlapMinutes = Math.round(totalMs(overlap) / MINUTE_MS)
  return { overlapMinutes, participants, suggestedSlots: someoneOut ? suggest(timelines, startMs, durationMs, searchFrom, until) : [] }
}

function suggest (timelines: ReturnType<typeof buildTimelines>, startMs: number, durationMs: number, fromMs: number,
  toMs: number): Slot[] {
  const [original] = evaluateStarts(timelines, [startMs], durationMs) as [SlotEval]
  // Better means fewer weighted minutes outside hours without bringing anyone who must attend into their night, or as
  // few minutes but out of such a night when the meeting is in it. An optional participant's night costs its minutes.
  const candidates = evaluateStarts(timelines, gridStarts(fromMs, toMs - 1), durationMs, (s, cost, night) =>
    s !== startMs && (!night || original.night) && (cost < original.cost || (original.night && !night && cost <= original.cost)), original.cost)
  // Among equal costs and lateness, the closest to the original start.
  const best = pickSlots(candidates, SUGGESTIONS, timelines, (a, b) =>
    Math.abs(a.startMs - startMs) - Math.abs(b.startMs - startMs) || a.startMs - b.startMs)
  return best.map(e => ({ start: isoUtc(e.startMs), end: isoUtc(e.endMs), score: e.score, outsideHours: outsideHoursOf(timelines, e) }))
}
