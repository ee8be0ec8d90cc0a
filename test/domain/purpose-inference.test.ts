// Tests of keyword-based purpose inference.
import t from 'tap'
import { inferPurpose } from '../../src/domain/purpose-inference.js'

t.test('titles map to purposes by keyword', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['Morning standup', 'status_update', 'standup'],
    ['Weekly status', 'status_update', 'status'],
    ['Team sync', 'status_update', 'sync'],
    ['Friday check-in', 'status_update', 'check-in'],
    ['Decide on the vendor', 'decision', 'Decide'],
    ['Pick a logo', 'decision', 'Pick'],
    ['Approve Q3 budget', 'decision', 'Approve'],
    ['Brainstorm names', 'brainstorm', 'Brainstorm'],
    ['Ideation session', 'brainstorm', 'Ideation'],
    ['Sprint retro', 'review', 'retro'],
    ['Design review', 'review', 'review'],
    ['Demo day', 'review', 'Demo'],
    ['Sprint planning', 'planning', 'Sprint planning'],
    ['Daily', 'status_update', 'Daily'],
    ['2027 roadmap', 'planning', 'roadmap'],
    ['Ana / Bo 1:1', 'one_on_one', '1:1'],
    ['One on one with Cy', 'one_on_one', 'One on one'],
    ['All hands', 'information_sharing', 'All hands'],
    ['Town hall', 'information_sharing', 'Town hall'],
    ['Reorg announcement', 'information_sharing', 'announcement'],
    ['Incident 4711 follow-up', 'problem_solving', 'Incident'],
    ['Debug the flaky build', 'problem_solving', 'Debug'],
    ['Outage postmortem', 'problem_solving', 'Outage'],
    ['Team lunch', 'social', 'lunch'],
    ['Virtual coffee', 'social', 'coffee'],
    ['Happy hour', 'social', 'Happy hour']
  ]
  for (const [title, purpose, matched] of cases) t.same(inferPurpose(title), { purpose, matched }, title)
})

t.test('the description is read when the title says nothing', async (t) => {
  t.same(inferPurpose('Q3 pricing', 'We need to choose option A or B'), { purpose: 'decision', matched: 'choose' })
})

t.test('the title wins over the description', async (t) => {
  t.same(inferPurpose('Weekly sync', 'we may decide things'), { purpose: 'status_update', matched: 'sync' })
})

t.test('nothing recognisable is other, and async is not sync', async (t) => {
  t.same(inferPurpose('Q3 pricing'), { purpose: 'other' })
  t.same(inferPurpose('Async updates', 'asynchronous'), { purpose: 'other' })
  t.same(inferPurpose('Room 11:15'), { purpose: 'other' })
})
