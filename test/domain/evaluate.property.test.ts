// Property test: any valid meeting and policy evaluates without error to a bounded score and a consistent verdict.
import t from 'tap'
import fc from 'fast-check'
import { DateTime } from 'luxon'
import { CRITERIA, DEFAULT_POLICY, PURPOSES, ROLES, URGENCIES, type Meeting, type Participant, type Policy, type Verdict } from '../../src/domain/model.js'
import { evaluate } from '../../src/domain/evaluate.js'

const ZONES = ['UTC', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'America/St_Johns', 'Asia/Kolkata', 'Asia/Kathmandu',
  'Australia/Eucla', 'Australia/Lord_Howe', 'Australia/Sydney', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Riyadh']
const RULES = ['FREQ=WEEKLY', 'FREQ=WEEKLY;BYDAY=TU', 'FREQ=DAILY;COUNT=10', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
  'FREQ=MONTHLY;UNTIL=20281231T000000Z']
const FROM = DateTime.fromISO('2026-01-01T00:00:00Z', { zone: 'utc' })

const hhmm = fc.integer({ min: 0, max: 95 }).map((q) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`)
const workingHours = fc.record({
  start: hhmm,
  end: fc.oneof(hhmm, fc.constant('24:00')),
  days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 })
})

const participant = (i: number) => fc.record({
  timeZone: fc.constantFrom(...ZONES),
  workingHours,
  attendance: fc.constantFrom('required' as const, 'optional' as const),
  role: fc.option(fc.constantFrom(...ROLES), { nil: undefined }),
  hourlyRate: fc.integer({ min: 0, max: 500 })
}).map((p): Participant => {
  const { role, ...rest } = p
  return role === undefined ? { email: `p${i}@example.com`, ...rest } : { email: `p${i}@example.com`, role, ...rest }
})

const participants = fc.integer({ min: 1, max: 30 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => participant(i))))

const agendaItem = fc.record({
  title: fc.constantFrom('Which option?', 'Pricing', 'Decide the owner', 'Roadmap'),
  minutes: fc.integer({ min: 1, max: 480 }),
  owner: fc.option(fc.constant('p0@example.com'), { nil: undefined })
}).map(({ owner, ...item }) => owner === undefined ? item : { ...item, owner })

const meetingArb = fc.record({
  purpose: fc.constantFrom(...PURPOSES),
  startMinutes: fc.integer({ min: 0, max: 2 * 365 * 24 * 60 }),
  durationMinutes: fc.integer({ min: 1, max: 1440 }),
  timeZone: fc.constantFrom(...ZONES),
  urgency: fc.constantFrom(...URGENCIES),
  outcomes: fc.array(fc.constantFrom('Choose option A or B', 'Discuss', 'Name an owner for the rollout'), { maxLength: 3 }),
  agenda: fc.option(fc.record({ items: fc.array(agendaItem, { maxLength: 10 }), sharedHoursBefore: fc.option(fc.integer({ min: -48, max: 200 })) })),
  participants,
  recurrence: fc.option(fc.constantFrom(...RULES), { nil: undefined }),
  asOfHoursBefore: fc.integer({ min: -48, max: 24 * 30 })
}).map((r): Meeting => {
  const start = FROM.plus({ minutes: r.startMinutes })
  const m: Meeting = {
    title: 'Generated',
    purpose: r.purpose,
    start,
    durationMinutes: r.durationMinutes,
    timeZone: r.timeZone,
    urgency: r.urgency,
    outcomes: r.outcomes,
    participants: r.participants,
    asOf: start.minus({ hours: r.asOfHoursBefore })
  }
  if (r.recurrence !== undefined) m.recurrence = r.recurrence
  if (r.agenda !== null) {
    const shared = r.agenda.sharedHoursBefore
    m.agenda = shared === null ? { items: r.agenda.items } : { items: r.agenda.items, sharedAt: start.minus({ hours: shared }) }
  }
  return m
})

const policyArb = fc.record({
  weights: fc.tuple(...CRITERIA.map(() => fc.integer({ min: 0, max: 100 }))).filter((w) => w.some((x) => x > 0)),
  goAsync: fc.integer({ min: 0, max: 100 }),
  gap: fc.integer({ min: 0, max: 100 }),
  maxUsefulGroup: fc.integer({ min: 1, max: 20 }),
  escalationChannel: fc.option(fc.constant('#incidents'), { nil: undefined })
}).map((r): Policy => ({
  ...DEFAULT_POLICY,
  weights: Object.fromEntries(CRITERIA.map((id, i) => [id, (r.weights[i] ?? 0) / 100])) as Policy['weights'],
  thresholds: { goAsync: r.goAsync, meet: Math.min(100, r.goAsync + r.gap) },
  maxUsefulGroup: r.maxUsefulGroup,
  ...(r.escalationChannel === undefined ? {} : { escalationChannel: r.escalationChannel })
}))

function expectedVerdict (score: number, m: Meeting, policy: Policy, overlap: number): Verdict {
  if (m.urgency === 'critical') return 'meet'
  const byScore: Verdict = score >= policy.thresholds.meet ? 'meet' : score < policy.thresholds.goAsync ? 'go_async' : 'improve'
  const requiredCount = m.participants.filter((p) => p.attendance === 'required').length
  return byScore === 'meet' && requiredCount >= 1 && overlap === 0 ? 'improve' : byScore
}

t.test('any valid meeting gets an integer score 0..100 and a verdict that follows thresholds and hard rules', async (t) => {
  fc.assert(fc.property(meetingArb, policyArb, (m, policy) => {
    const result = evaluate(m, policy)
    const scoreOk = Number.isInteger(result.score) && result.score >= 0 && result.score <= 100
    const criteriaOk = result.criteria.every((c) => Number.isInteger(c.score) && c.score >= 0 && c.score <= 100)
    const verdictOk = result.verdict === expectedVerdict(result.score, m, policy, result.timeZones.overlapMinutes)
    const weight = result.criteria.reduce((sum, c) => sum + c.weight, 0)
    const weightedOk = result.score === Math.round(result.criteria.reduce((sum, c) => sum + c.weight * c.score, 0) / weight)
    const orderOk = result.criteria.map((c) => c.id).join() === CRITERIA.join()
    return scoreOk && criteriaOk && weightedOk && verdictOk && orderOk && result.summary.length > 0
  }), { numRuns: 200, seed: 20261201 })
  t.pass('200 generated meetings evaluated')
})
