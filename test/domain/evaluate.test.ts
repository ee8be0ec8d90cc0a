// Tests of the whole evaluation: calibration, hard rules, determinism and the assembled result.
import t from 'tap'
import { CRITERIA, DEFAULT_POLICY, type Meeting, type Policy } from '../../src/domain/model.js'
import { evaluate } from '../../src/domain/evaluate.js'
import { meeting, people, person, utc } from './fixtures.js'

const codes = (m: Meeting, policy: Policy = DEFAULT_POLICY) => evaluate(m, policy).criteria.flatMap((c) => c.findings.map((f) => f.code))

/** DESIGN section 7, calibration (a). */
const weeklyStatus = meeting({
  title: 'Weekly status', purpose: 'status_update', durationMinutes: 60, recurrence: 'FREQ=WEEKLY', participants: people(12), agenda: undefined, outcomes: []
})

/** DESIGN section 7, calibration (b): the fixture's default meeting. */
const decision = meeting()

t.test('calibration: a 60-minute weekly status update for 12 with no agenda or outcomes goes async', async (t) => {
  const result = evaluate(weeklyStatus, DEFAULT_POLICY)
  t.equal(result.score, 34)
  t.ok(result.score < 40)
  t.equal(result.verdict, 'go_async')
  t.same(result.criteria.map((c) => [c.id, c.score]), [['purpose', 20], ['agenda', 0], ['outcomes', 0], ['participants', 40], ['time_zones', 100], ['duration', 45]])
  t.same(result.recommendations.map((r) => r.code), ['TRY_ASYNC_FIRST', 'ADD_OUTCOMES', 'ADD_AGENDA', 'REDUCE_GROUP', 'SHORTEN_TO_15', 'SET_SERIES_END'])
  t.equal(result.summary, 'Go async with a written update instead (score 34/100): no agenda, this kind of meeting works well async, no expected outcomes.')
  t.same(result.cost, { personHours: 12, amount: 900, currency: 'USD', annualPersonHours: 636 }, '53 weeks from Tuesday 1 December 2026')
})

t.test('calibration: a prepared 45-minute decision meeting for three meets', async (t) => {
  const p = (email: string) => ({
    email, timeZone: 'UTC', localStart: '2026-12-01T10:00:00Z', withinWorkingHours: true, minutesOutside: 0, minutesAtNight: 0, minutesLate: 0
  })
  t.same(evaluate(decision, DEFAULT_POLICY, ['cy@example.com: time zone from the organisation default (UTC)']), {
    score: 100,
    verdict: 'meet',
    summary: 'Worth meeting (score 100/100).',
    criteria: CRITERIA.map((id) => ({ id, score: 100, weight: DEFAULT_POLICY.weights[id], findings: [] })),
    recommendations: [],
    alternatives: [{
      kind: 'decision_doc',
      description: 'Write a decision doc for "Pick the Q3 pricing option" that asks for "Choose option A or B" and "Name an owner ' +
        'for the rollout" and names ana@example.com as the decider; collect comments and replies by 2026-11-26T17:00:00Z; ' +
        'meet only if three back-and-forths leave it open (GitLab).',
      replyBy: '2026-11-26T17:00:00Z'
    }],
    timeZones: { overlapMinutes: 480, participants: ['ana@example.com', 'bo@example.com', 'cy@example.com'].map(p), suggestedSlots: [] },
    cost: { personHours: 2.25, amount: 168.75, currency: 'USD' },
    assumptions: ['cy@example.com: time zone from the organisation default (UTC)'],
    meeting: {
      title: 'Pick the Q3 pricing option',
      purpose: 'decision',
      urgency: 'normal',
      start: '2026-12-01T10:00:00Z',
      end: '2026-12-01T10:45:00Z',
      durationMinutes: 45,
      timeZone: 'UTC',
      asOf: '2026-11-25T10:00:00Z',
      participants: [
        { email: 'ana@example.com', attendance: 'required', role: 'decider' },
        { email: 'bo@example.com', attendance: 'required' },
        { email: 'cy@example.com', attendance: 'required' }
      ]
    }
  })
})

t.test('the meeting as read: a series keeps its rule and zone, optional people and roles are said', async (t) => {
  const series = meeting({
    title: 'Weekly sync',
    purpose: 'status_update',
    urgency: 'high',
    start: utc('2026-12-01T15:30:00Z'),
    durationMinutes: 25,
    timeZone: 'America/New_York',
    recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10',
    participants: [person('ana@example.com', { role: 'presenter' }), person('op@example.com', { attendance: 'optional' })]
  })
  t.same(evaluate(series, DEFAULT_POLICY).meeting, {
    title: 'Weekly sync',
    purpose: 'status_update',
    urgency: 'high',
    start: '2026-12-01T15:30:00Z',
    end: '2026-12-01T15:55:00Z',
    durationMinutes: 25,
    timeZone: 'America/New_York',
    recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10',
    asOf: '2026-11-25T10:00:00Z',
    participants: [{ email: 'ana@example.com', attendance: 'required', role: 'presenter' }, { email: 'op@example.com', attendance: 'optional' }]
  })
})

