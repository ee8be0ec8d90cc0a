// POST /v1/evaluations/batch with NDJSON: a line per input line, problem lines that do not stop the stream, 5,000 lines end to end.
import { once } from 'node:events'
import { request, type IncomingMessage } from 'node:http'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import t from 'tap'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { rows } from '../../src/db/client.js'
import { bodyAjv } from '../../src/plugins/validation.js'
import { build, tenant } from '../helper.js'

// The machine running the tests is shared: no load shedding (503) while a batch is scored.
const QUIET = { MAX_EVENT_LOOP_DELAY: '0' }

const URL = '/v1/evaluations/batch'
const NDJSON = { 'content-type': 'application/x-ndjson' }

const small = (minutes: number, zone = 'Europe/Berlin') => ({
  title: `Sync ${minutes}`,
  start: '2026-12-01T15:00:00Z',
  durationMinutes: minutes,
  participants: [{ email: 'ana@example.com', timeZone: zone }],
  asOf: '2026-11-25T10:00:00Z'
})

async function stored (app: FastifyInstance): Promise<number> {
  const [row] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from evaluations`)
  return Number(row!.n)
}

const parseLines = (body: string) => {
  t.equal(body.at(-1), '\n', 'the answer ends with a newline')
  return body.slice(0, -1).split('\n').map(line => JSON.parse(line))
}

t.test('a line that is not UTF-8 gets a problem line instead of being stored with U+FFFD in place of its bytes', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const broken = Buffer.from(JSON.stringify(small(30)).replace('Sync 30', 'Sync \u0001'))
  broken[broken.indexOf(1)] = 0xff
  const payload = Buffer.concat([broken, Buffer.from('\n'), Buffer.from(JSON.stringify(small(45)))])
  const res = await app.inject({ method: 'POST', url: URL, headers: { ...auth, ...NDJSON }, payload })
  const lines = parseLines(res.body)
  t.same(lines[0], { index: 0, type: '/problems/invalid-json', title: 'Bad Request', status: 400, detail: 'The line is not valid UTF-8, which JSON requires (RFC 8259 section 8.1).' })
  t.match(lines[1], { index: 1, id: String })
  t.equal(await stored(app), 1, 'only the readable line is stored')
})

t.test('a malformed line gets a problem line, blank lines are skipped, the stream goes on', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const body = [JSON.stringify(small(30)), '', '{"title": "cut', '   ', JSON.stringify(small(45, 'Mars/Base')), `${JSON.stringify(small(60))}\r`].join('\n')
  const res = await app.inject({ method: 'POST', url: URL, headers: { ...auth, ...NDJSON }, payload: body })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/x-ndjson')
  const lines = parseLines(res.body)
  t.same(lines.map(l => l.index), [0, 1, 2, 3])
  t.match(lines[0], { index: 0, id: String, verdict: String, cost: { personHours: 0.5 } })
  t.match(lines[1], { type: '/problems/invalid-json', title: 'Bad Request', status: 400, detail: /^The line is not valid JSON: / })
  t.same(Object.keys(lines[1]), ['index', 'type', 'title', 'status', 'detail'])
  t.same(lines[2], {
    index: 2,
    type: '/problems/validation-error',
    title: 'Bad Request',
    status: 400,
    detail: 'One field is invalid: /participants/0/timeZone must be an IANA time zone name such as Europe/Berlin',
    errors: [{ path: '/participants/0/timeZone', message: 'must be an IANA time zone name such as Europe/Berlin' }]
  })
  t.match(lines[3], { index: 3, id: String, cost: { personHours: 1 } })
  t.equal(await stored(app), 2)
})

t.test('each NDJSON line equals the JSON batch result for the same meeting', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const meetings = [small(30), small(90, 'Asia/Tokyo')]
  const json = (await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: auth, payload: { meetings } })).json()
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: { ...auth, ...NDJSON }, payload: meetings.map(m => JSON.stringify(m)).join('\n') })
  t.same(parseLines(res.body), json.results)
  t.equal(await stored(app), 0)
})

t.test('a line over 1 MB gets a 413 problem line and the next line is still evaluated', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const huge = JSON.stringify({ ...small(30), description: 'x'.repeat(1_048_576) })
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: { ...auth, ...NDJSON }, payload: Readable.from([huge.slice(0, 500_000), huge.slice(500_000), '\n', JSON.stringify(small(15))]) })
  t.equal(res.statusCode, 200)
  const lines = parseLines(res.body)
  t.same(lines[0], { index: 0, type: '/problems/payload-too-large', title: 'Payload Too Large', status: 413, detail: 'The line is longer than 1048576 bytes; it was skipped.' })
  t.match(lines[1], { index: 1, cost: { personHours: 0.25 } })
  t.equal(lines.length, 2)
})

t.test('a blank line over 1 MB (only spaces, tabs or CR) is skipped like any blank line, so it takes no index', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const blank = ' '.repeat(700_000) + '\t'.repeat(700_000) + '\r'
  const payload = Readable.from([JSON.stringify(small(30)), '\n', blank.slice(0, 600_000), blank.slice(600_000), '\n', JSON.stringify(small(15)), '\n', blank])
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: { ...auth, ...NDJSON }, payload })
  t.equal(res.statusCode, 200)
  const lines = parseLines(res.body)
  t.same(lines.map(l => [l.index, l.cost?.personHours]), [[0, 0.5], [1, 0.25]])
})

t.test('an empty NDJSON body answers 200 with no lines', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: URL, headers: { ...auth, ...NDJSON }, payload: '\n\n' })
  t.equal(res.statusCode, 200)
  t.equal(res.body, '')
})

t.test('stored lines are the stored evaluations: each id reads back the same document and timestamp', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const payload = [small(30), small(45, 'Asia/Kolkata'), small(60, 'America/St_Johns')].map(m => JSON.stringify(m)).join('\n')
  const lines = parseLines((await app.inject({ method: 'POST', url: URL, headers: { ...auth, ...NDJSON }, payload })).body)
  t.equal(lines.length, 3)
  for (const { index, ...line } of lines) {
    const res = await app.inject({ method: 'GET', url: `/v1/evaluations/${line.id as string}`, headers: auth })
    t.equal(res.statusCode, 200, `line ${index as number} is stored`)
    t.same(res.json(), line, `line ${index as number} is the stored document`)
  }
  const listed = (await app.inject({ method: 'GET', url: '/v1/evaluations', headers: auth })).json()
  t.same(new Set(listed.items.map((i: { id: string }) => i.id)), new Set(lines.map(l => l.id)))
})

t.test('a chunk whose insert fails answers 500 problems for its lines only; the other chunks are stored', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const db = app.database.db
  await db.execute(sql.raw(`create or replace function refuse_doomed() returns trigger language plpgsql as $$
    begin if new.title = 'doomed' then raise exception 'refused by the test'; end if; return new; end $$`))
  await db.execute(sql.raw('create trigger refuse_doomed before insert on evaluations for each row execute function refuse_doomed()'))
  t.teardown(async () => {
    await db.execute(sql.raw('drop trigger if exists refuse_doomed on evaluations'))
    await db.execute(sql.raw('drop function if exists refuse_doomed()'))
  })
  // Chunks hold 100 lines: the doomed meeting sinks lines 100-199 (one insert, one transaction).
  const meetings = Array.from({ length: 250 }, (_, i) => i === 150 ? { ...small(30), title: 'doomed' } : small(15 + (i % 6) * 15))
  const res = await app.inject({ method: 'POST', url: URL, headers: { ...auth, ...NDJSON }, payload: meetings.map(m => JSON.stringify(m)).join('\n') })
  t.equal(res.statusCode, 200)
  const lines = parseLines(res.body)
  t.same(lines.map(l => l.index), meetings.map((_, i) => i))
  t.ok(lines.every((l, i) => (i >= 100 && i < 200) ? l.status === 500 && l.id === undefined : typeof l.id === 'string'), 'lines 100-199 are problems, the rest evaluations')
  t.same(lines[120], { index: 120, type: '/problems/internal-error', title: 'Internal Server Error', status: 500, detail: 'An unexpected error occurred while evaluating this meeting. The request id identifies it in our logs.' })
  t.equal(await stored(app), 150)
})

/** Streams `count` meetings over a real socket and returns the answer lines as they arrive. */
function streamOver (port: number, auth: Record<string, string>, count: number): Promise<{ status: number, type: string, lines: string[] }> {
  async function * body (): AsyncGenerator<string> {
    for (let i = 0; i < count; i += 100) {
      yield Array.from({ length: Math.min(100, count - i) }, (_, j) => `${JSON.stringify(small(15 + ((i + j) % 6) * 15))}\n`).join('')
    }
  }
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path: URL, method: 'POST', headers: { ...auth, ...NDJSON } }, res => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => { text += chunk })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), lines: text.split('\n').filter(l => l !== '') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    Readable.from(body()).pipe(req)
  })
}

t.test('5,000 lines end to end over a socket: 5,000 answer lines, indexes in order, all stored', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const { status, type, lines } = await streamOver(port, auth, 5000)
  t.equal(status, 200)
  t.equal(type, 'application/x-ndjson')
  t.equal(lines.length, 5000)
  const parsed = lines.map(l => JSON.parse(l) as { index: number, id?: string, cost?: { personHours: number } })
  t.ok(parsed.every((r, i) => r.index === i), 'indexes 0..4999 in order')
  t.ok(parsed.every((r, i) => typeof r.id === 'string' && r.cost?.personHours === (15 + (i % 6) * 15) / 60), 'each line is the stored evaluation of its meeting')
  t.equal(await stored(app), 5000)
})

t.test('a sender that waits for each answer gets it: what was read is answered when the input pauses', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const req = request({ port, host: '127.0.0.1', path: URL, method: 'POST', headers: { ...auth, ...NDJSON } })
  const responded = once(req, 'response') as Promise<[IncomingMessage]>
  req.write(`${JSON.stringify(small(30))}\n`)
  const [res] = await responded
  t.equal(res.statusCode, 200)
  const answers = createInterface({ input: res })[Symbol.asyncIterator]()
  const answer = async (): Promise<Record<string, unknown>> => JSON.parse(String((await answers.next()).value)) as Record<string, unknown>

  t.match(await answer(), { index: 0, cost: { personHours: 0.5 } }, 'the first line is answered while the request is still open')
  t.equal(await stored(app), 1, 'and stored before it is answered')
  req.write('{"title": \n')
  t.match(await answer(), { index: 1, status: 400, type: '/problems/invalid-json' }, 'a malformed line too')
  const lines = Array.from({ length: 150 }, (_, i) => `${JSON.stringify(small(15 + (i % 6) * 15))}\n`).join('')
  req.write(lines)
  for (let i = 0; i < 150; i++) {
    const line = await answer()
    if (line.index !== 2 + i) t.fail(`line ${i} answered as index ${String(line.index)}`)
  }
  t.pass('150 lines sent at once (more than a chunk) are all answered, in order, before the request ends')
  req.end()
  t.equal((await answers.next()).done, true, 'the answer ends with the request')
  t.equal(await stored(app), 151)
})

t.test('every NDJSON line matches the line schema the OpenAPI document gives (x-itemSchema), stored, previewed or a problem', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  await app.ready()
  const doc = app.swagger() as { paths: Record<string, { post: { responses: Record<string, { content: Record<string, { 'x-itemSchema'?: object }> }> } }> }
  const lineSchema = doc.paths[URL]!.post.responses['200']!.content['application/x-ndjson']!['x-itemSchema']
  t.ok(lineSchema, 'the document names the schema of a line')
  const check = bodyAjv.compile(lineSchema!)
  const payload = [JSON.stringify(small(30)), '{"title":', JSON.stringify({ ...small(45), durationMinutes: 0 })].join('\n')
  const lines = []
  for (const store of [true, false]) {
    const res = await app.inject({ method: 'POST', url: `${URL}?store=${String(store)}`, headers: { ...auth, ...NDJSON }, payload })
    lines.push(...parseLines(res.body))
  }
  t.match(lines.map(l => [l.index, 'id' in l, 'detail' in l]), [[0, true, false], [1, false, true], [2, false, true], [0, false, false], [1, false, true], [2, false, true]])
  for (const line of lines) t.ok(check(line), `line ${JSON.stringify(line).slice(0, 60)}: ${JSON.stringify(check.errors)}`)
})
