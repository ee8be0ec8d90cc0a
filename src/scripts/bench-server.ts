// Server process of `npm run bench` and `npm run bench:ndjson`, run from the production build (dist/) with plain
// node: the real app on one port and, on another, bare Fastify routes that only parse (and, for NDJSON, re-serialise)
// the same bodies. It talks to the benchmark driver over the fork IPC channel: { rss }, { peak } and { stop }.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import Fastify from 'fastify'
import { buildApp } from '../app.js'
import { loadConfig } from '../config.js'
import { tuneHeap } from '../heap.js'
import { createOrganization, issueApiKey } from '../repositories/organizations.js'

tuneHeap() // as src/server.ts does

// Without DATABASE_URL: PGlite in a fresh directory on disk, as `npm start` runs it (in memory, every stored
// evaluation would stay in the process's RSS).
const dataDir = process.env.DATABASE_URL === undefined ? mkdtempSync(join(tmpdir(), 'mev-bench-')) : undefined
const app = await buildApp(loadConfig({
  LOG_LEVEL: 'silent',
  ADMIN_API_KEY: 'bench-admin-key-0123456789',
  ...(process.env.DATABASE_URL === undefined ? { DATA_DIR: dataDir } : { DATABASE_URL: process.env.DATABASE_URL }),
  RATE_LIMIT_MAX: '0',
  MAX_EVENT_LOOP_DELAY: '0'
}), { docsUi: false })
const org = await createOrganization(app.database.db, 'bench')
const { key } = await issueApiKey(app.database.db, org.id, 'bench')
await app.listen({ port: 0, host: '127.0.0.1' })

const bare = Fastify({ logger: false, bodyLimit: 1_048_576 })
bare.post('/bare', async request => ({ received: typeof request.body === 'object' }))
bare.register(async scope => {
  scope.addContentTypeParser('application/x-ndjson', (_request, payload, done) => { done(null, payload) })
  scope.post('/bare-ndjson', async (request, reply) => {
    async function * echo (): AsyncGenerator<string> {
      let out = ''
      let n = 0
      for await (const line of createInterface({ input: request.body as Readable, crlfDelay: Infinity })) {
        if (line.trim() === '') continue
        out += `${JSON.stringify({ index: n++, ...JSON.parse(line) as object })}\n`
        if (n % 250 === 0) { yield out; out = '' }
      }
      if (out !== '') yield out
    }
    return reply.type('application/x-ndjson').send(Readable.from(echo(), { highWaterMark: 1 }))
  })
})
await bare.listen({ port: 0, host: '127.0.0.1' })

let peak = 0
let peakHeap = 0
const sample = setInterval(() => {
  const m = process.memoryUsage()
  peak = Math.max(peak, m.rss)
  peakHeap = Math.max(peakHeap, m.heapUsed + m.external)
}, 50)

const port = (server: { server: { address: () => unknown } }): number => (server.server.address() as { port: number }).port
process.send?.({ ready: true, appPort: port(app), barePort: port(bare), key, database: app.database.kind })
process.on('message', (message: { rss?: boolean, peak?: boolean, stop?: boolean }) => {
  if (message.rss === true) process.send?.({ rss: process.memoryUsage.rss() })
  if (message.peak === true) {
    globalThis.gc?.()
    process.send?.({ peak: Math.max(peak, process.memoryUsage.rss()), peakHeap })
    peak = process.memoryUsage.rss()
    peakHeap = 0
  }
  if (message.stop === true) {
    clearInterval(sample)
    Promise.all([app.close(), bare.close()]).then(() => {
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
      process.exit(0)
    }, () => process.exit(1))
  }
})
