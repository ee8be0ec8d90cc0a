// Liveness and readiness probes; no key needed.
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import { problems } from '../schemas/common.js'
import { ServiceUnavailable } from '../errors.js'

const Status = Type.Object({
  status: Type.String({ description: '"ok" when healthy.', examples: ['ok'] })
}, { additionalProperties: false })

export default async function healthRoutes (app: FastifyInstance): Promise<void> {
  app.get('/health', {
    config: { auth: 'public' },
    schema: { tags: ['operations'], summary: 'Liveness: the process is up', security: [], response: { 200: Status, ...problems() } }
  }, async () => ({ status: 'ok' }))

  app.get('/ready', {
    config: { auth: 'public' },
    schema: {
      tags: ['operations'],
      summary: 'Readiness: the database answers',
      description: 'Answers 200 when a trivial query succeeds within 2 seconds, else 503.',
      security: [],
      response: { 200: Status, ...problems(503) }
    }
  }, async () => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), 2000)
    })
    try {
      await Promise.race([app.database.ping(), timeout])
    } catch {
      throw new ServiceUnavailable('The database is not reachable.')
    } finally {
      clearTimeout(timer)
    }
    return { status: 'ok' }
  })
}
