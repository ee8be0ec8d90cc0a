// The shared Redis connection (ioredis) when REDIS_URL is set: rate-limit counters that hold across instances.
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import type { FastifyInstance } from 'fastify'

declare module 'fastify' {
  interface FastifyInstance {
    /** The Redis client, or undefined when REDIS_URL is not set (state then stays in process). */
    redis: Redis | undefined
  }
}

export interface RedisOptions {
  url?: string
}

/** How long a command may wait for its answer: a Redis that stops answering (a frozen process, a dead link that
 * still looks open) held every request until the client's idle timeout, with no response. */
export const REDIS_COMMAND_TIMEOUT_MS = 500
/** How long start-up waits for Redis; past it the service starts anyway and rate limits fail open until it answers. */
export const REDIS_START_WAIT_MS = 2000

/**
 * Short timeouts and no offline queue: while Redis is unreachable or silent a command fails at once or within
 * REDIS_COMMAND_TIMEOUT_MS instead of holding the request, and ioredis keeps reconnecting in the background.
 */
export function createRedis (url: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false
  })
}

/** Resolves when the client is ready; rejects when it fails or is still not ready after `ms`. */
async function connectWithin (client: Redis, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`Redis did not answer within ${ms} ms`)) }, ms)
  })
  const connecting = client.connect()
  connecting.catch(() => {}) // still pending when the wait ends; ioredis goes on reconnecting
  try {
    await Promise.race([connecting, late])
  } finally {
    clearTimeout(timer)
  }
}

async function redis (app: FastifyInstance, opts: RedisOptions): Promise<void> {
  if (opts.url === undefined) {
    app.decorate('redis', undefined)
    return
  }
  const client = createRedis(opts.url)
  client.on('error', (err: Error) => { app.log.warn({ err }, 'redis connection error') })
  try {
    await connectWithin(client, REDIS_START_WAIT_MS)
  } catch (err) {
    app.log.warn({ err }, 'redis is not reachable at start; rate limits are not enforced until it is')
  }
  app.decorate('redis', client)
  app.addHook('onClose', async () => {
    await client.quit().catch(() => { client.disconnect() })
  })
}

export default fp(redis, { name: 'redis' })
