// Recommendations derived from the findings: one stable code per remedy, in a fixed order of impact.
import type { Alternative, Finding, Meeting, Policy, Recommendation, TimeZoneFacts, Verdict } from '../model.js'
import { DateTime } from 'luxon'
import { isoUtc, KIND_LABEL } from '../alternatives.js'
import { isRequired, latestShare } from '../agenda/lead-time.js'
import { bufferWanted, MAX_ITEM_MINUTES, uninvitedOwners } from './agenda.js'
import { SPEEDY, STATUS_UPDATE_MAX } from './duration.js'
import { listNames, plural, required } from './context.js'

export interface RecommendationInput {
  meeting: Meeting
  policy: Policy
  findings: Finding[]
  timeZones: TimeZoneFacts
  verdict: Verdict
  alternatives: Alternative[]
}

interface Rule { code: string, when: (codes: Set<string>, input: RecommendationInput) => boolean, say: (input: RecommendationInput) => string }

const TIME_CODES = ['NIGHT_MEETING', 'LATE_EVENING', 'OUTSIDE_WORKING_HOURS', 'NO_SHARED_OVERLAP', 'OVERLAP_SHORTER_THAN_MEETING']
const has = (...codes: string[]) => (found: Set<string>) => codes.some((code) => found.has(code))
const hasSerious = (code: string) => (_: Set<string>, input: RecommendationInput) =>
  input.findings.some((f) => f.code === code && f.severity !== 'info')

const RULES: Rule[] = [
  { code: 'USE_ESCALATION_CHANNEL', when: (_, i) => i.meeting.urgency === 'critical', say: escalation },
  { code: 'TRY_ASYNC_FIRST', when: (c, i) => i.meeting.urgency !== 'critical' && (c.has('PURPOSE_TYPICALLY_ASYNC') || i.verdict === 'go_async'), say: asyncFirst },
  { code: 'CLARIFY_PURPOSE', when: has('PURPOSE_MISSING'), say: () => 'Name the purpose: what should be decided, solved, planned, reviewed or generated?' },
  { code: 'ADD_OUTCOMES', when: hasSerious('OUTCOMES_MISSING'), say: () => 'Add two or three expected outcomes, e.g. "Choose option A or B" or "Name an owner for the rollout".' },
  { code: 'SHARPEN_OUTCOMES', when: has('OUTCOME_VAGUE'), say: () => 'Rewrite vague outcomes as results: a decision, an owner, a date or a document.' },
  { code: 'NAME_DECIDER', when: has('DECIDER_MISSING'), say: () => 'Mark the person who makes the call with role "decider"; the others advise.' },
  { code: 'ADD_AGENDA', when: hasSerious('AGENDA_MISSING'), say: () => 'Add an agenda of questions, each with minutes and an owner, and share it with the invite.' },
  { code: 'FIT_AGENDA_TO_DURATION', when: has('AGENDA_OVER_DURATION'), say: fitAgenda },
  { code: 'LEAVE_BUFFER', when: has('AGENDA_NO_BUFFER'), say: (i) => `Leave about ${bufferWanted(i.meeting.durationMinutes)} minutes unplanned at the end for overruns and next steps.` },
  { code: 'SPLIT_LONG_ITEMS', when: has('AGENDA_ITEM_TOO_LONG'), say: () => `Split agenda items longer than ${MAX_ITEM_MINUTES} minutes into separate questions.` },
  { code: 'ASSIGN_ITEM_OWNERS', when: has('AGENDA_ITEM_NO_OWNER'), say: () => 'Give every agenda item an owner who prepares it and drives it to an answer.' },
  { code: 'INVITE_ITEM_OWNERS', when: has('AGENDA_OWNER_NOT_INVITED'), say: inviteOwners },
  { code: 'PHRASE_ITEMS_AS_QUESTIONS', when: has('AGENDA_ITEM_TOPIC'), say: () => 'Phrase agenda items as questions to answer ("Which option fits the budget?") rather than topics.' },
  { code: 'SHARE_AGENDA_EARLIER', when: has('AGENDA_SHARED_LATE'), say: shareEarlier },
  { code: 'REDUCE_GROUP', when: has('GROUP_TOO_LARGE', 'LARGE_ATTENDANCE'), say: reduceGroup },
  { code: 'TRIM_OPTIONAL', when: has('OPTIONAL_COULD_READ_NOTES'), say: () => 'Drop the optional participants from the invite and send them the notes and recording.' },
  { code: 'MARK_INFORMED_OPTIONAL', when: has('INFORMED_MARKED_REQUIRED'), say: markInformed },
  { code: 'MOVE_TO_SUGGESTED_SLOT', when: has(...TIME_CODES), say: moveSlot },
  { code: 'ROTATE_SERIES_TIME', when: has('SERIES_BURDEN_UNFAIR'), say: () => 'Rotate the series time between regions so no one carries more than half of the bad hours.' },
  { code: 'REVIEW_DST_SHIFTS', when: has('SERIES_DST_SHIFT'), say: () => 'Check the series around clock changes: pin it to the zone of those it hurts or move the affected occurrences.' },
  { code: 'SHORTEN_TO_15', when: has('STATUS_UPDATE_TOO_LONG'), say: () => `Cut the status update to ${STATUS_UPDATE_MAX} minutes, or post it in writing.` },
  { code: 'SPLIT_LONG_MEETING', when: has('MEETING_TOO_LONG'), say: () => 'Split the meeting into sessions of an hour at most, or move parts to writing.' },
  { code: 'SHORTEN_TO_25', when: speedyTo(25), say: () => 'Book 25 minutes instead of 30 (speedy meetings).' },
  { code: 'SHORTEN_TO_50', when: speedyTo(50), say: () => 'Book 50 minutes instead of 60 (speedy meetings).' },
  { code: 'SET_SERIES_END', when: has('SERIES_WITHOUT_END'), say: () => 'Give the series an end (COUNT or UNTIL) and review then whether it is still needed.' },
  { code: 'ALLOW_MORE_TIME', when: has('TOO_SHORT_FOR_PURPOSE'), say: () => 'Allow at least 15 minutes, or settle it in writing.' }
]

