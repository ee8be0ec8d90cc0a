// The evaluation answer (DESIGN section 7): score, verdict, reasons, alternatives, time-zone facts, cost.
import { Type, type Static } from 'typebox'
import { ALTERNATIVE_KINDS, CRITERIA } from '../domain/model.js'
import { StringEnum, Uuid } from './common.js'
import { ChannelSchema } from './policy.js'

const Finding = Type.Object({
  code: Type.String({ description: 'Stable machine-readable code.', examples: ['AGENDA_SHARED_LATE'] }),
  severity: StringEnum(['info', 'warning', 'error'] as const, { description: 'How much it matters.' }),
  message: Type.String({ description: 'What was found, in words a person understands.' })
}, { additionalProperties: false })

const Criterion = Type.Object({
  id: StringEnum(CRITERIA, { description: 'Which criterion.' }),
  score: Type.Integer({ minimum: 0, maximum: 100, description: 'Score of this criterion, 0 to 100.', examples: [90] }),
  weight: Type.Number({ minimum: 0, description: 'Its weight in the overall score (from the policy).', examples: [0.2] }),
  findings: Type.Array(Finding, { description: 'Every point taken off, and notable facts.' })
}, { additionalProperties: false })

const Recommendation = Type.Object({
  code: Type.String({ description: 'Stable machine-readable code.', examples: ['TRIM_OPTIONAL'] }),
  message: Type.String({ description: 'What to change.' })
}, { additionalProperties: false })

const Alternative = Type.Object({
  kind: StringEnum(ALTERNATIVE_KINDS, { description: 'Kind of async alternative.' }),
  description: Type.String({ description: 'How to run it.' }),
  replyBy: Type.String({ format: 'date-time', description: 'Deadline giving every required participant a full working day in their own zone (UTC).', examples: ['2026-11-26T22:00:00Z'] }),
  channel: Type.Optional(ChannelSchema)
}, { additionalProperties: false })

const ParticipantTime = Type.Object({
  email: Type.String({ description: 'Participant email.' }),
  timeZone: Type.String({ description: 'Zone used for this participant.' }),
  localStart: Type.String({ description: 'Start in the participant\'s zone, with offset.', examples: ['2026-12-01T11:00:00-05:00'] }),
  withinWorkingHours: Type.Boolean({ description: 'Whether the whole meeting is inside their working hours.' }),
  minutesOutside: Type.Integer({ minimum: 0, description: 'Minutes of the meeting outside their working hours.' }),
  minutesAtNight: Type.Integer({ minimum: 0, description: 'Minutes between 00:00 and 06:00 local.' }),
  minutesLate: Type.Integer({ minimum: 0, description: 'Minutes between 20:00 and 06:00 local.' })
}, { additionalProperties: false })

const Slot = Type.Object({
  start: Type.String({ format: 'date-time', description: 'Slot start (UTC).' }),
  end: Type.String({ format: 'date-time', description: 'Slot end (UTC).' }),
  score: Type.Number({ minimum: 0, maximum: 1, description: '1 when everyone is inside working hours.' })
}, { additionalProperties: false })

export const EvaluationBody = {
  score: Type.Integer({ minimum: 0, maximum: 100, description: 'Overall weighted score, 0 to 100.', examples: [78] }),
  verdict: StringEnum(['meet', 'improve', 'go_async'] as const, { description: 'meet (score >= policy meet), improve, or go_async (< policy goAsync), after the hard rules.' }),
  summary: Type.String({ description: 'One sentence a calendar add-on can show as is.' }),
  criteria: Type.Array(Criterion, { description: 'The six criteria in a fixed order.' }),
  recommendations: Type.Array(Recommendation, { description: 'Concrete changes that would improve the meeting.' }),
  alternatives: Type.Array(Alternative, { description: 'Async alternatives matched to the purpose.' }),
  timeZones: Type.Object({
    overlapMinutes: Type.Integer({ minimum: 0, description: 'Minutes on the meeting day when every required participant is inside working hours.' }),
    participants: Type.Array(ParticipantTime, { description: 'Every participant.' }),
    suggestedSlots: Type.Array(Slot, { description: 'Better slots on the same or next days when a required participant is outside hours.' })
  }, { additionalProperties: false, description: 'Time-zone facts.' }),
  cost: Type.Object({
    personHours: Type.Number({ description: 'Participants x duration, in hours.', examples: [2.25] }),
    amount: Type.Number({ description: 'Cost at hourly rates, in the policy currency.', examples: [180] }),
    currency: Type.String({ description: 'ISO 4217 currency.', examples: ['USD'] }),
    annualPersonHours: Type.Optional(Type.Number({ description: 'Person-hours over the 12 months from start, for recurring meetings.', examples: [117] }))
  }, { additionalProperties: false, description: 'What the meeting costs.' }),
  assumptions: Type.Array(Type.String(), { description: 'Every value that was assumed or inferred.' })
}

export const EvaluationSchema = Type.Object(EvaluationBody, { additionalProperties: false, description: 'An evaluation (preview: not stored).' })

export const StoredEvaluationSchema = Type.Object({
  id: Uuid('Evaluation id.'),
  createdAt: Type.String({ format: 'date-time', description: 'When it was evaluated and stored (UTC).' }),
  ...EvaluationBody
}, { additionalProperties: false, description: 'A stored evaluation.' })

export type EvaluationBodyT = Static<typeof EvaluationSchema>
export type StoredEvaluation = Static<typeof StoredEvaluationSchema>
