// Tests of the participants criterion.
import t from 'tap'
import { DEFAULT_POLICY, type Meeting } from '../../../src/domain/model.js'
import { participantsCriterion } from '../../../src/domain/criteria/participants.js'
import { context, meeting, people, person } from '../fixtures.js'

t.test('each participant problem yields its code and penalty', async (t) => {
  const cases: Array<[string, Partial<Meeting>, number, string[]]> = [
    ['three required', {}, 100, []],
    ['seven required', { participants: people(7) }, 100, []],
    ['eight required', { participants: people(8) }, 80, ['GROUP_TOO_LARGE', 'LARGE_ATTENDANCE']],
    ['twelve required', { participants: people(12) }, 40, ['GROUP_TOO_LARGE', 'LARGE_ATTENDANCE']],
    ['seventeen rarely decide', { participants: people(17) }, 0, ['GROUP_TOO_LARGE', 'LARGE_ATTENDANCE']],
    ['eight attendees, five optional', { participants: [...people(3), ...people(5, { attendance: 'optional' })] }, 75,
      ['LARGE_ATTENDANCE', 'OPTIONAL_COULD_READ_NOTES']],
    ['one optional', { participants: [person('a@example.com'), person('b@example.com', { attendance: 'optional' })] }, 97,
      ['OPTIONAL_COULD_READ_NOTES']],
    ['optional people are fine at a social', { purpose: 'social', participants: people(2, { attendance: 'optional' }) }, 100, []],
    ['informed marked required', { participants: [person('a@example.com'), person('i@example.com', { role: 'informed' })] }, 90,
      ['INFORMED_MARKED_REQUIRED']],
    ['informed and optional is right', {
      participants: [person('a@example.com'), person('i@example.com', { role: 'informed', attendance: 'optional' })]
    }, 97, ['OPTIONAL_COULD_READ_NOTES']]
  ]
  for (const [name, over, score, codes] of cases) {
    const m = meeting(over)
    const result = participantsCriterion(m, context(m))
    t.equal(result.score, score, `${name} score`)
    t.same(result.findings.map((f) => f.code), codes, `${name} codes`)
  }
})

t.test('findings name the counts and the people', async (t) => {
  const m = meeting({
    participants: [
      ...people(8),
      person('x@example.com', { attendance: 'optional' }),
      person('y@example.com', { attendance: 'optional' }),
      person('inf@example.com', { role: 'informed' })
    ]
  })
  t.same(participantsCriterion(m, context(m)).findings, [
    {
      code: 'GROUP_TOO_LARGE',
      severity: 'warning',
      message: '9 required participants, 2 above the useful group of 7: each person above seven lowers decision ' +
        'effectiveness by about 10% (Bain).'
    },
    { code: 'LARGE_ATTENDANCE', severity: 'warning', message: '11 attendees: at 8 or more, remove people or mark them optional (Fellow).' },
    {
      code: 'OPTIONAL_COULD_READ_NOTES',
      severity: 'info',
      message: '2 optional participants (x@example.com and y@example.com) could read the notes instead of attending.'
    },
    {
      code: 'INFORMED_MARKED_REQUIRED',
      severity: 'warning',
      message: 'inf@example.com is only to be informed but marked required: make them optional and send the notes.'
    }
  ])
})

t.test('seventeen or more required is an error saying such groups rarely decide', async (t) => {
  const m = meeting({ participants: people(17) })
  t.match(participantsCriterion(m, context(m)).findings[0], { severity: 'error', message: /groups of 17 or more rarely decide/ })
})

t.test('the useful group size follows the policy', async (t) => {
  const m = meeting({ participants: people(5) })
  const result = participantsCriterion(m, context(m, { policy: { ...DEFAULT_POLICY, maxUsefulGroup: 4 } }))
  t.same(result.findings.map((f) => f.code), ['GROUP_TOO_LARGE'])
  t.equal(result.score, 90)
})
