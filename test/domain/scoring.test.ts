// Tests of the weighted score, the verdict thresholds and the hard rules.
import t from 'tap'
import { DEFAULT_POLICY, type CriterionResult } from '../../src/domain/model.js'
import { applyHardRules, scoreMeeting, verdictFor, weightedScore } from '../../src/domain/scoring.js'

const result = (score: number, weight: number): CriterionResult => ({ id: 'purpose', score, weight, findings: [] })

t.test('the score is the weighted mean, rounded', async (t) => {
  t.equal(weightedScore([result(100, 0.2), result(0, 0.2)]), 50)
  t.equal(weightedScore([result(100, 3), result(0, 1)]), 75)
  t.equal(weightedScore([result(33, 1), result(34, 1)]), 34)
  t.equal(weightedScore([result(80, 0), result(20, 1)]), 20)
})

t.test('all-zero weights score 0 instead of dividing by zero', async (t) => {
  t.equal(weightedScore([result(100, 0), result(100, 0)]), 0)
  t.equal(weightedScore([]), 0)
})

t.test('the verdict follows the thresholds', async (t) => {
  const cases: Array<[number, string]> = [[100, 'meet'], [70, 'meet'], [69, 'improve'], [40, 'improve'], [39, 'go_async'], [0, 'go_async']]
  for (const [score, verdict] of cases) t.equal(verdictFor(score, DEFAULT_POLICY.thresholds), verdict, `score ${score}`)
  t.equal(verdictFor(55, { meet: 50, goAsync: 20 }), 'meet')
})

t.test('critical urgency always meets', async (t) => {
  for (const verdict of ['meet', 'improve', 'go_async'] as const) {
    t.same(applyHardRules(verdict, { urgency: 'critical', requiredCount: 5, overlapMinutes: 0 }),
      { verdict: 'meet', rules: ['CRITICAL_URGENCY'] }, verdict)
  }
})

t.test('no shared overlap caps meet at improve unless critical', async (t) => {
  t.same(applyHardRules('meet', { urgency: 'high', requiredCount: 2, overlapMinutes: 0 }), { verdict: 'improve', rules: ['NO_SHARED_OVERLAP'] })
  t.same(applyHardRules('go_async', { urgency: 'normal', requiredCount: 2, overlapMinutes: 0 }), { verdict: 'go_async', rules: [] })
  t.same(applyHardRules('meet', { urgency: 'normal', requiredCount: 1, overlapMinutes: 0 }), { verdict: 'improve', rules: ['NO_SHARED_OVERLAP'] }, 'one required person on a day off')
  t.same(applyHardRules('meet', { urgency: 'normal', requiredCount: 0, overlapMinutes: 0 }), { verdict: 'meet', rules: [] }, 'nobody required')
  t.same(applyHardRules('meet', { urgency: 'normal', requiredCount: 3, overlapMinutes: 15 }), { verdict: 'meet', rules: [] })
})

t.test('scoreMeeting combines score, verdict and rules', async (t) => {
  t.same(scoreMeeting([result(30, 1)], DEFAULT_POLICY, { urgency: 'critical', requiredCount: 2, overlapMinutes: 60 }),
    { score: 30, verdict: 'meet', rules: ['CRITICAL_URGENCY'] })
  t.same(scoreMeeting([result(90, 1)], DEFAULT_POLICY, { urgency: 'low', requiredCount: 2, overlapMinutes: 0 }),
    { score: 90, verdict: 'improve', rules: ['NO_SHARED_OVERLAP'] })
})
