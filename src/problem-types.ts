// Every problem type the service answers with (RFC 9457 `type`: /problems/<slug>) and what it means: problems are
// typed by this list, and GET /problems/{type} describes each entry, so every type an answer names can be looked up.
// The type a status's problems take unless they name another (STATUS_TYPES) is read from it too.

export interface ProblemTypeDoc {
  /** The status problems of this type have; undefined for the generic type of any other status. */
  status?: number
  /** Only problems that name it have this type (a more specific one of its status); the others of its status have
   * the status's own type, the one entry of that status without `named`. */
  named?: true
  /** What the type means and what to do about it. */
  description: string
}

export const PROBLEM_TYPES = {
  'bad-request': { status: 400, description: 'The request cannot be read as sent (its HTTP, its URL, or a value the service cannot store); detail says what.' },
  'validation-error': {
    status: 400,
    named: true,
    description: 'One or more fields of the request are invalid: errors lists each, path being a JSON pointer to the field ' +
      '(relative to the body, or to the part named by in: querystring, params or headers) and message what is wrong. In a ' +
      'batch result the paths are relative to that meeting.'
  },
  'invalid-json': { status: 400, named: true, description: 'The body (or a line of an NDJSON batch) is not JSON: not UTF-8, not well-formed, or empty while its Content-Type says JSON.' },
  unauthorized: { status: 401, description: 'No API key was sent, or it is unknown or revoked: send Authorization: Bearer <key>.' },
  forbidden: { status: 403, description: 'The key is of the wrong kind for the route: the admin key only provisions organisations and keys, which organisation keys cannot do.' },
  'not-found': {
    status: 404,
    description: 'No such route, or no such resource in the caller\'s organisation (another organisation\'s is answered the ' +
      'same way). When a field of the request names the missing resource, errors names the field.'
  },
  'method-not-allowed': { status: 405, description: 'The path exists but does not answer this method; the Allow header lists those it answers.' },
  'not-acceptable': { status: 406, description: 'The route cannot answer in a media type the Accept header allows.' },
  'request-timeout': { status: 408, description: 'The request was not received in time: its headers or its body stopped arriving.' },
  conflict: { status: 409, description: 'The request conflicts with the current state, e.g. a request with the same Idempotency-Key is still running: retry after Retry-After.' },
  'precondition-failed': { status: 412, description: 'If-Match names a version other than the current one: read the resource again and retry with its ETag.' },
  'payload-too-large': { status: 413, description: 'The body, or the number of meetings or participants in a batch, is over what the route takes; detail gives the limit (larger batches can be sent as NDJSON).' },
  'uri-too-long': { status: 414, description: 'A path parameter is longer than any id or email the route takes.' },
  'unsupported-media-type': { status: 415, description: 'The Content-Type or Content-Encoding is not one the route reads; detail names the types it does, or says it reads no body.' },
  'unprocessable-content': { status: 422, description: 'The request is well-formed but cannot be done as asked (e.g. an Idempotency-Key used before with another body); detail says why.' },
  'not-a-meeting': {
    status: 422,
    named: true,
    description: 'A calendar event that is no meeting to score: a status entry (out of office, focus time, working location), ' +
      'a special date, or an all-day event that takes nobody\'s time (shown as free or away). detail says what the event is; ' +
      'in a batch only that event gets this problem and the others are scored.'
  },
  'agenda-incomplete': {
    status: 422,
    named: true,
    description: 'The stored agenda lacks what the route needs (to evaluate it: a meetingStart and at least one participant); ' +
      'the request itself is fine. errors names each missing field as a JSON pointer into the agenda (in: agenda): PUT the ' +
      'agenda with them, then send the request again.'
  },
  'timeboxes-exceed-duration': { status: 422, named: true, description: 'The item minutes of a stored agenda add up to more than its durationMinutes; overflowMinutes says by how much.' },
  'precondition-required': { status: 428, description: 'The route needs If-Match: send the ETag of the version you read, or * for any.' },
  'too-many-requests': { status: 429, description: 'The rate limit of the API key is used up, or the client address sent too many requests without a valid API key (missing, malformed, unknown or revoked; a valid key is never held back by them): retry after Retry-After seconds.' },
  'request-header-fields-too-large': { status: 431, description: 'The request\'s header section is larger than the server reads (16 KiB in all).' },
  'internal-error': { status: 500, description: 'An unexpected error; nothing about it is exposed. instance holds the request id, which identifies it in the service\'s logs.' },
  'service-unavailable': { status: 503, description: 'The database cannot be reached or the service is overloaded: retry after Retry-After seconds.' },
  error: { description: 'A status with no more specific type; status and detail say what happened.' }
} satisfies Record<string, ProblemTypeDoc>

export type ProblemSlug = keyof typeof PROBLEM_TYPES

/** The type of each status's problems unless they name a more specific one: the entry of that status not `named`. */
export const STATUS_TYPES: ReadonlyMap<number, ProblemSlug> = (() => {
  const types = new Map<number, ProblemSlug>()
  for (const [slug, doc] of Object.entries(PROBLEM_TYPES) as Array<[ProblemSlug, ProblemTypeDoc]>) {
    if (doc.status === undefined || doc.named === true) continue
    const taken = types.get(doc.status)
    if (taken !== undefined) throw new Error(`Problem types ${taken} and ${slug} are both the type of status ${doc.status}: mark the more specific one named`)
    types.set(doc.status, slug)
  }
  return types
})()
