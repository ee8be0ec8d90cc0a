// What every criterion receives and returns, plus the small helpers they share.
import type { Finding, Meeting, Participant, Policy, Severity, TimeZoneFacts } from '../model.js'
import type { SeriesFairness } from '../time/fairness.js'

/** Everything a criterion needs besides the meeting, computed once by `evaluate`. */
export interface CriterionContext {
  policy: Policy
  timeZones: TimeZoneFacts
  fairness?: SeriesFairness | undefined
}

export interface CriterionOutcome { score: number, findings: Finding[] }

export type Criterion = (meeting: Meeting, ctx: CriterionContext) => CriterionOutcome

export function finding (code: string, severity: Severity, message: string): Finding {
  return { code, severity, message }
}

/** Starts from 100, subtracts the penalties and clamps to an integer 0..100. */
export function scoreAfter (penalties: number[], start = 100): number {
  const raw = penalties.reduce((left, p) => left - p, start)
  return Math.max(0, Math.min(100, Math.round(raw)))
}

export function required (meeting: Meeting): Participant[] {
  return meeting.participants.filter((p) => p.attendance === 'required')
}

export function optional (meeting: Meeting): Participant[] {
  return meeting.participants.filter((p) => p.attendance === 'optional')
}

/** "a", "a and b", "a, b and 2 others" */
export function listNames (names: string[], max = 3): string {
  if (names.length <= 1) return names[0] ?? ''
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
  const rest = names.length - max
  return `${names.slice(0, max).join(', ')} and ${rest} other${rest === 1 ? '' : 's'}`
}

export function plural (n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`
}

export function quote (text: string): string {
  return `"${text}"`
}
