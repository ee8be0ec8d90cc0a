// Load shedding (@fastify/under-pressure): while the event loop lags, requests get 503 problem+json with Retry-After.
// The readings of the first two sample intervals after the app is ready are not acted on: they measure start-up work
// (opening the database, migrations, compiling schemas), during which the loop is blocked for seconds, not load; a
// fresh server answered its first requests with 503 for up to a second.
import { getHeapStatistics } from 'node:v8'
import fp from 'fastify-plugin'
import underPressure from '@fastify/under-pressure'
import type { FastifyInstance } from 'fastify'
import { ServiceUnavailable } from '../errors.js'

export interface PressureOptions {
  /** Mean event-loop delay in ms above which requests are refused; 0 turns the check off. */
  maxEventLoopDelayMs: number
  sampleIntervalMs?: number
  retryAfterSeconds?: number
}

const GUARDED = Symbol('memoryUsage guarded')
type MemoryUsageFn = NodeJS.Process['memoryUsage'] & { [GUARDED]?: true }

/**
 * Makes `target.memoryUsage()` unable to throw. On Linux it opens /proc/self/stat for the resident set size; out of
 * descriptors that throws EMFILE, and under-pressure calls it from a timer on every sample (whatever it checks),
 * where the throw was uncaught and close-with-grace shut the server down. The guard answers the last good reading
 * instead, with the heap figures fresh from V8 (which needs no descriptor). Installed once per process.
 */
export function guardMemoryUsage (target: { memoryUsage: NodeJS.Process['memoryUsage'] } = process): void {
  const original = target.memoryUsage as MemoryUsageFn
  if (original[GUARDED] === true) return
  let last: NodeJS.MemoryUsage = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }
  const fallback = (): NodeJS.MemoryUsage => {
    const heap = getHeapStatistics()
    return { ...last, heapTotal: heap.total_heap_size, heapUsed: heap.used_heap_size }
  }
  const guarded = Object.assign((): NodeJS.MemoryUsage => {
    try {
      last = original.call(target)
      return last
    } catch {
      return fallback()
    }
  }, {
    rss: (): number => {
      try {
        return original.rss.call(target)
      } catch {
        return last.rss
      }
    },
    [GUARDED]: true as const
  })
  target.memoryUsage = guarded
}

/** Liveness must answer even when overloaded, or an orchestrator would restart a busy but healthy process. */
const EXEMPT = new Set(['/health'])

async function pressure (app: FastifyInstance, opts: PressureOptions): Promise<void> {
  if (opts.maxEventLoopDelayMs === 0) return
  guardMemoryUsage()
  const retryAfter = String(opts.retryAfterSeconds ?? 10)
  const sampleInterval = opts.sampleIntervalMs ?? 1000
  // Until ready and for two sample intervals after: the reading in effect then covers a window that began before
  // the app was ready (under-pressure keeps each interval's mean until the next sample).
  let settledAt = Infinity
  app.addHook('onReady', async () => { settledAt = performance.now() + 2 * sampleInterval })
  await app.register(underPressure, {
    maxEventLoopDelay: opts.maxEventLoopDelayMs,
    sampleInterval,
    pressureHandler: async (request, reply) => {
      if (request.routeOptions.url !== undefined && EXEMPT.has(request.routeOptions.url)) return
      if (performance.now() < settledAt) return
      reply.header('retry-after', retryAfter)
      throw new ServiceUnavailable('The service is overloaded; retry after the time in Retry-After.')
    }
  })
}

export default fp(pressure, { name: 'pressure' })
