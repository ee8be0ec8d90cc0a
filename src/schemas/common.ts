// Shared TypeBox primitives: time zones, instants, emails, pagination and the problem+json body.
import { Type, type Static, type TSchema, type TUnsafe } from 'typebox'
import { withHeaders, type HeaderName } from './headers.js'

/** A string enum rendered as { type: 'string', enum } (friendlier in OpenAPI than anyOf of consts). */
export function StringEnum<const T extends readonly string[]> (values: T, options: Record<string, unknown> = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options })
}

export const TimeZone = (description = 'IANA time zone name (links such as US/Pacific are accepted).') =>
  Type.String({ format: 'time-zone', minLength: 1, maxLength: 64, description, examples: ['Europe/Berlin'] })

export const Instant = (description: string, example = '2026-12-01T16:00:00Z') =>
  Type.String({ format: 'date-time', maxLength: 40, description, examples: [example] })

/** The longest email address (RFC 5321's path limit less its angle brackets). */
export const EMAIL_MAX_LENGTH = 254

export const Email = (description = 'Email address identifying the person.') =>
  Type.String({ format: 'email', minLength: 3, maxLength: EMAIL_MAX_LENGTH, description, examples: ['ana@example.com'] })

export const Uuid = (description: string) => Type.String({ format: 'uuid', description, examples: ['0b9f5f8e-4a51-4c5e-9d2a-7f3c1e2d4b6a'] })

export const Text = (maxLength: number, description: string, example?: string) =>
  Type.String({ minLength: 1, maxLength, description, ...(example === undefined ? {} : { examples: [example] }) })

export const HourMinute = (description: string, example: string, format: 'hh-mm' | 'hh-mm-start' = 'hh-mm') =>
  Type.String({ format, description, examples: [example] })

export const WorkingHours = Type.Object({
  start: HourMinute('Local start of the working day, HH:MM from 00:00 to 23:59.', '09:00', 'hh-mm-start'),
  end: HourMinute('Local end of the working day, HH:MM (24:00 allowed; an end at or before the start means the shift ends the next day).', '17:00'),
  days: Type.Array(Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday ... 7 = Sunday.', examples: [1] }), {
    minItems: 1, maxItems: 7, uniqueItems: true, description: 'ISO weekdays on which the person works: 1 = Monday ... 7 = Sunday.', examples: [[1, 2, 3, 4, 5]]
  })
}, { additionalProperties: false, description: 'Working hours in the person\'s own time zone.', examples: [{ start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] }] })

export const FieldErrorSchema = Type.Object({
  path: Type.String({ description: 'JSON pointer to the offending field, relative to the request part.', examples: ['/participants/2/timeZone'] }),
  message: Type.String({ description: 'What is wrong with that field.' }),
  in: Type.Optional(Type.String({ description: 'Where the field is when not in the body: querystring, params or headers (parts of the request), or agenda (the stored agenda a route acts on, for /problems/agenda-incomplete).' }))
}, { additionalProperties: false })

export const ProblemSchema = Type.Object({
  type: Type.String({ description: 'URI reference identifying the problem type: GET it (no key needed) for what the type means.', examples: ['/problems/validation-error'] }),
  title: Type.String({ description: 'Short summary of the problem type.', examples: ['Bad Request'] }),
  status: Type.Integer({ description: 'HTTP status code.', examples: [400] }),
  detail: Type.String({ description: 'Explanation specific to this occurrence.' }),
  instance: Type.Optional(Type.String({ description: 'URI reference of this occurrence (the request id for server errors).' })),
  errors: Type.Optional(Type.Array(FieldErrorSchema, { description: 'Each invalid field, for validation problems.' }))
}, { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details.' })

const ProblemRef = Type.Unsafe<Static<typeof ProblemSchema>>(Type.Ref('Problem'))

const PROBLEM_TEXT: Record<number, string> = {
  400: 'The request is malformed or a field is invalid (each listed under errors).',
  401: 'Missing, malformed, unknown or revoked API key, or more than one Authorization header. Each counts against the client address: past RATE_LIMIT_MAX such requests per window it is a 429.',
  403: 'The key is of the wrong kind for this route: the admin key only provisions, organisation keys cannot.',
  404: 'No such resource in the caller\'s organisation.',
  409: 'The request conflicts with the current state.',
  412: 'If-Match does not match the current version.',
  413: 'The request body is too large.',
  414: 'A path parameter is longer than the router accepts.',
  415: 'The Content-Type is not supported here.',
  422: 'The request is well-formed but cannot be processed as asked.',
  428: 'This route needs an If-Match header.',
  429: 'Rate limit exceeded, of the API key or, for requests without a valid key, of the client address; see Retry-After.',
  500: 'Unexpected server error; internals are never exposed.',
  503: 'The database is unavailable or the service is overloaded; retry later.'
}

/** Headers a problem of this status always carries. */
const PROBLEM_HEADERS: Record<number, HeaderName[]> = { 401: ['WWW-Authenticate'], 429: ['Retry-After'], 503: ['Retry-After'] }

/**
 * Response schemas for the given error statuses, each a problem+json body. Routes that take a key (those listing 401)
 * also document 429 (rate limit) and 503 (database unavailable or overloaded).
 */
export function problems (...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {}
  // A route that needs a key also refuses the other kind of key (403), a full bucket (429) and an unavailable store (503).
  const all = statuses.includes(401) ? [...statuses, 403, 429, 503, 500] : [...statuses, 500]
  for (const status of [...new Set(all)]) {
    const problem = Type.Unsafe({ description: PROBLEM_TEXT[status] ?? 'Problem details.', content: { 'application/problem+json': { schema: ProblemRef } } })
    out[status] = withHeaders(problem, PROBLEM_HEADERS[status] ?? [])
  }
  return out
}

export const CURSOR_DESCRIPTION = 'Opaque cursor: the nextCursor of a previous page of this list, unchanged (another list\'s is a 400).'
export const Cursor = Type.String({ minLength: 1, maxLength: 200, description: CURSOR_DESCRIPTION })
export const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size (1 to 200, default 50).' })

export const Page = <T extends TSchema>(item: T, description: string) => Type.Object({
  items: Type.Array(item, { description }),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page, or null on the last page.' })
}, { additionalProperties: false })
