// Publishing with the lead-time check, recording actuals with adherence, and evaluating the meeting an agenda describes.
import t from 'tap'
import { build, tenant } from '../helper.js'
import { putPolicy } from '../../src/repositories/policy.js'
import { upsertPerson } from '../../src/repositories/people.js'
import { DEFAULT_POLICY } from '../../src/domain/model.js'
import { AGENDA, create, stored } from './agendas-fixtures.js'

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

t.test('publishing sets status, publishedAt and a new ETag, and checks the lead time per participant', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const created = await create(app, auth, { ...AGENDA, meetingStart: inDays(30) })
  const res = await app.inject({ method: 'POST', url: `/v1/agendas/${created.id}/publish`, headers: auth })
  t.equal(res.statusCode, 200)
  t.equal(res.headers.etag, '"2"')
  const body = res.json()
  t.same(body, {
    ...stored(created, { version: 2, status: 'published', publishedAt: body.publishedAt, updatedAt: body.updatedAt, meetingStart: created.meetingStart }),
    leadTime: {
      required: 24,
      met: true,
      participants: [
        { email: 'ana@example.com', timeZone: 'Europe/Berlin', met: true, workingHoursAvailable: body.leadTime.participants[0].workingHoursAvailable, required: 24 },
        { email: 'bo@example.com', timeZone: 'America/New_York', met: true, workingHoursAvailable: body.leadTime.participants[1].workingHoursAvailable, required: 24 }
      ]
    }
  })
  t.ok(body.leadTime.participants[0].workingHoursAvailable >= 150, 'about 21 working days of 8 hours')
  t.ok(Math.abs(Date.parse(body.publishedAt) - Date.now()) < 60_000, 'published now')
  const { leadTime: _, ...agenda } = body
  t.same((await app.inject({ method: 'GET', url: `/v1/agendas/${created.id}`, headers: auth })).json(), agenda)
})

t.test('a meeting an hour away misses the lead time for everyone', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth, { ...AGENDA, meetingStart: new Date(Date.now() + 3_600_000).toISOString() })
  const body = (await app.inject({ method: 'POST', url: `/v1/agendas/${id}/publish`, headers: auth })).json()
  t.equal(body.leadTime.met, false)
  t.match(body.leadTime.participants, [{ met: false }, { met: false }])
  t.ok(body.leadTime.participants.every((p: { workingHoursAvailable: number }) => p.workingHoursAvailable <= 1))
})

t.test('the lead time comes from the policy, and missing zones from the directory, then the policy', async t => {
  const app = await build(t)
  const { auth, organizationId } = await tenant(app)
  await putPolicy(app.database.db, organizationId, { ...DEFAULT_POLICY, agendaLeadHours: 1000, defaults: { ...DEFAULT_POLICY.defaults, timeZone: 'Asia/Tokyo' } })
  await upsertPerson(app.database.db, organizationId, { email: 'bo@example.com', timeZone: 'America/Chicago' })
  const { id } = await create(app, auth, { ...AGENDA, meetingStart: inDays(30), participants: [{ email: 'Bo@example.com' }, { email: 'cy@example.com' }] })
  const body = (await app.inject({ method: 'POST', url: `/v1/agendas/${id}/publish`, headers: auth })).json()
  t.match(body.leadTime, {
    required: 1000,
    met: false,
    participants: [{ email: 'Bo@example.com', timeZone: 'America/Chicago', met: false, required: 1000 }, { email: 'cy@example.com', timeZone: 'Asia/Tokyo', met: false }]
  })
})

t.test('an agenda without a meeting start publishes with leadTime null; unknown agendas are 404', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { meetingStart: _, ...undated } = AGENDA
  const { id } = await create(app, auth, undated)
  const res = await app.inject({ method: 'POST', url: `/v1/agendas/${id}/publish`, headers: auth })
  t.match(res.json(), { status: 'published', leadTime: null })
  t.equal((await app.inject({ method: 'POST', url: '/v1/agendas/5f0c6d0e-8a51-4c5e-9d2a-7f3c1e2d4b6a/publish', headers: auth })).statusCode, 404)
})

