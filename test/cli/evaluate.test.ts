// meeting-evaluator evaluate <file> against a listening test server: table, JSON, NDJSON, iCalendar, --no-store, --fail-on, exit codes.
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { main } from '../../src/cli/main.js'
import { rows } from '../../src/db/client.js'
import { EXAMPLE_PROPOSAL } from '../../src/schemas/proposal.js'
import { build, tenant } from '../helper.js'

// The machine running the tests is shared: no load shedding (503) while a batch is scored.
const QUIET = { MAX_EVENT_LOOP_DELAY: '0' }

type Test = import('tap').Test

const people = (n: number) => Array.from({ length: n }, (_, i) => ({ email: `p${i}@example.com`, timeZone: 'Europe/London' }))
const STATUS = { title: 'Weekly status update', purpose: 'status_update', start: '2026-12-02T10:00:00Z', durationMinutes: 60, participants: people(12), recurrence: 'FREQ=WEEKLY', asOf: '2026-11-25T10:00:00Z' }

const TABLE = [
  '     #  verdict  score  title                                     top finding',
  '     0  meet        87  Pick the Q3 pricing option                AGENDA_SHARED_LATE',
  '     1  go_async    34  Weekly status update                      AGENDA_MISSING',
  '2 meetings: 1 meet, 0 improve, 1 go_async, 0 not evaluated',
  ''
].join('\n')

interface Run { code: number, stdout: string, stderr: string }

async function server (t: Test): Promise<{ app: FastifyInstance, url: string, key: string }> {
  const app = await build(t, QUIET)
  const { key } = await tenant(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`, key }
}

async function cli (argv: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: { write: s => { stdout += s } }, stderr: { write: s => { stderr += s } }, env })
  return { code, stdout, stderr }
}

async function stored (app: FastifyInstance): Promise<number> {
  const [row] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from evaluations`)
  return Number(row!.n)
}

t.test('a JSON file prints a table with title, score, verdict and top finding, and stores the evaluations', async t => {
  const { app, url, key } = await server(t)
  const file = join(t.testdir(), 'meetings.json')
  await writeFile(file, JSON.stringify({ meetings: [EXAMPLE_PROPOSAL, STATUS] }))
  const run = await cli(['evaluate', file, '--url', url], { MEV_API_KEY: key })
  t.same(run, { code: 0, stdout: TABLE, stderr: '' })
  t.equal(await stored(app), 2)
})

t.test('--fail-on go_async exits 1 when a meeting is go_async; --fail-on improve passes when all meet', async t => {
  const { url, key } = await server(t)
  const dir = t.testdir()
  await writeFile(join(dir, 'both.json'), JSON.stringify([EXAMPLE_PROPOSAL, STATUS]))
  await writeFile(join(dir, 'one.json'), JSON.stringify(EXAMPLE_PROPOSAL))
  const gated = await cli(['evaluate', join(dir, 'both.json'), '--fail-on', 'go_async', '--no-store'], { MEV_URL: url, MEV_API_KEY: key })
  t.same(gated, { code: 1, stdout: TABLE, stderr: 'meeting-evaluator: 1 of 2 meetings are go_async or worse, or were not evaluated (--fail-on go_async)\n' })
  const passed = await cli(['evaluate', join(dir, 'one.json'), '--fail-on', 'improve', '--url', url, '--key', key])
  t.equal(passed.code, 0)
})

