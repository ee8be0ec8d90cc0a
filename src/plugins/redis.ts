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

/**
 * Short timeouts and no offline queue: while Redis is unreachable a command fails at once instead of holding the
 * request, and ioredis keeps reconnecting in the background.
 */
export function createRedis (url: string): Redis {
  return new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 1, enableOfflineQueue: false })
}

async function redis (app: FastifyInstance, opts: RedisOptions): Promise<void> {
  if (opts.url === undefined) {
    app.decorate('redis', undefined)
    return
  }
  const client = createRedis(opts.url)
  client.on('error', (err: Error) => { app.log.warn({ err }, 'redis connection error') })
  try {
    await client.connect()
  } catch (err) {
    app.log.warn({ err }, 'redis is not reachable at start; rate limits are not enforced until it is')
  }
  app.decorate('redis', client)
  app.addHook('onClose', async () => {
    await client.quit().catch(() => { client.disconnect() })
  })
}

export default fp(redis, { name: 'redis' })
