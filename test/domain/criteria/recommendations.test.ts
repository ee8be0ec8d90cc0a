// Tests of the recommendations derived from findings.
import t from 'tap'
import { DEFAULT_POLICY, type Alternative, type Meeting, type Policy, type Severity, type Verdict } from '../../../src/domain/model.js'
import { RECOMMENDATION_CODES, recommendations, type RecommendationInput } from '../../../src/domain/criteria/recommendations.js'
import { facts, meeting, people, person, utc } from '../fixtures.js'

function input (codes: string[], over: Partial<Meeting> = {}, extra: Partial<RecommendationInput> = {}): RecommendationInput {
  const m = meeting(over)
  const severity: Severity = 'warning'
  return {
    meeting: m,
    policy: DEFAULT_POLICY,
    findings: codes.map((code) => ({ code, severity, message: code })),
    timeZones: facts(m),
    verdict: 'improve' as Verdict,
    alternatives: [],
    ...extra
  }
}

const codesOf = (i: RecommendationInput) => recommendations(i).map((r) => r.code)

t.test('each finding leads to its recommendation', async (t) => {
  const cases: Array<[string, RecommendationInput, string[]]> = [
    ['critical urgency', input([], { urgency: 'critical' }), ['USE_ESCALATION_CHANNEL']],
    ['typically async', input(['PURPOSE_TYPICALLY_ASYNC']), ['TRY_ASYNC_FIRST']],
    ['go_async verdict', input([], {}, { verdict: 'go_async' }), ['TRY_ASYNC_FIRST']],
    ['critical is never sent async', input(['PURPOSE_TYPICALLY_ASYNC'], { urgency: 'critical' }), ['USE_ESCALATION_CHANNEL']],
    ['no purpose', input(['PURPOSE_MISSING']), ['CLARIFY_PURPOSE']],
    ['no outcomes', input(['OUTCOMES_MISSING']), ['ADD_OUTCOMES']],
    ['vague outcomes', input(['OUTCOME_VAGUE']), ['SHARPEN_OUTCOMES']],
    ['no decider', input(['DECIDER_MISSING']), ['NAME_DECIDER']],
    ['no agenda', input(['AGENDA_MISSING']), ['ADD_AGENDA']],
    ['agenda over duration', input(['AGENDA_OVER_DURATION']), ['FIT_AGENDA_TO_DURATION']],
    ['no buffer', input(['AGENDA_NO_BUFFER']), ['LEAVE_BUFFER']],
    ['long items', input(['AGENDA_ITEM_TOO_LONG']), ['SPLIT_LONG_ITEMS']],
    ['ownerless items', input(['AGENDA_ITEM_NO_OWNER']), ['ASSIGN_ITEM_OWNERS']],
    ['owners not invited', input(['AGENDA_OWNER_NOT_INVITED']), ['INVITE_ITEM_OWNERS']],
    ['topics', input(['AGENDA_ITEM_TOPIC']), ['PHRASE_ITEMS_AS_QUESTIONS']],
    ['shared late', input(['AGENDA_SHARED_LATE']), ['SHARE_AGENDA_EARLIER']],
    ['group too large', input(['GROUP_TOO_LARGE']), ['REDUCE_GROUP']],
    ['large attendance', input(['LARGE_ATTENDANCE']), ['REDUCE_GROUP']],
    ['optional readers', input(['OPTIONAL_COULD_READ_NOTES']), ['TRIM_OPTIONAL']],
    ['informed required', input(['INFORMED_MARKED_REQUIRED']), ['MARK_INFORMED_OPTIONAL']],
    ['night', input(['NIGHT_MEETING']), ['MOVE_TO_SUGGESTED_SLOT']],
    ['late', input(['LATE_EVENING']), ['MOVE_TO_SUGGESTED_SLOT']],
    ['outside', input(['OUTSIDE_WORKING_HOURS']), ['MOVE_TO_SUGGESTED_SLOT']],
    ['no overlap', input(['NO_SHARED_OVERLAP']), ['MOVE_TO_SUGGESTED_SLOT']],
    ['short overlap', input(['OVERLAP_SHORTER_THAN_MEETING']), ['MOVE_TO_SUGGESTED_SLOT']],
    ['unfair series', input(['SERIES_BURDEN_UNFAIR']), ['ROTATE_SERIES_TIME']],
    ['DST shift', input(['SERIES_DST_SHIFT']), ['REVIEW_DST_SHIFTS']],
    ['long status update', input(['STATUS_UPDATE_TOO_LONG', 'SPEEDY_MEETING_POSSIBLE'], { durationMinutes: 60 }), ['SHORTEN_TO_15']],
    ['long meeting', input(['MEETING_TOO_LONG']), ['SPLIT_LONG_MEETING']],
    ['30 minutes', input(['SPEEDY_MEETING_POSSIBLE'], { durationMinutes: 30 }), ['SHORTEN_TO_25']],
    ['60 minutes', input(['SPEEDY_MEETING_POSSIBLE'], { durationMinutes: 60 }), ['SHORTEN_TO_50']],
    ['endless series', input(['SERIES_WITHOUT_END']), ['SET_SERIES_END']],
    ['too short', input(['TOO_SHORT_FOR_PURPOSE']), ['ALLOW_MORE_TIME']],
    ['findings without a remedy', input(['PURPOSE_SYNC_FRIENDLY', 'URGENCY_CRITICAL']), []]
  ]
  for (const [name, i, codes] of cases) t.same(codesOf(i), codes, name)
  const covered = new Set(cases.flatMap(([, , codes]) => codes))
  t.same(RECOMMENDATION_CODES.filter((code) => !covered.has(code)), [], 'every recommendation code is covered')
})

