// POST /v1/evaluations and /preview: stored vs not, determinism, Location, reads, input errors.
import t from 'tap'
import { EXAMPLE_PROPOSAL } from '../../src/schemas/proposal.js'
import { build, tenant } from '../helper.js'

const proposal = structuredClone(EXAMPLE_PROPOSAL)

t.test('POST stores the evaluation and answers 201 with Location', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: auth, payload: proposal })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.equal(res.headers.location, `/v1/evaluations/${body.id}`)
  t.match(body, { id: /^[0-9a-f-]{36}$/, createdAt: String, score: Number, verdict: /^(meet|improve|go_async)$/, summary: String })
  t.same(body.criteria.map((c: { id: string }) => c.id), ['purpose', 'agenda', 'outcomes', 'participants', 'time_zones', 'duration'])
  const read = await app.inject({ method: 'GET', url: res.headers.location as string, headers: auth })
  t.equal(read.statusCode, 200)
  t.same(read.json(), body)
})

t.test('the design example: facts per zone, reply by Thursday 17:00 in Berlin, cost', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const body = (await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: proposal })).json()
  t.equal(body.verdict, 'meet')
  t.equal(body.timeZones.overlapMinutes, 120)
  t.same(body.timeZones.participants, [
    { email: 'ana@example.com', timeZone: 'Europe/Berlin', localStart: '2026-12-01T17:00:00+01:00', withinWorkingHours: false, minutesOutside: 45, minutesAtNight: 0, minutesLate: 0 },
    { email: 'bo@example.com', timeZone: 'America/New_York', localStart: '2026-12-01T11:00:00-05:00', withinWorkingHours: true, minutesOutside: 0, minutesAtNight: 0, minutesLate: 0 },
    { email: 'cy@example.com', timeZone: 'UTC', localStart: '2026-12-01T16:00:00Z', withinWorkingHours: true, minutesOutside: 0, minutesAtNight: 0, minutesLate: 0 }
  ])
  t.same(body.alternatives.map((a: { kind: string, replyBy: string }) => [a.kind, a.replyBy]), [['decision_doc', '2026-11-26T16:00:00Z']])
  t.same(body.cost, { personHours: 2.25, amount: 180, currency: 'USD', annualPersonHours: 119.25 }, '53 Tuesdays in the 12 months from start')
  t.same(body.assumptions, [
    'bo@example.com: working hours (09:00-17:00 Mon,Tue,Wed,Thu,Fri) and hourly rate (75 USD) from the organisation default',
    'cy@example.com: time zone (UTC), working hours (09:00-17:00 Mon,Tue,Wed,Thu,Fri) and hourly rate (75 USD) from the organisation default'
  ])
})

t.test('preview answers 200 without id and stores nothing', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: proposal })
  t.equal(res.statusCode, 200)
  t.notOk('id' in res.json())
  const list = await app.inject({ method: 'GET', url: '/v1/evaluations', headers: auth })
  t.same(list.json(), { items: [], nextCursor: null })
})

t.test('the same input and asOf give the same output', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const a = (await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: proposal })).json()
  const b = (await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: proposal })).json()
  const { id: _id, createdAt: _createdAt, ...stored } = (await app.inject({ method: 'POST', url: '/v1/evaluations', headers: auth, payload: proposal })).json()
  t.same(a, b)
  t.same(stored, a)
})

t.test('a changed policy changes later evaluations, never stored ones', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const first = (await app.inject({ method: 'POST', url: '/v1/evaluations', headers: auth, payload: proposal })).json()
  const policy = (await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).json()
  await app.inject({ method: 'PUT', url: '/v1/policy', headers: auth, payload: { ...policy, thresholds: { meet: 100, goAsync: 99 } } })
  const later = (await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: proposal })).json()
  t.equal(later.verdict, 'go_async')
  const again = (await app.inject({ method: 'GET', url: `/v1/evaluations/${first.id}`, headers: auth })).json()
  t.same(again, first)
})

