// Property test: a rule that repeats by whole weeks of wall time is counted over 12 months exactly as expanding it
// occurrence by occurrence counts it, across DST changes, half-hour zones and the date line.
import t from 'tap'
import fc from 'fast-check'
import { DateTime } from 'luxon'
import { occurrenceMs } from '../../../src/domain/time/recurrence.js'
import { annualOccurrences } from '../../../src/domain/time/annual.js'
import { plusLocalMonths } from '../../../src/domain/time/local-days.js'

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kolkata',
  'America/St_Johns', 'Pacific/Kiritimati', 'Pacific/Apia']
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']

const rule = fc.record({
  freq: fc.constantFrom('HOURLY', 'DAILY', 'DAILY', 'WEEKLY', 'WEEKLY'),
  interval: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
  byDay: fc.option(fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 7 }), { nil: undefined }),
  byHour: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  byMinute: fc.option(fc.uniqueArray(fc.constantFrom(0, 15, 30, 45), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  wkst: fc.option(fc.constantFrom('MO', 'SU'), { nil: undefined }),
  end: fc.option(fc.oneof(
    fc.integer({ min: 1, max: 400 }).map(n => `COUNT=${n}`),
    fc.integer({ min: 1, max: 420 }).map(d => `UNTIL=${DateTime.utc(2026, 1, 1).plus({ days: d }).toFormat("yyyyMMdd'T'HHmmss'Z'")}`)
  ), { nil: undefined })
}).map(r => [
  `FREQ=${r.freq}`,
  r.interval === undefined ? '' : `INTERVAL=${r.interval}`,
  r.byDay === undefined ? '' : `BYDAY=${r.byDay.join(',')}`,
  r.byHour === undefined ? '' : `BYHOUR=${r.byHour.join(',')}`,
  r.byMinute === undefined ? '' : `BYMINUTE=${r.byMinute.join(',')}`,
  r.wkst === undefined ? '' : `WKST=${r.wkst}`,
  r.end ?? ''
].filter(part => part !== '').join(';'))

t.test('annual counts of weekly-periodic rules equal a full expansion', async (t) => {
  fc.assert(fc.property(
    rule,
    fc.constantFrom(...ZONES),
    fc.integer({ min: 0, max: 365 * 96 }).map(q => DateTime.fromMillis(Date.UTC(2026, 0, 1) + q * 15 * 60_000 + (q % 7) * 60_000, { zone: 'utc' })),
    (text, zone, start) => {
      const expanded = occurrenceMs(start, zone, text, plusLocalMonths(zone, start.toMillis(), 12), 1_000_000).length
      t.equal(annualOccurrences(start, zone, text), expanded, `${text} from ${start.toISO()} in ${zone}`)
    }
  ), { numRuns: 150 })
})
