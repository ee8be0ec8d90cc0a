// POST /v1/evaluations/batch: many meetings as JSON, iCalendar or a streamed NDJSON body, a result (evaluation or problem) each.
import { Readable } from 'node:stream'
import createError from '@fastify/error'
import { InvalidFields, type FieldError } from '../errors.js'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { CalendarInputError, parseICalendarEach } from '../calendar/index.js'
import { jsonBodyParser } from '../plugins/json-body.js'
import { problems } from '../schemas/common.js'
import {
  BATCH_BODY_LIMIT, BatchBody, BatchOk, BatchQuery, MAX_BATCH, MAX_BATCH_PARTICIPANTS, MAX_BATCH_VEVENTS, MAX_LINE_BYTES, PreviewResult, ProblemResult, StoredResult, type BatchResult
} from '../schemas/batch.js'
import { BatchEvaluator, ndjsonResults, problemFor, type Candidate } from '../services/batch.js'
import { queryAsOf, withAsOf } from '../services/evaluations.js'

const TooLarge = createError<[string]>('MEV_BATCH_TOO_LARGE', '%s', 413)
const CHUNK = 100

const NDJSON_HINT = 'Send any number of meetings as NDJSON (Content-Type: application/x-ndjson, one proposal per line) instead.'

function tooMany (count: number, what: string, max: number): never {
  throw new TooLarge(`The batch holds ${count} ${what}; at most ${max} are accepted in one request. ${NDJSON_HINT}`)
}

function limit (count: number, what: string): void {
  if (count > MAX_BATCH) tooMany(count, what, MAX_BATCH)
}

/** Participants listed by the items (whatever their validity), against MAX_BATCH_PARTICIPANTS. */
function limitParticipants (items: unknown[]): void {
  let count = 0
  for (const item of items) {
    const participants = (item as { participants?: unknown } | null)?.participants
    if (Array.isArray(participants)) count += participants.length
  }
  if (count > MAX_BATCH_PARTICIPANTS) {
    throw new TooLarge(`The batch lists ${count} participants in all; at most ${MAX_BATCH_PARTICIPANTS} are accepted in one request. ${NDJSON_HINT}`)
  }
}

/** Serialises each NDJSON line with the schema of its kind, like the JSON answer. */
function lineSerializer (reply: FastifyReply): (result: BatchResult) => string {
  const compile = (schema: object) => reply.compileSerializationSchema(schema as Record<string, unknown>)
  const stored = compile(StoredResult)
  const preview = compile(PreviewResult)
  const failed = compile(ProblemResult)
  return result => 'detail' in result ? failed(result) : 'id' in result ? stored(result) : preview(result)
}

