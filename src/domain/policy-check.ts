// Consistency rules of a policy beyond its schema: some weight above zero, goAsync not above meet.
import type { Policy } from './model.js'

export interface PolicyProblem { path: string, message: string }

export function policyProblems (policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  if (Object.values(policy.weights).every(w => w === 0)) {
    problems.push({ path: '/weights', message: 'at least one weight must be above zero' })
  }
  if (policy.thresholds.goAsync > policy.thresholds.meet) {
    problems.push({ path: '/thresholds/goAsync', message: `must not be above thresholds.meet (${policy.thresholds.meet})` })
  }
  return problems
}