t.test('a great meeting scores clearly higher than a mediocre one, and that higher than a poor one', async (t) => {
  const mediocre = meeting({
    purpose: 'planning',
    durationMinutes: 60,
    outcomes: ['Discuss the roadmap'],
    agenda: undefined,
    participants: [...people(8), person('x@example.com', { attendance: 'optional' })]
  })
  const great = evaluate(decision, DEFAULT_POLICY)
  const middle = evaluate(mediocre, DEFAULT_POLICY)
  const poor = evaluate(weeklyStatus, DEFAULT_POLICY)
  t.ok(great.score - middle.score >= 25, `great ${great.score} vs mediocre ${middle.score}`)
  t.ok(middle.score > poor.score, `mediocre ${middle.score} vs poor ${poor.score}`)
  t.equal(middle.verdict, 'improve')
})

t.test('a badly prepared agenda costs more than half of the agenda score', async (t) => {
  const sloppy = meeting({
    durationMinutes: 60,
    agenda: { items: [{ title: 'Roadmap', minutes: 40 }, { title: 'Hiring', minutes: 20 }] },
    asOf: utc('2026-12-01T08:00:00Z')
  })
  const agenda = evaluate(sloppy, DEFAULT_POLICY).criteria.find((c) => c.id === 'agenda')
  t.equal(agenda?.score, 34)
  t.same(agenda?.findings.map((f) => f.code), ['AGENDA_NO_BUFFER', 'AGENDA_ITEM_TOO_LONG', 'AGENDA_ITEM_NO_OWNER', 'AGENDA_ITEM_TOPIC', 'AGENDA_SHARED_LATE'])
})

