// Tests of the agenda criterion.
import t from 'tap'
import { DEFAULT_POLICY, type Agenda, type Meeting, type Participant } from '../../../src/domain/model.js'
import { agendaCriterion, bufferWanted, isQuestion } from '../../../src/domain/criteria/agenda.js'
import { context, meeting, person, utc } from '../fixtures.js'

const item = (title: string, minutes: number, owner: string | null = 'ana@example.com') =>
  owner === null ? { title, minutes } : { title, minutes, owner }
const agenda = (items: Agenda['items'], sharedAt = utc('2026-11-26T09:00:00Z')): Agenda => ({ items, sharedAt })

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
    ['owner not invited', { agenda: agenda([item('Which option?', 10, 'zed@example.com')]) }, 90, ['AGENDA_OWNER_NOT_INVITED']],
    ['owners not invited, capped', { agenda: agenda([item('Which?', 5, 'zed@example.com'), item('Who?', 5, 'zed@example.com'), item('When?', 5, 'yu@example.com')]) },
      80, ['AGENDA_OWNER_NOT_INVITED']],
    ['owner invited in another case', { agenda: agenda([item('Which option?', 10, ' ANA@Example.com ')]) }, 100, []],
    ['an owner who is a name is not judged', { agenda: agenda([item('Which option?', 10, 'Zed'), item('Who?', 10, 'Ana Lima')]) }, 100, []],
    ['owner not judged without an invite list', { agenda: agenda([item('Which option?', 10, 'zed@example.com')]), participants: [] }, 100, []],
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
        message: 'The agenda was shared 3 hours before the start, leaving 3 required participants short of working time ' +
          '(ana@example.com 1 hour, bo@example.com 1 hour and cy@example.com 1 hour); share it at least 24 working hours ahead ' +
          '(GitLab: 72 hours is better).'
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
  // Wednesday 10:00 to Tuesday 10:00: 32 working hours for everyone (09:00-17:00 UTC, Monday to Friday).
  const m = meeting({ agenda: agenda([item('Which option?', 10)], utc('2026-11-25T10:00:00Z')) })
  t.same(agendaCriterion(m, context(m)).findings, [])
  const strict = agendaCriterion(m, context(m, { policy: { ...DEFAULT_POLICY, agendaLeadHours: 72 } }))
  t.match(strict.findings[0], { code: 'AGENDA_SHARED_LATE', message: /6 days before the start, leaving 3 required participants short of working time \(ana@example.com 32 hours, .*\); share it at least 72 working hours ahead/ })
})

const UTC_OFFICE = { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] }
const late = (text: string) => `${text}; share it at least 24 working hours ahead (GitLab: 72 hours is better).`

