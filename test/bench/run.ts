// npm run bench: autocannon against the evaluation routes and a bare parse-only route, side by side, same process.
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import autocannon from 'autocannon'
import { BENCH_PROPOSAL } from './proposal.js'
import { benchDatabase, benchServer } from './database.js'

const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = 32
const body = JSON.stringify(BENCH_PROPOSAL)
const ZONES = ['America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Kathmandu',
  'Australia/Eucla', 'America/St_Johns', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Riyadh']
const OVERLAP_BODY = JSON.stringify({
  participants: Array.from({ length: 20 }, (_, i) => ({ email: `p${i}@example.com`, timeZone: ZONES[i % ZONES.length], attendance: i % 3 === 0 ? 'optional' : 'required' })),
  from: '2026-03-01',
  to: '2026-03-31',
  durationMinutes: 30
})

interface Ready { ready: true, appPort: number, barePort: number, key: string, database: string }
interface Figures { name: string, rps: number, p99: number, errors: number, non2xx: number }

async function run (name: string, url: string, headers: Record<string, string>, method: 'POST' | 'GET' = 'POST'): Promise<Figures> {
  const result = await autocannon({
    url, method, connections: CONNECTIONS, duration: DURATION, ...(method === 'POST' ? { headers: { 'content-type': 'application/json', ...headers }, body } : { headers })
  })
  return { name, rps: Math.round(result.requests.average), p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx }
}

async function ask<T> (child: ChildProcess, message: object, key: string): Promise<T> {
  child.send(message)
  for (;;) {
    const [reply] = await once(child, 'message') as [Record<string, unknown>]
    if (key in reply) return reply as T
  }
}

async function suite (databaseUrl: string | undefined): Promise<void> {
  const child = benchServer(databaseUrl)
  const [ready] = await once(child, 'message') as [Ready]
  const auth = { authorization: `Bearer ${ready.key}` }
  const base = `http://127.0.0.1:${ready.appPort}`
  await run('warm-up', `${base}/v1/evaluations/preview`, auth)
  const bare = await run('bare parse', `http://127.0.0.1:${ready.barePort}/bare`, {})
  const preview = await run('POST /v1/evaluations/preview', `${base}/v1/evaluations/preview`, auth)
  const stored = await run('POST /v1/evaluations', `${base}/v1/evaluations`, auth)
  // The app's own floor: authentication, headers, logging and a small answer, no body and no scoring.
  const floor = await run('GET /v1/policy (app floor)', `${base}/v1/policy`, auth, 'GET')
  const overlap = await autocannon({
    url: `${base}/v1/overlap`, method: 'POST', connections: 1, duration: Math.min(DURATION, 5), headers: { 'content-type': 'application/json', ...auth }, body: OVERLAP_BODY
  })
  const { rss } = await ask<{ rss: number }>(child, { rss: true }, 'rss')
  child.send({ stop: true })
  await once(child, 'exit')

  process.stdout.write(`\n${ready.database} (${CONNECTIONS} connections, ${DURATION} s each)\n`)
  process.stdout.write('route                          req/s    p99 ms  errors  non-2xx  ratio to bare\n')
  for (const f of [bare, floor, preview, stored]) {
    process.stdout.write(`${f.name.padEnd(30)} ${String(f.rps).padStart(6)} ${String(f.p99).padStart(8)} ${String(f.errors).padStart(7)} ${String(f.non2xx).padStart(8)}  ${(f.rps / bare.rps).toFixed(2)}\n`)
  }
  process.stdout.write(`POST /v1/overlap, 20 participants in 10 zones over 31 days, one connection: mean ${overlap.latency.mean.toFixed(1)} ms, p99 ${overlap.latency.p99} ms per request (target < 20 ms), ${overlap.non2xx} non-2xx\n`)
  process.stdout.write(`server RSS after the runs: ${(rss / 1048576).toFixed(0)} MB\n`)
  process.stdout.write(`targets: preview >= 0.60 of bare (${(preview.rps / bare.rps).toFixed(2)}), stored >= 0.35 on PostgreSQL (${(stored.rps / bare.rps).toFixed(2)}), p99 < 50 ms (${Math.max(preview.p99, stored.p99)}), RSS < 250 MB (${(rss / 1048576).toFixed(0)})\n`)
}

await suite(undefined)
const postgresUrl = await benchDatabase(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'mev_bench')
if (postgresUrl !== undefined) await suite(postgresUrl)
