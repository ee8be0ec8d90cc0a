// Load shedding (@fastify/under-pressure): while the event loop lags, requests get 503 problem+json with Retry-After.
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

/** Liveness must answer even when overloaded, or an orchestrator would restart a busy but healthy process. */
const EXEMPT = new Set(['/health'])

async function pressure (app: FastifyInstance, opts: PressureOptions): Promise<void> {
  if (opts.maxEventLoopDelayMs === 0) return
  const retryAfter = String(opts.retryAfterSeconds ?? 10)
  await app.register(underPressure, {
    maxEventLoopDelay: opts.maxEventLoopDelayMs,
    sampleInterval: opts.sampleIntervalMs ?? 1000,
    pressureHandler: async (request, reply) => {
      if (request.routeOptions.url !== undefined && EXEMPT.has(request.routeOptions.url)) return
      reply.header('retry-after', retryAfter)
      throw new ServiceUnavailable('The service is overloaded; retry after the time in Retry-After.')
    }
  })
}

export default fp(pressure, { name: 'pressure' })
