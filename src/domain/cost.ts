// Meeting cost: person-hours and money for every participant, and yearly person-hours for a series.
import type { Cost, Meeting, Policy } from './model.js'
import { annualOccurrences } from './time/annual.js'

/** Every participant's time in the meeting, in minutes: exact (an integer), unlike person-hours rounded to cents,
 * so totals over many meetings are summed from it and rounded once. */
export function personMinutes (meeting: Meeting): number {
  return meeting.participants.length * meeting.durationMinutes
}

/** Person-hours and amount of one occurrence, counting every participant; yearly person-hours for a series. */
export function cost (meeting: Meeting, policy: Policy): Cost {
  const hours = meeting.durationMinutes / 60
  const personHours = round2(personMinutes(meeting) / 60)
  const amount = round2(meeting.participants.reduce((sum, p) => sum + p.hourlyRate * hours, 0))
  const result: Cost = { personHours, amount, currency: policy.defaults.currency }
  if (meeting.recurrence !== undefined) {
    const occurrences = annualOccurrences(meeting.start, meeting.timeZone, meeting.recurrence)
    result.annualPersonHours = round2(personMinutes(meeting) * occurrences / 60)
  }
  return result
}

/** A non-negative `value` rounded to two decimals, a half up as the decimals are written (1.005 gives 1.01). */
export function round2 (value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100
}
