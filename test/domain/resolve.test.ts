// resolve.instant: the fast path for common RFC 3339 text gives luxon's instant; other text still goes to luxon.
import t from 'tap'
import fc from 'fast-check'
import { DateTime } from 'luxon'
import { instant } from '../../src/domain/resolve.js'
import { dateTimeText } from '../date-time-text.js'

t.test('any date-time text, valid or not, reads as luxon reads it', async (t) => {
  fc.assert(fc.property(dateTimeText, value => {
    const expected = DateTime.fromISO(value, { setZone: true }).toUTC()
    const got = instant(value)
    return got.isValid === expected.isValid && (!got.isValid || (got.toMillis() === expected.toMillis() && got.zoneName === 'UTC'))
  }), { numRuns: 5000 })
  t.pass('property held')
})

t.test('leap days and month ends', async (t) => {
  t.equal(instant('2028-02-29T10:00:00+01:00').toISO(), '2028-02-29T09:00:00.000Z')
  t.equal(instant('2000-02-29T00:00:00Z').toISO(), '2000-02-29T00:00:00.000Z')
  t.notOk(instant('2100-02-29T00:00:00Z').isValid, '2100 is not a leap year')
  t.notOk(instant('2026-02-30T00:00:00Z').isValid, 'no 30 February (Date.parse would roll it over)')
  t.notOk(instant('2026-04-31T00:00:00Z').isValid)
  t.equal(instant('2026-12-31T23:30:00-01:00').toISO(), '2027-01-01T00:30:00.000Z')
})
