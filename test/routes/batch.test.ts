// POST /v1/evaluations/batch with JSON and text/calendar bodies: order, partial failures, limits, store=false.
import t from 'tap'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { rows } from '../../src/db/client.js'
import { EXAMPLE_PROPOSAL } from '../../src/schemas/proposal.js'
import { build, tenant } from '../helper.js'

// The machine running the tests is shared: no load shedding (503) while a batch is scored.
const QUIET = { MAX_EVENT_LOOP_DELAY: '0' }

const URL = '/v1/evaluations/batch'

/** A light proposal: one participant, `minutes` long. */
const small = (minutes: number, title = `Sync ${minutes}`) => ({
  title,
  start: '2026-12-01T15:00:00Z',
  durationMinutes: minutes,
  participants: [{ email: 'ana@example.com', timeZone: 'Europe/Berlin' }],
  asOf: '2026-11-25T10:00:00Z'
})

async function stored (app: FastifyInstance): Promise<number> {
  const [row] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from evaluations`)
  return Number(row!.n)
}

t.test('results come in input order, each equal to the single evaluation of its meeting plus index', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const meetings = [small(45), small(15), EXAMPLE_PROPOSAL, small(30)]
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: auth, payload: { meetings } })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  const { results } = res.json()
  t.same(results.map((r: { index: number }) => r.index), [0, 1, 2, 3])
  for (const [i, meeting] of meetings.entries()) {
    const single = (await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: meeting })).json()
    t.same(results[i], { index: i, ...single }, `result ${i}`)
  }
})

t.test('a bad zone in one meeting gives that meeting a 400 problem; the others are evaluated and stored', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const bad = small(30, 'Bad zone')
  bad.participants[0]!.timeZone = 'Mars/Olympus_Mons'
  const res = await app.inject({ method: 'POST', url: URL, headers: auth, payload: { meetings: [small(15), small(45), bad, small(60)] } })
  t.equal(res.statusCode, 200)
  const { results } = res.json()
  t.same(results[2], {
    index: 2,
    type: '/problems/validation-error',
    title: 'Bad Request',
    status: 400,
    detail: 'One field is invalid: /participants/0/timeZone must be an IANA time zone name such as Europe/Berlin',
    errors: [{ path: '/participants/0/timeZone', message: 'must be an IANA time zone name such as Europe/Berlin' }]
  })
  const ok = results.filter((r: { index: number }) => r.index !== 2)
  t.same(ok.map((r: { index: number, cost: { personHours: number } }) => [r.index, r.cost.personHours]), [[0, 0.25], [1, 0.75], [3, 1]])
  for (const r of ok) {
    const read = await app.inject({ method: 'GET', url: `/v1/evaluations/${r.id}`, headers: auth })
    const { index: _index, ...evaluation } = r
    t.same(read.json(), evaluation, `stored ${r.index}`)
  }
  t.equal(await stored(app), 3)
})

t.test('items that are not proposals, unknown item fields and NUL characters are per-item problems', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: auth, payload: { meetings: [7, { ...small(30), colour: 'red' }, small(30, 'a\u0000b'), small(30), { ...small(30, 'x\ud800'), colour: 'red' }] } })
  t.equal(res.statusCode, 200)
  const { results } = res.json()
  t.same(results.slice(0, 3).map((r: { index: number, status: number, errors: unknown }) => [r.index, r.status, r.errors]), [
    [0, 400, [{ path: '', message: 'must be object' }]],
    [1, 400, [{ path: '/colour', message: 'is not a known field' }]],
    [2, 400, [{ path: '/title', message: 'contains U+0000, which cannot be stored' }]]
  ])
  t.match(results[3], { index: 3, verdict: String, score: Number })
  t.same(results[4].errors, [
    { path: '/title', message: 'contains a lone UTF-16 surrogate (e.g. "\\ud800" without its pair), which is not a character and cannot be stored' },
    { path: '/colour', message: 'is not a known field' }
  ], 'a string that cannot be stored is named with the item\'s other invalid fields')
})

t.test('unknown top-level fields and a missing meetings list reject the whole request with 400', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const extra = await app.inject({ method: 'POST', url: URL, headers: auth, payload: { meetings: [small(30)], dryRun: true } })
  t.equal(extra.statusCode, 400)
  t.match(extra.json(), { status: 400, errors: [{ path: '/dryRun', message: 'is not a known field' }] })
  const missing = await app.inject({ method: 'POST', url: URL, headers: auth, payload: {} })
  t.equal(missing.statusCode, 400)
  t.match(missing.json(), { errors: [{ path: '/meetings', message: 'is required' }] })
  t.equal(await stored(app), 0)
})

t.test('1000 meetings are evaluated and stored with one request', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const meetings = Array.from({ length: 1000 }, (_, i) => small(15 + (i % 4) * 15))
  const res = await app.inject({ method: 'POST', url: URL, headers: auth, payload: { meetings } })
  t.equal(res.statusCode, 200)
  const { results } = res.json()
  t.equal(results.length, 1000)
  t.ok(results.every((r: { index: number, id?: string }, i: number) => r.index === i && typeof r.id === 'string'), 'every result stored, in order')
  t.equal(await stored(app), 1000)
})

t.test('1001 meetings are refused with a 413 problem naming the limit and NDJSON', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: URL, headers: auth, payload: { meetings: Array.from({ length: 1001 }, () => small(30)) } })
  t.equal(res.statusCode, 413)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.same(res.json(), {
    type: '/problems/payload-too-large',
    title: 'Payload Too Large',
    status: 413,
    detail: 'The batch holds 1001 meetings; at most 1000 are accepted in one request. ' +
      'Send any number of meetings as NDJSON (Content-Type: application/x-ndjson, one proposal per line) instead.'
  })
  t.equal(await stored(app), 0)
})

t.test('more than 20,000 participants in all are refused with a 413 before anything is scored; NDJSON takes them', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const crowd = (n: number) => ({ ...small(30), participants: Array.from({ length: n }, (_, i) => ({ email: `p${i}@example.com`, timeZone: 'UTC' })) })
  const meetings = [...Array.from({ length: 100 }, () => crowd(200)), crowd(1)]
  const res = await app.inject({ method: 'POST', url: URL, headers: auth, payload: { meetings } })
  t.equal(res.statusCode, 413)
  t.equal(res.json().detail, 'The batch lists 20001 participants in all; at most 20000 are accepted in one request. ' +
    'Send any number of meetings as NDJSON (Content-Type: application/x-ndjson, one proposal per line) instead.')
  t.equal(await stored(app), 0)
  const events = Array.from({ length: 3 }, (_, e) => ['BEGIN:VEVENT', `UID:e${e}`, 'DTSTART:20261201T150000Z', 'DURATION:PT30M', 'SUMMARY:Crowd',
    ...Array.from({ length: 7000 }, (_, i) => `ATTENDEE:mailto:p${i}@example.com`), 'END:VEVENT'].join('\r\n'))
  const calendar = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tests//EN', ...events, 'END:VCALENDAR', ''].join('\r\n')
  const ics = await app.inject({ method: 'POST', url: URL, headers: { ...auth, 'content-type': 'text/calendar' }, payload: calendar })
  t.equal(ics.statusCode, 413)
  t.match(ics.json().detail, /^The batch lists 2100\d participants in all; at most 20000/)
  const fits = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: auth, payload: { meetings: meetings.slice(0, 100) } })
  t.equal(fits.statusCode, 200, '20,000 are accepted')
  t.equal(fits.json().results.length, 100)
})

t.test('store=false evaluates without ids and stores nothing', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: auth, payload: { meetings: [small(30), small(60)] } })
  t.equal(res.statusCode, 200)
  t.same(res.json().results.map((r: object) => ['id' in r, 'createdAt' in r]), [[false, false], [false, false]])
  const list = await app.inject({ method: 'GET', url: '/v1/evaluations', headers: auth })
  t.same(list.json(), { items: [], nextCursor: null })
})

const event = (uid: string, summary: string, start: string, attendees: string[]) => [
  'BEGIN:VEVENT', `UID:${uid}`, `SUMMARY:${summary}`, `DTSTART;TZID=Europe/Berlin:${start}`, 'DURATION:PT30M',
  ...attendees.map(a => `ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:${a}`), 'END:VEVENT'
]

t.test('text/calendar with several VEVENTs answers one result per event, in file order, stored', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
    ...event('a@x', 'Pick the vendor', '20261201T100000', ['ana@example.com', 'bo@example.com']),
    ...event('b@x', 'Weekly status update', '20261202T110000', ['ana@example.com']),
    ...event('c@x', 'Plan the launch', '20261203T120000', ['ana@example.com', 'bo@example.com', 'cy@example.com']),
    'END:VCALENDAR', ''].join('\r\n')
  const res = await app.inject({ method: 'POST', url: URL, headers: { ...auth, 'content-type': 'text/calendar' }, payload: ics })
  t.equal(res.statusCode, 200)
  const { results } = res.json()
  t.same(results.map((r: { index: number, cost: { personHours: number }, timeZones: { participants: unknown[] } }) =>
    [r.index, r.cost.personHours, r.timeZones.participants.length]), [[0, 1, 2], [1, 0.5, 1], [2, 1.5, 3]])
  t.ok(results.every((r: { id?: string }) => typeof r.id === 'string'))
  t.equal(await stored(app), 3)
})

t.test('an unreadable VEVENT gets its own problem and the other events are evaluated', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
    ...event('a@x', 'Pick the vendor', '20261201T100000', ['ana@example.com', 'bo@example.com']),
    'BEGIN:VEVENT', 'UID:b@x', 'SUMMARY:No start', 'DURATION:PT30M', 'ATTENDEE:mailto:ana@example.com', 'END:VEVENT',
    ...event('c@x', 'Plan the launch', '20261203T120000', ['ana@example.com', 'bo@example.com', 'cy@example.com']),
    'END:VCALENDAR', ''].join('\r\n')
  const res = await app.inject({ method: 'POST', url: URL, headers: { ...auth, 'content-type': 'text/calendar' }, payload: ics })
  t.equal(res.statusCode, 200)
  const { results } = res.json()
  t.equal(results.length, 3)
  t.match(results[0], { index: 0, id: String, verdict: String })
  t.same(Object.keys(results[1]).sort(), ['detail', 'index', 'status', 'title', 'type'])
  t.match(results[1], { index: 1, status: 400, detail: 'VEVENT 2 (UID b@x): The event has no DTSTART: a meeting needs a start.' })
  t.match(results[2], { index: 2, id: String, verdict: String })
  t.equal(await stored(app), 2)
})

t.test('a single-event route still refuses the whole body when its event cannot be read', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
    'BEGIN:VEVENT', 'UID:b@x', 'SUMMARY:No start', 'DURATION:PT30M', 'ATTENDEE:mailto:ana@example.com', 'END:VEVENT',
    'END:VCALENDAR', ''].join('\r\n')
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, 'content-type': 'text/calendar' }, payload: ics })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { status: 400, detail: /no DTSTART/ })
})

t.test('an unreadable calendar is a 400 problem for the request', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: URL, headers: { ...auth, 'content-type': 'text/calendar' }, payload: 'hello' })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { status: 400, detail: /BEGIN:VCALENDAR/ })
})

t.test('the batch route needs an API key', async t => {
  const app = await build(t, QUIET)
  const res = await app.inject({ method: 'POST', url: URL, payload: { meetings: [small(30)] } })
  t.equal(res.statusCode, 401)
})

const calendarOf = (events: string[][]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events.flat(), 'END:VCALENDAR', ''].join('\r\n')
const override = (uid: string, start: string) => [
  'BEGIN:VEVENT', `UID:${uid}`, `RECURRENCE-ID;TZID=Europe/Berlin:${start}`, `DTSTART;TZID=Europe/Berlin:${start}`, 'DURATION:PT30M', 'END:VEVENT'
]

t.test('a calendar of 1001 events is a 413 before it is parsed; changed occurrences do not count as events', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'content-type': 'text/calendar' }
  const many = Array.from({ length: 1001 }, (_, i) => event(`e${i}`, 'Sync', '20261201T100000', ['ana@example.com']))
  const over = await app.inject({ method: 'POST', url: URL, headers, payload: calendarOf(many) })
  t.equal(over.statusCode, 413)
  t.equal(over.json().detail, 'The batch holds 1001 events; at most 1000 are accepted in one request. ' +
    'Send any number of meetings as NDJSON (Content-Type: application/x-ndjson, one proposal per line) instead.')
  t.equal(await stored(app), 0)

  // The 1001st VEVENT changes one occurrence of the first series: 1000 events, all evaluated.
  const series = [...many.slice(0, 1000), override('e0', '20261208T100000')]
  const fits = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers, payload: calendarOf(series) })
  t.equal(fits.statusCode, 200)
  t.equal(fits.json().results.length, 1000)
})

t.test('more than ten times the limit in VEVENTs is a 413 even when most change occurrences', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const changes = Array.from({ length: 10_000 }, (_, i) => override('series', `2027${String(1 + (i % 12)).padStart(2, '0')}01T100000`))
  const res = await app.inject({
    method: 'POST', url: URL, headers: { ...auth, 'content-type': 'text/calendar' }, payload: calendarOf([event('series', 'Weekly', '20261201T100000', ['ana@example.com']), ...changes])
  })
  t.equal(res.statusCode, 413)
  t.match(res.json().detail, /^The batch holds 10001 VEVENTs \(changed occurrences included\); at most 10000 are accepted in one request\./)
})
