// POST /v1/evaluations/batch: the three body forms, the query, and each result (evaluation or problem, with its index).
import { Type, type Static, type TSchema } from 'typebox'
import { EvaluationBody } from './evaluation.js'
import { FieldErrorSchema, Uuid } from './common.js'
import { DefaultAsOf, EXAMPLE_PROPOSAL } from './proposal.js'
import { BATCH_BODY_LIMIT, MAX_BATCH, MAX_LINE_BYTES } from './batch-limits.js'

export { BATCH_BODY_LIMIT, MAX_BATCH, MAX_BATCH_PARTICIPANTS, MAX_BATCH_VEVENTS, MAX_LINE_BYTES } from './batch-limits.js'

const Index = Type.Integer({ minimum: 0, description: 'Position of the meeting in the input (NDJSON: among non-empty lines), from 0.', examples: [0] })

export const BatchJsonBody = Type.Object({
  meetings: Type.Array(Type.Unknown({ description: 'A proposal (see POST /v1/evaluations), checked on its own: a bad one gets its own problem.' }), {
    minItems: 1,
    maxItems: MAX_BATCH,
    description: `Proposals to evaluate, at most ${MAX_BATCH} (more: 413; send NDJSON instead).`,
    examples: [[EXAMPLE_PROPOSAL]]
  })
}, { additionalProperties: false, description: 'A batch of proposals.' })

export const BatchQuery = Type.Object({
  store: Type.Optional(Type.Boolean({ default: true, description: 'false: evaluate only, store nothing (results have no id).' })),
  asOf: Type.Optional(DefaultAsOf)
}, { additionalProperties: false })

export const StoredResult = Type.Object({
  index: Index,
  id: Uuid('Evaluation id.'),
  createdAt: Type.String({ format: 'date-time', description: 'When it was evaluated and stored (UTC).' }),
  ...EvaluationBody
}, { additionalProperties: false, description: 'A stored evaluation with its index.' })

export const PreviewResult = Type.Object({ index: Index, ...EvaluationBody }, { additionalProperties: false, description: 'An evaluation (store=false) with its index.' })

export const ProblemResult = Type.Object({
  index: Index,
  type: Type.String({ description: 'URI reference identifying the problem type: GET it (no key needed) for what the type means.', examples: ['/problems/validation-error'] }),
  title: Type.String({ description: 'Short summary of the problem type.', examples: ['Bad Request'] }),
  status: Type.Integer({ description: 'The status this meeting alone would have got.', examples: [400] }),
  detail: Type.String({ description: 'What is wrong with this meeting.' }),
  errors: Type.Optional(Type.Array(FieldErrorSchema, { description: 'Each invalid field, as a JSON pointer relative to this meeting.' }))
}, { additionalProperties: true, description: 'RFC 9457 problem details for one meeting that could not be evaluated.' })

const Result = Type.Union([ProblemResult, StoredResult, PreviewResult], { description: 'The evaluation of one meeting, or a problem object; both carry index.' })

export const BatchResponse = Type.Object({
  results: Type.Array(Result, { description: 'One result per meeting, in input order.' })
}, { additionalProperties: false })

export type BatchResult = Static<typeof StoredResult> | Static<typeof PreviewResult> | Static<typeof ProblemResult>

const NDJSON_EXAMPLE = `${JSON.stringify(EXAMPLE_PROPOSAL)}\n${JSON.stringify({ ...EXAMPLE_PROPOSAL, title: 'Weekly status' })}\n`

/** Request body: JSON, NDJSON (streamed, any length) or iCalendar with many VEVENTs. */
export const BatchBody = {
  content: {
    'application/json': { schema: BatchJsonBody },
    'application/x-ndjson': {
      // No type: the body reaches the handler as a stream, read line by line.
      schema: Type.Unsafe<unknown>({
        description: `One proposal per line (UTF-8, lines up to ${MAX_LINE_BYTES} bytes; blank lines are skipped), any number of lines. ` +
          'Answered with one NDJSON line per non-empty input line, streamed.',
        examples: [NDJSON_EXAMPLE]
      })
    },
    'text/calendar': { schema: Type.String({ maxLength: BATCH_BODY_LIMIT, description: `RFC 5545 calendar; every VEVENT (at most ${MAX_BATCH}) is evaluated.` }) }
  }
}

const NdjsonLines: TSchema = Type.Unsafe({
  type: 'string',
  description: 'One JSON object per line (each ending in a line feed), each an evaluation or a problem with its index, ' +
    'in input order; nothing else. Each line matches the schema in this media type\'s x-itemSchema: the same union as ' +
    'the items of results in the JSON answer.',
  examples: [`${JSON.stringify({ index: 0, type: '/problems/validation-error', title: 'Bad Request', status: 400, detail: 'One field is invalid: /title is required', errors: [{ path: '/title', message: 'is required' }] })}\n`]
})

/** 200 answer: JSON results, or an NDJSON stream for an NDJSON body. OpenAPI 3.1 has no schema for the items of a
 * sequential media type (3.2 adds itemSchema): the line schema is given as the x-itemSchema extension of the media type. */
export const BatchOk = {
  description: 'One result per meeting, in input order: JSON for a JSON or text/calendar body, NDJSON (streamed) for an NDJSON body.',
  content: {
    'application/json': { schema: BatchResponse },
    'application/x-ndjson': { schema: NdjsonLines, 'x-itemSchema': Result }
  }
}
