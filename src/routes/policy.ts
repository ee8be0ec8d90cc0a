// GET/PUT /v1/policy: the organisation's scoring policy.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { policyProblems } from '../domain/policy-check.js'
import { canonicalZone } from '../domain/time/zones.js'
import { InvalidFields } from '../errors.js'
import { putPolicy } from '../repositories/policy.js'
import { problems } from '../schemas/common.js'
import { PolicySchema } from '../schemas/policy.js'

export default async function policyRoutes (fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = app.database.db

  app.get('/v1/policy', {
    schema: {
      tags: ['policy'],
      summary: 'Read the organisation policy',
      description: 'The stored policy, or the defaults when none is stored: exactly the document PUT accepts.',
      response: { 200: PolicySchema, ...problems(401) }
    }
  }, async request => request.policy)

  app.put('/v1/policy', {
    schema: {
      tags: ['policy'],
      summary: 'Replace the organisation policy',
      description: 'Whole document. Later evaluations use it; stored evaluations keep the policy they were made with.',
      body: PolicySchema,
      response: { 200: PolicySchema, ...problems(400, 401) }
    }
  }, async request => {
    const found = policyProblems(request.body)
    if (found.length > 0) throw new InvalidFields(found)
    const policy = { ...request.body, defaults: { ...request.body.defaults, timeZone: canonicalZone(request.body.defaults.timeZone)! } }
    return putPolicy(db, request.organizationId, policy)
  })
}
