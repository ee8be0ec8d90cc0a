// The people directory: upsert, read, delete, list and bulk import of people keyed by email (DESIGN section 10).
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { NotFound, notThisListsCursor, type FieldError } from '../errors.js'
import { resolveZone } from '../domain/time/zones.js'
import { decodeCursor, encodeCursor } from '../domain/cursor.js'
import { IdempotencyKeyHeader } from '../plugins/idempotency.js'
import { unstorableStrings } from '../plugins/nul.js'
import { jsonBodyParser } from '../plugins/json-body.js'
import { fieldErrors, problem, problemType, type Problem } from '../plugins/problems.js'
import { validatorCompiler } from '../plugins/validation.js'
import { deletePerson, emailKey, getPerson, listPeople, upsertPeople, upsertPerson, type PersonWrite } from '../repositories/people.js'
import { Limit, Page, problems } from '../schemas/common.js'
import {
  EmailParams, PeopleCursor, PeopleImportBody, PeopleImportOk, PersonImportItem, PersonInput, PersonSchema,
  type ImportResultT, type PersonImportItemT
} from '../schemas/person.js'

/** The lower-cased email a cursor of `GET /v1/people` carries (the last of its page); a cursor this list did not issue
 * (another list's, one tampered with, or a key with U+0000, which no email holds and PostgreSQL cannot compare) is a
 * 400 naming it. */
function emailAfter (cursor: string): string {
  const key = decodeCursor('people', cursor)
  if (key === undefined || key.includes('\u0000')) throw notThisListsCursor('/v1/people')
  return key
}

/** A person with its zone name stored as the IANA name (Windows names and odd casing normalised). */
function normalised (email: string, input: Omit<PersonImportItemT, 'email'>): PersonWrite {
  const { name, workingHours, hourlyRate } = input
  return {
    email,
    timeZone: resolveZone(input.timeZone) ?? input.timeZone,
    ...(name === undefined ? {} : { name }),
    ...(workingHours === undefined ? {} : { workingHours }),
    ...(hourlyRate === undefined ? {} : { hourlyRate })
  }
}

const checkItem = validatorCompiler({ schema: PersonImportItem, method: 'POST', url: '/v1/people/import', httpPart: 'body' }) as
  ((value: unknown) => boolean) & { errors?: Parameters<typeof fieldErrors>[0] | null }

const invalidItem = (index: number, errors: FieldError[]): Problem =>
  problem(400, `Item ${index} is invalid: ${errors.map(e => `${e.path || '/'} ${e.message}`).join('; ')}`, { type: problemType(400, 'validation-error'), errors })

/** Why an item cannot be stored (strings the database cannot hold, schema violations: all of them), or undefined. */
function itemProblem (item: unknown, index: number): Problem | undefined {
  const errors = [...unstorableStrings(item), ...(checkItem(item) ? [] : fieldErrors(checkItem.errors ?? []))]
  return errors.length === 0 ? undefined : invalidItem(index, errors)
}

export default async function peopleRoutes (fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = app.database.db
  const tags = ['people']

  app.put('/v1/people/:email', {
    schema: {
      tags,
      summary: 'Create or replace a person',
      description: 'Replaces everything stored for the email (case-insensitive). 201 when the person is new, 200 otherwise.',
      params: EmailParams,
      body: PersonInput,
      response: { 200: PersonSchema, 201: PersonSchema, ...problems(400, 401, 403) }
    }
  }, async (request, reply) => {
    const { person, created } = await upsertPerson(db, request.organizationId, normalised(request.params.email, request.body))
    if (created) reply.code(201).header('location', `/v1/people/${encodeURIComponent(person.email)}`)
    return reply.send(person)
  })

  app.get('/v1/people/:email', {
    schema: {
      tags,
      summary: 'Read a person',
      params: EmailParams,
      response: { 200: PersonSchema, ...problems(400, 401, 403, 404) }
    }
  }, async request => {
    const person = await getPerson(db, request.organizationId, request.params.email)
    if (person === undefined) throw new NotFound('Person')
    return person
  })

  app.delete('/v1/people/:email', {
    schema: {
      tags,
      summary: 'Remove a person',
      params: EmailParams,
      response: { 204: Type.Null({ description: 'Removed.' }), ...problems(400, 401, 403, 404) }
    }
  }, async (request, reply) => {
    if (!await deletePerson(db, request.organizationId, request.params.email)) throw new NotFound('Person')
    return reply.code(204).send(null)
  })

  app.get('/v1/people', {
    schema: {
      tags,
      summary: 'List people',
      description: 'People ordered by lower-cased email, a page at a time.',
      querystring: Type.Object({ limit: Type.Optional(Limit), cursor: Type.Optional(PeopleCursor) }, { additionalProperties: false }),
      response: { 200: { ...Page(PersonSchema, 'People on this page.'), description: 'A page of people.' }, ...problems(400, 401, 403) }
    }
  }, async request => {
    const after = request.query.cursor === undefined ? undefined : emailAfter(request.query.cursor)
    const page = await listPeople(db, request.organizationId, request.query.limit ?? 50, after)
    return { items: page.items, nextCursor: page.more && page.lastKey !== undefined ? encodeCursor('people', page.lastKey) : null }
  })

  await app.register(importRoute)
}

/** POST /v1/people/import, in its own scope: JSON without the global refusal of unstorable strings, so such a string
 * is its item's problem. */
async function importRoute (fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = app.database.db
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, jsonBodyParser({ refuseUnstorable: false }))

  app.post('/v1/people/import', {
    config: { idempotent: true },
    schema: {
      tags: ['people'],
      summary: 'Create or replace many people',
      description: 'Up to 1000 people. Each item is checked on its own: valid items are stored together in one statement, ' +
        'invalid ones (a string holding U+0000 included) are answered with a problem and change nothing. ' +
        'An email may appear once per import (case-insensitively). An import whose every item is refused stores nothing and ' +
        'does not use its Idempotency-Key up: send the corrected import with the same key.',
      headers: Type.Object({ 'idempotency-key': IdempotencyKeyHeader }),
      body: PeopleImportBody,
      response: { 200: PeopleImportOk, ...problems(400, 401, 403) }
    }
  }, async request => {
    const results: ImportResultT[] = []
    const valid: Array<{ index: number, person: PersonWrite }> = []
    const seen = new Map<string, number>()
    request.body.people.forEach((item, index) => {
      const refused = itemProblem(item, index)
      if (refused !== undefined) {
        results[index] = { index, problem: refused }
        return
      }
      const person = item as PersonImportItemT
      const first = seen.get(emailKey(person.email))
      if (first !== undefined) {
        const errors = [{ path: '/email', message: `repeats the email of item ${first} (emails compare case-insensitively)` }]
        results[index] = { index, problem: problem(400, `Item ${index} repeats the email of item ${first}.`, { type: problemType(400, 'validation-error'), errors }) }
        return
      }
      seen.set(emailKey(person.email), index)
      valid.push({ index, person: normalised(person.email, person) })
    })
    // Nothing to store: the Idempotency-Key stays free for the corrected import, as after a refused request.
    if (valid.length === 0) request.wroteNothing = true
    const created = await upsertPeople(db, request.organizationId, valid.map(v => v.person))
    for (const { index, person } of valid) {
      results[index] = { index, email: person.email, status: created.get(emailKey(person.email)) === true ? 'created' : 'updated' }
    }
    return { results }
  })
}