t.test('another organisation\'s evaluation is a 404', async t => {
  const app = await build(t)
  const acme = await tenant(app, 'Acme')
  const globex = await tenant(app, 'Globex')
  const created = (await app.inject({ method: 'POST', url: '/v1/evaluations', headers: acme.auth, payload: proposal })).json()
  const res = await app.inject({ method: 'GET', url: `/v1/evaluations/${created.id}`, headers: globex.auth })
  t.equal(res.statusCode, 404)
  t.same(res.json(), { type: '/problems/not-found', title: 'Not Found', status: 404, detail: 'Evaluation was not found' })
  t.same((await app.inject({ method: 'GET', url: '/v1/evaluations', headers: globex.auth })).json().items, [])
})

t.test('bad proposals are 400s naming the field', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const withParticipant = (patch: object) => ({ ...proposal, participants: [proposal.participants[0], { ...proposal.participants[1], ...patch }] })
  const cases: Array<[object, string, string]> = [
    [withParticipant({ timeZone: 'Mars/Olympus' }), '/participants/1/timeZone', 'must be an IANA time zone name such as Europe/Berlin'],
    [withParticipant({ timeZone: 'Nowhere/City' }), '/participants/1/timeZone', 'must be an IANA time zone name such as Europe/Berlin'],
    [withParticipant({ timeZone: 'PST' }), '/participants/1/timeZone', 'must be an IANA time zone name such as Europe/Berlin'],
    [withParticipant({ favouriteColour: 'blue' }), '/participants/1/favouriteColour', 'is not a known field'],
    [withParticipant({ attendance: 'maybe' }), '/participants/1/attendance', 'must be one of "required", "optional"'],
    [{ ...proposal, start: '2026-12-01T16:00:00' }, '/start', 'must be an RFC 3339 date-time with an offset or Z, such as 2026-12-01T16:00:00Z (T between date and time, seconds 00-59)'],
    [{ ...proposal, start: '2016-12-31T23:59:60Z' }, '/start', 'must be an RFC 3339 date-time with an offset or Z, such as 2026-12-01T16:00:00Z (T between date and time, seconds 00-59)'],
    [{ ...proposal, start: '2026-12-01 16:00:00Z' }, '/start', 'must be an RFC 3339 date-time with an offset or Z, such as 2026-12-01T16:00:00Z (T between date and time, seconds 00-59)'],
    [{ ...proposal, asOf: '2026-02-29T10:00:00Z' }, '/asOf', 'must be an RFC 3339 date-time with an offset or Z, such as 2026-12-01T16:00:00Z (T between date and time, seconds 00-59)'],
    [{ ...proposal, start: '0001-01-01T00:00:00Z' }, '/start', 'must lie between 1972-01-01 and 2199-12-31 (UTC)'],
    [{ ...proposal, start: '2200-01-01T00:30:00-01:00' }, '/start', 'must lie between 1972-01-01 and 2199-12-31 (UTC)'],
    [{ ...proposal, asOf: '1971-12-31T23:59:59Z' }, '/asOf', 'must lie between 1972-01-01 and 2199-12-31 (UTC)'],
    [{ ...proposal, agenda: { ...proposal.agenda, sharedAt: '9999-12-31T23:59:59Z' } }, '/agenda/sharedAt', 'must lie between 1972-01-01 and 2199-12-31 (UTC)'],
    [{ ...proposal, durationMinutes: 0 }, '/durationMinutes', 'must be >= 1'],
    [{ ...proposal, durationMinutes: 1441 }, '/durationMinutes', 'must be <= 1440'],
    [{ ...proposal, durationMinutes: '45' }, '/durationMinutes', 'must be integer'],
    [{ ...proposal, participants: [] }, '/participants', 'must not be empty'],
    [{ ...proposal, recurrence: 'FREQ=FORTNIGHTLY' }, '/recurrence', String(/^Invalid RRULE/)],
    [{ ...proposal, recurrence: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' }, '/recurrence', 'Invalid RRULE: no date ever matches its BYMONTH, BYMONTHDAY, BYYEARDAY and BYDAY parts together'],
    [{ ...proposal, recurrence: 'FREQ=MINUTELY' }, '/recurrence', 'Invalid RRULE: FREQ=MINUTELY repeats faster than any meeting series; HOURLY is the most frequent accepted'],
    [{ ...proposal, agendaId: '5f0c6d0e-8a51-4c5e-9d2a-7f3c1e2d4b6a' }, '/agendaId', 'send either agenda or agendaId, not both']
  ]
  for (const [payload, path, message] of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: auth, payload })
    t.equal(res.statusCode, 400, path)
    const errors = res.json().errors
    t.equal(errors?.length, 1, path)
    t.equal(errors?.[0]?.path, path)
    if (message.startsWith('/')) t.match(errors?.[0]?.message, new RegExp(message.slice(2, -1)), path)
    else t.equal(errors?.[0]?.message, message, path)
  }
  t.same((await app.inject({ method: 'GET', url: '/v1/evaluations', headers: auth })).json().items, [], 'nothing stored')
})

