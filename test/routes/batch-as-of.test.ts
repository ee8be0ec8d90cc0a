// ?asOf= on POST /v1/evaluations/batch: the moment of evaluation of every JSON and NDJSON meeting without its own asOf.
import t from 'tap'
import { build, tenant } from '../helper.js'

const QUIET = { MAX_EVENT_LOOP_DELAY: '0' }
const URL = '/v1/evaluations/batch'
const NDJSON = { 'content-type': 'application/x-ndjson' }
const AS_OF = '2026-11-25T10:00:00Z'

const meeting = (title: string, asOf?: string) => ({
  title,
  start: '2026-12-01T15:00:00Z',
  durationMinutes: 30,
  participants: [{ email: 'ana@example.com', timeZone: 'Europe/Berlin' }, { email: 'bo@example.com', timeZone: 'America/New_York' }],
  ...(asOf === undefined ? {} : { asOf })
})

type Result = { index: number, id?: string, createdAt?: string, meeting: { asOf: string }, alternatives: Array<{ replyBy?: string }> }

t.test('a JSON batch\'s ?asOf= is the asOf of each meeting without one; a meeting\'s own asOf wins; the stored meeting shows the asOf used', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const payload = { meetings: [meeting('Default'), meeting('Own', '2026-11-27T10:00:00Z')] }
  const res = await app.inject({ method: 'POST', url: `${URL}?asOf=${AS_OF}`, headers: auth, payload })
  t.equal(res.statusCode, 200, res.body)
  const [first, second] = res.json().results as Result[]
  t.equal(first!.meeting.asOf, AS_OF)
  t.equal(second!.meeting.asOf, '2026-11-27T10:00:00Z', 'the meeting\'s own asOf')
  // The same answer as the meeting sent alone with that asOf in its body.
  const alone = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: meeting('Default', AS_OF) })
  const { index, id, createdAt, ...evaluation } = first!
  t.same(evaluation, alone.json())
  t.not(second!.alternatives[0]!.replyBy, first!.alternatives[0]!.replyBy, 'the reply-by counts from each meeting\'s asOf')
  const got = await app.inject({ method: 'GET', url: `/v1/evaluations/${id!}`, headers: auth })
  t.equal(got.json().meeting.asOf, AS_OF, 'stored with the asOf used: sent back, it gives the same answer')
  // Sent back: the meeting with the stored meeting's asOf gives the same evaluation.
  const again = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: auth, payload: { meetings: [meeting('Default', got.json().meeting.asOf)] } })
  t.same(again.json().results[0], { index: 0, ...evaluation })
})

t.test('an NDJSON batch\'s ?asOf= is the asOf of each line without one, streamed line by line', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const body = `${JSON.stringify(meeting('Default'))}\n${JSON.stringify(meeting('Own', '2026-11-27T10:00:00Z'))}\n{"title":"Broken"}\n`
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false&asOf=${AS_OF}`, headers: { ...auth, ...NDJSON }, payload: body })
  t.equal(res.statusCode, 200, res.body)
  t.equal(res.headers['content-type'], 'application/x-ndjson')
  const lines = res.body.trimEnd().split('\n').map(line => JSON.parse(line) as Result & { status?: number, errors?: unknown[] })
  t.same(lines.map(l => l.meeting?.asOf), [AS_OF, '2026-11-27T10:00:00Z', undefined])
  t.match(lines[2], { index: 2, status: 400, errors: [{ path: '/start', message: 'is required' }, { path: '/durationMinutes', message: 'is required' }, { path: '/participants', message: 'is required' }] }, 'a bad line is still its own problem')
  t.notOk(JSON.stringify(lines[2]).includes('asOf'), 'no problem about the asOf it was given')
  const json = await app.inject({ method: 'POST', url: `${URL}?store=false&asOf=${AS_OF}`, headers: auth, payload: { meetings: [meeting('Default')] } })
  t.same(lines[0], json.json().results[0], 'as the same meeting in a JSON batch')
})

t.test('a batch\'s ?asOf= is checked as a calendar\'s: an RFC 3339 instant between 1972 and 2199, whatever the body', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const payload = { meetings: [meeting('Default')] }
  const early = await app.inject({ method: 'POST', url: `${URL}?asOf=2200-01-01T00:00:00Z`, headers: auth, payload })
  t.equal(early.statusCode, 400)
  t.same(early.json(), {
    type: '/problems/validation-error',
    title: 'Bad Request',
    status: 400,
    detail: 'The query string is invalid: /asOf must lie between 1972-01-01 and 2199-12-31 (UTC)',
    errors: [{ path: '/asOf', message: 'must lie between 1972-01-01 and 2199-12-31 (UTC)', in: 'querystring' }]
  })
  const ndjson = await app.inject({ method: 'POST', url: `${URL}?asOf=2026-11-25`, headers: { ...auth, ...NDJSON }, payload: `${JSON.stringify(meeting('Default'))}\n` })
  t.equal(ndjson.statusCode, 400)
  t.equal(ndjson.headers['content-type'], 'application/problem+json; charset=utf-8', 'refused before any line is answered')
  t.match(ndjson.json(), { errors: [{ path: '/asOf', message: /must be an RFC 3339 date-time/, in: 'querystring' }] })
})

t.test('the same JSON batch and Idempotency-Key with another ?asOf= is a 422, not the first answer replayed', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'as-of-1' }
  const payload = { meetings: [meeting('Default')] }
  const first = await app.inject({ method: 'POST', url: `${URL}?asOf=${AS_OF}`, headers, payload })
  t.equal(first.statusCode, 200)
  const again = await app.inject({ method: 'POST', url: `${URL}?asOf=${AS_OF}`, headers, payload })
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(again.body, first.body)
  for (const url of [`${URL}?asOf=2026-11-27T10:00:00Z`, URL]) {
    const other = await app.inject({ method: 'POST', url, headers, payload })
    t.equal(other.statusCode, 422, url)
    t.not(other.headers['idempotent-replayed'], 'true', url)
  }
})
