// The evaluation answer (DESIGN section 7): score, verdict, reasons, alternatives, time-zone facts, cost.
import { Type, type Static } from 'typebox'
import { ALTERNATIVE_KINDS, CRITERIA, PURPOSES, ROLES, URGENCIES } from '../domain/model.js'
import { StringEnum, Uuid } from './common.js'
import { ChannelSchema } from './policy.js'

const Finding = Type.Object({
  code: Type.String({ description: 'Stable machine-readable code.', examples: ['AGENDA_SHARED_LATE'] }),
  severity: StringEnum(['info', 'warning', 'error'] as const, { description: 'How much it matters.' }),
  message: Type.String({ description: 'What was found, in words a person understands.', examples: ['ana@example.com would be in the meeting 45 minutes outside working hours (17:00-17:45 local, Europe/Berlin).'] })
}, { additionalProperties: false })

const Criterion = Type.Object({
  id: StringEnum(CRITERIA, { description: 'Which criterion.' }),
  score: Type.Integer({ minimum: 0, maximum: 100, description: 'Score of this criterion, 0 to 100.', examples: [90] }),
  weight: Type.Number({ minimum: 0, description: 'Its weight in the overall score (from the policy).', examples: [0.2] }),
  findings: Type.Array(Finding, { description: 'Every point taken off, and notable facts.', examples: [[{ code: 'AGENDA_SHARED_LATE', severity: 'warning', message: 'The agenda was shared 4 days before the start, leaving bo@example.com 16 hours of working time; share it at least 24 working hours ahead (GitLab: 72 hours is better).' }]] })
}, { additionalProperties: false })

const Recommendation = Type.Object({
  code: Type.String({ description: 'Stable machine-readable code.', examples: ['TRIM_OPTIONAL'] }),
  message: Type.String({ description: 'What to change.', examples: ['Drop the optional participants from the invite and send them the notes and recording.'] })
}, { additionalProperties: false })

const Alternative = Type.Object({
  kind: StringEnum(ALTERNATIVE_KINDS, { description: 'Kind of async alternative.' }),
  description: Type.String({ description: 'How to run it.', examples: ['Write a decision doc that asks for "Choose option A or B"; collect replies by 2026-11-26T16:00:00Z.'] }),
  replyBy: Type.String({ format: 'date-time', description: 'Deadline giving every required participant (everyone when nobody is required) a full working day in their own zone (UTC).', examples: ['2026-11-26T22:00:00Z'] }),
  channel: Type.Optional(ChannelSchema)
}, { additionalProperties: false })

const ParticipantTime = Type.Object({
  email: Type.String({ description: 'Participant email.', examples: ['bo@example.com'] }),
  timeZone: Type.String({ description: 'Zone used for this participant.', examples: ['America/New_York'] }),
  localStart: Type.String({ description: 'Start in the participant\'s zone, with offset.', examples: ['2026-12-01T11:00:00-05:00'] }),
  withinWorkingHours: Type.Boolean({ description: 'Whether the whole meeting is inside their working hours.', examples: [true] }),
  minutesOutside: Type.Integer({ minimum: 0, description: 'Minutes of the meeting outside their working hours.', examples: [0] }),
  minutesAtNight: Type.Integer({ minimum: 0, description: 'Minutes between 00:00 and 06:00 local outside their working hours (a night shift at work is not counted).', examples: [0] }),
  minutesLate: Type.Integer({ minimum: 0, description: 'Minutes between 20:00 and 06:00 local outside their working hours (21:00 in a day that ends at 22:00 is not counted).', examples: [0] })
}, { additionalProperties: false })

const Slot = Type.Object({
  start: Type.String({ format: 'date-time', description: 'Slot start (UTC).', examples: ['2026-12-01T15:15:00Z'] }),
  end: Type.String({ format: 'date-time', description: 'Slot end (UTC).', examples: ['2026-12-01T16:00:00Z'] }),
  score: Type.Number({ minimum: 0, maximum: 1, description: '0 to 1, two decimals: 1 minus the weighted minutes outside working hours (required 3, optional 1) over those of everyone outside for the whole slot. 1 only when everyone is inside working hours; anyone outside, for however few minutes, makes it at most 0.99.', examples: [0.95] }),
  outsideHours: Type.Optional(Type.Array(Type.Object({
    email: Type.String({ description: 'Participant.', examples: ['cy@example.com'] }),
    minutes: Type.Integer({ minimum: 1, description: 'Minutes of the slot outside their working hours.', examples: [15] })
  }, { additionalProperties: false }), { description: 'Everyone still outside working hours in this slot, required and optional, as in POST /v1/overlap; empty when the slot fits everyone. Absent on evaluations stored before it was added.', examples: [[{ email: 'cy@example.com', minutes: 15 }]] }))
}, { additionalProperties: false })