t.test('info-level missing agenda or outcomes for light meetings recommend nothing', async (t) => {
  const i = input([])
  i.findings = [{ code: 'AGENDA_MISSING', severity: 'info', message: '' }, { code: 'OUTCOMES_MISSING', severity: 'info', message: '' }]
  t.same(recommendations(i), [])
})

t.test('recommendations come in a fixed order of impact', async (t) => {
  t.same(codesOf(input(['SERIES_WITHOUT_END', 'AGENDA_MISSING', 'OUTCOMES_MISSING', 'PURPOSE_TYPICALLY_ASYNC'])),
    ['TRY_ASYNC_FIRST', 'ADD_OUTCOMES', 'ADD_AGENDA', 'SET_SERIES_END'])
})

t.test('messages carry the concrete slot, channel, people and deadlines', async (t) => {
  const policy: Policy = { ...DEFAULT_POLICY, escalationChannel: '#incidents' }
  const alternative: Alternative = { kind: 'written_update', description: '', replyBy: '2026-11-26T17:00:00Z', channel: { name: '#updates' } }
  const slot = { start: '2026-12-01T14:00:00Z', end: '2026-12-01T14:45:00Z', score: 0.9 }
  const m = meeting({ participants: [...people(8), person('inf@example.com', { role: 'informed' })] })
  t.same(recommendations({
    meeting: m,
    policy,
    findings: ['GROUP_TOO_LARGE', 'INFORMED_MARKED_REQUIRED', 'OUTSIDE_WORKING_HOURS', 'AGENDA_SHARED_LATE', 'PURPOSE_TYPICALLY_ASYNC']
      .map((code) => ({ code, severity: 'warning', message: code })),
    timeZones: facts(m, { suggestedSlots: [slot] }),
    verdict: 'improve',
    alternatives: [alternative]
  }), [
    { code: 'TRY_ASYNC_FIRST', message: 'Try a written update first in #updates, replies by 2026-11-26T17:00:00Z; meet only after three back-and-forths (GitLab).' },
    { code: 'SHARE_AGENDA_EARLIER', message: 'Share the agenda by 2026-11-26T10:00:00Z, which leaves every required participant 24 working hours before the start.' },
    { code: 'REDUCE_GROUP', message: 'Keep 7 or fewer required participants (now 9); mark the rest optional and send them the notes.' },
    { code: 'MARK_INFORMED_OPTIONAL', message: 'Mark inf@example.com optional and send them the notes.' },
    { code: 'MOVE_TO_SUGGESTED_SLOT', message: 'Move the meeting to 2026-12-01T14:00:00Z - 2026-12-01T14:45:00Z, the slot that fits everyone\'s working hours best.' }
  ])
  t.same(recommendations({ ...input([], { urgency: 'critical' }), policy }), [{
    code: 'USE_ESCALATION_CHANNEL',
    message: 'Critical urgency justifies meeting now: run it through the escalation channel #incidents and write up the outcome afterwards.'
  }])
})