t.test('a rule whose INTERVAL never meets its BYDAY from this start answers at once, as a series of one', async t => {
  // 1 December 2026 is a Tuesday: every 7th day is a Tuesday, never a Wednesday (ical.js alone would search forever).
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: { ...proposal, recurrence: 'FREQ=DAILY;INTERVAL=7;BYDAY=WE' } })
  t.equal(res.statusCode, 200)
  t.equal(res.json().cost.annualPersonHours, res.json().cost.personHours)
  const weekly = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: { ...proposal, recurrence: 'FREQ=DAILY;INTERVAL=7;BYDAY=TU' } })
  t.equal(weekly.json().cost.annualPersonHours, 119.25, 'the same rule on the start\'s weekday is weekly')
})

t.test('limits: 200 participants are fine, 201 are not', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const people = Array.from({ length: 201 }, (_, i) => ({ email: `p${i}@example.com`, timeZone: 'Asia/Kolkata' }))
  t.equal((await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: { ...proposal, participants: people.slice(0, 200) } })).statusCode, 200)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: { ...proposal, participants: people } })
  t.equal(res.statusCode, 400)
  t.same(res.json().errors, [{ path: '/participants', message: 'must have at most 200 items' }])
})

t.test('zone links and odd casing are accepted', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const payload = { ...proposal, participants: [{ email: 'a@example.com', timeZone: 'US/Pacific' }, { email: 'b@example.com', timeZone: 'asia/calcutta' }, { email: 'c@example.com', timeZone: 'Europe/Kiev' }] }
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload })
  t.equal(res.statusCode, 200)
  t.same(res.json().timeZones.participants.map((p: { timeZone: string }) => p.timeZone), ['US/Pacific', 'Asia/Calcutta', 'Europe/Kiev'])
})

t.test('an agendaId of no agenda, or of another organisation\'s, is a 404 naming /agendaId', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const other = await tenant(app, 'Other')
  const theirs = await app.inject({ method: 'POST', url: '/v1/agendas', headers: other.auth, payload: { title: 'Theirs', durationMinutes: 30, items: [{ title: 'A', minutes: 10 }] } })
  const { agenda: _agenda, ...rest } = proposal
  for (const agendaId of ['5f0c6d0e-8a51-4c5e-9d2a-7f3c1e2d4b6a', theirs.json().id as string]) {
    const expected = {
      type: '/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: `Agenda ${agendaId} (agendaId) was not found.`,
      errors: [{ path: '/agendaId', message: 'names no agenda of this organisation' }]
    }
    const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: auth, payload: { ...rest, agendaId } })
    t.equal(res.statusCode, 404)
    t.same(res.json(), expected)
    const batch = await app.inject({ method: 'POST', url: '/v1/evaluations/batch', headers: auth, payload: { meetings: [{ ...rest, agendaId }] } })
    t.same(batch.json().results, [{ index: 0, ...expected }], 'a batch item says the same')
  }
})

