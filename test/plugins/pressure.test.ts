// The memory sample of the load-shedding plugin cannot throw: out of descriptors process.memoryUsage() throws EMFILE,
// which under-pressure's sampler timer left uncaught, and the process shut down.
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { guardMemoryUsage } from '../../src/plugins/pressure.js'
import { ADMIN_KEY, testDatabase } from '../helper.js'

function emfile (): Error {
  return Object.assign(new Error('EMFILE: too many open files, uv_resident_set_memory'), { code: 'EMFILE', syscall: 'uv_resident_set_memory' })
}

/** A memoryUsage that works `good` times, then throws EMFILE; `reached(n)` resolves at its n-th call. */
function failingAfter (good: number): { fn: NodeJS.Process['memoryUsage'], reached: (n: number) => Promise<void> } {
  let calls = 0
  const waiting: Array<{ n: number, resolve: () => void }> = []
  const called = (): number => {
    calls++
    for (const w of waiting) if (calls >= w.n) w.resolve()
    return calls
  }
  const reading = { rss: 123_456_789, heapTotal: 2, heapUsed: 1, external: 3, arrayBuffers: 4 }
  const fn = Object.assign(() => {
    if (called() > good) throw emfile()
    return reading
  }, {
    rss: () => {
      if (called() > good) throw emfile()
      return reading.rss
    }
  })
  const reached = (n: number): Promise<void> => new Promise(resolve => { waiting.push({ n, resolve }) })
  return { fn, reached }
}

t.test('a guarded memoryUsage answers the last good reading, with fresh heap figures, instead of throwing', async t => {
  const { fn } = failingAfter(1)
  const target = { memoryUsage: fn }
  guardMemoryUsage(target)
  t.equal(target.memoryUsage().rss, 123_456_789, 'a good reading passes through')
  const fallback = target.memoryUsage()
  t.equal(fallback.rss, 123_456_789, 'the last resident set size')
  t.ok(fallback.heapUsed > 1000, 'the heap as V8 reports it now')
  t.equal(target.memoryUsage.rss(), 123_456_789, 'memoryUsage.rss() does not throw either')
  const guarded = target.memoryUsage
  guardMemoryUsage(target)
  t.equal(target.memoryUsage, guarded, 'installed once')
})

t.test('a sampler whose memory reading throws EMFILE does not take the app down', async t => {
  const original = process.memoryUsage
  const failing = failingAfter(0)
  process.memoryUsage = failing.fn
  t.teardown(() => { process.memoryUsage = original })
  const database = await testDatabase()
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN_KEY, MAX_EVENT_LOOP_DELAY: '1000' }), pressureSampleIntervalMs: 20 }
  const app = await buildApp(config, { database, docsUi: false })
  t.teardown(() => app.close())
  await app.ready()
  // Wait for three samples, each of which read the failing memoryUsage (an uncaught throw would end the test file).
  await failing.reached(3)
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200, 'still serving')
})
