// The scoring engine: time facts once, six criteria, score and verdict, recommendations, alternatives, cost, summary.
import type { CriterionId, CriterionResult, Evaluation, Meeting, MeetingRead, Policy } from './model.js'
import { timeZoneFacts } from './time/facts.js'
import { seriesFairness } from './time/fairness.js'
import type { Criterion, CriterionContext } from './criteria/context.js'
import { purposeCriterion } from './criteria/purpose.js'
import { agendaCriterion } from './criteria/agenda.js'
import { outcomesCriterion } from './criteria/outcomes.js'
import { participantsCriterion } from './criteria/participants.js'
import { timeZonesCriterion } from './criteria/time-zones.js'
import { durationCriterion } from './criteria/duration.js'
import { recommendations } from './criteria/recommendations.js'
import { scoreMeeting } from './scoring.js'
import { alternatives, isoUtc } from './alternatives.js'
import { cost } from './cost.js'
import { summary } from './summary.js'

/** Fixed order of the `criteria` array. */
export const CRITERIA_FUNCTIONS: ReadonlyArray<[CriterionId, Criterion]> = [
  ['purpose', purposeCriterion],
  ['agenda', agendaCriterion],
  ['outcomes', outcomesCriterion],
  ['participants', participantsCriterion],
  ['time_zones', timeZonesCriterion],
  ['duration', durationCriterion]
]

export function evaluate (meeting: Meeting, policy: Policy, assumptions: string[] = []): Evaluation {
  const timeZones = timeZoneFacts(meeting)
  const fairness = meeting.recurrence === undefined ? undefined : seriesFairness(meeting)
  const ctx: CriterionContext = { policy, timeZones, fairness }
  const criteria = CRITERIA_FUNCTIONS.map(([id, run]): CriterionResult => {
    const { score, findings } = run(meeting, ctx)
    return { id, score, weight: policy.weights[id], findings }
  })
  const requiredCount = meeting.participants.filter((p) => p.attendance === 'required').length
  const scored = scoreMeeting(criteria, policy, { urgency: meeting.urgency, requiredCount, overlapMinutes: timeZones.overlapMinutes })
  const options = alternatives(meeting, policy)
  const findings = criteria.flatMap((c) => c.findings)
  return {
    score: scored.score,
    verdict: scored.verdict,
    summary: summary({
      ...scored, urgency: meeting.urgency, criteria, alternatives: options, escalationChannel: policy.escalationChannel
    }),
    criteria,
    recommendations: recommendations({ meeting, policy, findings, timeZones, verdict: scored.verdict, alternatives: options }),
    alternatives: options,
    timeZones,
    cost: cost(meeting, policy),
    assumptions: [...assumptions],
    meeting: meetingRead(meeting)
  }
}

/** The meeting as scored, so a caller can check what was read (a calendar event's zone, duration, attendance). */
export function meetingRead (meeting: Meeting): MeetingRead {
  return {
    title: meeting.title,
    purpose: meeting.purpose,
    urgency: meeting.urgency,
    start: isoUtc(meeting.start),
    end: isoUtc(meeting.start.plus({ minutes: meeting.durationMinutes })),
    durationMinutes: meeting.durationMinutes,
    timeZone: meeting.timeZone,
    ...(meeting.recurrence === undefined ? {} : { recurrence: meeting.recurrence }),
    asOf: isoUtc(meeting.asOf),
    participants: meeting.participants.map((p) => ({ email: p.email, attendance: p.attendance, ...(p.role === undefined ? {} : { role: p.role }) }))
  }
}
