// Timeboxed agendas (DESIGN section 9): CRUD with ETag/If-Match, cursor pages, publish with lead time, actuals, evaluate.
import { Type } from 'typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AgendaIncomplete, InvalidFields, NotFound, notThisListsCursor, PreconditionFailed, PreconditionRequired, type FieldError } from '../errors.js'
import { problem, problemType, sendProblem } from '../plugins/problems.js'
import { IdempotencyKeyHeader } from '../plugins/idempotency.js'
import { notModified } from '../plugins/common-responses.js'
import { checkTimeboxes, overflowMessage } from '../domain/agenda/timebox.js'
import { leadTime, withHours } from '../domain/agenda/lead-time.js'
import { inMeetingRange, MEETING_RANGE_MESSAGE } from '../domain/resolve.js'
import { decodePosition, encodePosition } from '../domain/cursor.js'
import { agendaProposal } from '../domain/agenda/proposal.js'
import { etagOf, matches, noneMatchHits, parseIfMatch, unmatchableTags } from '../domain/agenda/versions.js'
import {
  agendaExists, createAgenda, deleteAgenda, getAgenda, listAgendas, publishAgenda, recordActuals, replaceAgenda, type WriteResult
} from '../repositories/agendas.js'
import {
  ActualsInput, AgendaInput, AgendaListQuery, AgendaParams, AgendaSchema, IfMatchHeaders, PublishedAgendaSchema, PublishInput, type AgendaInputT
} from '../schemas/agenda.js'
import { Instant, Page, problems, StringEnum } from '../schemas/common.js'
import { withHeaders } from '../schemas/headers.js'
import { StoredEvaluationSchema } from '../schemas/evaluation.js'
import { PURPOSES, URGENCIES } from '../domain/model.js'
import { directoryFor } from '../services/caller.js'
import { emailKey } from '../repositories/people.js'
import { evaluateAndStore } from '../services/evaluations.js'
import { canonicalZone } from '../domain/time/zones.js'

const tags = ['agendas']

/** The agenda as stored: zone names properly cased ("europe/london" is accepted and kept as Europe/London), as the
 * people directory and evaluations store them. The schema has checked every name. */
function normalised (input: AgendaInputT): AgendaInputT {
  const zone = (name: string): string => canonicalZone(name) ?? name
  return {
    ...input,
    ...(input.timeZone === undefined ? {} : { timeZone: zone(input.timeZone) }),
    ...(input.participants === undefined
      ? {}
      : { participants: input.participants.map(p => p.timeZone === undefined ? p : { ...p, timeZone: zone(p.timeZone) }) })
  }
}

const INCOMPLETE_422 = 'The stored agenda lacks a meetingStart or participants (/problems/agenda-incomplete: errors names each ' +
  'missing field as a JSON pointer into the agenda; PUT the agenda with them, then evaluate again), or the Idempotency-Key ' +
  'was used before with another body.'

const EvaluateOptions = Type.Object({
  purpose: Type.Optional(StringEnum(PURPOSES, { description: 'Why the meeting exists (default: inferred from the agenda\'s title as from a calendar event\'s, else other; either is listed under assumptions).', examples: ['decision'] })),
  urgency: Type.Optional(StringEnum(URGENCIES, { description: 'How urgent it is (default normal).', examples: ['normal'] })),
  asOf: Type.Optional(Instant('The moment the evaluation is made (default now).', '2026-11-25T10:00:00Z'))
}, { additionalProperties: false, description: 'What the agenda does not say about the meeting; all optional, the body may be omitted.' })

/** The answer with the agenda version's ETag documented (Location on a 201 is documented for every route). */
const tagged = <T extends object>(schema: T): T => withHeaders(schema, [{
  ETag: { type: 'string', description: 'Strong ETag of the agenda\'s current version: send it back in If-Match or If-None-Match.', examples: ['"1"'] }
}])

/** A 422 naming the overflow when the timeboxes exceed the meeting; undefined when they fit. A meetingStart outside
 * the years meetings are placed in, or a participant listed twice (emails compare case-insensitively, as everywhere
 * else), is a 400 first. */
