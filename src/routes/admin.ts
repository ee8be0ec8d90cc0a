// Provisioning with the admin key: organisations, API keys, revocation.
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { NotFound, Unprocessable } from '../errors.js'
import { idempotencyKeyHeader } from '../plugins/idempotency.js'
import { createOrganization, issueApiKey, issueApiKeyWithId, organizationExists, revokeApiKey, type EarlierKey } from '../repositories/organizations.js'
import { problems, Text, Uuid } from '../schemas/common.js'

const Organization = Type.Object({
  id: Uuid('Organisation id.'),
  name: Type.String({ description: 'Organisation name.', examples: ['Acme'] }),
  createdAt: Type.String({ format: 'date-time', description: 'When it was created (UTC).' })
}, { additionalProperties: false })

const IssuedKey = Type.Object({
  id: Uuid('API key id (use it to revoke the key).'),
  key: Type.String({ description: 'The API key itself: shown only in this answer, stored only as a hash.', examples: ['mev_3kT9...'] }),
  prefix: Type.String({ description: 'First characters of the key, kept to recognise it later.', examples: ['mev_3kT9xQ2a'] }),
  name: Type.String({ description: 'Label of the key.', examples: ['calendar-addon'] }),
  createdAt: Type.String({ format: 'date-time', description: 'When it was issued (UTC).' })
}, { additionalProperties: false })

const admin = { auth: 'admin' as const }
/** Organisations and keys have no URL to read them at: their 201 has no Location. */
const creating = { auth: 'admin' as const, idempotent: true, location: false as const }

const SEALED = 'The first answer is kept encrypted under a key derived from ADMIN_API_KEY: once the admin key has ' +
  'changed, a retry is 422 and needs a new Idempotency-Key.'

const OrganizationKey = Type.Object({
  'idempotency-key': idempotencyKeyHeader(`${SEALED} If the first run created its organisation but its answer was lost ` +
    '(a crash), a retry once the claim is 5 minutes old answers with that organisation rather than creating another.')
})

const ApiKeyKey = Type.Object({
  'idempotency-key': idempotencyKeyHeader(`${SEALED} A retry returns the same key, which stays the only one issued. If ` +
    'the first run issued its key but its answer was lost (a crash), the key cannot be shown again (only its hash is ' +
    'kept): a retry once the claim is 5 minutes old is 422 naming the key\'s id. Revoke that key with ' +
    'DELETE /v1/admin/api-keys/{keyId} and issue a new one with a new Idempotency-Key.')
})

/** The answer to a retry that finds its key already issued by a run whose answer was lost. */
function lostKey (earlier: EarlierKey): Error {
  const revoke = earlier.revoked ? 'It has been revoked since' : `Revoke it with DELETE /v1/admin/api-keys/${earlier.id}`
  return new Unprocessable(`API key ${earlier.id} (${earlier.prefix}...) was issued by an earlier run of this request ` +
    `whose answer was lost, and cannot be shown again (only its hash is kept). ${revoke}, and issue a new key with a ` +
    'new Idempotency-Key.')
}

export default async function adminRoutes (fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = app.database.db

  app.post('/v1/admin/organizations', {
    config: creating,
    schema: {
      tags: ['admin'],
      summary: 'Create an organisation',
      security: [{ adminKey: [] }],
      headers: OrganizationKey,
      body: Type.Object({ name: Text(200, 'Organisation name.', 'Acme') }, { additionalProperties: false }),
      response: { 201: Organization, ...problems(400, 401, 403) }
    }
  }, async (request, reply) => {
    return reply.code(201).send(await createOrganization(db, request.body.name, request.idempotentId ?? undefined))
  })

  app.post('/v1/admin/organizations/:orgId/api-keys', {
    config: creating,
    schema: {
      tags: ['admin'],
      summary: 'Issue an API key for an organisation',
      security: [{ adminKey: [] }],
      headers: ApiKeyKey,
      params: Type.Object({ orgId: Uuid('Organisation id.') }),
      body: Type.Object({ name: Text(200, 'Label of the key.', 'calendar-addon') }, { additionalProperties: false }),
      response: { 201: IssuedKey, ...problems(400, 401, 403, 404, 422) }
    }
  }, async (request, reply) => {
    const { orgId } = request.params
    if (!await organizationExists(db, orgId)) throw new NotFound('Organisation')
    const id = request.idempotentId
    if (id === null) return reply.code(201).send(await issueApiKey(db, orgId, request.body.name))
    const issued = await issueApiKeyWithId(db, orgId, request.body.name, id)
    if ('issuedEarlier' in issued) throw lostKey(issued)
    return reply.code(201).send(issued)
  })

  app.delete('/v1/admin/api-keys/:keyId', {
    config: admin,
    schema: {
      tags: ['admin'],
      summary: 'Revoke an API key',
      description: 'Requests with the key are refused with 401 from the next request on.',
      security: [{ adminKey: [] }],
      params: Type.Object({ keyId: Uuid('API key id.') }),
      response: { 204: Type.Null({ description: 'Revoked.' }), ...problems(400, 401, 403, 404) }
    }
  }, async (request, reply) => {
    if (!await revokeApiKey(db, request.params.keyId)) throw new NotFound('Active API key')
    return reply.code(204).send(null)
  })
}
