// npm run bench:ndjson: 100,000 meetings streamed as NDJSON to the batch route vs a bare parse-and-serialise route, with peak RSS.
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { request } from 'node:http'
import { Readable } from 'node:stream'
import { BENCH_PROPOSAL } from './proposal.js'
import { benchDatabase, benchServer } from './database.js'

const MEETINGS = Number(process.env.BENCH_MEETINGS ?? 100_000)
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Europe/London', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney']
const DURATIONS = [25, 30, 45, 50, 60, 90]

interface Ready { ready: true, appPort: number, barePort: number, key: string, database: string }
interface Figures { name: string, perSecond: number, seconds: number, lines: number, peakRss: number, peakHeap: number }

/** The meetings, generated while sending: zones, durations and start times vary a little. */
async function * meetings (count: number): AsyncGenerator<string> {
  let batch = ''
  for (let i = 0; i < count; i++) {
    const participants = BENCH_PROPOSAL.participants.map((p, j) => j === 1 || j === 3 ? { ...p, timeZone: ZONES[(i + j) % ZONES.length]! } : p)
    const start = new Date(Date.UTC(2026, 11, 1 + (i % 20), 8 + (i % 9), (i % 4) * 15)).toISOString()
    batch += `${JSON.stringify({ ...BENCH_PROPOSAL, title: `Meeting ${i}`, start, durationMinutes: DURATIONS[i % DURATIONS.length], participants })}\n`
    if (i % 200 === 199) { yield batch; batch = '' }
  }
  if (batch !== '') yield batch
}

/** Streams the meetings and counts the answer lines, reading the answer while still sending. */
function stream (url: string, headers: Record<string, string>): Promise<{ lines: number, last: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...headers } }, res => {
      if (res.statusCode !== 200) { reject(new Error(`${url}: status ${res.statusCode}`)); res.resume(); return }
      let lines = 0
      let tail = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines++
        tail = (tail + chunk).slice(-20_000)
      })
      res.on('end', () => resolve({ lines, last: tail.trimEnd().split('\n').at(-1) ?? '' }))
      res.on('error', reject)
    })
    req.on('error', reject)
    Readable.from(meetings(MEETINGS)).pipe(req)
  })
}

async function ask<T> (server: ChildProcess, message: object, key: string): Promise<T> {
  server.send(message)
  for (;;) {
    const [reply] = await once(server, 'message') as [Record<string, unknown>]
    if (key in reply) return reply as T
  }
}

async function run (server: ChildProcess, name: string, url: string, headers: Record<string, string> = {}): Promise<Figures> {
  await ask(server, { peak: true }, 'peak')
  const started = process.hrtime.bigint()
  const { lines, last } = await stream(url, headers)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const { peak, peakHeap } = await ask<{ peak: number, peakHeap: number }>(server, { peak: true }, 'peak')
  const lastIndex = (JSON.parse(last) as { index?: number }).index
  if (lines !== MEETINGS || lastIndex !== MEETINGS - 1) throw new Error(`${name}: ${lines} lines, last index ${lastIndex}; expected ${MEETINGS}`)
  if (!/"verdict"/.test(last) && name !== 'bare parse + serialise') throw new Error(`${name}: the last line is not an evaluation: ${last.slice(0, 300)}`)
  return { name, perSecond: Math.round(lines / seconds), seconds, lines, peakRss: peak, peakHeap }
}

async function suite (databaseUrl: string | undefined): Promise<void> {
  const server = benchServer(databaseUrl)
  const [ready] = await once(server, 'message') as [Ready]
  const auth = { authorization: `Bearer ${ready.key}` }
  const app = `http://127.0.0.1:${ready.appPort}/v1/evaluations/batch`
  const figures: Figures[] = []
  try {
    figures.push(await run(server, 'bare parse + serialise', `http://127.0.0.1:${ready.barePort}/bare-ndjson`))
    figures.push(await run(server, 'batch ?store=false', `${app}?store=false`, auth))
    figures.push(await run(server, 'batch, stored', app, auth))
  } finally {
    server.send({ stop: true })
    await once(server, 'exit')
  }
  const floor = figures[0]!.perSecond
  process.stdout.write(`\n${ready.database}: ${MEETINGS} meetings as NDJSON\nroute                       meetings/s   seconds  peak RSS MB  JS heap MB  ratio to bare\n`)
  for (const f of figures) {
    process.stdout.write(`${f.name.padEnd(26)} ${String(f.perSecond).padStart(11)} ${f.seconds.toFixed(1).padStart(9)} ${(f.peakRss / 1048576).toFixed(0).padStart(12)} ${(f.peakHeap / 1048576).toFixed(0).padStart(11)}  ${(f.perSecond / floor).toFixed(2)}\n`)
  }
  const worst = Math.max(...figures.map(f => f.peakRss)) / 1048576
  process.stdout.write(`targets: >= 0.30 of bare (store=false ${(figures[1]!.perSecond / floor).toFixed(2)}, stored ${(figures[2]!.perSecond / floor).toFixed(2)}), peak RSS < 200 MB (${worst.toFixed(0)})\n`)
}

await suite(undefined)
{
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const postgresUrl = await benchDatabase(serverUrl, 'mev_bench_ndjson')
  if (postgresUrl !== undefined) {
    await suite(postgresUrl)
    const { default: postgres } = await import('postgres')
    const sql = postgres(serverUrl, { max: 1, onnotice: () => {} })
    await sql.unsafe('drop database if exists mev_bench_ndjson with (force)')
    await sql.end()
  }
}