function inputProblem (reply: FastifyReply, input: AgendaInputT): FastifyReply | undefined {
  const errors: FieldError[] = []
  if (input.meetingStart !== undefined && !inMeetingRange(input.meetingStart)) errors.push({ path: '/meetingStart', message: MEETING_RANGE_MESSAGE })
  const seen = new Map<string, number>()
  input.participants?.forEach((p, i) => {
    const first = seen.get(emailKey(p.email))
    if (first === undefined) seen.set(emailKey(p.email), i)
    else errors.push({ path: `/participants/${i}/email`, message: `repeats the email of participant ${first} (emails compare case-insensitively)` })
  })
  if (errors.length > 0) throw new InvalidFields(errors)
  const check = checkTimeboxes(input.items, input.durationMinutes)
  if (check.overflow === 0) return undefined
  return sendProblem(reply, problem(422, overflowMessage(check, input.durationMinutes), {
    type: problemType(422, 'timeboxes-exceed-duration'),
    errors: [{ path: '/items', message: `add up to ${check.total} minutes, ${check.overflow} more than durationMinutes (${input.durationMinutes})` }],
    overflowMinutes: check.overflow
  }))
}

/** The 412 of an If-Match naming another version, saying which of its tags can never match any (a client that sent
 * W/"3" or 3 would otherwise read the agenda again and retry the same header for ever). */
function stale (ifMatch: string | undefined, advice: string): Error {
  const never = ifMatch === undefined ? [] : unmatchableTags(ifMatch)
  const why = never.length === 0
    ? ''
    : ` ${never.join(', ')} never ${never.length === 1 ? 'matches' : 'match'}: If-Match compares ETags strongly, exactly as the ETag header gives them (such as "3": quotes included, no W/).`
  return new PreconditionFailed(`If-Match does not match the current version of the agenda; ${advice}.${why}`)
}

function written (result: WriteResult, ifMatch: string | undefined) {
  if (result.outcome === 'missing') throw new NotFound('Agenda')
  if (result.outcome === 'stale') throw stale(ifMatch, 'read it again and retry with its ETag')
  return result.agenda
}

