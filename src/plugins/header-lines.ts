// How many field lines of one header a request carries: Node keeps the first Authorization and joins repeated
// Idempotency-Key lines with ", ", so a header that must be sent once is counted on the raw headers.
import type { FastifyRequest } from 'fastify'

/** Lines of header `name` (lower case) in the request as sent. */
export function headerLines (request: FastifyRequest, name: string): number {
  const raw = request.raw.rawHeaders
  let lines = 0
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) lines++
  return lines
}