export const RECOMMENDATION_CODES = RULES.map((rule) => rule.code)

export function recommendations (input: RecommendationInput): Recommendation[] {
  const codes = new Set(input.findings.map((f) => f.code))
  return RULES.filter((rule) => rule.when(codes, input)).map((rule) => ({ code: rule.code, message: rule.say(input) }))
}

function speedyTo (minutes: number) {
  return (codes: Set<string>, input: RecommendationInput) => codes.has('SPEEDY_MEETING_POSSIBLE') &&
    !codes.has('STATUS_UPDATE_TOO_LONG') && SPEEDY[input.meeting.durationMinutes] === minutes
}

function escalation (input: RecommendationInput): string {
  const channel = input.policy.escalationChannel
  const where = channel === undefined ? 'the escalation path' : `the escalation channel ${channel}`
  return `Critical urgency justifies meeting now: run it through ${where} and write up the outcome afterwards.`
}

function asyncFirst (input: RecommendationInput): string {
  const first = input.alternatives[0]
  if (first === undefined) return 'Try it in writing first; meet only after three back-and-forths (GitLab).'
  const where = first.channel === undefined ? '' : ` in ${first.channel.name}`
  return `Try ${KIND_LABEL[first.kind]} first${where}, replies by ${first.replyBy}; meet only after three back-and-forths (GitLab).`
}

function fitAgenda ({ meeting }: RecommendationInput): string {
  const total = (meeting.agenda?.items ?? []).reduce((sum, item) => sum + item.minutes, 0)
  return `Cut ${plural(total - meeting.durationMinutes, 'minute')} from the agenda, or book ${total + bufferWanted(total)} minutes.`
}

function inviteOwners ({ meeting }: RecommendationInput): string {
  return `Invite ${listNames(uninvitedOwners(meeting).owners)}, or hand their items to someone who is invited.`
}

function shareEarlier ({ meeting, policy }: RecommendationInput): string {
  const hours = plural(policy.agendaLeadHours, 'working hour')
  const by = latestShare(meeting.participants, meeting.start.toMillis(), policy.agendaLeadHours)
  if (by === undefined || by <= meeting.asOf.toMillis()) return `Share the agenda now, or move the meeting so people get ${hours} with it.`
  const who = meeting.participants.some(isRequired) ? 'every required participant' : 'everyone'
  return `Share the agenda by ${isoUtc(DateTime.fromMillis(by))}, which leaves ${who} ${hours} before the start.`
}

function reduceGroup ({ meeting, policy }: RecommendationInput): string {
  const count = required(meeting).length
  return `Keep ${policy.maxUsefulGroup} or fewer required participants (now ${count}); mark the rest optional and send them the notes.`
}

function markInformed ({ meeting }: RecommendationInput): string {
  const names = required(meeting).filter((p) => p.role === 'informed').map((p) => p.email)
  return `Mark ${listNames(names)} optional and send them the notes.`
}

function moveSlot ({ timeZones }: RecommendationInput): string {
  const slot = timeZones.suggestedSlots[0]
  if (slot === undefined) return 'No slot keeps everyone inside working hours: split the meeting by region, record it, or go async.'
  const still = (slot.outsideHours ?? []).map(o => `${o.email} ${plural(o.minutes, 'minute')}`)
  return `Move the meeting to ${slot.start} - ${slot.end}, the slot that fits everyone's working hours best` +
    (still.length === 0 ? '.' : ` (still outside them: ${listNames(still)}).`)
}