t.test('an agenda for nobody is judged by the policy\'s working hours in its zone: published after the meeting is never in time', async t => {
  const app = await build(t)
  const { auth, organizationId } = await tenant(app)
  const hour = 3_600_000
  const late = await create(app, auth, { ...AGENDA, meetingStart: new Date(Date.now() - 24 * 86_400_000).toISOString(), participants: [] })
  t.same((await app.inject({ method: 'POST', url: `/v1/agendas/${late.id}/publish`, headers: auth })).json().leadTime, { required: 24, met: false, participants: [] })
  const soon = await create(app, auth, { ...AGENDA, meetingStart: new Date(Date.now() + hour).toISOString(), participants: [] })
  t.same((await app.inject({ method: 'POST', url: `/v1/agendas/${soon.id}/publish`, headers: auth })).json().leadTime, { required: 24, met: false, participants: [] })
  const allDay = { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] }
  await putPolicy(app.database.db, organizationId, { ...DEFAULT_POLICY, defaults: { ...DEFAULT_POLICY.defaults, workingHours: allDay } })
  const ahead = await create(app, auth, { ...AGENDA, meetingStart: new Date(Date.now() + 25 * hour).toISOString(), participants: [] })
  t.same((await app.inject({ method: 'POST', url: `/v1/agendas/${ahead.id}/publish`, headers: auth })).json().leadTime, { required: 24, met: true, participants: [] },
    '25 hours around the clock')
})

t.test('recording actuals answers with adherence, which later reads carry too', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const created = await create(app, auth, { ...AGENDA, durationMinutes: 60, items: [{ title: 'A', minutes: 15 }, { title: 'B', minutes: 20 }, { title: 'C', minutes: 10 }] })
  const res = await app.inject({ method: 'PUT', url: `/v1/agendas/${created.id}/actuals`, headers: auth, payload: { items: [{ index: 1, minutes: 20 }, { index: 0, minutes: 18 }] } })
  t.equal(res.statusCode, 200)
  t.equal(res.headers.etag, '"2"')
  const body = res.json()
  t.same(body.items, [{ index: 0, title: 'A', minutes: 15, actualMinutes: 18 }, { index: 1, title: 'B', minutes: 20, actualMinutes: 20 }, { index: 2, title: 'C', minutes: 10 }])
  t.same(body.adherence, {
    items: [
      { index: 0, title: 'A', planned: 15, actual: 18, delta: 3, withinTimebox: false },
      { index: 1, title: 'B', planned: 20, actual: 20, delta: 0, withinTimebox: true }
    ],
    totals: { planned: 35, actual: 38, delta: 3 },
    keptShare: 0.5,
    recordedAt: body.adherence.recordedAt
  })
  t.same((await app.inject({ method: 'GET', url: `/v1/agendas/${created.id}`, headers: auth })).json(), body)
  const again = (await app.inject({ method: 'PUT', url: `/v1/agendas/${created.id}/actuals`, headers: auth, payload: { items: [{ index: 2, minutes: 7 }] } })).json()
  t.same(again.adherence.items, [{ index: 2, title: 'C', planned: 10, actual: 7, delta: -3, withinTimebox: true }], 'actuals are replaced')
  t.same(again.adherence.totals, { planned: 10, actual: 7, delta: -3 })
  t.equal(again.adherence.keptShare, 1)
})

t.test('replacing the agenda clears its actuals', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth)
  await app.inject({ method: 'PUT', url: `/v1/agendas/${id}/actuals`, headers: auth, payload: { items: [{ index: 0, minutes: 9 }] } })
  const replaced = (await app.inject({ method: 'PUT', url: `/v1/agendas/${id}`, headers: { ...auth, 'if-match': '*' }, payload: AGENDA })).json()
  t.equal(replaced.adherence, undefined)
  t.same(replaced.items, AGENDA.items.map((item, index) => ({ index, ...item })))
})