const MEETING_EXAMPLE = {
  title: 'Pick the Q3 pricing option',
  purpose: 'decision',
  urgency: 'normal',
  start: '2026-12-01T16:00:00Z',
  end: '2026-12-01T16:45:00Z',
  durationMinutes: 45,
  timeZone: 'Europe/Berlin',
  recurrence: 'FREQ=WEEKLY;BYDAY=TU',
  asOf: '2026-11-25T10:00:00Z',
  participants: [{ email: 'ana@example.com', attendance: 'required', role: 'decider' }, { email: 'bo@example.com', attendance: 'required' }, { email: 'cy@example.com', attendance: 'optional' }]
}

/** The meeting as scored: what a calendar input was read as, with every default and inference applied. */
const meetingRead = (description: string) => Type.Object({
  title: Type.String({ description: 'Title.', examples: ['Pick the Q3 pricing option'] }),
  purpose: StringEnum(PURPOSES, { description: 'Purpose, given or inferred (see assumptions).' }),
  urgency: StringEnum(URGENCIES, { description: 'Urgency, given or the default (normal).' }),
  start: Type.String({ format: 'date-time', description: 'Start of the (first) occurrence, UTC, to the second.', examples: ['2026-12-01T16:00:00Z'] }),
  end: Type.String({ format: 'date-time', description: 'End: start plus durationMinutes, UTC.', examples: ['2026-12-01T16:45:00Z'] }),
  durationMinutes: Type.Integer({ minimum: 1, description: 'Duration in minutes (a calendar event\'s DTEND or DURATION, rounded up to the minute).', examples: [45] }),
  timeZone: Type.String({ description: 'The meeting\'s IANA zone: a series keeps its wall time there.', examples: ['Europe/Berlin'] }),
  recurrence: Type.Optional(Type.String({ description: 'The RRULE scored (without "RRULE:"), for a series.', examples: ['FREQ=WEEKLY;BYDAY=TU'] })),
  asOf: Type.String({ format: 'date-time', description: 'The moment of the evaluation (given, else when the request arrived), UTC, to the second: send it back as asOf to get the same answer again.', examples: ['2026-11-25T10:00:00Z'] }),
  participants: Type.Array(Type.Object({
    email: Type.String({ description: 'Email, as given (lower-cased nowhere).', examples: ['ana@example.com'] }),
    attendance: StringEnum(['required', 'optional'] as const, { description: 'Whether they must come.' }),
    role: Type.Optional(StringEnum(ROLES, { description: 'Role, when given.' }))
  }, { additionalProperties: false }), { description: 'Everyone scored, in input order (rooms, resources, declined and duplicate attendees left out).', examples: [MEETING_EXAMPLE.participants] })
}, { additionalProperties: false, description, examples: [MEETING_EXAMPLE] })
const MEETING_READ = 'The meeting as it was read and scored, defaults and inferences applied: for a calendar event, what the service understood from it.'

