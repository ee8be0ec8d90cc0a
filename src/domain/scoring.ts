// Weighted score, verdict from thresholds and the two hard rules. Critical urgency always yields `meet` (the escalation
// path justifies a synchronous meeting whatever else scores low); otherwise 2+ required people with no shared
// working-hour overlap on that day cap the verdict at `improve`. Critical wins over the overlap rule.
import type { CriterionResult, Policy, Urgency, Verdict } from './model.js'

export type HardRule = 'CRITICAL_URGENCY' | 'NO_SHARED_OVERLAP'

export interface HardRuleInput { urgency: Urgency, requiredCount: number, overlapMinutes: number }

export interface Scored { score: number, verdict: Verdict, rules: HardRule[] }

/** sum(weight × score) / sum(weights), rounded and clamped to 0..100; 0 when every weight is 0. */
export function weightedScore (results: CriterionResult[]): number {
  const totalWeight = results.reduce((sum, r) => sum + r.weight, 0)
  if (!(totalWeight > 0)) return 0
  const raw = results.reduce((sum, r) => sum + r.weight * r.score, 0) / totalWeight
  return Math.max(0, Math.min(100, Math.round(raw)))
}

export function verdictFor (score: number, thresholds: Policy['thresholds']): Verdict {
  if (score >= thresholds.meet) return 'meet'
  if (score < thresholds.goAsync) return 'go_async'
  return 'improve'
}

/** Applies the hard rules to a threshold verdict and says which rules changed or confirmed it. */
export function applyHardRules (verdict: Verdict, input: HardRuleInput): { verdict: Verdict, rules: HardRule[] } {
  if (input.urgency === 'critical') return { verdict: 'meet', rules: ['CRITICAL_URGENCY'] }
  if (input.requiredCount >= 1 && input.overlapMinutes === 0 && verdict === 'meet') {
    return { verdict: 'improve', rules: ['NO_SHARED_OVERLAP'] }
  }
  return { verdict, rules: [] }
}

export function scoreMeeting (results: CriterionResult[], policy: Policy, input: HardRuleInput): Scored {
  const score = weightedScore(results)
  return { score, ...applyHardRules(verdictFor(score, policy.thresholds), input) }
}