t.test('actuals for an item that does not exist, or twice for one item, are a 400 naming it', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth)
  const unknown = await app.inject({ method: 'PUT', url: `/v1/agendas/${id}/actuals`, headers: auth, payload: { items: [{ index: 0, minutes: 5 }, { index: 2, minutes: 5 }] } })
  t.equal(unknown.statusCode, 400)
  t.same(unknown.json().errors, [{ path: '/items/1/index', message: 'names no item (the agenda has 2 items, 0 to 1)' }])
  const twice = await app.inject({ method: 'PUT', url: `/v1/agendas/${id}/actuals`, headers: auth, payload: { items: [{ index: 0, minutes: 5 }, { index: 0, minutes: 6 }] } })
  t.same(twice.json().errors, [{ path: '/items/1/index', message: 'repeats an index listed before' }])
  for (const payload of [{ items: [] }, { items: [{ index: 0, minutes: 1.5 }] }, { items: [{ index: -1, minutes: 5 }] }, { items: [{ index: 0 }] }]) {
    t.equal((await app.inject({ method: 'PUT', url: `/v1/agendas/${id}/actuals`, headers: auth, payload })).statusCode, 400, JSON.stringify(payload))
  }
  t.equal((await app.inject({ method: 'GET', url: `/v1/agendas/${id}`, headers: auth })).json().version, 1, 'nothing recorded')
  t.equal((await app.inject({ method: 'PUT', url: '/v1/agendas/5f0c6d0e-8a51-4c5e-9d2a-7f3c1e2d4b6a/actuals', headers: auth, payload: { items: [{ index: 0, minutes: 5 }] } })).statusCode, 404)
})

t.test('evaluating an agenda stores an evaluation: 201 with Location', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth)
  await app.inject({ method: 'POST', url: `/v1/agendas/${id}/publish`, headers: auth })
  const res = await app.inject({ method: 'POST', url: `/v1/agendas/${id}/evaluate`, headers: auth, payload: { purpose: 'decision', asOf: '2026-11-25T10:00:00Z' } })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.equal(res.headers.location, `/v1/evaluations/${body.id}`)
  t.match(body, { id: String, score: Number, verdict: /^(meet|improve|go_async)$/, criteria: Array })
  t.same(body.timeZones.participants.map((p: { email: string }) => p.email), ['ana@example.com', 'bo@example.com'])
  t.same((await app.inject({ method: 'GET', url: `/v1/evaluations/${body.id}`, headers: auth })).json(), body)
  const bare = await app.inject({ method: 'POST', url: `/v1/agendas/${id}/evaluate`, headers: auth })
  t.equal(bare.statusCode, 201, 'the body is optional')
})

t.test('publishing and evaluating the same stored agenda judge its lead time alike, in working hours', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const hourADay = { start: '09:00', end: '10:00', days: [1, 2, 3, 4, 5, 6, 7] }
  const allDay = { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] }
  const judged = async (meetingStart: string, participants: object[]) => {
    const { id } = await create(app, auth, { ...AGENDA, meetingStart, participants })
    const published = (await app.inject({ method: 'POST', url: `/v1/agendas/${id}/publish`, headers: auth })).json()
    const evaluation = (await app.inject({ method: 'POST', url: `/v1/agendas/${id}/evaluate`, headers: auth })).json()
    const late = evaluation.criteria.find((c: { id: string }) => c.id === 'agenda').findings.filter((f: { code: string }) => f.code === 'AGENDA_SHARED_LATE')
    return { met: published.leadTime.met, late }
  }
  // Three days of clock time, but at most 4 working hours: late for both (the evaluation counted 72 clock hours).
  const short = await judged(inDays(3), [{ email: 'ana@example.com', timeZone: 'UTC', workingHours: hourADay }])
  t.equal(short.met, false)
  t.match(short.late, [{ severity: 'warning', message: /^The agenda was shared (2 days 23 hours|3 days) before the start, leaving ana@example.com [2-3] hours?( \d+ minutes?)? of working time; share it at least 24 working hours ahead/ }])
  // Two days around the clock: 48 working hours, in time for both.
  t.same(await judged(inDays(2), [{ email: 'ana@example.com', timeZone: 'UTC', workingHours: allDay }]), { met: true, late: [] })
  // Only the required participant counts, for both.
  t.same(await judged(inDays(2), [
    { email: 'ana@example.com', timeZone: 'UTC', workingHours: allDay },
    { email: 'bo@example.com', timeZone: 'UTC', workingHours: hourADay, attendance: 'optional' }
  ]), { met: true, late: [] })
})