t.test('an NDJSON file is streamed; --json prints the answer lines as they come', async t => {
  const { url, key } = await server(t)
  const file = join(t.testdir(), 'meetings.ndjson')
  await writeFile(file, `${JSON.stringify(EXAMPLE_PROPOSAL)}\n\nnot json\n${JSON.stringify(STATUS)}\n`)
  const table = await cli(['evaluate', file, '--url', url, '--key', key, '--no-store'])
  t.equal(table.code, 0)
  t.match(table.stdout, /^ {5}1 {2}error {6}400 {2}- +The line is not valid JSON: /m)
  t.match(table.stdout, /^ {5}2 {2}go_async {4}34 {2}Weekly status update/m)
  t.match(table.stdout, /3 meetings: 1 meet, 0 improve, 1 go_async, 1 not evaluated\n$/)
  const json = await cli(['evaluate', file, '--url', url, '--key', key, '--json', '--no-store'])
  const lines = json.stdout.trimEnd().split('\n').map(l => JSON.parse(l))
  t.same(lines.map(l => [l.index, l.verdict ?? l.status]), [[0, 'meet'], [1, 400], [2, 'go_async']])
})

t.test('an NDJSON line over the service\'s 1 MB line limit is still sent, and answered by the service\'s problem at its index', async t => {
  const { url, key } = await server(t)
  const file = join(t.testdir(), 'long.ndjson')
  const long = { ...STATUS, title: 'Too long', description: 'x'.repeat(2 * 1_048_576) }
  await writeFile(file, [EXAMPLE_PROPOSAL, long, STATUS].map(m => `${JSON.stringify(m)}\n`).join(''))
  const run = await cli(['evaluate', file, '--url', url, '--key', key, '--no-store'])
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /^ {5}1 {2}error {6}413 {2}- {41}The line is longer than 1048576 bytes; it was skipped\.$/m, 'its text was not kept for a title')
  t.match(run.stdout, /^ {5}2 {2}go_async {4}34 {2}Weekly status update/m)
})

t.test('an .ics file is sent as text/calendar; titles come from SUMMARY; --no-store stores nothing', async t => {
  const { app, url, key } = await server(t)
  const file = join(t.testdir(), 'week.ics')
  const event = (uid: string, summary: string, start: string) => ['BEGIN:VEVENT', `UID:${uid}`, `SUMMARY:${summary}`, `DTSTART:${start}`, 'DURATION:PT30M',
    'ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:ana@example.com', 'ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:bo@example.com', 'END:VEVENT']
  await writeFile(file, ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...event('a', 'Vendor choice', '20261201T100000Z'), ...event('b', 'Roadmap review', '20261202T100000Z'), 'END:VCALENDAR', ''].join('\r\n'))
  const run = await cli(['evaluate', file, '--url', url, '--key', key, '--no-store'])
  t.equal(run.code, 0)
  t.match(run.stdout, /^ {5}0 {2}\w+ +\d+ {2}Vendor choice /m)
  t.match(run.stdout, /^ {5}1 {2}\w+ +\d+ {2}Roadmap review /m)
  t.equal(await stored(app), 0)
})

t.test('an .ics file is sent as its octets: a title folded inside a UTF-8 sequence reads as the service reads it', async t => {
  const { app, url, key } = await server(t)
  const file = join(t.testdir(), 'cafe.ics')
  const head = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'BEGIN:VEVENT', 'UID:c@x', 'DTSTART:20261201T100000Z', 'DURATION:PT30M',
    'ATTENDEE:mailto:ana@example.com', 'ATTENDEE:mailto:bo@example.com', 'SUMMARY:Caf'].join('\r\n')
  // "é" is C3 A9; a simple writer folded the line between the two octets (RFC 5545 3.1 asks readers to restore it).
  await writeFile(file, Buffer.concat([Buffer.from(head), Buffer.from([0xc3, 0x0d, 0x0a, 0x20, 0xa9]), Buffer.from(' planning\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n')]))
  const run = await cli(['evaluate', file, '--url', url, '--key', key])
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /^ {5}0 {2}\w+ +\d+ {2}Café planning {28}/m)
  const [row] = await rows<{ title: string }>(app.database.db, sql`select input->>'title' as title from evaluations`)
  t.equal(row?.title, 'Café planning')
})

