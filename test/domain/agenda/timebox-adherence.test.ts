// Timebox sums and adherence arithmetic of stored agendas.
import t from 'tap'
import { checkTimeboxes, overflowMessage } from '../../../src/domain/agenda/timebox.js'
import { adherence } from '../../../src/domain/agenda/adherence.js'

t.test('items that fit leave no overflow', async t => {
  t.same(checkTimeboxes([{ minutes: 20 }, { minutes: 40 }], 60), { total: 60, overflow: 0 })
})

t.test('the overflow is the minutes above the duration, named in the message', async t => {
  const check = checkTimeboxes([{ minutes: 30 }, { minutes: 40 }], 60)
  t.same(check, { total: 70, overflow: 10 })
  t.equal(overflowMessage(check, 60), 'The items take 70 minutes, 10 more than the 60-minute meeting.')
})

t.test('adherence covers only recorded items, with overrun positive and slack negative', async t => {
  const items = [
    { title: 'Budget', minutes: 15, actualMinutes: 18 },
    { title: 'Decide', minutes: 20, actualMinutes: 20 },
    { title: 'Owner', minutes: 10, actualMinutes: 5 },
    { title: 'Wrap up', minutes: 5, actualMinutes: null }
  ]
  t.same(adherence(items, '2026-12-01T17:00:00.000Z'), {
    items: [
      { index: 0, title: 'Budget', planned: 15, actual: 18, delta: 3, withinTimebox: false },
      { index: 1, title: 'Decide', planned: 20, actual: 20, delta: 0, withinTimebox: true },
      { index: 2, title: 'Owner', planned: 10, actual: 5, delta: -5, withinTimebox: true }
    ],
    totals: { planned: 45, actual: 43, delta: -2 },
    keptShare: 0.67,
    recordedAt: '2026-12-01T17:00:00.000Z'
  })
})

t.test('a skipped item (0 minutes) counts as kept; all overrun gives keptShare 0', async t => {
  t.equal(adherence([{ title: 'a', minutes: 5, actualMinutes: 0 }], 'x')?.keptShare, 1)
  t.equal(adherence([{ title: 'a', minutes: 5, actualMinutes: 6 }, { title: 'b', minutes: 5, actualMinutes: 9 }], 'x')?.keptShare, 0)
})

t.test('no recorded item means no adherence', async t => {
  t.equal(adherence([{ title: 'a', minutes: 5 }], 'x'), undefined)
})
