// Documents what a route answers because of its shape, whatever its handler does: 413 and 415 where Fastify reads a
// body (POST, PUT and DELETE, with or without a body schema: size limit, content types), 414 where it has path parameters (the router's length limit), and the Idempotency-Key
// header with its 409 and 422 where the route honours it, and the response headers every route sends (headersOf). Routes
// list the problems of their own logic with problems(); this adds the rest so the document names every status and header. An API route that reads no query string refuses one it was given
// (`GET /v1/policy?verbose=true` was answered as if the parameter meant something), as unknown body fields are.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, RouteOptions } from 'fastify'
import { Type } from 'typebox'
import { IdempotencyKeyHeader } from './idempotency.js'
import { problems } from '../schemas/common.js'
import { withHeaders, type HeaderName } from '../schemas/headers.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: the route's 201 sends no Location, what it creates having no URL to read it at (organisations, API keys). */
    location?: false
  }
}

const NoQuery = Type.Object({}, { additionalProperties: false })
/** Methods whose bodies Fastify parses (a DELETE with an XML body is a 415 too). */
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** 304 Not Modified with no body and so no Content-Type or Content-Length (RFC 9110 8.6, 15.4.5): a route's typed
 * reply takes its 304 schema's null, which was serialised (Content-Length: 4) and then dropped. */
export function notModified (reply: FastifyReply): FastifyReply {
  return reply.code(304).send()
}

/** The headers the service sends on this response of the route whatever its handler does: the request id on every
 * answer (app.ts), Location on a 201, and on a route honouring Idempotency-Key the replay marker on its successes and
 * Retry-After on its 409 (a request with the same key still running). */
function headersOf (route: RouteOptions, status: string): HeaderName[] {
  const idempotent = route.config?.idempotent === true
  return [
    'X-Request-Id',
    ...(status === '201' && route.config?.location !== false ? ['Location' as const] : []),
    ...(idempotent && status.startsWith('2') ? ['Idempotent-Replayed' as const] : []),
    ...(idempotent && status === '409' ? ['Retry-After' as const] : [])
  ]
}

async function commonResponses (app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean }) | undefined
    const response = schema?.response as Record<string, unknown> | undefined
    if (schema === undefined || schema.hide === true || response === undefined) return
    const strictQuery = schema.querystring === undefined && route.url.startsWith('/v1/')
    if (strictQuery) schema.querystring = NoQuery
    const shaped = [
      ...(strictQuery ? [400] : []),
      ...([route.method].flat().some(m => WITH_BODY.has(m)) ? [413, 415] : []),
      ...(schema.params === undefined ? [] : [414]),
      // Idempotency-Key: the same key with another body, and a retry while the first run is still going.
      ...(route.config?.idempotent === true ? [409, 422] : [])
    ]
    for (const [status, problem] of Object.entries(problems(...shaped))) response[status] ??= problem
    if (route.config?.idempotent === true) schema.headers ??= Type.Object({ 'idempotency-key': IdempotencyKeyHeader })
    for (const [status, answer] of Object.entries(response)) response[status] = withHeaders(answer as object, headersOf(route, status))
  })
}

export default fp(commonResponses, { name: 'common-responses' })
