// Tests of the purpose criterion.
import t from 'tap'
import { DEFAULT_POLICY, type Purpose } from '../../../src/domain/model.js'
import { purposeCriterion } from '../../../src/domain/criteria/purpose.js'
import { context, meeting } from '../fixtures.js'

t.test('scores each purpose and names the finding', async (t) => {
  const cases: Array<[Purpose, number, string[]]> = [
    ['decision', 100, []],
    ['problem_solving', 100, []],
    ['brainstorm', 100, []],
    ['planning', 100, []],
    ['review', 100, []],
    ['other', 40, ['PURPOSE_MISSING']],
    ['status_update', 20, ['PURPOSE_TYPICALLY_ASYNC']],
    ['information_sharing', 20, ['PURPOSE_TYPICALLY_ASYNC']],
    ['one_on_one', 100, ['PURPOSE_SYNC_FRIENDLY']],
    ['social', 100, ['PURPOSE_SYNC_FRIENDLY']]
  ]
  for (const [purpose, score, codes] of cases) {
    const m = meeting({ purpose })
    const result = purposeCriterion(m, context(m))
    t.equal(result.score, score, `${purpose} score`)
    t.same(result.findings.map((f) => f.code), codes, `${purpose} findings`)
  }
})

t.test('a status update is a warning that says it works async', async (t) => {
  const m = meeting({ purpose: 'status_update' })
  t.same(purposeCriterion(m, context(m)), {
    score: 20,
    findings: [{
      code: 'PURPOSE_TYPICALLY_ASYNC',
      severity: 'warning',
      message: 'A status update usually works as well in writing or as a recording, and people can take it in when it suits them.'
    }]
  })
})

t.test('critical urgency says the escalation path justifies meeting, naming the channel', async (t) => {
  const m = meeting({ urgency: 'critical' })
  const withChannel = purposeCriterion(m, context(m, { policy: { ...DEFAULT_POLICY, escalationChannel: '#incidents' } }))
  t.same(withChannel.findings, [{
    code: 'URGENCY_CRITICAL',
    severity: 'info',
    message: 'Urgency is critical: this is the escalation path (escalation channel #incidents), so a synchronous meeting ' +
      'is justified whatever else scores low.'
  }])
  t.equal(withChannel.score, 100)
  const without = purposeCriterion(m, context(m))
  t.notMatch(without.findings[0]?.message ?? '', /channel/)
})