t.test('evaluating an agenda infers the purpose from its title when the body gives none, and says so', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth)
  const inferred = (await app.inject({ method: 'POST', url: `/v1/agendas/${id}/evaluate`, headers: auth, payload: { asOf: '2026-11-25T10:00:00Z' } })).json()
  t.equal(inferred.meeting.purpose, 'decision')
  t.ok(inferred.assumptions.includes('purpose: decision, inferred from "Pick" in the title'), inferred.assumptions.join('; '))
  t.notOk(inferred.criteria[0].findings.some((f: { code: string }) => f.code === 'PURPOSE_MISSING'))
  const given = (await app.inject({ method: 'POST', url: `/v1/agendas/${id}/evaluate`, headers: auth, payload: { purpose: 'review', asOf: '2026-11-25T10:00:00Z' } })).json()
  t.equal(given.meeting.purpose, 'review')
  t.notOk(given.assumptions.some((a: string) => a.startsWith('purpose:')), 'a given purpose is not an assumption')
  const plain = await create(app, auth, { ...AGENDA, title: 'Q3 pricing' })
  const other = (await app.inject({ method: 'POST', url: `/v1/agendas/${plain.id}/evaluate`, headers: auth, payload: { asOf: '2026-11-25T10:00:00Z' } })).json()
  t.equal(other.meeting.purpose, 'other')
  t.ok(other.assumptions.includes('purpose: not recognised from the title; other assumed'), other.assumptions.join('; '))
  const summary = (await app.inject({ method: 'GET', url: '/v1/analytics/summary?groupBy=purpose', headers: auth })).json()
  t.same(summary.groups.map((g: { key: string, evaluations: number }) => [g.key, g.evaluations]), [['decision', 1], ['other', 1], ['review', 1]])
})

t.test('evaluating an agenda without a meeting start or participants is a 422 naming what it lacks; options are checked; unknown agendas are 404', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { meetingStart: _, ...undated } = AGENDA
  const noStart = await create(app, auth, undated)
  const res = await app.inject({ method: 'POST', url: `/v1/agendas/${noStart.id}/evaluate`, headers: auth })
  t.equal(res.statusCode, 422)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.same(res.json(), {
    type: '/problems/agenda-incomplete',
    title: 'Unprocessable Entity',
    status: 422,
    detail: 'The agenda cannot be evaluated: it has no meetingStart. PUT the agenda with a meetingStart, then evaluate it again.',
    errors: [{ path: '/meetingStart', message: 'is missing: the meeting needs a start to be evaluated', in: 'agenda' }]
  })
  const nobody = await create(app, auth, { ...AGENDA, participants: [] })
  t.same((await app.inject({ method: 'POST', url: `/v1/agendas/${nobody.id}/evaluate`, headers: auth })).json().errors,
    [{ path: '/participants', message: 'is empty: the meeting needs at least one participant to be evaluated', in: 'agenda' }])
  const { meetingStart: __, ...bare } = { ...AGENDA, participants: [] }
  const neither = (await app.inject({ method: 'POST', url: `/v1/agendas/${(await create(app, auth, bare)).id}/evaluate`, headers: auth })).json()
  t.equal(neither.detail, 'The agenda cannot be evaluated: it has no meetingStart and no participants. PUT the agenda with a meetingStart and ' +
    'at least one participant, then evaluate it again.')
  t.same(neither.errors.map((e: { path: string }) => e.path), ['/meetingStart', '/participants'])
  t.match((await app.inject({ method: 'GET', url: '/problems/agenda-incomplete' })).json(), { status: 422, description: /PUT the agenda/ }, 'the type is documented')
  t.equal((await app.inject({ method: 'GET', url: '/v1/evaluations', headers: auth })).json().items.length, 0, 'nothing stored')
  const bad = await app.inject({ method: 'POST', url: `/v1/agendas/${nobody.id}/evaluate`, headers: auth, payload: { purpose: 'party' } })
  t.match(bad.json(), { status: 400, errors: [{ path: '/purpose' }] })
  t.equal((await app.inject({ method: 'POST', url: '/v1/agendas/5f0c6d0e-8a51-4c5e-9d2a-7f3c1e2d4b6a/evaluate', headers: auth })).statusCode, 404)
})