t.test('the lead time is counted in working hours of the people who must come', async (t) => {
  const cy = (over: Partial<Participant> = {}) => person('cy@example.com', over)
  // The meeting is on Tuesday 2026-12-01 10:00 UTC; `null` is no finding.
  const cases: Array<[string, string | undefined, Participant[], string | null, Partial<Meeting>?]> = [
    ['a weekend in between', '2026-11-27T10:00:00Z', [cy()],
      late('The agenda was shared 4 days before the start, leaving cy@example.com 16 hours of working time')],
    ['exactly the lead time', '2026-11-26T10:00:00Z', [cy()], null],
    ['one minute short', '2026-11-26T10:01:00Z', [cy()],
      late('The agenda was shared 4 days 23 hours before the start, leaving cy@example.com 23 hours 59 minutes of working time')],
    ['one minute short of a whole day around the clock', '2026-11-30T10:01:00Z', [cy({ workingHours: { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] } })],
      late('The agenda was shared 23 hours 59 minutes before the start, leaving cy@example.com 23 hours 59 minutes of working time')],
    // Riyadh (UTC+3) works Sunday to Thursday 08:00-16:00: Thursday 13:00-16:00, Sunday, Monday and Tuesday to 13:00.
    ['a Sunday-Thursday week, exactly', '2026-11-26T10:00:00Z', [cy({ timeZone: 'Asia/Riyadh', workingHours: { start: '08:00', end: '16:00', days: [7, 1, 2, 3, 4] } })], null],
    ['a Sunday-Thursday week, a minute short', '2026-11-26T10:01:00Z', [cy({ timeZone: 'Asia/Riyadh', workingHours: { start: '08:00', end: '16:00', days: [7, 1, 2, 3, 4] } })],
      late('The agenda was shared 4 days 23 hours before the start, leaving cy@example.com 23 hours 59 minutes of working time')],
    // Kolkata (UTC+5:30): Friday 11:45-17:00, Monday, Tuesday 09:00-15:30.
    ['a half-hour zone', '2026-11-27T06:15:00Z', [cy({ timeZone: 'Asia/Kolkata' })],
      late('The agenda was shared 4 days 3 hours before the start, leaving cy@example.com 19 hours 45 minutes of working time')],
    // Night shifts start Monday to Friday at 22:00: Friday night into Saturday counts, Sunday night does not.
    ['an overnight shift', '2026-11-27T12:00:00Z', [cy({ workingHours: { start: '22:00', end: '06:00', days: [1, 2, 3, 4, 5] } })],
      late('The agenda was shared 3 days 22 hours before the start, leaving cy@example.com 16 hours of working time')],
    ['shared after the start', '2026-12-01T10:30:00Z', [cy()], late('The agenda was shared 30 minutes after the start')],
    ['shared at the start', '2026-12-01T10:00:00Z', [cy()], late('The agenda was shared at the start')],
    ['not shared yet: counted from asOf', undefined, [cy()],
      late('The agenda is not shared yet; shared now it would arrive 18 hours before the start, leaving cy@example.com 2 hours of working time'),
      { asOf: utc('2026-11-30T16:00:00Z') }],
    // op works Mondays and Tuesdays only: 9 working hours.
    ['an optional participant does not count', '2026-11-26T10:00:00Z', [cy(), person('op@example.com', { attendance: 'optional', workingHours: { ...UTC_OFFICE, days: [1, 2] } })], null],
    ['when nobody is required everyone counts', '2026-11-26T10:00:00Z',
      [cy({ attendance: 'optional' }), person('op@example.com', { attendance: 'optional', workingHours: { ...UTC_OFFICE, days: [1, 2] } })],
      late('The agenda was shared 5 days before the start, leaving op@example.com 9 hours of working time')],
    ['several short, fewest first', '2026-11-27T10:00:00Z',
      [cy(), person('kei@example.com', { workingHours: { ...UTC_OFFICE, end: '13:00' } }), person('off@example.com', { workingHours: { ...UTC_OFFICE, days: [3] } })],
      late('The agenda was shared 4 days before the start, leaving 3 required participants short of working time ' +
        '(off@example.com none, kei@example.com 8 hours and cy@example.com 16 hours)')]
  ]
  for (const [name, sharedAt, participants, message, over] of cases) {
    const items = [item('Which option?', 10, 'cy@example.com')]
    const m = meeting({ agenda: sharedAt === undefined ? { items } : { items, sharedAt: utc(sharedAt) }, participants, ...over })
    const result = agendaCriterion(m, context(m))
    if (message === null) {
      t.same(result, { score: 100, findings: [] }, name)
    } else {
      t.same(result, { score: 80, findings: [{ code: 'AGENDA_SHARED_LATE', severity: 'warning', message }] }, name)
    }
  }
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

t.test('an owner who is not invited is named with the items, and the remedy names whom to invite', async (t) => {
  const m = meeting({ agenda: agenda([item('Which option?', 10, 'zed@example.com'), item('Who rolls out?', 10, 'Zed@example.com'), item('When?', 5)]) })
  t.same(agendaCriterion(m, context(m)).findings, [{
    code: 'AGENDA_OWNER_NOT_INVITED',
    severity: 'warning',
    message: '"Which option?" (zed@example.com) and "Who rolls out?" (Zed@example.com) are owned by someone who is not invited: nobody in the room would drive them.'
  }])
  const two = meeting({ agenda: agenda([item('Which option?', 10, 'zed@example.com'), item('When?', 10, 'yu@example.com')]) })
  t.match(agendaCriterion(two, context(two)).findings[0]?.message, /owned by people who are not invited/)
})