t.test('the list pages newest first, filters by verdict and time, and refuses foreign cursors', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const asyncOne = { ...proposal, purpose: 'status_update', durationMinutes: 60, outcomes: [], agenda: undefined, recurrence: 'FREQ=WEEKLY', participants: Array.from({ length: 12 }, (_, i) => ({ email: `p${i}@example.com`, timeZone: 'UTC' })) }
  const ids: string[] = []
  for (const payload of [proposal, asyncOne, proposal]) {
    ids.push((await app.inject({ method: 'POST', url: '/v1/evaluations', headers: auth, payload })).json().id)
  }
  const first = (await app.inject({ method: 'GET', url: '/v1/evaluations?limit=2', headers: auth })).json()
  t.same(first.items.map((e: { id: string }) => e.id), [ids[2], ids[1]])
  t.type(first.nextCursor, 'string')
  const second = (await app.inject({ method: 'GET', url: `/v1/evaluations?limit=2&cursor=${first.nextCursor}`, headers: auth })).json()
  t.same(second, { items: [second.items[0]], nextCursor: null })
  t.equal(second.items[0].id, ids[0])
  const goAsync = (await app.inject({ method: 'GET', url: '/v1/evaluations?verdict=go_async', headers: auth })).json()
  t.same(goAsync.items.map((e: { id: string }) => e.id), [ids[1]])
  const future = (await app.inject({ method: 'GET', url: '/v1/evaluations?from=2999-01-01T00:00:00Z', headers: auth })).json()
  t.same(future, { items: [], nextCursor: null })
  const reversed = await app.inject({ method: 'GET', url: '/v1/evaluations?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z', headers: auth })
  t.equal(reversed.statusCode, 400, 'a window ending before it starts is refused, as analytics does')
  t.same(reversed.json().errors, [{ path: '/to', message: 'must not be before from', in: 'querystring' }])
  const bad = await app.inject({ method: 'GET', url: '/v1/evaluations?cursor=bm90LWEtY3Vyc29y', headers: auth })
  t.equal(bad.statusCode, 400)
  t.same(bad.json().errors, [{ path: '/cursor', message: 'is not a cursor this list issued: pass nextCursor of this list unchanged', in: 'querystring' }])
})

t.test('a stored agenda is used through agendaId', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const created = (await app.inject({
    method: 'POST',
    url: '/v1/agendas',
    headers: auth,
    payload: { title: 'Q3 pricing', durationMinutes: 45, items: [{ title: 'Which option fits the budget?', minutes: 15, owner: 'ana@example.com' }, { title: 'Pricing', minutes: 30 }] }
  }))
  t.equal(created.statusCode, 201)
  const { agenda: _agenda, ...rest } = proposal
  const payload = { ...rest, agendaId: created.json().id, asOf: '2199-01-01T00:00:00Z' }
  const body = (await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload })).json()
  const codes = body.criteria.find((c: { id: string }) => c.id === 'agenda').findings.map((f: { code: string }) => f.code)
  t.ok(codes.includes('AGENDA_NO_BUFFER'), 'the stored items (45 minutes) are checked against the 45-minute meeting')
  t.ok(codes.includes('AGENDA_ITEM_NO_OWNER'), 'the item without an owner is found')
  t.notOk(codes.includes('AGENDA_MISSING'))
})

