// JSON nested far deeper than the call stack (JSON.parse accepts it) is a 400 for its item, never a 500: the U+0000
// check walked it recursively and threw RangeError, which failed a whole NDJSON chunk of up to 100 good meetings.
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
