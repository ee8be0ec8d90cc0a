// Property test: the suggestion search's cost bound only drops the starts that cost more than it, and a start's
// night flag and minutes outside are the same with and without the bound.
import t from 'tap'
import fc from 'fast-check'
import { buildTimelines, evaluateStarts, gridStarts } from '../../../src/domain/time/slots.js'

const ZONES = ['America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Kathmandu',
  'Australia/Eucla', 'America/St_Johns', 'Pacific/Kiritimati', 'Europe/Berlin']
const hours = fc.record({
  start: fc.integer({ min: 0, max: 47 }).map(h => `${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 === 0 ? '00' : '30'}`),
  end: fc.integer({ min: 0, max: 48 }).map(h => `${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 === 0 ? '00' : '30'}`),
  days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1 })
})
const participant = fc.record({
  email: fc.emailAddress(),
  timeZone: fc.constantFrom(...ZONES),
  workingHours: hours,
  attendance: fc.constantFrom('required' as const, 'optional' as const),
  role: fc.constant('contributor' as const),
  hourlyRate: fc.constant(0)
})

t.test('evaluateStarts with maxCost equals the unbounded answer filtered by cost', async (t) => {
  fc.assert(fc.property(
    fc.array(participant, { minLength: 1, maxLength: 6 }),
    fc.integer({ min: 0, max: 360 }).map(d => Date.UTC(2026, 0, 1) + d * 86_400_000),
    fc.integer({ min: 5, max: 240 }),
    fc.integer({ min: 0, max: 2000 }),
    (participants, from, minutes, bound) => {
      const durationMs = minutes * 60_000
      const to = from + 2 * 86_400_000
      const timelines = buildTimelines(participants, from, to + durationMs)
      const starts = gridStarts(from, to - 1)
      const all = evaluateStarts(timelines, starts, durationMs)
      const bounded = evaluateStarts(timelines, starts, durationMs, undefined, bound)
      t.same(bounded, all.filter(e => e.cost <= bound))
      const kept = evaluateStarts(timelines, starts, durationMs, (_s, _c, night) => !night, bound)
      t.same(kept, all.filter(e => e.cost <= bound && !e.night))
    }
  ), { numRuns: 200 })
})