export default async function agendaRoutes (fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = app.database.db

  app.post('/v1/agendas', {
    config: { idempotent: true },
    schema: {
      tags,
      summary: 'Create an agenda',
      description: 'Stores a timeboxed agenda as a draft. The item minutes must not add up to more than durationMinutes (422 naming the overflow).',
      headers: Type.Object({ 'idempotency-key': IdempotencyKeyHeader }),
      body: AgendaInput,
      response: { 201: tagged(AgendaSchema), ...problems(400, 401, 422) }
    }
  }, async (request, reply) => {
    const refused = inputProblem(reply, request.body)
    if (refused !== undefined) return refused
    const agenda = await createAgenda(db, request.organizationId, normalised(request.body), request.idempotentId ?? undefined)
    return reply.code(201).header('location', `/v1/agendas/${agenda.id}`).header('etag', etagOf(agenda.version)).send(agenda)
  })

  app.get('/v1/agendas', {
    schema: {
      tags,
      summary: 'List agendas',
      description: 'Oldest first, in a stable order (creation time, then id), so agendas added meanwhile never make a page repeat or skip one.',
      querystring: AgendaListQuery,
      response: { 200: Page(AgendaSchema, 'Agendas of this page.'), ...problems(400, 401) }
    }
  }, async request => {
    const { limit = 50, cursor, status } = request.query
    const after = cursor === undefined ? undefined : decodePosition('agendas', cursor)
    if (cursor !== undefined && after === undefined) throw notThisListsCursor('/v1/agendas')
    const page = await listAgendas(db, request.organizationId, { limit, ...(after === undefined ? {} : { after }), ...(status === undefined ? {} : { status }) })
    return { items: page.items, nextCursor: page.more && page.last !== undefined ? encodePosition('agendas', page.last) : null }
  })

  app.get('/v1/agendas/:id', {
    schema: {
      tags,
      summary: 'Read an agenda',
      description: 'Answers with its ETag; with a matching If-None-Match, 304 and no body; with an If-Match naming another version, 412 (RFC 9110 13.2.2: If-Match is checked first). Carries adherence once actuals are recorded.',
      params: AgendaParams,
      headers: Type.Object({
        'if-none-match': Type.Optional(Type.String({ maxLength: 1000, description: 'ETag(s) the caller already has; a match answers 304.', examples: ['"3"'] })),
        'if-match': Type.Optional(Type.String({ maxLength: 1000, description: 'Read only this version ("3", compared exactly, or * for any): another version is a 412.', examples: ['"3"'] }))
      }),
      response: {
        200: tagged(AgendaSchema),
        304: tagged(Type.Null({ description: 'Not modified: the caller\'s copy is current.' })),
        ...problems(400, 401, 404),
        412: tagged(problems(412)[412]!)
      }
    }
  }, async (request, reply) => {
    const agenda = await getAgenda(db, request.organizationId, request.params.id)
    if (agenda === undefined) throw new NotFound('Agenda')
    reply.header('etag', etagOf(agenda.version))
    const ifMatch = request.headers['if-match']
    if (ifMatch !== undefined && !matches(parseIfMatch(ifMatch), agenda.version)) throw stale(ifMatch, 'read it again without If-Match')
    const noneMatch = request.headers['if-none-match']
    if (noneMatch !== undefined && noneMatchHits(noneMatch, agenda.version)) return notModified(reply)
    return agenda
  })

  app.put('/v1/agendas/:id', {
    schema: {
      tags,
      summary: 'Replace an agenda',
      description: 'Replaces the whole agenda, items included, if If-Match names its current ETag (or *). Of several writers holding the same ETag exactly one wins; the others get 412. Status and publishedAt are kept; recorded actuals are cleared (they belonged to the old items).',
      params: AgendaParams,
      headers: IfMatchHeaders(true),
      body: AgendaInput,
      response: { 200: tagged(AgendaSchema), ...problems(400, 401, 404, 412, 422, 428) }
    }
  }, async (request, reply) => {
    const ifMatch = request.headers['if-match']
    if (ifMatch === undefined) {
      // Another organisation's agenda is a 404 whatever the header (DESIGN section 9), so the 428 only for one of ours.
      if (!await agendaExists(db, request.organizationId, request.params.id)) throw new NotFound('Agenda')
      throw new PreconditionRequired('Send If-Match with the agenda\'s ETag (from GET) or * to replace it.')
    }
    const refused = inputProblem(reply, request.body)
    if (refused !== undefined) return refused
    const agenda = written(await replaceAgenda(db, request.organizationId, request.params.id, normalised(request.body), parseIfMatch(ifMatch)), ifMatch)
    return reply.header('etag', etagOf(agenda.version)).send(agenda)
  })

  app.delete('/v1/agendas/:id', {
    schema: {
      tags,
      summary: 'Delete an agenda',
      params: AgendaParams,
      headers: IfMatchHeaders(false),
      response: { 204: Type.Null({ description: 'Deleted.' }), ...problems(400, 401, 404, 412) }
    }
  }, async (request, reply) => {
    const ifMatch = request.headers['if-match']
    const outcome = await deleteAgenda(db, request.organizationId, request.params.id, ifMatch === undefined ? undefined : parseIfMatch(ifMatch))
    if (outcome !== 'ok') written({ outcome }, ifMatch)
    return reply.code(204).send(null)
  })

  app.post('/v1/agendas/:id/publish', {
    // Publishing takes no fields: no body (or an empty one) reads as {}, anything else must be {}.
    config: { optionalBody: true },
    preValidation: async request => { if (request.body === undefined) request.body = {} },
    schema: {
      tags,
      summary: 'Publish an agenda',
      description: 'Marks it published now and checks, for each participant in their own zone, working hours and days, whether the policy lead time (agendaLeadHours working hours, default 24) lies between now and meetingStart; leadTime.met when it does for every required participant (everyone when nobody is required; for an agenda without participants, the policy\'s default working hours in the agenda\'s zone, else the policy\'s), as evaluating the agenda judges it. Publishing again after a PUT re-shares it now (new publishedAt and ETag); publishing an agenda already published and not replaced since (a retry; recorded actuals are no change) answers it as it is, with the same publishedAt and ETag and the lead time judged from that publishedAt.',
      params: AgendaParams,
      body: PublishInput,
      response: { 200: tagged(PublishedAgendaSchema), ...problems(400, 401, 404) }
    }
  }, async (request, reply) => {
    const organizationId = request.organizationId
    const agenda = await publishAgenda(db, organizationId, request.params.id)
    if (agenda === undefined) throw new NotFound('Agenda')
    reply.header('etag', etagOf(agenda.version))
    if (agenda.meetingStart === undefined || agenda.publishedAt === undefined) return { ...agenda, leadTime: null }
    const policy = request.policy
    const directory = await directoryFor(db, request, agenda.participants.filter(p => p.timeZone === undefined || p.workingHours === undefined).map(p => p.email))
    const participants = withHours(agenda.participants, directory, policy.defaults)
    const zone = agenda.timeZone ?? policy.defaults.timeZone
    const nobody = { timeZone: canonicalZone(zone) ?? zone, workingHours: policy.defaults.workingHours }
    return { ...agenda, leadTime: leadTime(participants, Date.parse(agenda.publishedAt), Date.parse(agenda.meetingStart), policy.agendaLeadHours, nobody) }
  })

  app.put('/v1/agendas/:id/actuals', {
    schema: {
      tags,
      summary: 'Record what each item really took',
      description: 'Replaces the recorded minutes; the answer and later reads carry adherence: per item and in total, overrun positive. If-Match is not needed, but when sent it must name the current ETag (or *), else 412.',
      params: AgendaParams,
      headers: IfMatchHeaders(false),
      body: ActualsInput,
      response: { 200: tagged(AgendaSchema), ...problems(400, 401, 404, 412) }
    }
  }, async (request, reply) => {
    const seen = new Set<number>()
    const repeated = request.body.items.flatMap((item, i) => seen.has(item.index) ? [i] : (seen.add(item.index), []))
    if (repeated.length > 0) throw new InvalidFields(repeated.map(i => ({ path: `/items/${i}/index`, message: 'repeats an index listed before' })))
    const ifMatch = request.headers['if-match']
    const result = await recordActuals(db, request.organizationId, request.params.id, request.body.items, ifMatch === undefined ? undefined : parseIfMatch(ifMatch))
    if (result.outcome === 'unknown-index') {
      const last = `the agenda has ${result.count} item${result.count === 1 ? '' : 's'}, 0 to ${result.count - 1}`
      throw new InvalidFields(result.positions.map(i => ({ path: `/items/${i}/index`, message: `names no item (${last})` })))
    }
    const agenda = written(result, ifMatch)
    return reply.header('etag', etagOf(agenda.version)).send(agenda)
  })

  app.post('/v1/agendas/:id/evaluate', {
    // The body is optional: no body (or an empty one) reads as {}.
    config: { idempotent: true, optionalBody: true },
    preValidation: async request => { if (request.body === undefined) request.body = {} },
    schema: {
      tags,
      summary: 'Evaluate the meeting an agenda describes',
      description: 'Evaluates title, meetingStart, duration, zone, outcomes, participants and items (shared at publishedAt when published, unless that is after the asOf given: not shared yet as of then) like POST /v1/evaluations, and stores the evaluation. The agenda needs a meetingStart and at least one participant: without them, 422 /problems/agenda-incomplete naming each missing field.',
      params: AgendaParams,
      headers: Type.Object({ 'idempotency-key': IdempotencyKeyHeader }),
      body: EvaluateOptions,
      response: { 201: StoredEvaluationSchema, ...problems(400, 401, 404), 422: { ...problems(422)[422]!, description: INCOMPLETE_422 } }
    }
  }, async (request, reply) => {
    const agenda = await getAgenda(db, request.organizationId, request.params.id)
    if (agenda === undefined) throw new NotFound('Agenda')
    const mapped = agendaProposal(agenda, request.body)
    if (!mapped.ok) throw new AgendaIncomplete(mapped.missing)
    const stored = await evaluateAndStore(db, request, mapped.proposal, mapped.assumptions)
    return reply.code(201).header('location', `/v1/evaluations/${stored.id}`).send(stored)
  })
}
