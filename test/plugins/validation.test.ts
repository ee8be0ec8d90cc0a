// The date-time format: whatever it accepts, Date.parse, luxon and resolve.instant read, and read alike.
import t from 'tap'
import fc from 'fast-check'
import { DateTime } from 'luxon'
import { isInstant } from '../../src/plugins/validation.js'
import { instant } from '../../src/domain/resolve.js'

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

t.test('every accepted date-time is read by Date.parse and luxon as the same instant', async t => {
  const text = fc.record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 60 }),
    fraction: fc.constantFrom('', '.5', '.123', '.123456789'),
    offset: fc.constantFrom('Z', 'z', '+00:00', '-00:00', '+05:30', '-03:30', '+14:00', '-12:00', '+23:59', '+24:00', ''),
    separator: fc.constantFrom('T', 't', ' ')
  }).map(v => `${pad(v.year, 4)}-${pad(v.month)}-${pad(v.day)}${v.separator}${pad(v.hour)}:${pad(v.minute)}:${pad(v.second)}${v.fraction}${v.offset}`)
  let accepted = 0
  fc.assert(fc.property(text, value => {
    if (!isInstant(value)) return true
    accepted++
    const ms = Date.parse(value)
    return Number.isFinite(ms) && DateTime.fromISO(value, { setZone: true }).toMillis() === ms && instant(value).toMillis() === ms
  }), { numRuns: 5000 })
  t.ok(accepted > 100, `enough accepted values were checked (${accepted})`)
})

t.test('what is refused', async t => {
  for (const value of ['2016-12-31T23:59:60Z', '2026-01-01 10:00:00Z', '2026-02-29T10:00:00Z', '2026-13-01T00:00:00Z',
    '0000-01-01T00:00:00Z', '2026-01-01T10:00:00', '2026-01-01T24:00:00Z', '2026-01-01T10:00Z', '+02026-01-01T10:00:00Z']) {
    t.notOk(isInstant(value), value)
  }
  for (const value of ['2028-02-29T10:00:00Z', '2026-12-01t16:00:00z', '2026-12-01T16:00:00.123456+05:45', '0001-01-01T00:00:00Z']) {
    t.ok(isInstant(value), value)
  }
})
