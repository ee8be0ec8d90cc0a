// Window bounds at millisecond precision: a finer bound moves to the first millisecond at or after it.
import t from 'tap'
import { windowBound } from '../../src/domain/window-bound.js'

t.test('whole milliseconds are kept; anything finer is the next millisecond', async t => {
  t.equal(windowBound('2026-11-25T10:57:00Z').toISOString(), '2026-11-25T10:57:00.000Z')
  t.equal(windowBound('2026-11-25T10:57:00.237Z').toISOString(), '2026-11-25T10:57:00.237Z')
  t.equal(windowBound('2026-11-25T10:57:00.237000Z').toISOString(), '2026-11-25T10:57:00.237Z', 'trailing zeros are the same instant')
  t.equal(windowBound('2026-11-25T10:57:00.2375Z').toISOString(), '2026-11-25T10:57:00.238Z')
  t.equal(windowBound('2026-11-25T11:57:00.999001+01:00').toISOString(), '2026-11-25T10:57:01.000Z', 'offsets and a carry into the second')
})

t.test('the last millisecond there is stays the last', async t => {
  t.equal(windowBound('9999-12-31T23:59:59.9995Z').toISOString(), '9999-12-31T23:59:59.999Z')
})