t.test('running the same .json or .ics again stores nothing twice: each request carries an Idempotency-Key derived from its body', async t => {
  const { app, url, key } = await server(t)
  const dir = t.testdir()
  await writeFile(join(dir, 'both.json'), JSON.stringify([EXAMPLE_PROPOSAL, STATUS]))
  const event = (uid: string, summary: string) => ['BEGIN:VEVENT', `UID:${uid}`, `SUMMARY:${summary}`, 'DTSTART:20261201T100000Z', 'DURATION:PT30M',
    'ATTENDEE:mailto:ana@example.com', 'ATTENDEE:mailto:bo@example.com', 'END:VEVENT']
  await writeFile(join(dir, 'week.ics'), ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...event('a', 'Vendor choice'), ...event('b', 'Roadmap'), 'END:VCALENDAR', ''].join('\r\n'))
  const first = await cli(['evaluate', join(dir, 'both.json'), '--url', url, '--key', key])
  t.same(first, { code: 0, stdout: TABLE, stderr: '' })
  t.same(await cli(['evaluate', join(dir, 'both.json'), '--url', url, '--key', key]), first, 'the rerun shows the same results')
  t.equal(await stored(app), 2, 'and stores nothing more')
  t.equal((await cli(['evaluate', join(dir, 'week.ics'), '--url', url, '--key', key])).code, 0)
  t.equal((await cli(['evaluate', join(dir, 'week.ics'), '--url', url, '--key', key])).code, 0)
  t.equal(await stored(app), 4)
})

t.test('a byte order mark opening a .json, .ndjson or .ics file is dropped; a quoted bad input shows invisible characters escaped', async t => {
  const { url, key } = await server(t)
  const dir = t.testdir()
  const BOM = '\ufeff'
  await writeFile(join(dir, 'bom.json'), `${BOM}${JSON.stringify([EXAMPLE_PROPOSAL])}`)
  await writeFile(join(dir, 'bom.ndjson'), `${BOM}${JSON.stringify(EXAMPLE_PROPOSAL)}\n`)
  await writeFile(join(dir, 'bom.ics'), `${BOM}${['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'BEGIN:VEVENT', 'UID:a', 'SUMMARY:Pick the Q3 pricing option',
    'DTSTART:20261201T100000Z', 'DURATION:PT30M', 'ATTENDEE:mailto:ana@example.com', 'ATTENDEE:mailto:bo@example.com', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n')}`)
  for (const name of ['bom.json', 'bom.ndjson', 'bom.ics']) {
    const run = await cli(['evaluate', join(dir, name), '--url', url, '--key', key, '--no-store'])
    t.equal(run.code, 0, `${name}: ${run.stderr}`)
    t.match(run.stdout, /^ {5}0 {2}\w+ +\d+ {2}Pick the Q3 pricing option /m, `${name}: the first meeting keeps its title`)
  }
  await writeFile(join(dir, 'twice.json'), `${BOM}${BOM}[`)
  const bad = await cli(['evaluate', join(dir, 'twice.json'), '--url', url, '--key', key])
  t.equal(bad.code, 2)
  t.match(bad.stderr, /twice\.json is not valid JSON: .*'\\ufeff'/)
  t.notMatch(bad.stderr, /\ufeff/)
})

