// meeting-evaluator evaluate --as-of: the batch's ?asOf= for every input kind, checked before anything is sent, in the rerun key.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { main, USAGE } from '../../src/cli/main.js'
import { rows } from '../../src/db/client.js'
import { build, tenant } from '../helper.js'
import { fake } from '../fake-server.js'

const QUIET = { MAX_EVENT_LOOP_DELAY: '0' }
const AS_OF = '2026-11-23T09:00:00Z'

type Test = import('tap').Test
interface Run { code: number, stdout: string, stderr: string }

const meeting = (title: string, asOf?: string) => ({
  title, start: '2026-12-01T15:00:00Z', durationMinutes: 30, participants: [{ email: 'ana@example.com', timeZone: 'Europe/Berlin' }], ...(asOf === undefined ? {} : { asOf })
})
const CALENDAR = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'BEGIN:VEVENT', 'UID:a@x', 'SUMMARY:Vendor choice', 'DTSTART:20261201T100000Z',
  'DURATION:PT30M', 'ATTENDEE:mailto:ana@example.com', 'ATTENDEE:mailto:bo@example.com', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n')

async function server (t: Test): Promise<{ app: FastifyInstance, url: string, key: string }> {
  const app = await build(t, QUIET)
  const { key } = await tenant(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`, key }
}

async function cli (argv: string[]): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: { write: s => { stdout += s } }, stderr: { write: s => { stderr += s } }, env: {} })
  return { code, stdout, stderr }
}

async function stored (app: FastifyInstance): Promise<number> {
  const [row] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from evaluations`)
  return Number(row!.n)
}

/** The asOf of each result of a --json run: { results } for JSON and iCalendar, a line each for NDJSON. */
const asOfs = (stdout: string): Array<string | undefined> => {
  const results = stdout.startsWith('{\n') ? (JSON.parse(stdout) as { results: unknown[] }).results : stdout.trimEnd().split('\n').map(l => JSON.parse(l) as unknown)
  return results.map(r => (r as { meeting?: { asOf?: string } }).meeting?.asOf)
}

t.test('--as-of is the asOf of every meeting without its own, in a .json, .ndjson and .ics file; a meeting\'s own asOf wins', async t => {
  const { url, key } = await server(t)
  const dir = t.testdir()
  await writeFile(join(dir, 'two.json'), JSON.stringify([meeting('Default'), meeting('Own', '2026-11-27T10:00:00Z')]))
  await writeFile(join(dir, 'two.ndjson'), `${JSON.stringify(meeting('Default'))}\n${JSON.stringify(meeting('Own', '2026-11-27T10:00:00Z'))}\n`)
  await writeFile(join(dir, 'one.ics'), CALENDAR)
  const run = (name: string, ...more: string[]) => cli(['evaluate', join(dir, name), '--url', url, '--key', key, '--no-store', '--json', ...more])
  for (const name of ['two.json', 'two.ndjson']) {
    const given = await run(name, '--as-of', AS_OF)
    t.equal(given.code, 0, `${name}: ${given.stderr}`)
    t.same(asOfs(given.stdout), [AS_OF, '2026-11-27T10:00:00Z'], name)
    const without = await run(name)
    t.not(asOfs(without.stdout)[0], AS_OF, `${name}: without --as-of the evaluation is made now`)
  }
  const ics = await run('one.ics', '--as-of=2026-11-23T10:00:00+01:00')
  t.equal(ics.code, 0, ics.stderr)
  t.same(asOfs(ics.stdout), [AS_OF], 'an offset is kept as the instant it names')
})

t.test('a rerun with another --as-of is evaluated again, not refused: the Idempotency-Key covers --as-of', async t => {
  const { app, url, key } = await server(t)
  const file = join(t.testdir(), 'two.json')
  await writeFile(file, JSON.stringify([meeting('A'), meeting('B')]))
  const run = (...more: string[]) => cli(['evaluate', file, '--url', url, '--key', key, '--json', ...more])
  const first = await run('--as-of', AS_OF)
  t.equal(first.code, 0, first.stderr)
  t.same(await run('--as-of', AS_OF), first, 'the same file and --as-of: the first answer, ids included')
  t.equal(await stored(app), 2)
  const later = await run('--as-of', '2026-11-27T09:00:00Z')
  t.equal(later.code, 0, later.stderr)
  t.same(asOfs(later.stdout), ['2026-11-27T09:00:00Z', '2026-11-27T09:00:00Z'])
  const without = await run()
  t.equal(without.code, 0, without.stderr)
  t.equal(await stored(app), 6, 'each --as-of (and none) stored once')
})

t.test('a bad --as-of is a usage error (exit 2) naming it, and nothing is sent', async t => {
  const { url, requests } = await fake(t, (_req, res) => { res.writeHead(500).end() })
  const file = join(t.testdir(), 'one.json')
  await writeFile(file, JSON.stringify(meeting('A')))
  const cases = [
    ['2026-11-23', '--as-of must be an RFC 3339 instant with an offset or Z, such as 2026-11-25T10:00:00Z: 2026-11-23'],
    ['2026-11-23T09:00:00', '--as-of must be an RFC 3339 instant with an offset or Z, such as 2026-11-25T10:00:00Z: 2026-11-23T09:00:00'],
    ['2026-02-30T09:00:00Z', '--as-of must be an RFC 3339 instant with an offset or Z, such as 2026-11-25T10:00:00Z: 2026-02-30T09:00:00Z'],
    ['1971-12-31T23:59:59Z', '--as-of must lie between 1972-01-01 and 2199-12-31 (UTC): 1971-12-31T23:59:59Z'],
    ['', '--as-of must be an RFC 3339 instant with an offset or Z, such as 2026-11-25T10:00:00Z: ']
  ] as const
  for (const [value, message] of cases) {
    t.same(await cli(['evaluate', file, '--url', url, '--key', 'k', '--as-of', value]), { code: 2, stdout: '', stderr: `meeting-evaluator: ${message}\n\n${USAGE}` }, value)
  }
  t.equal(requests.length, 0, 'nothing sent')
  t.match(USAGE, /--as-of <instant> +the moment of evaluation/)
})

t.test('--as-of goes as ?asOf= beside ?store=false', async t => {
  const { url, requests } = await fake(t, (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[{"index":0,"verdict":"meet","score":90,"criteria":[]}]}') })
  const file = join(t.testdir(), 'one.json')
  await writeFile(file, JSON.stringify(meeting('A')))
  const run = await cli(['evaluate', file, '--url', url, '--key', 'k', '--no-store', '--as-of', '2026-11-23T10:00:00+01:00'])
  t.equal(run.code, 0, run.stderr)
  t.equal(requests[0]?.url, '/v1/evaluations/batch?store=false&asOf=2026-11-23T10%3A00%3A00%2B01%3A00')
})
