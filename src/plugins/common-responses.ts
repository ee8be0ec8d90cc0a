// Documents what a route answers because of its shape, whatever its handler does: 413 and 415 where it takes a body
// (size limit, content types), 414 where it has path parameters (the router's length limit), and the Idempotency-Key
// header where the route honours it. Routes list the problems of their own logic with problems(); this adds the rest
// so the document names every status and header.
import fp from 'fastify-plugin'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { Type } from 'typebox'
import { IdempotencyKeyHeader } from './idempotency.js'
import { problems } from '../schemas/common.js'

async function commonResponses (app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean }) | undefined
    const response = schema?.response as Record<string, unknown> | undefined
    if (schema === undefined || schema.hide === true || response === undefined) return
    const shaped = [...(schema.body === undefined ? [] : [413, 415]), ...(schema.params === undefined ? [] : [414])]
    for (const [status, problem] of Object.entries(problems(...shaped))) response[status] ??= problem
    if (route.config?.idempotent === true) schema.headers ??= Type.Object({ 'idempotency-key': IdempotencyKeyHeader })
  })
}

export default fp(commonResponses, { name: 'common-responses' })
