// GET/PUT /v1/policy: the organisation's scoring policy, with an ETag for conditional reads and writes.
import type { FastifyInstance } from 'fastify'
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { policyProblems } from '../domain/policy-check.js'
import { ifMatchHolds, ifNoneMatchHits } from '../domain/entity-tags.js'
import { policyTag } from '../domain/policy-tag.js'
import { canonicalZone } from '../domain/time/zones.js'
import { InvalidFields, PreconditionFailed } from '../errors.js'
import { putPolicy } from '../repositories/policy.js'
import { notModified } from '../plugins/common-responses.js'
import { problems } from '../schemas/common.js'
import { withHeaders } from '../schemas/headers.js'
import { PolicySchema } from '../schemas/policy.js'

const EXAMPLE_TAG = '"x7Qm2VfC0L9bJk3pR8sT1w"'

/** The answer with the policy's ETag documented. */
const tagged = <T extends object>(schema: T): T => withHeaders(schema, [{
  ETag: { type: 'string', description: 'Strong ETag of this document (a digest of its content): send it back in If-Match to replace exactly this policy, or in If-None-Match to read it only when it changed.', examples: [EXAMPLE_TAG] }
}])

export default async function policyRoutes (fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = app.database.db

  app.get('/v1/policy', {
    schema: {
      tags: ['policy'],
      summary: 'Read the organisation policy',
      description: 'The stored policy, or the defaults when none is stored: exactly the document PUT accepts, with its ETag. With an If-None-Match naming that ETag (or *), 304 and no body.',
      headers: Type.Object({
        'if-none-match': Type.Optional(Type.String({ maxLength: 1000, description: 'ETag(s) the caller already has; a match answers 304.', examples: [EXAMPLE_TAG] }))
      }),
      response: { 200: tagged(PolicySchema), 304: tagged(Type.Null({ description: 'Not modified: the caller\'s copy is current.' })), ...problems(400, 401) }
    }
  }, async (request, reply) => {
    const tag = policyTag(request.policy)
    reply.header('etag', tag)
    const noneMatch = request.headers['if-none-match']
    if (noneMatch !== undefined && ifNoneMatchHits(noneMatch, tag)) return notModified(reply)
    return request.policy
  })

  app.put('/v1/policy', {
    schema: {
      tags: ['policy'],
      summary: 'Replace the organisation policy',
      description: 'Whole document. Later evaluations use it; stored evaluations keep the policy they were made with. If-Match is optional: when sent, the policy is replaced only if it still is the document of that ETag (or any with *), else 412, so two editors cannot overwrite each other unseen; of several writers holding the same ETag exactly one wins.',
      headers: Type.Object({
        'if-match': Type.Optional(Type.String({ maxLength: 1000, description: 'The ETag of the policy this document replaces (from GET), compared exactly, or * for any.', examples: [EXAMPLE_TAG] }))
      }),
      body: PolicySchema,
      response: { 200: tagged(PolicySchema), ...problems(400, 401, 412) }
    }
  }, async (request, reply) => {
    const found = policyProblems(request.body)
    if (found.length > 0) throw new InvalidFields(found)
    const policy = { ...request.body, defaults: { ...request.body.defaults, timeZone: canonicalZone(request.body.defaults.timeZone)! } }
    const ifMatch = request.headers['if-match']
    const stored = await putPolicy(db, request.organizationId, policy, ifMatch === undefined ? undefined : current => ifMatchHolds(ifMatch, policyTag(current)))
    if (stored === undefined) throw new PreconditionFailed('If-Match does not match the current policy; read it again (GET /v1/policy) and apply your change to that document.')
    return reply.header('etag', policyTag(stored)).send(stored)
  })
}
