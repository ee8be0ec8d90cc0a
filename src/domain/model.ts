// The resolved meeting model and evaluation result shared by every pure domain module.
import type { DateTime } from 'luxon'

export const PURPOSES = ['decision', 'problem_solving', 'brainstorm', 'planning', 'review', 'status_update',
  'information_sharing', 'one_on_one', 'social', 'other'] as const
export type Purpose = typeof PURPOSES[number]

export const ROLES = ['organizer', 'decider', 'presenter', 'contributor', 'informed'] as const
export type Role = typeof ROLES[number]

export const URGENCIES = ['low', 'normal', 'high', 'critical'] as const
export type Urgency = typeof URGENCIES[number]

export const CRITERIA = ['purpose', 'agenda', 'outcomes', 'participants', 'time_zones', 'duration'] as const
export type CriterionId = typeof CRITERIA[number]

export const ALTERNATIVE_KINDS = ['written_update', 'recorded_video', 'decision_doc', 'async_brainstorm',
  'async_review', 'collaborative_doc'] as const
export type AlternativeKind = typeof ALTERNATIVE_KINDS[number]

export type Verdict = 'meet' | 'improve' | 'go_async'
export type Severity = 'info' | 'warning' | 'error'

/** Working hours in the person's own zone. `start`/`end` are "HH:MM" (end "24:00" allowed; end <= start means the
 * shift runs past midnight into the next day). `days` are ISO weekdays (1 = Monday ... 7 = Sunday) on which a shift starts. */
export interface WorkingHours { start: string, end: string, days: number[] }

/** A participant after the directory and policy filled every gap. `timeZone` is a validated, canonical IANA name. */
export interface Participant {
  email: string
  timeZone: string
  workingHours: WorkingHours
  attendance: 'required' | 'optional'
  role?: Role
  hourlyRate: number
}

export interface AgendaItem { title: string, minutes: number, owner?: string, kind?: string, notes?: string }
export interface Agenda { items: AgendaItem[], sharedAt?: DateTime }

/** A proposal after parsing and resolution: every instant is a UTC luxon DateTime, every zone valid. */
export interface Meeting {
  title: string
  description?: string
  purpose: Purpose
  start: DateTime
  durationMinutes: number
  timeZone: string
  urgency: Urgency
  outcomes: string[]
  agenda?: Agenda
  participants: Participant[]
  /** RRULE value without the "RRULE:" prefix, e.g. "FREQ=WEEKLY;BYDAY=TU". Interpreted in `timeZone` wall-clock. */
  recurrence?: string
  asOf: DateTime
}

export interface Channel { name: string, responseWorkingHours?: number }

export interface Policy {
  weights: Record<CriterionId, number>
  thresholds: { meet: number, goAsync: number }
  defaults: { timeZone: string, workingHours: WorkingHours, hourlyRate: number, currency: string }
  maxUsefulGroup: number
  agendaLeadHours: number
  channels?: Partial<Record<AlternativeKind, Channel>>
  escalationChannel?: string
}

export const DEFAULT_POLICY: Policy = {
  weights: { purpose: 0.2, agenda: 0.2, outcomes: 0.15, participants: 0.15, time_zones: 0.2, duration: 0.1 },
  thresholds: { meet: 70, goAsync: 40 },
  defaults: {
    timeZone: 'UTC',
    workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    hourlyRate: 75,
    currency: 'USD'
  },
  maxUsefulGroup: 7,
  agendaLeadHours: 24
}

export interface Finding { code: string, severity: Severity, message: string }
export interface CriterionResult { id: CriterionId, score: number, weight: number, findings: Finding[] }
export interface Recommendation { code: string, message: string }
export interface Alternative { kind: AlternativeKind, description: string, replyBy: string, channel?: Channel }

/** Per-participant time-zone facts for the proposed occurrence. */
export interface ParticipantTime {
  email: string
  timeZone: string
  /** ISO local start with offset, e.g. "2026-12-01T11:00:00-05:00". */
  localStart: string
  withinWorkingHours: boolean
  minutesOutside: number
  /** Minutes of the meeting between 00:00 and 06:00 local. */
  minutesAtNight: number
  /** Minutes of the meeting between 20:00 and 06:00 local (includes the night minutes). */
  minutesLate: number
}

/** Someone's minutes outside working hours in a slot. */
export interface OutsideHours { email: string, minutes: number }

export interface Slot {
  start: string
  end: string
  score: number
  /** Everyone still outside working hours in the slot (absent on evaluations stored before it was added). */
  outsideHours?: OutsideHours[]
}

export interface TimeZoneFacts {
  /** Minutes on the meeting's local day (in `meeting.timeZone`) where every required participant is inside working hours. */
  overlapMinutes: number
  participants: ParticipantTime[]
  suggestedSlots: Slot[]
}

export interface Cost { personHours: number, amount: number, currency: string, annualPersonHours?: number }

/** What the service read: the meeting as it was scored, defaults and inferences applied (calendar inputs above all). */
export interface MeetingRead {
  title: string
  purpose: Purpose
  urgency: Urgency
  start: string
  end: string
  durationMinutes: number
  timeZone: string
  recurrence?: string
  asOf: string
  participants: Array<{ email: string, attendance: 'required' | 'optional', role?: Role }>
}

export interface Evaluation {
  score: number
  verdict: Verdict
  summary: string
  criteria: CriterionResult[]
  recommendations: Recommendation[]
  alternatives: Alternative[]
  timeZones: TimeZoneFacts
  cost: Cost
  assumptions: string[]
  meeting: MeetingRead
}
