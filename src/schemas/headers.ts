// Response headers the service sends on many routes, one definition each. Response schemas get them where they are
// built (problems(), plugins/common-responses.ts, plugins/rate-limit.ts), and the OpenAPI document names each once,
// under components.headers, referenced from every response that carries it (plugins/openapi.ts).

/** A response header as a route's response schema documents it: its value's schema, with a description. */
export interface HeaderDoc { type: string, description: string, [keyword: string]: unknown }

export const RESPONSE_HEADERS = {
  'X-Request-Id': {
    type: 'string',
    maxLength: 128,
    description: 'Id of this request in the service\'s logs (and the instance of a 5xx problem): the X-Request-Id sent ' +
      '(1 to 128 of A-Z a-z 0-9 _ . : @ / + = -), else a new UUID.',
    examples: ['5d8f3c1e-2b7a-4f0e-9c61-0a4b2e7d9f13']
  },
  Location: {
    type: 'string',
    maxLength: 400,
    description: 'Path of the resource created: GET it to read it again.',
    examples: ['/v1/evaluations/0b9f5f8e-4a51-4c5e-9d2a-7f3c1e2d4b6a']
  },
  'WWW-Authenticate': {
    type: 'string',
    maxLength: 100,
    description: 'How to authenticate (RFC 6750): an API key as a bearer token.',
    examples: ['Bearer realm="meeting-evaluator"']
  },
  'Idempotent-Replayed': {
    type: 'string',
    enum: ['true'],
    description: 'Present (true) when this is the stored answer to an earlier request with the same Idempotency-Key and ' +
      'body, sent again: nothing was created this time. Successes are stored; a refusal (4xx) is stored only when it ' +
      'ended a run that continued one whose answer was lost (see Idempotency-Key), and is replayed the same way.'
  },
  'Retry-After': { type: 'integer', minimum: 0, maximum: 86400, format: 'int32', description: 'Seconds to wait before retrying.' },
  RateLimit: {
    type: 'string',
    maxLength: 100,
    description: 'IETF draft RateLimit of the caller\'s API key (or, without one, of its address): quota, requests ' +
      'remaining and seconds until the window resets, e.g. limit=1000, remaining=999, reset=60 (also sent one by one as ' +
      'RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset). On every answer to a request the limit counted.'
  },
  'RateLimit-Policy': { type: 'string', maxLength: 100, description: 'IETF draft RateLimit-Policy: the quota and its window in seconds, e.g. 1000;w=60.' }
} satisfies Record<string, HeaderDoc>

export type HeaderName = keyof typeof RESPONSE_HEADERS

/** The response schema with these headers documented too (a copy: response schemas are shared between routes). */
export function withHeaders<T extends object> (schema: T, headers: Array<HeaderName | Record<string, HeaderDoc>>): T {
  const added = Object.assign({}, ...headers.map(h => typeof h === 'string' ? { [h]: RESPONSE_HEADERS[h] } : h)) as Record<string, HeaderDoc>
  return { ...schema, headers: { ...(schema as { headers?: Record<string, HeaderDoc> }).headers, ...added } }
}

/** The OpenAPI Header Object of a shared header, as @fastify/swagger writes one from a response schema's headers. */
export function headerObject (doc: HeaderDoc): { schema: Record<string, unknown>, description: string } {
  const { description, ...schema } = doc
  return { schema, description }
}