export const EvaluationBody = {
  score: Type.Integer({ minimum: 0, maximum: 100, description: 'Overall weighted score, 0 to 100.', examples: [78] }),
  verdict: StringEnum(['meet', 'improve', 'go_async'] as const, { description: 'meet (score >= policy meet), improve, or go_async (< policy goAsync), after the hard rules.' }),
  summary: Type.String({ description: 'One sentence a calendar add-on can show as is.', examples: ['Worth meeting (score 91/100); could be better: someone is outside working hours.'] }),
  criteria: Type.Array(Criterion, { description: 'The six criteria in a fixed order.', examples: [[{ id: 'agenda', score: 90, weight: 0.2, findings: [] }]] }),
  recommendations: Type.Array(Recommendation, { description: 'Concrete changes that would improve the meeting.', examples: [[{ code: 'TRIM_OPTIONAL', message: 'Drop the optional participants from the invite and send them the notes and recording.' }]] }),
  alternatives: Type.Array(Alternative, { description: 'Async alternatives matched to the purpose.', examples: [[{ kind: 'decision_doc', description: 'Write a decision doc; collect replies by 2026-11-26T16:00:00Z.', replyBy: '2026-11-26T16:00:00Z' }]] }),
  timeZones: Type.Object({
    overlapMinutes: Type.Integer({ minimum: 0, description: 'Minutes on the meeting day when every required participant (everyone when nobody is required) is inside working hours.', examples: [120] }),
    participants: Type.Array(ParticipantTime, { description: 'Every participant.', examples: [[{ email: 'bo@example.com', timeZone: 'America/New_York', localStart: '2026-12-01T11:00:00-05:00', withinWorkingHours: true, minutesOutside: 0, minutesAtNight: 0, minutesLate: 0 }]] }),
    suggestedSlots: Type.Array(Slot, { description: 'Better slots on the same or next days (from the day of asOf for a meeting already past), never starting before asOf, when a required participant is outside hours: fewer weighted minutes outside hours first, never bringing a required participant into 00:00-06:00 local, then those that put nobody into their late evening (20:00-06:00 local) and after them those that put an optional participant into their night, then the closest to the proposed start. Nights and evenings count outside each person\'s working hours.', examples: [[{ start: '2026-12-01T15:15:00Z', end: '2026-12-01T16:00:00Z', score: 1, outsideHours: [] }]] })
  }, { additionalProperties: false, description: 'Time-zone facts.', examples: [{ overlapMinutes: 120, participants: [{ email: 'bo@example.com', timeZone: 'America/New_York', localStart: '2026-12-01T11:00:00-05:00', withinWorkingHours: true, minutesOutside: 0, minutesAtNight: 0, minutesLate: 0 }], suggestedSlots: [] }] }),
  cost: Type.Object({
    personHours: Type.Number({ description: 'Participants x duration, in hours.', examples: [2.25] }),
    amount: Type.Number({ description: 'Cost at hourly rates, in the policy currency.', examples: [180] }),
    currency: Type.String({ description: 'ISO 4217 currency.', examples: ['USD'] }),
    annualPersonHours: Type.Optional(Type.Number({ description: 'Person-hours of the occurrences in the 12 months from start, for recurring meetings: start included, the same wall time 12 calendar months later in timeZone excluded (from 29 February, 28 February a year later), COUNT and UNTIL (inclusive) applied. A weekly series from Tuesday 1 December 2026 counts 53 occurrences, since the 12 months hold 53 Tuesdays (the last on 30 November 2027); a daily one counts 365, or 366 when the 12 months hold a 29 February.', examples: [119.25] }))
  }, { additionalProperties: false, description: 'What the meeting costs.', examples: [{ personHours: 2.25, amount: 180, currency: 'USD', annualPersonHours: 119.25 }] }),
  assumptions: Type.Array(Type.String({ description: 'One assumed or inferred value and where it came from.', examples: ['cy@example.com: time zone (UTC) from the organisation default'] }), { description: 'Every value that was assumed or inferred.', examples: [['cy@example.com: time zone (UTC) from the organisation default']] }),
  meeting: meetingRead(MEETING_READ)
}

export const EvaluationSchema = Type.Object(EvaluationBody, { additionalProperties: false, description: 'An evaluation (preview: not stored).' })

export const StoredEvaluationSchema = Type.Object({
  id: Uuid('Evaluation id.'),
  createdAt: Type.String({ format: 'date-time', description: 'When it was evaluated and stored (UTC).', examples: ['2026-11-25T10:00:00.000Z'] }),
  ...EvaluationBody,
  meeting: Type.Optional(meetingRead(`${MEETING_READ} Absent on evaluations stored before 2026-11-25, which did not keep it.`))
}, { additionalProperties: false, description: 'A stored evaluation.' })

export type EvaluationBodyT = Static<typeof EvaluationSchema>
export type StoredEvaluation = Static<typeof StoredEvaluationSchema>
