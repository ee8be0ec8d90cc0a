// Tests of the agenda criterion.
import t from 'tap'
import { DEFAULT_POLICY, type Agenda, type Meeting } from '../../../src/domain/model.js'
import { agendaCriterion, bufferWanted, isQuestion } from '../../../src/domain/criteria/agenda.js'
import { context, meeting, utc } from '../fixtures.js'

const item = (title: string, minutes: number, owner: string | null = 'ana@example.com') =>
  owner === null ? { title, minutes } : { title, minutes, owner }
const agenda = (items: Agenda['items'], sharedAt = utc('2026-11-28T09:00:00Z')): Agenda => ({ items, sharedAt })

t.test('each agenda problem yields its code and penalty', async (t) => {
  const cases: Array<[string, Partial<Meeting>, number, string[]]> = [
    ['good agenda', {}, 100, []],
    ['no agenda', { agenda: undefined }, 0, ['AGENDA_MISSING']],
    ['empty agenda', { agenda: agenda([]) }, 0, ['AGENDA_MISSING']],
    ['no agenda for a social meeting', { agenda: undefined, purpose: 'social' }, 60, ['AGENDA_MISSING']],
    ['over duration', { agenda: agenda([item('Which option?', 20), item('Who owns it?', 20), item('When?', 20)]) }, 70,
      ['AGENDA_OVER_DURATION']],
    ['no buffer', { agenda: agenda([item('Which option?', 20), item('Who owns it?', 20), item('When?', 3)]) }, 90,
      ['AGENDA_NO_BUFFER']],
    ['item too long', { agenda: agenda([item('Which option?', 30)]) }, 90, ['AGENDA_ITEM_TOO_LONG']],
    ['items without owner', { agenda: agenda([item('Which option?', 10, null), item('Who?', 10, ' ')]) }, 80,
      ['AGENDA_ITEM_NO_OWNER']],
    ['topics', { agenda: agenda([item('Pricing', 10), item('Budget', 10)]) }, 94, ['AGENDA_ITEM_TOPIC']],
    ['shared late', { agenda: agenda([item('Which option?', 10)], utc('2026-11-30T22:00:00Z')) }, 80, ['AGENDA_SHARED_LATE']],
    ['never shared and asOf is late', { agenda: { items: [item('Which option?', 10)] }, asOf: utc('2026-12-01T07:00:00Z') }, 80,
      ['AGENDA_SHARED_LATE']],
    ['never shared but asOf is early', { agenda: { items: [item('Which option?', 10)] } }, 100, []]
  ]
  for (const [name, over, score, codes] of cases) {
    const m = meeting(over)
    const result = agendaCriterion(m, context(m))
    t.equal(result.score, score, `${name} score`)
    t.same(result.findings.map((f) => f.code), codes, `${name} codes`)
  }
})

t.test('a missing agenda is an error quoting GitLab, info for social meetings', async (t) => {
  const m = meeting({ agenda: undefined })
  t.same(agendaCriterion(m, context(m)).findings, [{
    code: 'AGENDA_MISSING',
    severity: 'error',
    message: 'No agenda: "no agenda, no attenda" (GitLab). List the questions to answer, each with minutes and an owner.'
  }])
  const social = meeting({ agenda: undefined, purpose: 'social' })
  t.equal(agendaCriterion(social, context(social)).findings[0]?.severity, 'info')
})

t.test('messages name the concrete numbers and items', async (t) => {
  const m = meeting({
    durationMinutes: 30,
    agenda: agenda([item('Pricing', 25, null), item('Which rollout date?', 10)], utc('2026-12-01T07:00:00Z'))
  })
  t.same(agendaCriterion(m, context(m)), {
    score: 27,
    findings: [
      { code: 'AGENDA_OVER_DURATION', severity: 'error', message: 'The agenda timeboxes add up to 35 minutes, 5 more than the 30-minute meeting.' },
      { code: 'AGENDA_ITEM_TOO_LONG', severity: 'warning', message: '"Pricing" (25 min) is longer than 20 minutes: split it into questions of 10-20 minutes.' },
      { code: 'AGENDA_ITEM_NO_OWNER', severity: 'warning', message: '1 of 2 agenda items has no owner: "Pricing".' },
      {
        code: 'AGENDA_ITEM_TOPIC',
        severity: 'info',
        message: '"Pricing" reads as a topic, not as questions to answer; what an agenda asks matters more than having one.'
      },
      {
        code: 'AGENDA_SHARED_LATE',
        severity: 'warning',
        message: 'The agenda was shared 3 hours before the start; share it at least 24 hours ahead (GitLab: 72 hours is better).'
      }
    ]
  })
})

t.test('an agenda shared after the start or never says so', async (t) => {
  const after = meeting({ agenda: agenda([item('Which option?', 10)], utc('2026-12-01T10:30:00Z')) })
  t.match(agendaCriterion(after, context(after)).findings[0]?.message, /was shared 30 minutes after the start/)
  const never = meeting({ agenda: { items: [item('Which option?', 10)] }, asOf: utc('2026-12-01T04:00:00Z') })
  t.match(agendaCriterion(never, context(never)).findings[0]?.message, /is not shared yet; shared now it would arrive 6 hours before/)
})

t.test('the lead time follows the policy', async (t) => {
  const m = meeting({ agenda: agenda([item('Which option?', 10)], utc('2026-11-29T10:00:00Z')) })
  t.same(agendaCriterion(m, context(m)).findings, [])
  const strict = agendaCriterion(m, context(m, { policy: { ...DEFAULT_POLICY, agendaLeadHours: 72 } }))
  t.match(strict.findings[0], { code: 'AGENDA_SHARED_LATE', message: /48 hours before the start; share it at least 72 hours ahead/ })
})

t.test('questions are recognised by a question mark or an opening question word or verb', async (t) => {
  t.ok(isQuestion('Which option fits the budget?'))
  t.ok(isQuestion('Decide and assign an owner'))
  t.ok(isQuestion('should we ship'))
  t.notOk(isQuestion('Pricing'))
  t.notOk(isQuestion('Q3 roadmap update'))
})

t.test('the wanted buffer is about 10% and at most 10 minutes', async (t) => {
  t.same([15, 30, 45, 60, 120, 480].map(bufferWanted), [2, 3, 5, 6, 10, 10])
})