export default async function batchRoutes (fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = app.database.db

  // JSON without the global refusal of unstorable strings: one in a meeting is that meeting's problem, not the batch's.
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, jsonBodyParser({ refuseUnstorable: false }))
  // The NDJSON body is handed over as the raw stream (no buffering, no body limit): each line is bounded instead.
  app.addContentTypeParser('application/x-ndjson', (_request, payload, done) => { done(null, payload) })

  app.post('/v1/evaluations/batch', {
    bodyLimit: BATCH_BODY_LIMIT,
    // JSON and iCalendar answers are kept for a retry with the same Idempotency-Key; a streamed answer is not.
    config: { idempotent: true },
    // Before schema validation, so an oversized batch is a 413 pointing to NDJSON rather than a maxItems 400.
    preValidation: async request => {
      if (request.body instanceof Readable && request.headers['idempotency-key'] !== undefined) {
        const field: FieldError & { in: string } = { path: '/idempotency-key', message: 'cannot be honoured on a streamed NDJSON batch, whose answer is not kept', in: 'headers' }
        throw new InvalidFields([field],
          'Idempotency-Key cannot be honoured on a streamed NDJSON batch: its answer is not kept for a retry. Send up to ' +
          `${MAX_BATCH} meetings as JSON with the key, or leave the key out.`)
      }
      const meetings = (request.body as { meetings?: unknown } | null)?.meetings
      if (Array.isArray(meetings)) {
        limit(meetings.length, 'meetings')
        limitParticipants(meetings)
      }
    },
    schema: {
      tags: ['evaluations'],
      summary: 'Evaluate many meetings: JSON, iCalendar, or streamed NDJSON',
      description: `JSON \`{ "meetings": [...] }\` (at most ${MAX_BATCH} meetings and ${MAX_BATCH_PARTICIPANTS} participants in all, else 413) or text/calendar (every VEVENT, the same limits, counted before parsing; VEVENTs that change one occurrence of a series in the file do not count, up to ${MAX_BATCH_VEVENTS.toLocaleString('en-US')} VEVENTs in all) answers JSON \`{ "results": [...] }\`; ` +
        'application/x-ndjson (one proposal per line, any number of lines) answers application/x-ndjson, streamed, one line per non-empty input line; when the sender pauses, every line read so far is answered. ' +
        'Each result is the evaluation itself (stored: with id and createdAt) or a problem object (type, title, status, detail, errors with ' +
        'JSON pointers relative to that meeting), with `index`, its position in the input; results come in input order. A bad meeting ' +
        '(or a VEVENT that cannot be read, or that is no meeting: a 422 /problems/not-a-meeting, as POST /v1/evaluations says) gets its own problem ' +
        'and the others are still evaluated. Stored with bulk inserts unless ?store=false. ' +
        '?asOf= is the moment of evaluation of every meeting that gives no asOf of its own: each event of a text/calendar body, each JSON or NDJSON meeting without asOf ' +
        '(a meeting\'s own asOf wins); each result\'s meeting.asOf is the one used. ' +
        'Idempotency-Key is honoured for JSON and iCalendar bodies; on an NDJSON body it is a 400 (a streamed answer is not kept). ' +
        'A batch whose every meeting is refused stores nothing and, like a refused request, does not use the key up: send the corrected batch with the same key.',
      querystring: BatchQuery,
      body: BatchBody,
      response: { 200: BatchOk, ...problems(400, 401, 413) }
    }
  }, async (request, reply) => {
    const store = request.query.store !== false
    const body: unknown = request.body
    // The moment of evaluation of every event of a calendar, and of every JSON or NDJSON meeting that gives no asOf.
    const options = queryAsOf(request.query.asOf)
    const evaluator = BatchEvaluator.open(db, request)
    if (body instanceof Readable) {
      const lines = ndjsonResults(evaluator, body, {
        store, chunkSize: CHUNK, maxLineBytes: MAX_LINE_BYTES, ...options, serialize: lineSerializer(reply), log: request.log
      })
      return reply.type('application/x-ndjson').send(Readable.from(lines, { highWaterMark: 1 }))
    }
    let candidates: Candidate[]
    if (typeof body === 'string') {
      // Counted before parsing too: a 16 MB calendar of short events takes ical.js about a second.
      const events = parseICalendarEach(body, { events: MAX_BATCH, vevents: MAX_BATCH_VEVENTS, refuse: tooMany }, options)
      limit(events.length, 'events')
      limitParticipants(events.map(e => e instanceof CalendarInputError ? undefined : e.proposal))
      candidates = events.map(e => e instanceof CalendarInputError
        ? { problem: problemFor(e) }
        : { value: e.proposal, assumptions: e.assumptions, ...(e.ruledZone === undefined ? {} : { ruledZone: e.ruledZone }), fromCalendar: true })
    } else {
      const { meetings } = body as { meetings: unknown[] }
      limit(meetings.length, 'meetings')
      candidates = meetings.map(value => ({ value: withAsOf(value, options.asOf) }))
    }
    const results = await evaluator.run(candidates, 0, store, request.log)
    // Nothing evaluated, so nothing stored: the Idempotency-Key stays free for the corrected batch.
    request.wroteNothing = results.length > 0 && results.every(r => 'detail' in r)
    return reply.type('application/json').send({ results })
  })
}