t.test('a file with no meetings is exit 2 with one line, whatever its format: a gate on an empty export does not pass', async t => {
  const { app, url, key } = await server(t)
  const dir = t.testdir()
  const files = [['empty.ndjson', ''], ['blank.ndjson', '\n  \n\n'], ['empty.json', ''], ['list.json', '[]'], ['meetings.json', ' { "meetings": [] }\n'],
    ['none.ics', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n']] as const
  for (const [name, text] of files) {
    const path = join(dir, name)
    await writeFile(path, text)
    t.same(await cli(['evaluate', path, '--url', url, '--key', key, '--fail-on', 'improve']), { code: 2, stdout: '', stderr: `meeting-evaluator: ${path} holds no meetings\n` }, name)
  }
  t.equal(await stored(app), 0)
})

t.test('- reads standard input in the --format given; --format also overrides the extension', async t => {
  const { url, key } = await server(t)
  const piped = async (text: string, ...argv: string[]): Promise<Run> => {
    let stdout = ''
    let stderr = ''
    const code = await main(['evaluate', ...argv, '--url', url, '--key', key, '--no-store'],
      { stdout: { write: s => { stdout += s } }, stderr: { write: s => { stderr += s } }, env: {}, stdin: Readable.from([Buffer.from(text)]) })
    return { code, stdout, stderr }
  }
  const both = [EXAMPLE_PROPOSAL, STATUS]
  t.same(await piped(JSON.stringify(both), '-', '--format', 'json'), { code: 0, stdout: TABLE, stderr: '' })
  t.same(await piped(both.map(m => `${JSON.stringify(m)}\n`).join(''), '-', '--format', 'ndjson'), { code: 0, stdout: TABLE, stderr: '' })
  const calendar = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'BEGIN:VEVENT', 'UID:a', 'SUMMARY:Vendor choice', 'DTSTART:20261201T100000Z',
    'DURATION:PT30M', 'ATTENDEE:mailto:ana@example.com', 'ATTENDEE:mailto:bo@example.com', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n')
  t.match(await piped(calendar, '-', '--format', 'ics'), { code: 0, stdout: /^ {5}0 {2}\w+ +\d+ {2}Vendor choice /m })
  t.same(await piped('', '-', '--format', 'ndjson'), { code: 2, stdout: '', stderr: 'meeting-evaluator: stdin holds no meetings\n' })
  t.match(await piped('[]', '-'), { code: 2, stderr: /^meeting-evaluator: reading standard input \(-\) needs --format json, ndjson or ics\n/ })
  t.match(await piped('[]', '-', '--format', 'xml'), { code: 2, stderr: /^meeting-evaluator: --format must be json, ndjson or ics\n/ })
  const exported = join(t.testdir(), 'export.txt')
  await writeFile(exported, JSON.stringify(both))
  t.same(await piped('', exported, '--format', 'json'), { code: 0, stdout: TABLE, stderr: '' })
})

t.test('usage and connection errors exit 2', async t => {
  const { app, url, key } = await server(t)
  const file = join(t.testdir(), 'one.json')
  await writeFile(file, JSON.stringify(EXAMPLE_PROPOSAL))
  t.match(await cli(['evaluate', file, '--url', url]), { code: 2, stderr: /an API key is needed/ })
  t.match(await cli(['evaluate', file, '--url', url, '--key', key, '--fail-on', 'maybe']), { code: 2, stderr: /--fail-on must be improve or go_async/ })
  t.match(await cli(['evaluate', 'meetings.txt', '--key', key]), { code: 2 })
  t.match(await cli(['evaluate', file, '--url', url, '--key', 'mev_wrong']), { code: 2, stderr: /answered 401 Unauthorized/ })
  await app.close()
  t.match(await cli(['evaluate', file, '--url', url, '--key', key]), { code: 2, stderr: /cannot reach http:\/\/127\.0\.0\.1:\d+\/v1\/evaluations\/batch: ECONNREFUSED/ })
})

t.test('the executable runs as a child process and exits 1 on the gate', async t => {
  const { url, key } = await server(t)
  const file = join(t.testdir(), 'both.json')
  await writeFile(file, JSON.stringify([EXAMPLE_PROPOSAL, STATUS]))
  const entry = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))
  const error = await promisify(execFile)(process.execPath, ['--import', 'tsx', entry, 'evaluate', file, '--fail-on', 'go_async', '--no-store'], {
    env: { ...process.env, MEV_URL: url, MEV_API_KEY: key }
  }).then(() => undefined, (e: { code: number, stdout: string }) => e)
  t.equal(error?.code, 1)
  t.equal(error?.stdout, TABLE)
})
