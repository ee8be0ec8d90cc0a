// Gives every documented route a stable OpenAPI operationId derived from its method and path (getAgendasById),
// unless the route names its own: client generators and the spec linters need one per operation.
import fp from 'fastify-plugin'
import type { FastifyInstance, RouteOptions } from 'fastify'

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)

export function operationIdOf (method: string, url: string): string {
  const words = url.replace(/^\/v1\//, '/').split('/').filter(s => s !== '').map(segment => segment.startsWith(':')
    ? `By${capital(segment.slice(1))}`
    : segment.split(/[^A-Za-z0-9]+/).map(capital).join(''))
  return method.toLowerCase() + words.join('')
}

async function operationIds (app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean }) | undefined
    if (schema === undefined || schema.hide === true || typeof schema.operationId === 'string') return
    const method = Array.isArray(route.method) ? route.method[0]! : route.method
    if (method === 'HEAD') return
    schema.operationId = operationIdOf(method, route.url)
  })
}

export default fp(operationIds, { name: 'operation-ids' })
