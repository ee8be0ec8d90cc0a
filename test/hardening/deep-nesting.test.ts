// JSON nested far deeper than the call stack (JSON.parse accepts it) is never a 500: a batch item nested so is a 400 for
// that item (the U+0000 check walked it recursively and threw RangeError, failing a whole NDJSON chunk), and a calendar
// event keeping such a field is fingerprinted for its Idempotency-Key (that walk was recursive too).
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { sql } from 'drizzle-orm'
import { rows } from '../../src/db/client.js'
import { build, tenant } from '../helper.js'

const QUIET = { MAX_EVENT_LOOP_DELAY: '0' }
const DEPTH = 100_000
const deepTitle = `{"title":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`

const meeting = (i: number) => ({
  title: `Sync ${i}`,
  start: '2026-12-01T15:00:00Z',
  durationMinutes: 30,
  participants: [{ email: 'ana@example.com', timeZone: 'Europe/Berlin' }],
  asOf: '2026-11-25T10:00:00Z'
})

t.test('an NDJSON line nested 100,000 deep gets its own problem line and its neighbours are stored', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const lines = Array.from({ length: 300 }, (_, i) => i === 150 ? deepTitle : JSON.stringify(meeting(i)))
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/batch', headers: { ...auth, 'content-type': 'application/x-ndjson' }, payload: lines.join('\n') })
  t.equal(res.statusCode, 200)
  const answers = res.body.trimEnd().split('\n').map(line => JSON.parse(line) as { index: number, status?: number, verdict?: string })
  t.same(answers.map(a => a.index), lines.map((_, i) => i), 'one answer per line, in order')
  t.same(answers.filter(a => a.verdict === undefined).map(a => [a.index, a.status]), [[150, 400]], 'only the deep line is a problem')
  const [row] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from evaluations`)
  t.equal(Number(row!.n), 299)
})

t.test('a JSON batch item nested 100,000 deep is a per-item 400; a single proposal is a 400', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const payload = `{"meetings":[${JSON.stringify(meeting(0))},${deepTitle}]}`
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/batch?store=false', headers: { ...auth, 'content-type': 'application/json' }, payload })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { results: [{ index: 0, verdict: String }, { index: 1, status: 400, type: '/problems/validation-error' }] })
  const single = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, 'content-type': 'application/json' }, payload: deepTitle })
  t.equal(single.statusCode, 400)
  t.equal(single.headers['content-type'], 'application/problem+json; charset=utf-8')
})

t.test('a calendar event keeping a field nested 100,000 deep is fingerprinted for its Idempotency-Key (it was a 500)', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const event = JSON.parse(await readFile(new URL('../fixtures/calendar/microsoft-event.json', import.meta.url), 'utf8')) as object
  const payload = JSON.stringify(event).replace(/}$/, `,"extra":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`)
  const headers = { ...auth, 'content-type': 'application/json', 'idempotency-key': 'deep-1' }
  const first = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft', headers, payload })
  t.equal(first.statusCode, 201)
  const again = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft', headers, payload })
  t.equal(again.statusCode, 201)
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(again.json().id, first.json().id)
})
