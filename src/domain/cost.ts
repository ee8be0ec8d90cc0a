// Meeting cost: person-hours and money for every participant, and yearly person-hours for a series.
import type { Cost, Meeting, Policy } from './model.js'
import { annualOccurrences } from './time/recurrence.js'

export function cost (meeting: Meeting, policy: Policy): Cost {
  const hours = meeting.durationMinutes / 60
  const personHours = round2(meeting.participants.length * hours)
  const amount = round2(meeting.participants.reduce((sum, p) => sum + p.hourlyRate * hours, 0))
  const result: Cost = { personHours, amount, currency: policy.defaults.currency }
  if (meeting.recurrence !== undefined) {
    const occurrences = annualOccurrences(meeting.start, meeting.timeZone, meeting.recurrence)
    result.annualPersonHours = round2(meeting.participants.length * hours * occurrences)
  }
  return result
}

export function round2 (value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100
}
