// Tests of the meeting cost.
import t from 'tap'
import { DEFAULT_POLICY } from '../../src/domain/model.js'
import { cost, personMinutes, round2 } from '../../src/domain/cost.js'
import { meeting, person } from './fixtures.js'

t.test('person-hours and amount count required and optional people at their rates', async (t) => {
  const m = meeting({
    participants: [person('a@example.com', { hourlyRate: 90 }), person('b@example.com'), person('c@example.com', { attendance: 'optional', hourlyRate: 60 })]
  })
  t.same(cost(m, DEFAULT_POLICY), { personHours: 2.25, amount: 168.75, currency: 'USD' })
})

t.test('the currency comes from the policy', async (t) => {
  const policy = { ...DEFAULT_POLICY, defaults: { ...DEFAULT_POLICY.defaults, currency: 'EUR' } }
  t.equal(cost(meeting(), policy).currency, 'EUR')
})

t.test('a weekly series from a Tuesday counts the 53 Tuesdays of the 12 months from start', async (t) => {
  const m = meeting({ recurrence: 'FREQ=WEEKLY;BYDAY=TU' })
  t.same(cost(m, DEFAULT_POLICY), { personHours: 2.25, amount: 168.75, currency: 'USD', annualPersonHours: 119.25 },
    '1 December 2026 to 30 November 2027: 53 x 2.25')
})

t.test('a series with COUNT counts only those occurrences', async (t) => {
  const m = meeting({ recurrence: 'FREQ=WEEKLY;COUNT=4' })
  t.equal(cost(m, DEFAULT_POLICY).annualPersonHours, 9)
})

t.test('yearly person-hours are rounded once, from the exact hours of each occurrence', async (t) => {
  const daily = meeting({ durationMinutes: 50, recurrence: 'FREQ=DAILY', participants: [person('a@example.com')] })
  t.same(cost(daily, DEFAULT_POLICY), { personHours: 0.83, amount: 62.5, currency: 'USD', annualPersonHours: 304.17 }, '365 x 50/60, not 365 x 0.83')
  const short = meeting({ durationMinutes: 1, recurrence: 'FREQ=DAILY;COUNT=3', participants: [person('a@example.com'), person('b@example.com')] })
  t.equal(cost(short, DEFAULT_POLICY).annualPersonHours, 0.1, '3 x 2/60')
})

t.test('amounts are rounded to cents', async (t) => {
  const m = meeting({ durationMinutes: 7, participants: [person('a@example.com', { hourlyRate: 33.33 })] })
  t.same(cost(m, DEFAULT_POLICY), { personHours: 0.12, amount: 3.89, currency: 'USD' })
  t.equal(round2(1.005), 1.01)
})

t.test('person-minutes are every participant x the duration, exact where person-hours are rounded', async (t) => {
  const m = meeting({ durationMinutes: 20, participants: [person('a@example.com'), person('b@example.com', { attendance: 'optional' })] })
  t.equal(personMinutes(m), 40)
  t.equal(cost(m, DEFAULT_POLICY).personHours, 0.67, '40 / 60 rounded')
})
