// The date-time format: whatever it accepts, Date.parse, luxon and resolve.instant read, and read alike.
import t from 'tap'
import fc from 'fast-check'
import { DateTime } from 'luxon'
import { isInstant } from '../../src/plugins/validation.js'
import { instant } from '../../src/domain/resolve.js'
import { dateTimeText } from '../date-time-text.js'

t.test('every accepted date-time is read by Date.parse and luxon as the same instant', async t => {
  let accepted = 0
  fc.assert(fc.property(dateTimeText, value => {
    if (!isInstant(value)) return true
    accepted++
    const ms = Date.parse(value)
    return Number.isFinite(ms) && DateTime.fromISO(value, { setZone: true }).toMillis() === ms && instant(value).toMillis() === ms
  }), { numRuns: 5000 })
  t.ok(accepted > 100, `enough accepted values were checked (${accepted})`)
})

t.test('what is refused', async t => {
  for (const value of ['2016-12-31T23:59:60Z', '2026-01-01 10:00:00Z', '2026-02-29T10:00:00Z', '2026-13-01T00:00:00Z',
    '0000-01-01T00:00:00Z', '2026-01-01T10:00:00', '2026-01-01T24:00:00Z', '2026-01-01T10:00Z', '+02026-01-01T10:00:00Z',
    '0001-01-01T00:00:00+00:01', '9999-12-31T23:59:59-00:01']) {
    t.notOk(isInstant(value), value)
  }
  for (const value of ['2028-02-29T10:00:00Z', '2026-12-01t16:00:00z', '2026-12-01T16:00:00.123456+05:45', '0001-01-01T00:00:00Z',
    '0001-01-01T00:00:00-14:00', '9999-12-31T23:59:59Z', '9999-12-31T23:59:59+14:00']) {
    t.ok(isInstant(value), value)
  }
})
