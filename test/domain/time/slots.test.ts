// Tests of slot scoring and ranking: late evenings and nights as each participant's own hours see them, and scores.
import t from 'tap'
import { subtractIntervals, touches } from '../../../src/domain/time/intervals.js'
import { buildTimelines, evaluateStarts, pickSlots } from '../../../src/domain/time/slots.js'
import { hours, ms, person, utc } from './fixtures/builders.js'

t.test('a late evening inside someone\'s working hours does not rank a slot behind as costly ones', async (t) => {
  const evenings = person('e@x', 'UTC', { workingHours: hours('16:00', '24:00') })
  const from = ms('2026-12-01T00:00:00Z')
  const timelines = buildTimelines([evenings], from, from + 3 * 86_400_000)
  const evals = evaluateStarts(timelines, [ms('2026-12-01T20:00:00Z'), ms('2026-12-02T16:00:00Z')], 60 * 60_000)
  const best = pickSlots(evals, 2, timelines, (a, b) => a.startMs - b.startMs)
  t.same(best.map(e => utc(e.startMs)), ['2026-12-01T20:00:00Z', '2026-12-02T16:00:00Z'], 'both inside their hours: the earlier first')
})

t.test('subtracting intervals keeps what the other list leaves uncovered, and touches finds any overlap', async (t) => {
  t.same(subtractIntervals([[0, 10], [20, 30]], [[2, 4], [8, 22], [25, 26]]), [[0, 2], [4, 8], [22, 25], [26, 30]])
  t.same(subtractIntervals([[0, 10]], []), [[0, 10]])
  t.same(subtractIntervals([[0, 10]], [[0, 10]]), [])
  t.ok(touches([[5, 10], [20, 30]], 9, 12))
  t.notOk(touches([[5, 10], [20, 30]], 10, 20), 'half-open ends')
  t.notOk(touches([[5, 10]], 0, 5))
  t.notOk(touches([], 0, 5))
})
