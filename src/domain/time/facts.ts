// Time-zone facts of one proposed occurrence: per-participant local times, the required overlap that day, better slots.
import type { Meeting, ParticipantTime, Slot, TimeZoneFacts } from '../model.js'
import { minutesOutside } from './hours.js'
import { totalMs } from './intervals.js'
import { isoLocal, isoUtc, localDay, localDayAt, MINUTE_MS } from './local-days.js'
import { buildTimelines, commonIntervals, evaluateStarts, gridStarts, mustAttend, pickSlots, type SlotEval } from './slots.js'

const SUGGESTIONS = 3
const SEARCH_DAYS = 4

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

/** Facts for `meeting`: `overlapMinutes` counts the meeting's local day (meeting.timeZone) where every required
 * participant (everyone when nobody is required) is inside hours; `suggestedSlots` appear only when a required
 * participant is outside hours: up to 3 better 15-minute-grid starts on that local day and the next 3 (fewer weighted
 * minutes outside and nobody brought into their night, or as few but out of someone's night when the meeting is in
 * it). */
export function timeZoneFacts (meeting: Meeting): TimeZoneFacts {
  const zone = meeting.timeZone
  const startMs = meeting.start.toMillis()
  const durationMs = meeting.durationMinutes * MINUTE_MS
  const endMs = startMs + durationMs
  const participants = participantTimes(meeting, startMs, endMs)

  const day = localDayAt(zone, startMs)
  const dayStart = localDay(zone, day).startMs
  const dayEnd = localDay(zone, day + 1).startMs
  const searchEnd = localDay(zone, day + SEARCH_DAYS).startMs
  const timelines = buildTimelines(meeting.participants, Math.min(dayStart, startMs),
    Math.max(endMs, searchEnd + durationMs))
  const overlap = commonIntervals(mustAttend(timelines), dayStart, dayEnd)
  const overlapMinutes = Math.round(totalMs(overlap) / MINUTE_MS)

  const someoneOut = participants.some((p, i) => !p.withinWorkingHours && timelines[i]?.required === true)
  return { overlapMinutes, participants, suggestedSlots: someoneOut ? suggest(timelines, startMs, durationMs, dayStart, searchEnd) : [] }
}

function suggest (timelines: ReturnType<typeof buildTimelines>, startMs: number, durationMs: number, fromMs: number,
  toMs: number): Slot[] {
  const [original] = evaluateStarts(timelines, [startMs], durationMs) as [SlotEval]
  // Better means fewer weighted minutes outside hours without bringing anyone into their night, or as few minutes
  // but out of someone's night when the meeting is in it.
  const candidates = evaluateStarts(timelines, gridStarts(fromMs, toMs - 1), durationMs, (s, cost, night) =>
    s !== startMs && (!night || original.night) && (cost < original.cost || (original.night && !night && cost <= original.cost)), original.cost)
  const best = pickSlots(candidates, SUGGESTIONS, (a, b) =>
    a.cost - b.cost || Math.abs(a.startMs - startMs) - Math.abs(b.startMs - startMs) || a.startMs - b.startMs)
  return best.map(e => ({ start: isoUtc(e.startMs), end: isoUtc(e.endMs), score: e.score }))
}
