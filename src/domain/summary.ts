// One sentence for a calendar add-on: the verdict, the score and the top reasons.
import type { Alternative, CriterionResult, Severity, Urgency, Verdict } from './model.js'
import type { HardRule } from './scoring.js'
import { KIND_LABEL } from './alternatives.js'

const REASONS: Readonly<Record<string, string>> = {
  PURPOSE_MISSING: 'no clear purpose',
  PURPOSE_TYPICALLY_ASYNC: 'this kind of meeting works well async',
  AGENDA_MISSING: 'no agenda',
  AGENDA_OVER_DURATION: 'the agenda does not fit the time',
  AGENDA_NO_BUFFER: 'no buffer in the agenda',
  AGENDA_ITEM_TOO_LONG: 'agenda items over 20 minutes',
  AGENDA_ITEM_NO_OWNER: 'agenda items without owners',
  AGENDA_OWNER_NOT_INVITED: 'agenda items owned by people not invited',
  AGENDA_ITEM_TOPIC: 'agenda topics instead of questions',
  AGENDA_SHARED_LATE: 'the agenda is shared late',
  OUTCOMES_MISSING: 'no expected outcomes',
  OUTCOME_VAGUE: 'vague outcomes',
  DECIDER_MISSING: 'no decider',
  GROUP_TOO_LARGE: 'too many required people',
  LARGE_ATTENDANCE: 'a large invite list',
  OPTIONAL_COULD_READ_NOTES: 'optional people who could read the notes',
  INFORMED_MARKED_REQUIRED: 'informed people marked required',
  NIGHT_MEETING: 'someone would join at night',
  LATE_EVENING: 'someone would join late in the evening',
  OUTSIDE_WORKING_HOURS: 'someone is outside working hours',
  NO_SHARED_OVERLAP: 'no time that day when every required person works',
  OVERLAP_SHORTER_THAN_MEETING: 'too little shared working time',
  SERIES_BURDEN_UNFAIR: 'one person carries the bad hours of the series',
  SERIES_DST_SHIFT: 'clock changes move the series',
  STATUS_UPDATE_TOO_LONG: 'a long status update',
  MEETING_TOO_LONG: 'over an hour long',
  SPEEDY_MEETING_POSSIBLE: 'could be a speedy meeting',
  SERIES_WITHOUT_END: 'a series without an end',
  TOO_SHORT_FOR_PURPOSE: 'too short for its purpose'
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 }
const TOP = 3

export interface SummaryInput {
  score: number
  verdict: Verdict
  rules: HardRule[]
  urgency: Urgency
  criteria: CriterionResult[]
  alternatives: Alternative[]
  escalationChannel?: string | undefined
}

export function summary (input: SummaryInput): string {
  const capped = input.verdict === 'improve' && input.rules.includes('NO_SHARED_OVERLAP')
  // A verdict held back by the overlap rule says so once, not again among the reasons.
  const reasons = topReasons(input.criteria, capped ? 'NO_SHARED_OVERLAP' : undefined)
  const because = reasons.length === 0 ? '' : `: ${reasons.join(', ')}`
  const scored = `(score ${input.score}/100)`
  if (input.rules.includes('CRITICAL_URGENCY')) {
    const via = input.escalationChannel === undefined ? '' : ` via ${input.escalationChannel}`
    const still = reasons.length === 0 ? '' : `; still to fix${because}`
    return `Meet${via}: critical urgency justifies a synchronous meeting ${scored}${still}.`
  }
  if (input.verdict === 'meet') {
    return reasons.length === 0 ? `Worth meeting ${scored}.` : `Worth meeting ${scored}; could be better${because}.`
  }
  if (input.verdict === 'improve') {
    const held = capped ? ', held back because there is no time that day when every required person works' : ''
    return `Improve before meeting ${scored}${held}${because}.`
  }
  const instead = input.alternatives[0]
  const option = instead === undefined ? 'async' : `async with ${KIND_LABEL[instead.kind]}`
  return `Go ${option} instead ${scored}${because}.`
}

/** Points a criterion costs the overall score: weight x (100 - score), rounded so float noise cannot split a tie. */
function pointsLost (c: CriterionResult): number {
  return Math.round(c.weight * (100 - c.score) * 1e6) / 1e6
}

/** Up to three reasons, the costliest first: findings ordered by the points their criterion costs the score, then by
 * severity (errors first), then in criterion order; info only when nothing worse exists; repeated phrases once. */
export function topReasons (criteria: CriterionResult[], leaveOut?: string): string[] {
  const all = criteria.flatMap((c) => c.findings.map((f) => ({ f, lost: pointsLost(c) })))
    .filter(({ f }) => f.code !== 'URGENCY_CRITICAL' && f.code !== 'PURPOSE_SYNC_FRIENDLY' && f.code !== leaveOut)
  const serious = all.filter(({ f }) => f.severity !== 'info')
  const pool = serious.length > 0 ? serious : all
  // Array.prototype.sort is stable: equal cost and severity keep criterion order.
  const sorted = [...pool].sort((a, b) => b.lost - a.lost || RANK[a.f.severity] - RANK[b.f.severity])
  const phrases = sorted.map(({ f }) => REASONS[f.code] ?? f.code.toLowerCase().replaceAll('_', ' '))
  return [...new Set(phrases)].slice(0, TOP)
}
