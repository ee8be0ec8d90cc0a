// Tests of the outcomes criterion.
import t from 'tap'
import type { Meeting } from '../../../src/domain/model.js'
import { isVague, outcomesCriterion } from '../../../src/domain/criteria/outcomes.js'
import { context, meeting, person } from '../fixtures.js'

const noDecider = [person('ana@example.com'), person('bo@example.com')]

t.test('each outcome problem yields its code and penalty', async (t) => {
  const cases: Array<[string, Partial<Meeting>, number, string[]]> = [
    ['concrete outcomes', {}, 100, []],
    ['no outcomes', { outcomes: [] }, 0, ['OUTCOMES_MISSING']],
    ['blank outcomes count as none', { outcomes: ['  '] }, 0, ['OUTCOMES_MISSING']],
    ['no outcomes for a one-on-one', { outcomes: [], purpose: 'one_on_one' }, 70, ['OUTCOMES_MISSING']],
    ['one vague of two', { outcomes: ['Discuss pricing', 'Choose option A or B'] }, 75, ['OUTCOME_VAGUE']],
    ['all vague', { outcomes: ['Alignment'] }, 50, ['OUTCOME_VAGUE']],
    ['decision without decider', { participants: noDecider }, 75, ['DECIDER_MISSING']],
    ['decider only matters for decisions', { participants: noDecider, purpose: 'planning' }, 100, []],
    ['nothing at all for a decision', { outcomes: [], participants: noDecider }, 0, ['OUTCOMES_MISSING', 'DECIDER_MISSING']]
  ]
  for (const [name, over, score, codes] of cases) {
    const m = meeting(over)
    const result = outcomesCriterion(m, context(m))
    t.equal(result.score, score, `${name} score`)
    t.same(result.findings.map((f) => f.code), codes, `${name} codes`)
  }
})

t.test('findings name the vague outcomes and the missing decider', async (t) => {
  const m = meeting({ outcomes: ['Sync', 'Discuss the budget'], participants: noDecider })
  t.same(outcomesCriterion(m, context(m)), {
    score: 25,
    findings: [
      {
        code: 'OUTCOME_VAGUE',
        severity: 'warning',
        message: '"Sync" and "Discuss the budget" are vague: name the decision, owner or artefact the meeting will produce.'
      },
      {
        code: 'DECIDER_MISSING',
        severity: 'warning',
        message: 'A decision meeting without a decider: mark the one person who makes the call with role "decider".'
      }
    ]
  })
})

t.test('missing outcomes are an error, info for light meetings', async (t) => {
  const m = meeting({ outcomes: [] })
  t.equal(outcomesCriterion(m, context(m)).findings[0]?.severity, 'error')
  const social = meeting({ outcomes: [], purpose: 'social' })
  t.equal(outcomesCriterion(social, context(social)).findings[0]?.severity, 'info')
})

t.test('vague means short or generic', async (t) => {
  t.ok(isVague('Updates'))
  t.ok(isVague('Talk about the roadmap'))
  t.ok(isVague('General alignment on Q3'))
  t.notOk(isVague('Choose option A or B'))
  t.notOk(isVague('Name an owner for the rollout'))
})