t.test('critical urgency meets whatever the score, and says why', async (t) => {
  const policy: Policy = { ...DEFAULT_POLICY, escalationChannel: '#incidents' }
  const result = evaluate({ ...weeklyStatus, urgency: 'critical' }, policy)
  t.equal(result.score, 34)
  t.equal(result.verdict, 'meet')
  t.match(result.criteria[0]?.findings, [{ code: 'PURPOSE_TYPICALLY_ASYNC' }, { code: 'URGENCY_CRITICAL', message: /#incidents/ }])
  t.match(result.recommendations[0], { code: 'USE_ESCALATION_CHANNEL', message: /#incidents/ })
  t.notOk(result.recommendations.some((r) => r.code === 'TRY_ASYNC_FIRST'))
  t.match(result.summary, /^Meet via #incidents: critical urgency justifies a synchronous meeting \(score 34\/100\)/)
})

t.test('required people with no shared working hours cannot meet unless critical', async (t) => {
  const apart = meeting({
    participants: [person('ana@example.com', { role: 'decider', timeZone: 'Europe/Berlin' }), person('kiri@example.com', { timeZone: 'Pacific/Auckland' })]
  })
  const result = evaluate(apart, DEFAULT_POLICY)
  t.equal(result.timeZones.overlapMinutes, 0)
  t.ok(result.score >= DEFAULT_POLICY.thresholds.meet, `score ${result.score} alone would meet`)
  t.equal(result.verdict, 'improve')
  t.ok(codes(apart).includes('NO_SHARED_OVERLAP'))
  t.match(result.summary, /held back because there is no time that day when every required person works/)
  t.equal(evaluate({ ...apart, urgency: 'critical' }, DEFAULT_POLICY).verdict, 'meet')
})

t.test('a single required person on their day off cannot meet either', async (t) => {
  const saturday = meeting({
    start: utc('2026-06-06T10:00:00Z'),
    participants: [person('ana@example.com', { role: 'decider', timeZone: 'Europe/Berlin' }), person('cy@example.com', { attendance: 'optional' })],
    asOf: utc('2026-06-01T10:00:00Z')
  })
  const result = evaluate(saturday, DEFAULT_POLICY)
  t.equal(result.timeZones.overlapMinutes, 0)
  t.ok(result.score >= DEFAULT_POLICY.thresholds.meet, `score ${result.score} alone would meet`)
  t.equal(result.verdict, 'improve')
  t.same(result.criteria.find((c) => c.id === 'time_zones')?.findings.find((f) => f.code === 'NO_SHARED_OVERLAP'),
    { code: 'NO_SHARED_OVERLAP', severity: 'error', message: 'ana@example.com, the only required participant, has no working hours on Saturday 6 June 2026 (UTC).' })
  t.ok(result.timeZones.suggestedSlots.every((s) => s.start.startsWith('2026-06-08')), 'suggested on Monday')
  t.equal(evaluate({ ...saturday, start: utc('2026-06-08T10:00:00Z') }, DEFAULT_POLICY).verdict, 'meet', 'on Monday it meets')
})

t.test('the DESIGN example names who is outside hours, the Thursday reply-by and the cost', async (t) => {
  const example = meeting({
    start: utc('2026-12-01T16:00:00Z'),
    timeZone: 'Europe/Berlin',
    recurrence: 'FREQ=WEEKLY;BYDAY=TU',
    participants: [
      person('ana@example.com', { timeZone: 'Europe/Berlin', role: 'decider', hourlyRate: 90 }),
      person('bo@example.com', { timeZone: 'America/New_York' }),
      person('cy@example.com', { attendance: 'optional' })
    ]
  })
  const result = evaluate(example, DEFAULT_POLICY)
  const zones = result.criteria.find((c) => c.id === 'time_zones')
  t.match(zones?.findings, [{
    code: 'OUTSIDE_WORKING_HOURS',
    message: 'ana@example.com would be in the meeting 45 minutes outside working hours (17:00-17:45 local, Europe/Berlin).'
  }])
  t.equal(result.alternatives[0]?.replyBy, '2026-11-26T16:00:00Z')
  t.match(result.cost, { personHours: 2.25, amount: 180 })
  t.ok(result.recommendations.some((r) => r.code === 'MOVE_TO_SUGGESTED_SLOT'))
})

t.test('a series whose bad hours everyone shares equally blames no one and asks for no rotation', async (t) => {
  const sameRegion = evaluate(meeting({ start: utc('2026-12-01T18:00:00Z'), recurrence: 'FREQ=WEEKLY;COUNT=10' }), DEFAULT_POLICY)
  const bothOutside = evaluate(meeting({
    start: utc('2026-03-02T08:00:00Z'),
    timeZone: 'Europe/London',
    recurrence: 'FREQ=WEEKLY',
    participants: [person('ana@example.com', { timeZone: 'Europe/London', role: 'decider' }), person('bo@example.com', { timeZone: 'Australia/Sydney' })]
  }), DEFAULT_POLICY)
  for (const result of [sameRegion, bothOutside]) {
    const codes = result.criteria.flatMap((c) => c.findings.map((f) => f.code))
    t.ok(codes.includes('OUTSIDE_WORKING_HOURS'))
    t.notOk(codes.includes('SERIES_BURDEN_UNFAIR'))
    t.notOk(result.recommendations.some((r) => r.code === 'ROTATE_SERIES_TIME'))
  }
})

t.test('the summary names the reasons that cost the most points first', async (t) => {
  const result = evaluate(meeting({
    purpose: 'other',
    start: utc('2026-12-01T18:00:00Z'),
    outcomes: ['Discuss things'],
    agenda: { items: [{ title: 'Which option fits?', minutes: 15 }, { title: 'Who owns it?', minutes: 15 }], sharedAt: utc('2026-11-26T09:00:00Z') },
    participants: people(9)
  }), DEFAULT_POLICY)
  t.same(result.criteria.map((c) => [c.id, c.score]), [['purpose', 40], ['agenda', 80], ['outcomes', 50], ['participants', 70], ['time_zones', 0], ['duration', 100]])
  t.equal(result.summary, 'Improve before meeting (score 52/100): someone is outside working hours, no clear purpose, vague outcomes.')
})

t.test('the same meeting and policy give the same evaluation', async (t) => {
  const busy = meeting({ recurrence: 'FREQ=WEEKLY', participants: [...people(9), person('ny@example.com', { timeZone: 'America/New_York' })] })
  t.same(evaluate(busy, DEFAULT_POLICY), evaluate(busy, DEFAULT_POLICY))
  t.equal(JSON.stringify(evaluate(busy, DEFAULT_POLICY)), JSON.stringify(evaluate(busy, DEFAULT_POLICY)))
})

t.test('criteria come in fixed order with the policy weights, and assumptions pass through as a copy', async (t) => {
  const weights = { purpose: 1, agenda: 0, outcomes: 0, participants: 0, time_zones: 0, duration: 0 }
  const assumptions = ['purpose inferred from "status"']
  const result = evaluate(weeklyStatus, { ...DEFAULT_POLICY, weights }, assumptions)
  t.same(result.criteria.map((c) => [c.id, c.weight]), Object.entries(weights))
  t.equal(result.score, 20)
  t.same(result.assumptions, assumptions)
  t.not(result.assumptions, assumptions)
})
