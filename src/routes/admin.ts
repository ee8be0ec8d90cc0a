// Provisioning with the admin key: organisations, API keys, revocation.
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { NotFound } from '../errors.js'
import { createOrganization, issueApiKey, organizationExists, revokeApiKey } from '../repositories/organizations.js'
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

export default async function adminRoutes (fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = app.database.db

  app.post('/v1/admin/organizations', {
    config: admin,
    schema: {
      tags: ['admin'],
      summary: 'Create an organisation',
      security: [{ adminKey: [] }],
      body: Type.Object({ name: Text(200, 'Organisation name.', 'Acme') }, { additionalProperties: false }),
      response: { 201: Organization, ...problems(400, 401, 403) }
    }
  }, async (request, reply) => {
    return reply.code(201).send(await createOrganization(db, request.body.name))
  })

  app.post('/v1/admin/organizations/:orgId/api-keys', {
    config: admin,
    schema: {
      tags: ['admin'],
      summary: 'Issue an API key for an organisation',
      security: [{ adminKey: [] }],
      params: Type.Object({ orgId: Uuid('Organisation id.') }),
      body: Type.Object({ name: Text(200, 'Label of the key.', 'calendar-addon') }, { additionalProperties: false }),
      response: { 201: IssuedKey, ...problems(400, 401, 403, 404) }
    }
  }, async (request, reply) => {
    if (!await organizationExists(db, request.params.orgId)) throw new NotFound('Organisation')
    return reply.code(201).send(await issueApiKey(db, request.params.orgId, request.body.name))
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
