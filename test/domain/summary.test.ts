// Tests of the one-sentence summary.
import t from 'tap'
import type { CriterionResult, Finding, Severity } from '../../src/domain/model.js'
import { summary, topReasons, type SummaryInput } from '../../src/domain/summary.js'

const f = (code: string, severity: Severity): Finding => ({ code, severity, message: code })
const criteria = (...findings: Finding[]): CriterionResult[] => [{ id: 'agenda', score: 50, weight: 1, findings }]

function input (over: Partial<SummaryInput>): SummaryInput {
  return { score: 50, verdict: 'improve', rules: [], urgency: 'normal', criteria: criteria(), alternatives: [], ...over }
}

t.test('each verdict reads as one sentence with the score and reasons', async (t) => {
  const cases: Array<[string, Partial<SummaryInput>, string]> = [
    ['clean meet', { score: 95, verdict: 'meet' }, 'Worth meeting (score 95/100).'],
    ['meet with a flaw', { score: 85, verdict: 'meet', criteria: criteria(f('AGENDA_SHARED_LATE', 'warning')) },
      'Worth meeting (score 85/100); could be better: the agenda is shared late.'],
    ['improve', { criteria: criteria(f('AGENDA_MISSING', 'error'), f('OUTCOME_VAGUE', 'warning')) },
      'Improve before meeting (score 50/100): no agenda, vague outcomes.'],
    ['capped by no overlap', { score: 80, rules: ['NO_SHARED_OVERLAP'], criteria: criteria(f('NO_SHARED_OVERLAP', 'error')) },
      'Improve before meeting (score 80/100), held back because there is no time that day when every required person works.'],
    ['capped, with other reasons', { score: 80, rules: ['NO_SHARED_OVERLAP'], criteria: criteria(f('NO_SHARED_OVERLAP', 'error'), f('AGENDA_SHARED_LATE', 'warning')) },
      'Improve before meeting (score 80/100), held back because there is no time that day when every required person works: the agenda is shared late.'],
    ['go async with an alternative', {
      score: 30,
      verdict: 'go_async',
      alternatives: [{ kind: 'written_update', description: '', replyBy: '' }],
      criteria: criteria(f('PURPOSE_TYPICALLY_ASYNC', 'warning'), f('AGENDA_MISSING', 'error'), f('OUTCOMES_MISSING', 'error'), f('SPEEDY_MEETING_POSSIBLE', 'info'))
    }, 'Go async with a written update instead (score 30/100): no agenda, no expected outcomes, this kind of meeting works well async.'],
    ['go async without an alternative', { score: 20, verdict: 'go_async' }, 'Go async instead (score 20/100).'],
    ['critical with channel', {
      score: 20,
      verdict: 'meet',
      rules: ['CRITICAL_URGENCY'],
      urgency: 'critical',
      escalationChannel: '#incidents',
      criteria: criteria(f('URGENCY_CRITICAL', 'info'), f('AGENDA_MISSING', 'error'))
    }, 'Meet via #incidents: critical urgency justifies a synchronous meeting (score 20/100); still to fix: no agenda.'],
    ['critical, nothing to fix', { score: 90, verdict: 'meet', rules: ['CRITICAL_URGENCY'], urgency: 'critical' },
      'Meet: critical urgency justifies a synchronous meeting (score 90/100).']
  ]
  for (const [name, over, sentence] of cases) t.equal(summary(input(over)), sentence, name)
})

t.test('top reasons prefer errors, drop duplicates and use info only when nothing is worse', async (t) => {
  t.same(topReasons(criteria(f('OUTSIDE_WORKING_HOURS', 'warning'), f('OUTSIDE_WORKING_HOURS', 'warning'), f('NIGHT_MEETING', 'error'))),
    ['someone would join at night', 'someone is outside working hours'])
  t.same(topReasons(criteria(f('SPEEDY_MEETING_POSSIBLE', 'info'), f('PURPOSE_SYNC_FRIENDLY', 'info'))), ['could be a speedy meeting'])
  t.same(topReasons(criteria(f('A', 'error'), f('B', 'error'), f('C', 'error'), f('SOME_NEW_CODE', 'error'))), ['a', 'b', 'c'])
  t.same(topReasons(criteria(f('SOME_NEW_CODE', 'warning'))), ['some new code'])
})

t.test('top reasons come from the criteria that cost the most points, then by severity, then in criterion order', async (t) => {
  const scored = (id: CriterionResult['id'], score: number, weight: number, ...findings: Finding[]): CriterionResult =>
    ({ id, score, weight, findings })
  const outside = Array.from({ length: 9 }, () => f('OUTSIDE_WORKING_HOURS', 'warning'))
  t.same(topReasons([
    scored('purpose', 40, 0.2, f('PURPOSE_MISSING', 'warning')),
    scored('agenda', 80, 0.2, f('AGENDA_ITEM_NO_OWNER', 'warning')),
    scored('outcomes', 50, 0.15, f('OUTCOME_VAGUE', 'warning')),
    scored('participants', 70, 0.15, f('GROUP_TOO_LARGE', 'warning')),
    scored('time_zones', 0, 0.2, ...outside)
  ]), ['someone is outside working hours', 'no clear purpose', 'vague outcomes'], '20, 12 and 7.5 points lost; 4.5 and 4 left out')
  t.same(topReasons([
    scored('agenda', 90, 0.2, f('AGENDA_SHARED_LATE', 'warning')),
    scored('time_zones', 60, 0.2, f('OUTSIDE_WORKING_HOURS', 'warning'), f('NIGHT_MEETING', 'error'))
  ]), ['someone would join at night', 'someone is outside working hours', 'the agenda is shared late'], 'within a criterion, errors first')
  t.same(topReasons([
    scored('agenda', 50, 0.2, f('AGENDA_SHARED_LATE', 'warning')),
    scored('outcomes', 0, 0.1, f('OUTCOMES_MISSING', 'error')),
    scored('duration', 50, 0.2, f('MEETING_TOO_LONG', 'warning'))
  ]), ['no expected outcomes', 'the agenda is shared late', 'over an hour long'], 'equal cost: errors first, then criterion order')
  t.same(topReasons([
    scored('participants', 0, 0.15, f('OPTIONAL_COULD_READ_NOTES', 'info')),
    scored('duration', 90, 0.1, f('SERIES_WITHOUT_END', 'warning'))
  ]), ['a series without an end'], 'info stays out while something worse exists, whatever its cost')
})
