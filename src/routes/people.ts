// The people directory: upsert, read, delete, list and bulk import of people keyed by email (DESIGN section 10).
import { Type, type Static } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { InvalidFields, NotFound, type FieldError } from '../errors.js'
import { resolveZone } from '../domain/time/zones.js'
import { fieldErrors, problem, type Problem } from '../plugins/problems.js'
import { validatorCompiler } from '../plugins/validation.js'
import { deletePerson, emailKey, getPerson, listPeople, upsertPeople, upsertPerson, type PersonWrite } from '../repositories/people.js'
import { Cursor, Email, Limit, Page, problems, StringEnum } from '../schemas/common.js'
import { EmailParams, PersonImportItem, PersonInput, PersonSchema, type PersonImportItemT } from '../schemas/person.js'

const CURSOR_PREFIX = 'p1:'
const encodeCursor = (key: string): string => Buffer.from(CURSOR_PREFIX + key).toString('base64url')

function decodeCursor (cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  if (!text.startsWith(CURSOR_PREFIX) || text.length === CURSOR_PREFIX.length || encodeCursor(text.slice(CURSOR_PREFIX.length)) !== cursor) {
    throw new InvalidFields([{ path: '/cursor', message: 'is not a cursor this API issued', in: 'querystring' } as FieldError])
  }
  return text.slice(CURSOR_PREFIX.length)
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

const ImportResult = Type.Union([
  Type.Object({
    index: Type.Integer({ description: 'Position of the item in the request.', examples: [0] }),
    email: Email('Email of the person as sent.'),
    status: StringEnum(['created', 'updated'] as const, { description: 'Whether the person was added or replaced.' })
  }, { additionalProperties: false }),
  Type.Object({
    index: Type.Integer({ description: 'Position of the item in the request.', examples: [3] }),
    problem: Type.Unsafe<Problem>({ ...Type.Ref('Problem'), description: 'Why this item was not stored: problem details whose errors name the bad fields, paths relative to the item.' })
  }, { additionalProperties: false })
], { description: 'Outcome for one item.' })

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
      querystring: Type.Object({ limit: Type.Optional(Limit), cursor: Type.Optional(Cursor) }, { additionalProperties: false }),
      response: { 200: { ...Page(PersonSchema, 'People on this page.'), description: 'A page of people.' }, ...problems(400, 401, 403) }
    }
  }, async request => {
    const after = request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor)
    const page = await listPeople(db, request.organizationId, request.query.limit ?? 50, after)
    return { items: page.items, nextCursor: page.more && page.lastKey !== undefined ? encodeCursor(page.lastKey) : null }
  })

  app.post('/v1/people/import', {
    schema: {
      tags,
      summary: 'Create or replace many people',
      description: 'Up to 1000 people. Each item is checked on its own: valid items are stored together in one statement, ' +
        'invalid ones are answered with a problem and change nothing. An email may appear once per import (case-insensitively).',
      body: Type.Object({
        people: Type.Array(Type.Unsafe<unknown>({ description: 'A person: email, timeZone and optionally name, workingHours, hourlyRate (checked per item).', examples: [{ email: 'ana@example.com', timeZone: 'Europe/Berlin' }] }),
          { minItems: 1, maxItems: 1000, description: 'People to store (1 to 1000).' })
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({ results: Type.Array(ImportResult, { description: 'One result per item, in request order.' }) }, { additionalProperties: false, description: 'What happened to each item.' }),
        ...problems(400, 401, 403, 413)
      }
    }
  }, async request => {
    const results: Array<Static<typeof ImportResult>> = []
    const valid: Array<{ index: number, person: PersonWrite }> = []
    const seen = new Map<string, number>()
    request.body.people.forEach((item, index) => {
      if (!checkItem(item)) {
        const errors = fieldErrors(checkItem.errors ?? [])
        results[index] = { index, problem: problem(400, `Item ${index} is invalid: ${errors.map(e => `${e.path || '/'} ${e.message}`).join('; ')}`, { type: '/problems/validation-error', errors }) }
        return
      }
      const person = item as PersonImportItemT
      const first = seen.get(emailKey(person.email))
      if (first !== undefined) {
        const errors = [{ path: '/email', message: `repeats the email of item ${first} (emails compare case-insensitively)` }]
        results[index] = { index, problem: problem(400, `Item ${index} repeats the email of item ${first}.`, { type: '/problems/validation-error', errors }) }
        return
      }
      seen.set(emailKey(person.email), index)
      valid.push({ index, person: normalised(person.email, person) })
    })
    const created = await upsertPeople(db, request.organizationId, valid.map(v => v.person))
    for (const { index, person } of valid) {
      results[index] = { index, email: person.email, status: created.get(emailKey(person.email)) === true ? 'created' : 'updated' }
    }
    return { results }
  })
}
