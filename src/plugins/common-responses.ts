// Documents what a route answers because of its shape, whatever its handler does: 413 and 415 where Fastify reads a
// body (POST, PUT and DELETE, with or without a body schema: size limit, content types), 414 where it has path parameters (the router's length limit), and the Idempotency-Key
// header with its 409 and 422 where the route honours it, and the response headers the service sends (headersOf). Routes
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

/** Refusals of the rate limit and the auth step (plugins/rate-limit.ts lists its 429 on the route first), which come
 * before an Idempotency-Key is claimed: never a stored answer replayed. */
const BEFORE_CLAIM = new Set(['401', '403', '429'])

/** The headers the service sends on this response of the route whatever its handler does: the request id on every
 * answer (app.ts), Location on a 201, and on a route honouring Idempotency-Key the replay marker on its successes and
 * on the refusals of its own checks (`own`: the statuses the route lists; a refusal is kept and replayed when it ended
 * a run continuing one whose answer was lost), and Retry-After on its 409 (a request with the same key still running). */
function headersOf (route: RouteOptions, status: string, own: Set<string>): HeaderName[] {
  const idempotent = route.config?.idempotent === true
  const replayed = status.startsWith('2') || (status.startsWith('4') && own.has(status) && !BEFORE_CLAIM.has(status))
  return [
    'X-Request-Id',
    ...(status === '201' && route.config?.location !== false ? ['Location' as const] : []),
    ...(idempotent && replayed ? ['Idempotent-Replayed' as const] : []),
    ...(idempotent && status === '409' ? ['Retry-After' as const] : [])
  ]
}

async function commonResponses (app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean }) | undefined
    const response = schema?.response as Record<string, unknown> | undefined
    if (schema === undefined || schema.hide === true || response === undefined) return
    const own = new Set(Object.keys(response))
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
    for (const [status, answer] of Object.entries(response)) response[status] = withHeaders(answer as object, headersOf(route, status, own))
  })
}

export default fp(commonResponses, { name: 'common-responses' })
