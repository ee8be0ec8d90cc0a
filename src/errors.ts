// Domain errors with stable codes; the problem handler renders each as RFC 9457 problem+json.
import createError from '@fastify/error'
import type { ProblemSlug } from './problem-types.js'

export const NotFound = createError<[string]>('MEV_NOT_FOUND', '%s was not found', 404)
export const Unauthorized = createError<[string]>('MEV_UNAUTHORIZED', '%s', 401)
export const Forbidden = createError<[string]>('MEV_FORBIDDEN', '%s', 403)
export const BadRequest = createError<[string]>('MEV_BAD_REQUEST', '%s', 400)
export const Conflict = createError<[string]>('MEV_CONFLICT', '%s', 409)
export const PreconditionFailed = createError<[string]>('MEV_PRECONDITION_FAILED', '%s', 412)
export const PreconditionRequired = createError<[string]>('MEV_PRECONDITION_REQUIRED', '%s', 428)
export const Unprocessable = createError<[string]>('MEV_UNPROCESSABLE', '%s', 422)
export const ServiceUnavailable = createError<[string]>('MEV_UNAVAILABLE', '%s', 503)
export const UnsupportedMediaType = createError<[string]>('MEV_UNSUPPORTED_MEDIA_TYPE', '%s', 415)

export interface FieldError { path: string, message: string }

/** A 400 that names each bad field, like a schema validation failure. */
export class InvalidFields extends Error {
  readonly statusCode = 400
  readonly code = 'MEV_INVALID_FIELDS'
  constructor (readonly errors: FieldError[], detail?: string) {
    super(detail ?? `${errors.length === 1 ? 'One field is' : `${errors.length} fields are`} invalid: ${errors.map(e => `${e.path || '/'} ${e.message}`).join('; ')}`)
  }
}

/** The 400 of a list window (GET /v1/evaluations, analytics) that ends before it starts, naming the parameter sent:
 * `to`, or `from` when no `to` was given and it is after now. */
export function emptyWindow (toSent: boolean): InvalidFields {
  const [path, message, detail] = toSent
    ? ['/to', 'must not be before from', 'The window is empty: to is before from.']
    : ['/from', 'must not be after to (now, as no to was given)', 'The window is empty: from is after to (now, as no to was given).']
  return new InvalidFields([{ path, message, in: 'querystring' } as FieldError], detail)
}

/** What a list says of a ?cursor= it did not issue (another list's, or one tampered with), whichever list it is. */
export const NOT_THIS_LISTS_CURSOR = 'is not a cursor this list issued: pass nextCursor of this list unchanged'

/** The 400 of a ?cursor= that `list` (its path, /v1/agendas) did not issue. */
export function notThisListsCursor (list: string): InvalidFields {
  return new InvalidFields([{ path: '/cursor', message: NOT_THIS_LISTS_CURSOR, in: 'querystring' } as FieldError],
    `The cursor is not one GET ${list} issued: pass the nextCursor of a page of this list unchanged.`)
}

/** A 404 for something a request field names that the caller's organisation does not have (an agendaId of another
 * organisation, or of none): the field is listed under errors, as for a 400, and the status stays 404. */
export class FieldNotFound extends Error {
  readonly statusCode = 404
  readonly code = 'MEV_NOT_FOUND'
  readonly problemSlug: ProblemSlug = 'not-found'
  constructor (readonly errors: FieldError[], detail: string) {
    super(detail)
  }
}

const LACKS = {
  meetingStart: { said: 'no meetingStart', fix: 'a meetingStart', message: 'is missing: the meeting needs a start to be evaluated' },
  participants: { said: 'no participants', fix: 'at least one participant', message: 'is empty: the meeting needs at least one participant to be evaluated' }
} as const

/** A 422 `/problems/agenda-incomplete`: the stored agenda lacks fields evaluating it needs (the request is fine). errors
 * names each as a JSON pointer into the agenda, marked `in: agenda`. */
export class AgendaIncomplete extends Error {
  readonly statusCode = 422
  readonly code = 'MEV_AGENDA_INCOMPLETE'
  readonly problemSlug: ProblemSlug = 'agenda-incomplete'
  readonly errors: FieldError[]
  constructor (missing: ReadonlyArray<keyof typeof LACKS>) {
    const lacks = missing.map(field => LACKS[field])
    super(`The agenda cannot be evaluated: it has ${lacks.map(l => l.said).join(' and ')}. PUT the agenda with ` +
      `${lacks.map(l => l.fix).join(' and ')}, then evaluate it again.`)
    this.errors = missing.map(field => ({ path: `/${field}`, message: LACKS[field].message, in: 'agenda' }) as FieldError)
  }
}

/** A body that is not JSON at all (not UTF-8, not well-formed): a 400 of its own problem type, `/problems/invalid-json`. */
export class InvalidJson extends Error {
  readonly statusCode = 400
  readonly code = 'MEV_INVALID_JSON'
  readonly problemSlug: ProblemSlug = 'invalid-json'
}
