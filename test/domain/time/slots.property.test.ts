// Property tests: the suggestion search's cost bound only drops the starts that cost more than it, and a start's
// night flag and minutes outside are the same with and without the bound; a slot measures people as an evaluation does.
import t from 'tap'
import fc from 'fast-check'
import { buildTimelines, evaluateStarts, gridStarts, type Timeline } from '../../../src/domain/time/slots.js'
import { minutesOutside } from '../../../src/domain/time/hours.js'
import { touches } from '../../../src/domain/time/intervals.js'

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

// The slot search (timelines: working intervals, night and late ones less those hours) and an evaluation's per-person
// facts (minutesOutside) measure the same span two ways: they must agree on every person's minutes outside hours,
// and on whether the span reaches into their night or late evening outside their own hours.
t.test('a slot measures each person as an evaluation of that span does', async (t) => {
  fc.assert(fc.property(
    fc.array(participant, { minLength: 1, maxLength: 4 }),
    fc.integer({ min: 0, max: 364 * 96 }).map(q => Date.UTC(2026, 0, 1) + q * 15 * 60_000),
    fc.integer({ min: 1, max: 16 }).map(q => q * 15 * 60_000),
    (participants, startMs, durationMs) => {
      const endMs = startMs + durationMs
      const timelines = buildTimelines(participants, startMs, endMs)
      const [slot] = evaluateStarts(timelines, [startMs], durationMs)
      const bySlot = timelines.map((timeline: Timeline, i) => ({
        zone: timeline.timeZone,
        outside: slot?.outside[i],
        night: touches(timeline.night, startMs, endMs),
        late: touches(timeline.late, startMs, endMs)
      }))
      const byFacts = participants.map(p => {
        const facts = minutesOutside(p, startMs, endMs)
        return { zone: p.timeZone, outside: facts.outside, night: facts.night > 0, late: facts.late > 0 }
      })
      t.same(bySlot, byFacts)
    }
  ), { numRuns: 300 })
})
