// Rate limits per API key (@fastify/rate-limit): IETF RateLimit headers, 429 problem+json with Retry-After,
// counters in process or, with REDIS_URL, in Redis so the limit holds across instances. Failed authentication is
// also counted per client address (failed-auth.ts, by the auth plugin): a key that fails has a bucket of its own here.
import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import type { Redis } from 'ioredis'
import { withHeaders } from '../schemas/headers.js'

export interface RateLimitOptions {
  /** Requests per key and window; 0 turns rate limiting off. */
  max: number
  windowMs: number
  /** Shared counters; in-process counters when undefined. */
  redis?: Redis | undefined
  keyPrefix?: string
}

/** Probes (load balancers and orchestrators call them often, they must never be throttled) and the problem types'
 * descriptions (static, public, what a throttled client is sent to read). */
const EXEMPT = new Set(['/health', '/ready', '/problems', '/problems/:type'])

class TooManyRequests extends Error {
  readonly statusCode = 429
  readonly code = 'MEV_RATE_LIMITED'
}

/** The bucket of a request: a hash of its bearer token, or its IP address when it sends none. */
export function rateLimitKey (request: FastifyRequest): string {
  const match = /^Bearer +(\S+)\s*$/i.exec(request.headers.authorization ?? '')
  if (match === null) return `ip:${request.ip}`
  return `key:${createHash('sha256').update(match[1]!).digest('base64url').slice(0, 32)}`
}

/** Documents the rate-limit headers on every response of a rate-limited route, and Retry-After on its 429. */
function documentHeaders (route: RouteOptions): void {
  const response = (route.schema as { response?: Record<string, object> } | undefined)?.response
  if (response === undefined || EXEMPT.has(route.url)) return
  for (const [status, schema] of Object.entries(response)) {
    if (typeof schema !== 'object' || schema === null) continue
    response[status] = withHeaders(schema, ['RateLimit', 'RateLimit-Policy', ...(status === '429' ? ['Retry-After' as const] : [])])
  }
}

async function rateLimits (app: FastifyInstance, opts: RateLimitOptions): Promise<void> {
  app.addHook('onRoute', documentHeaders)
  if (opts.max === 0) return

  await app.register(rateLimit, {
    global: false,
    max: opts.max,
    timeWindow: opts.windowMs,
    enableDraftSpec: true,
    keyGenerator: rateLimitKey,
    allowList: request => request.routeOptions.url !== undefined && EXEMPT.has(request.routeOptions.url),
    ...(opts.redis === undefined ? {} : { redis: opts.redis, nameSpace: `${opts.keyPrefix ?? 'mev:'}rl:` }),
    // A Redis outage must not take the API down: requests pass unthrottled until Redis is back.
    skipOnError: true,
    errorResponseBuilder: (request, context) => new TooManyRequests(`Rate limit of ${context.max} requests per ${Math.round(opts.windowMs / 1000)} seconds ` +
      `exceeded ${rateLimitKey(request).startsWith('ip:') ? 'for requests sent without an API key from this address' : 'for this API key'}; retry in ${context.after}.`)
  })
  // A root hook (not per route) so the limit applies before authentication touches the database.
  app.addHook('onRequest', app.rateLimit())
  const policy = `${opts.max};w=${Math.max(1, Math.round(opts.windowMs / 1000))}`
  app.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply, payload) => {
    const limit = reply.getHeader('ratelimit-limit')
    if (limit !== undefined) {
      reply.header('ratelimit', `limit=${String(limit)}, remaining=${String(reply.getHeader('ratelimit-remaining'))}, reset=${String(reply.getHeader('ratelimit-reset'))}`)
      reply.header('ratelimit-policy', policy)
    }
    return payload
  })
}

export default fp(rateLimits, { name: 'rate-limits' })
