// Tests of the async alternatives matched to a meeting's purpose.
import t from 'tap'
import { DEFAULT_POLICY, PURPOSES, type Policy } from '../../src/domain/model.js'
import { alternatives, isoUtc } from '../../src/domain/alternatives.js'
import { meeting, person, utc } from './fixtures.js'

t.test('each purpose gets its kinds of alternative', async (t) => {
  const expected = {
    status_update: ['written_update', 'recorded_video'],
    information_sharing: ['recorded_video', 'written_update'],
    decision: ['decision_doc'],
    brainstorm: ['async_brainstorm'],
    review: ['async_review'],
    planning: ['collaborative_doc', 'decision_doc'],
    problem_solving: ['collaborative_doc', 'decision_doc'],
    one_on_one: ['written_update'],
    social: [],
    other: ['written_update']
  }
  for (const purpose of PURPOSES) {
    t.same(alternatives(meeting({ purpose }), DEFAULT_POLICY).map((a) => a.kind), expected[purpose], purpose)
  }
})

t.test('a decision doc names the outcomes, the decider and the reply-by', async (t) => {
  t.same(alternatives(meeting(), DEFAULT_POLICY), [{
    kind: 'decision_doc',
    description: 'Write a decision doc for "Pick the Q3 pricing option" that asks for "Choose option A or B" and "Name an owner ' +
      'for the rollout" and names ana@example.com as the decider; collect comments and replies by 2026-11-26T17:00:00Z; ' +
      'meet only if three back-and-forths leave it open (GitLab).',
    replyBy: '2026-11-26T17:00:00Z'
  }])
})

t.test('the policy channel is named and its response time extends the reply-by', async (t) => {
  const policy: Policy = { ...DEFAULT_POLICY, channels: { written_update: { name: '#team-updates', responseWorkingHours: 16 } } }
  const m = meeting({ purpose: 'status_update', outcomes: [] })
  t.same(alternatives(m, policy), [
    {
      kind: 'written_update',
      description: 'Post a written update on "Pick the Q3 pricing option" in #team-updates covering "Which option fits the budget?" ' +
        'and "Decide and assign an owner"; ask for questions and replies in #team-updates by 2026-11-27T17:00:00Z; meet only ' +
        'if three back-and-forths leave it open (GitLab).',
      replyBy: '2026-11-27T17:00:00Z',
      channel: { name: '#team-updates', responseWorkingHours: 16 }
    },
    {
      kind: 'recorded_video',
      description: 'Record a short video on "Pick the Q3 pricing option" covering "Which option fits the budget?" and "Decide ' +
        'and assign an owner" and share it; collect questions by 2026-11-26T17:00:00Z.',
      replyBy: '2026-11-26T17:00:00Z'
    }
  ])
})

t.test('the reply-by is the latest over required participants only', async (t) => {
  const m = meeting({
    participants: [
      person('ana@example.com', { timeZone: 'Europe/Berlin' }),
      person('bo@example.com', { timeZone: 'America/New_York' }),
      person('fri@example.com', { attendance: 'optional', workingHours: { start: '09:00', end: '17:00', days: [5] } })
    ]
  })
  t.equal(alternatives(m, DEFAULT_POLICY)[0]?.replyBy, '2026-11-26T16:00:00Z', 'Berlin Thursday 17:00; New York finishes Wednesday')
})

t.test('the other descriptions mention agenda, outcomes and the back-and-forth rule', async (t) => {
  const describe = (purpose: 'brainstorm' | 'review' | 'planning' | 'one_on_one') =>
    alternatives(meeting({ purpose, agenda: undefined }), DEFAULT_POLICY)[0]?.description
  t.equal(describe('brainstorm'), 'Open an async brainstorm on "Pick the Q3 pricing option" that asks for "Choose option A or B" and ' +
    '"Name an owner for the rollout"; everyone adds ideas by 2026-11-26T17:00:00Z, then vote.')
  t.equal(describe('review'), 'Share the material for "Pick the Q3 pricing option" for an async review that asks for "Choose ' +
    'option A or B" and "Name an owner for the rollout"; comments by 2026-11-26T17:00:00Z.')
  t.match(describe('planning'), /^Work on "Pick the Q3 pricing option" in a shared document that asks for .*three back-and-forths/)
  t.match(describe('one_on_one'), /^If there is little to talk through this time, share notes/)
})

t.test('instants are ISO UTC without milliseconds', async (t) => {
  t.equal(isoUtc(utc('2026-11-26T17:00:00.123Z').setZone('Europe/Berlin')), '2026-11-26T17:00:00Z')
})
