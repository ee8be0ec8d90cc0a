// Tests of the duration criterion.
import t from 'tap'
import type { Meeting } from '../../../src/domain/model.js'
import { durationCriterion } from '../../../src/domain/criteria/duration.js'
import { context, meeting } from '../fixtures.js'

t.test('each duration problem yields its code and penalty', async (t) => {
  const cases: Array<[string, Partial<Meeting>, number, string[]]> = [
    ['45-minute decision', {}, 100, []],
    ['15-minute status update', { purpose: 'status_update', durationMinutes: 15 }, 100, []],
    ['20-minute status update', { purpose: 'status_update', durationMinutes: 20 }, 70, ['STATUS_UPDATE_TOO_LONG']],
    ['90 minutes', { durationMinutes: 90 }, 80, ['MEETING_TOO_LONG']],
    ['three hours', { durationMinutes: 180 }, 60, ['MEETING_TOO_LONG']],
    ['a whole day', { durationMinutes: 480 }, 40, ['MEETING_TOO_LONG']],
    ['30 minutes', { durationMinutes: 30 }, 90, ['SPEEDY_MEETING_POSSIBLE']],
    ['60 minutes', { durationMinutes: 60 }, 90, ['SPEEDY_MEETING_POSSIBLE']],
    ['endless series', { recurrence: 'FREQ=WEEKLY;BYDAY=TU' }, 85, ['SERIES_WITHOUT_END']],
    ['series with COUNT', { recurrence: 'FREQ=WEEKLY;COUNT=6' }, 100, []],
    ['series with UNTIL', { recurrence: 'FREQ=DAILY;UNTIL=20270101T000000Z' }, 100, []],
    ['10-minute brainstorm', { purpose: 'brainstorm', durationMinutes: 10 }, 90, ['TOO_SHORT_FOR_PURPOSE']],
    ['10-minute social', { purpose: 'social', durationMinutes: 10 }, 100, []],
    ['60-minute weekly status update', { purpose: 'status_update', durationMinutes: 60, recurrence: 'FREQ=WEEKLY' }, 45,
      ['STATUS_UPDATE_TOO_LONG', 'SPEEDY_MEETING_POSSIBLE', 'SERIES_WITHOUT_END']]
  ]
  for (const [name, over, score, codes] of cases) {
    const m = meeting(over)
    const result = durationCriterion(m, context(m))
    t.equal(result.score, score, `${name} score`)
    t.same(result.findings.map((f) => f.code), codes, `${name} codes`)
  }
})

t.test('messages name the minutes and the frequency', async (t) => {
  const m = meeting({ purpose: 'status_update', durationMinutes: 90, recurrence: 'FREQ=WEEKLY;BYDAY=TU' })
  t.same(durationCriterion(m, context(m)), {
    score: 35,
    findings: [
      { code: 'STATUS_UPDATE_TOO_LONG', severity: 'warning', message: 'A 90-minute status update: keep it to 15 minutes, or write it.' },
      {
        code: 'MEETING_TOO_LONG',
        severity: 'warning',
        message: '90 minutes is a long meeting (over 60 minutes, Viva Insights): split it or move parts to writing.'
      },
      {
        code: 'SERIES_WITHOUT_END',
        severity: 'warning',
        message: 'The weekly series has no end (no COUNT or UNTIL): give it an end date and decide then whether it is still needed (Fellow).'
      }
    ]
  })
  const short = meeting({ purpose: 'problem_solving', durationMinutes: 5 })
  t.same(durationCriterion(short, context(short)).findings, [{
    code: 'TOO_SHORT_FOR_PURPOSE',
    severity: 'info',
    message: '5 minutes is short for problem solving: allow at least 15 minutes, or settle it in writing.'
  }])
  const speedy = meeting({ durationMinutes: 30 })
  t.match(durationCriterion(speedy, context(speedy)).findings[0]?.message, '30 minutes is a calendar default: 25 minutes')
})

t.test('meetings over two hours are an error', async (t) => {
  const m = meeting({ durationMinutes: 121 })
  t.equal(durationCriterion(m, context(m)).findings[0]?.severity, 'error')
})