t.test('messages fall back when there is no slot, no alternative or no time left', async (t) => {
  const only = (i: RecommendationInput) => recommendations(i)[0]?.message
  t.equal(only(input(['NO_SHARED_OVERLAP'])), 'No slot keeps everyone inside working hours: split the meeting by region, record it, or go async.')
  t.equal(only(input([], {}, { verdict: 'go_async' })), 'Try it in writing first; meet only after three back-and-forths (GitLab).')
  t.equal(only(input(['AGENDA_SHARED_LATE'], { asOf: utc('2026-12-01T08:00:00Z') })),
    'Share the agenda now, or move the meeting so people get 24 working hours with it.')
  t.equal(only(input(['AGENDA_OVER_DURATION'], { agenda: { items: [{ title: 'Which?', minutes: 60 }] } })),
    'Cut 15 minutes from the agenda, or book 66 minutes.')
  t.equal(only(input([], { urgency: 'critical' })),
    'Critical urgency justifies meeting now: run it through the escalation path and write up the outcome afterwards.')
})

t.test('sharing earlier names the latest time that leaves the lead time in working hours', async (t) => {
  const say = (over: Partial<Meeting>) => recommendations(input(['AGENDA_SHARED_LATE'], over))[0]?.message
  // Tuesday 10:00 UTC, 09:00-17:00 Monday to Friday: Thursday 10:00 leaves 24 working hours (not Monday 10:00).
  t.equal(say({}), 'Share the agenda by 2026-11-26T10:00:00Z, which leaves every required participant 24 working hours before the start.')
  // Someone working Monday to Wednesday needs it by the Tuesday before; an optional participant does not count.
  const partTime = person('pt@example.com', { workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3] } })
  const mondays = person('mo@example.com', { attendance: 'optional', workingHours: { start: '09:00', end: '17:00', days: [1] } })
  const group = [person('ana@example.com'), partTime, mondays]
  t.equal(say({ participants: group, asOf: utc('2026-11-20T10:00:00Z') }),
    'Share the agenda by 2026-11-24T10:00:00Z, which leaves every required participant 24 working hours before the start.')
  t.equal(say({ participants: group }), 'Share the agenda now, or move the meeting so people get 24 working hours with it.', 'that time has passed')
  t.equal(say({ participants: [person('ana@example.com', { attendance: 'optional' })] }),
    'Share the agenda by 2026-11-26T10:00:00Z, which leaves everyone 24 working hours before the start.')
  t.equal(say({ participants: [person('ana@example.com', { workingHours: { start: '09:00', end: '17:00', days: [] } })], asOf: utc('2020-01-01T00:00:00Z') }),
    'Share the agenda now, or move the meeting so people get 24 working hours with it.', 'no working hours at all')
})

t.test('INVITE_ITEM_OWNERS names each owner who is not invited once', async (t) => {
  const items = [
    { title: 'Which option?', minutes: 10, owner: 'zed@example.com' },
    { title: 'Who?', minutes: 10, owner: 'ZED@example.com' },
    { title: 'When?', minutes: 5, owner: 'yu@example.com' },
    { title: 'Where?', minutes: 5, owner: 'ana@example.com' }
  ]
  const [found] = recommendations(input(['AGENDA_OWNER_NOT_INVITED'], { agenda: { items } }))
  t.same(found, { code: 'INVITE_ITEM_OWNERS', message: 'Invite zed@example.com and yu@example.com, or hand their items to someone who is invited.' })
})

t.test('the suggested slot names who is still outside working hours in it', async (t) => {
  const m = meeting()
  const slot = {
    start: '2026-12-02T22:00:00Z',
    end: '2026-12-02T23:00:00Z',
    score: 0.6,
    outsideHours: [{ email: 'london@example.com', minutes: 60 }, { email: 'kolkata@example.com', minutes: 1 }]
  }
  const [move] = recommendations({ ...input(['NIGHT_MEETING']), timeZones: facts(m, { suggestedSlots: [slot] }) })
  t.same(move, {
    code: 'MOVE_TO_SUGGESTED_SLOT',
    message: 'Move the meeting to 2026-12-02T22:00:00Z - 2026-12-02T23:00:00Z, the slot that fits everyone\'s working hours best ' +
      '(still outside them: london@example.com 60 minutes and kolkata@example.com 1 minute).'
  })
})
