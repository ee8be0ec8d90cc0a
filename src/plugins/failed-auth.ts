// Failed authentication counted per client address, in process or (REDIS_URL) in Redis shared by every instance.
import type { FastifyReply } from 'fastify'
import type { Redis } from 'ioredis'

/** An address's failures in the current window and the milliseconds until the window ends. */
export interface FailureCount { count: number, resetMs: number }

export interface FailedAuthLimiter {
  /** Failures allowed per address and window (RATE_LIMIT_MAX); the next one is a 429. */
  readonly max: number
  readonly windowMs: number
  /** Counts one failure of the address; undefined when the store cannot answer (limits fail open, as for keys). */
  add: (ip: string) => Promise<FailureCount | undefined>
}

export interface FailedAuthOptions {
  max: number
  windowMs: number
  redis?: Redis | undefined
  keyPrefix?: string
}

/** Addresses remembered in process at most; past it the oldest windows are forgotten (a flood of addresses, say
 * IPv6, must not grow memory without bound). */
const REMEMBERED_ADDRESSES = 10_000

function inProcess (windowMs: number): FailedAuthLimiter['add'] {
  const windows = new Map<string, { count: number, endsAt: number }>()
  return async ip => {
    const now = Date.now()
    let entry = windows.get(ip)
    if (entry === undefined || entry.endsAt <= now) {
      windows.delete(ip)
      if (windows.size >= REMEMBERED_ADDRESSES) {
        for (const [address, other] of windows) if (other.endsAt <= now) windows.delete(address)
        for (const address of windows.keys()) {
          if (windows.size < REMEMBERED_ADDRESSES) break
          windows.delete(address)
        }
      }
      entry = { count: 0, endsAt: now + windowMs }
      windows.set(ip, entry)
    }
    entry.count++
    return { count: entry.count, resetMs: entry.endsAt - now }
  }
}

/** One atomic step: count the failure, start the window on the first one, answer the count and the time left. */
const ADD_SCRIPT = `local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }`

function inRedis (redis: Redis, windowMs: number, keyPrefix: string): FailedAuthLimiter['add'] {
  return async ip => {
    try {
      const [count, ttl] = await redis.eval(ADD_SCRIPT, 1, `${keyPrefix}rl:failed-auth:${ip}`, String(windowMs)) as [number, number]
      return { count, resetMs: ttl }
    } catch {
      return undefined // Redis unreachable or silent: requests are not throttled until it answers
    }
  }
}

export function failedAuthLimiter (opts: FailedAuthOptions): FailedAuthLimiter {
  return {
    max: opts.max,
    windowMs: opts.windowMs,
    add: opts.redis === undefined ? inProcess(opts.windowMs) : inRedis(opts.redis, opts.windowMs, opts.keyPrefix ?? 'mev:')
  }
}

class TooManyFailedAuthentications extends Error {
  readonly statusCode = 429
  readonly code = 'MEV_RATE_LIMITED'
}

/** The 429 for an address over its failure budget, with Retry-After and RateLimit headers describing that budget
 * (they replaced the headers of the unknown key's own bucket, which says nothing useful). */
export function tooManyFailures (reply: FastifyReply, limiter: FailedAuthLimiter, failures: FailureCount): Error {
  const seconds = Math.max(1, Math.ceil(failures.resetMs / 1000))
  reply.header('retry-after', String(seconds))
  reply.header('ratelimit-limit', String(limiter.max))
  reply.header('ratelimit-remaining', '0')
  reply.header('ratelimit-reset', String(seconds))
  return new TooManyFailedAuthentications(`Too many failed authentications from this address: more than ${limiter.max} requests without ` +
    `a valid API key in ${Math.max(1, Math.round(limiter.windowMs / 1000))} seconds; retry in ${seconds} second${seconds === 1 ? '' : 's'}.`)
}
