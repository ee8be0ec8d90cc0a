// Property test: minutesOutside agrees with workingIntervals for random zones, hours and spans.
import t from 'tap'
import fc from 'fast-check'
import { LATE, minutesOutside, NIGHT, workingIntervals } from '../../../src/domain/time/hours.js'
import { intersectIntervals } from '../../../src/domain/time/intervals.js'
import { dailyIntervals } from '../../../src/domain/time/local-days.js'

const ZONES = ['America/New_York', 'Europe/London', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kolkata',
  'Asia/Kathmandu', 'Australia/Eucla', 'America/St_Johns', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Riyadh',
  'UTC', 'Etc/GMT+5', 'America/Santiago', 'Pacific/Chatham']

const clock = fc.integer({ min: 0, max: 96 }).map(q => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`)
const minuteOf2026 = fc.integer({ min: 0, max: 365 * 24 * 60 }).map(m => Date.UTC(2026, 0, 1) + m * 60_000)

t.test('outside is within the span and equals the span minus the working minutes', async (t) => {
  fc.assert(fc.property(
    fc.constantFrom(...ZONES), clock, clock, fc.uniqueArray(fc.integer({ min: 1, max: 7 })), minuteOf2026,
    fc.integer({ min: 1, max: 3 * 24 * 60 }),
    (timeZone, start, end, days, from, length) => {
      const p = { timeZone, workingHours: { start: start === '24:00' ? '00:00' : start, end, days } }
      const to = from + length * 60_000
      const m = minutesOutside(p, from, to)
      const intervals = workingIntervals(p, from, to)
      const worked = intervals.reduce((sum, [s, e]) => sum + (e - s), 0) / 60_000
      const ordered = intervals.every(([s, e], i) => s >= from && e <= to && s < e &&
        (i === 0 || s > (intervals[i - 1] as [number, number])[1]))
      return ordered && m.outside >= 0 && m.outside <= length && m.outside === length - worked &&
        m.night <= m.late && m.late <= m.outside
    }
  ), { numRuns: 500 })
  t.pass('property held')
})

t.test('spans of a meeting (up to 3 h) measure what the built intervals cover, on DST days too', async (t) => {
  const transitionDays = [Date.UTC(2026, 2, 8), Date.UTC(2026, 2, 29), Date.UTC(2026, 3, 5), Date.UTC(2026, 8, 27),
    Date.UTC(2026, 9, 25), Date.UTC(2026, 10, 1)]
  const near = fc.tuple(fc.constantFrom(...transitionDays), fc.integer({ min: -36 * 60, max: 36 * 60 })).map(([d, m]) => d + m * 60_000)
  fc.assert(fc.property(
    fc.constantFrom(...ZONES), clock, clock, fc.uniqueArray(fc.integer({ min: 1, max: 7 })), fc.oneof(minuteOf2026, near),
    fc.integer({ min: 1, max: 180 }),
    (timeZone, start, end, days, from, length) => {
      const p = { timeZone, workingHours: { start: start === '24:00' ? '00:00' : start, end, days } }
      const to = from + length * 60_000
      const m = minutesOutside(p, from, to)
      const covered = (intervals: Array<[number, number]>): number => intervals.reduce((sum, [s, e]) => sum + (e - s), 0) / 60_000
      const work = workingIntervals(p, from, to)
      // Night and late minutes count outside working hours only.
      const beyond = (range: readonly [number, number]): number => {
        const all = dailyIntervals(timeZone, from, to, range[0], range[1])
        return covered(all) - covered(intersectIntervals(all, work))
      }
      return m.outside === length - covered(work) && m.night === beyond(NIGHT) && m.late === beyond(LATE)
    }
  ), { numRuns: 2000 })
  t.pass('property held')
})