t.test('a stored agenda published after asOf is not shared yet as of then, through agendaId, a batch or its evaluate route', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const hour = 3_600_000
  const meetingStart = new Date(Date.now() + 2 * hour).toISOString()
  const participants = [{ email: 'ana@example.com', timeZone: 'UTC', workingHours: { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] } }]
  const { id } = (await app.inject({
    method: 'POST', url: '/v1/agendas', headers: auth, payload: { title: 'Which option?', meetingStart, durationMinutes: 30, items: [{ title: 'Which option?', minutes: 20, owner: 'ana@example.com' }], participants }
  })).json()
  const { publishedAt } = (await app.inject({ method: 'POST', url: `/v1/agendas/${id}/publish`, headers: auth })).json()
  const lateFindings = (body: { criteria: Array<{ id: string, findings: Array<{ code: string }> }> }) =>
    body.criteria.find(c => c.id === 'agenda')!.findings.filter(f => f.code === 'AGENDA_SHARED_LATE').length
  const said = `agenda: published at ${publishedAt}, after asOf, so not shared yet as of then`
  // Ten days before the meeting it was not published yet: shared then, it would have been in time.
  const before = new Date(Date.now() - 10 * 24 * hour).toISOString()
  const proposal = { title: 'Which option?', purpose: 'decision', start: meetingStart, durationMinutes: 30, participants, agendaId: id, asOf: before }
  const single = (await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: proposal })).json()
  t.equal(lateFindings(single), 0)
  t.ok(single.assumptions.includes(said), single.assumptions.join('; '))
  const batch = (await app.inject({ method: 'POST', url: '/v1/evaluations/batch?store=false', headers: auth, payload: { meetings: [proposal] } })).json()
  const { index: _, ...item } = batch.results[0]
  t.same(item, single, 'a batch judges it alike')
  const evaluated = (await app.inject({ method: 'POST', url: `/v1/agendas/${id}/evaluate`, headers: auth, payload: { purpose: 'decision', asOf: before } })).json()
  t.equal(lateFindings(evaluated), 0)
  t.ok(evaluated.assumptions.includes(said), evaluated.assumptions.join('; '))
  // As of now it was published two hours ahead: late.
  const now = (await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: { ...proposal, asOf: undefined } })).json()
  t.equal(lateFindings(now), 1)
  t.notOk(now.assumptions.some((a: string) => a.startsWith('agenda: published')))
})

t.test('a participant listed twice in a JSON proposal is one, required if either listing is, said under assumptions, alone and in a batch', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const [ana, ...others] = proposal.participants
  const payload = { ...proposal, participants: [{ ...ana!, attendance: 'optional' }, ...others, { email: ana!.email.toUpperCase(), attendance: 'required' }] }
  const said = `${ana!.email}: listed twice (participants 0 and ${others.length + 1}); counted once, as required (one listing is)`
  const once = (await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: { ...proposal, participants: [{ ...ana!, attendance: 'required' }, ...others] } })).json()
  const preview = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload })
  t.equal(preview.statusCode, 200)
  t.ok(preview.json().assumptions.includes(said), preview.json().assumptions.join('\n'))
  t.same({ ...preview.json(), assumptions: [] }, { ...once, assumptions: [] }, 'scored as the one required listing')
  const batch = await app.inject({ method: 'POST', url: '/v1/evaluations/batch?store=false', headers: auth, payload: { meetings: [payload] } })
  t.ok(batch.json().results[0].assumptions.includes(said))
})

t.test('a suggested slot says who would still be outside working hours in it, stored and read back alike', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const payload = {
    title: 'Weekly sync',
    start: '2026-12-02T17:00:00Z',
    durationMinutes: 60,
    timeZone: 'America/Los_Angeles',
    asOf: '2026-11-25T10:00:00Z',
    participants: [
      { email: 'la@example.com', timeZone: 'America/Los_Angeles' },
      { email: 'london@example.com', timeZone: 'Europe/London' },
      { email: 'sydney@example.com', timeZone: 'Australia/Sydney' },
      { email: 'kolkata@example.com', timeZone: 'Asia/Kolkata', attendance: 'optional' }
    ]
  }
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: auth, payload })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.same(body.timeZones.suggestedSlots[0], {
    start: '2026-12-02T22:00:00Z',
    end: '2026-12-02T23:00:00Z',
    score: 0.6,
    outsideHours: [{ email: 'london@example.com', minutes: 60 }, { email: 'kolkata@example.com', minutes: 60 }]
  }, 'Los Angeles 14:00 and Sydney 09:00 inside; London 22:00 and Kolkata 03:30 outside')
  t.equal(body.recommendations.find((r: { code: string }) => r.code === 'MOVE_TO_SUGGESTED_SLOT')?.message,
    'Move the meeting to 2026-12-02T22:00:00Z - 2026-12-02T23:00:00Z, the slot that fits everyone\'s working hours best ' +
    '(still outside them: london@example.com 60 minutes and kolkata@example.com 60 minutes).')
  const read = await app.inject({ method: 'GET', url: res.headers.location as string, headers: auth })
  t.same(read.json().timeZones.suggestedSlots, body.timeZones.suggestedSlots)
})
