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

/** A body that is not JSON at all (not UTF-8, not well-formed): a 400 of its own problem type, `/problems/invalid-json`. */
export class InvalidJson extends Error {
  readonly statusCode = 400
  readonly code = 'MEV_INVALID_JSON'
  readonly problemSlug: ProblemSlug = 'invalid-json'
}
