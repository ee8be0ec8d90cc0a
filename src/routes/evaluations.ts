// POST /v1/evaluations (+ /preview), GET one, list: the evaluation history of the caller's organisation.
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { emptyWindow, NotFound } from '../errors.js'
import { getEvaluation, listEvaluations } from '../repositories/evaluations.js'
import { Cursor, Limit, Page, problems, StringEnum, Uuid } from '../schemas/common.js'
import { EvaluationSchema, StoredEvaluationSchema } from '../schemas/evaluation.js'
import { DefaultAsOf, EXAMPLE_PROPOSAL, Proposal, type ProposalInput } from '../schemas/proposal.js'
import { evaluateAndStore, evaluatePreview, queryAsOf, validateProposal, withAsOf } from '../services/evaluations.js'
import { singleEventProposal, type ParsedEvent } from '../calendar/index.js'
import { windowBound } from '../domain/window-bound.js'

const ICS_EXAMPLE = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1@example.com\r\nSUMMARY:Pick the Q3 pricing option\r\n' +
  'DTSTART;TZID=Europe/Berlin:20261201T170000\r\nDURATION:PT45M\r\nATTENDEE;ROLE=REQ-PARTICIPANT:mailto:ana@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'

/** The body of POST /v1/evaluations and /preview: a JSON proposal or an iCalendar file with one VEVENT. */
export const ProposalBody = {
  content: {
    'application/json': { schema: Type.Unsafe({ ...Proposal, examples: [EXAMPLE_PROPOSAL] }) },
    'text/calendar': { schema: Type.String({ maxLength: 1_048_576, description: 'RFC 5545 calendar holding exactly one VEVENT.', examples: [ICS_EXAMPLE] }) }
  }
}

/** Which calendar events are refused as no meetings. */
export const NOT_A_MEETING = 'A VEVENT that is no meeting, an all-day event shown as free (TRANSP:TRANSPARENT, X-MICROSOFT-CDO-BUSYSTATUS:FREE) ' +
  'or away (OOF, WORKINGELSEWHERE), is a 422 /problems/not-a-meeting saying what it is; timed events are scored.'

/** The query string of POST /v1/evaluations and /preview: the asOf of a meeting that gives none. */
const ProposalQuery = Type.Object({ asOf: Type.Optional(DefaultAsOf) }, { additionalProperties: false })

/** Proposal and assumptions (and from a calendar the start's zone given by its rules) from either body form (a
 * text/calendar body arrives as a string), evaluated as of `asOf` from the query string when given, unless a JSON
 * body gives its own. */
export function proposalFrom (body: unknown, asOf?: string): ParsedEvent {
  const options = queryAsOf(asOf)
  if (typeof body === 'string') {
    const parsed = singleEventProposal(body, options)
    return { ...parsed, proposal: validateProposal(parsed.proposal, true) }
  }
  return { proposal: withAsOf(body, options.asOf) as ProposalInput, assumptions: [] }
}

export default async function evaluationRoutes (fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = app.database.db

  app.post('/v1/evaluations', {
    config: { idempotent: true },
    schema: {
      tags: ['evaluations'],
      summary: 'Evaluate a proposed meeting and store the evaluation',
      description: 'Scores the meeting against six criteria and answers with the verdict, reasons, async alternatives, ' +
        'time-zone facts and cost. Accepts a JSON proposal or text/calendar with exactly one VEVENT. ?asOf= sets the moment of evaluation of the event, ' +
        'or of a JSON proposal that gives no asOf (its own asOf wins). ' +
        NOT_A_MEETING,
      querystring: ProposalQuery,
      body: ProposalBody,
      response: { 201: StoredEvaluationSchema, ...problems(400, 401, 404, 422) }
    }
  }, async (request, reply) => {
    const { proposal, assumptions, ruledZone } = proposalFrom(request.body, request.query.asOf)
    const stored = await evaluateAndStore(db, request, proposal, assumptions, ruledZone)
    return reply.code(201).header('location', `/v1/evaluations/${stored.id}`).send(stored)
  })

  app.post('/v1/evaluations/preview', {
    schema: {
      tags: ['evaluations'],
      summary: 'Evaluate a proposed meeting without storing it',
      description: 'Same input and answer as POST /v1/evaluations, with 200, no id, nothing stored: for re-scoring a draft on every edit. ' + NOT_A_MEETING,
      querystring: ProposalQuery,
      body: ProposalBody,
      response: { 200: EvaluationSchema, ...problems(400, 401, 404, 422) }
    }
  }, async request => {
    const { proposal, assumptions, ruledZone } = proposalFrom(request.body, request.query.asOf)
    return evaluatePreview(db, request, proposal, assumptions, ruledZone)
  })

  app.get('/v1/evaluations/:id', {
    schema: {
      tags: ['evaluations'],
      summary: 'Read a stored evaluation',
      params: Type.Object({ id: Uuid('Evaluation id.') }),
      response: { 200: StoredEvaluationSchema, ...problems(400, 401, 404) }
    }
  }, async request => {
    const found = await getEvaluation(db, request.organizationId, request.params.id)
    if (found === undefined) throw new NotFound('Evaluation')
    return found
  })

  app.get('/v1/evaluations', {
    schema: {
      tags: ['evaluations'],
      summary: 'List stored evaluations, newest first',
      querystring: Type.Object({
        limit: Type.Optional(Limit),
        cursor: Type.Optional(Cursor),
        verdict: Type.Optional(StringEnum(['meet', 'improve', 'go_async'] as const, { description: 'Only evaluations with this verdict.' })),
        from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Only evaluations made at or after this instant.' })),
        to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Only evaluations made before this instant.' }))
      }, { additionalProperties: false }),
      response: { 200: Page(StoredEvaluationSchema, 'Evaluations, newest first.'), ...problems(400, 401) }
    }
  }, async request => {
    const q = request.query
    // A window that ends before it starts is a mistake in the request, not a question with no answer (as analytics).
    const from = q.from === undefined ? undefined : windowBound(q.from)
    const to = q.to === undefined ? undefined : windowBound(q.to)
    if (from !== undefined && to !== undefined && to < from) throw emptyWindow(true)
    return listEvaluations(db, request.organizationId, {
      limit: q.limit ?? 50,
      ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
      ...(q.verdict === undefined ? {} : { verdict: q.verdict }),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to })
    })
  })
}
