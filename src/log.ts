// How errors are logged: pino's shape (type, message and stack with their causes, own fields), without the
// parameter values of a failed query, which drizzle put in the message, the stack and a `params` field (the SHA-256
// of an API key, emails, names at warn level); the SQL text and the cause are kept.
import type { FastifyServerOptions } from 'fastify'

/** Fields of query errors that hold the values bound to the query (drizzle and PGlite `params`, postgres.js `parameters`). */
const VALUES = new Set(['params', 'parameters', 'queryOptions'])

/** An error's message and stack without the `params: ...` that drizzle's "Failed query" errors append. */
function withoutValues (err: Error): { message: string, stack: string } {
  const query = (err as { query?: unknown }).query
  const prefix = `Failed query: ${String(query)}`
  if (typeof query !== 'string' || !('params' in err) || !err.message.startsWith(`${prefix}\nparams: `)) {
    return { message: err.message, stack: err.stack ?? '' }
  }
  return { message: prefix, stack: (err.stack ?? '').replace(err.message, () => prefix) }
}

export interface SerializedError { [key: string]: unknown, type: string, message: string, stack: string }

/** pino's `err` serializer, less the values bound to failed queries, at any depth of causes (anything but an Error
 * is logged as it is, as pino does). */
export function serializeError (err: Error, seen = new Set<unknown>()): SerializedError {
  if (!(err instanceof Error)) return err
  seen.add(err)
  const chain: Error[] = [err]
  for (let cause = err.cause; cause instanceof Error && !chain.includes(cause); cause = cause.cause) chain.push(cause)
  const parts = chain.map(withoutValues)
  const out: SerializedError = {
    type: err.constructor.name,
    message: parts.map(part => part.message).join(': '),
    stack: parts.map(part => part.stack).join('\ncaused by: ')
  }
  if (err instanceof AggregateError) out.aggregateErrors = err.errors.map(inner => seen.has(inner) ? '[circular]' : serializeError(inner, seen))
  for (const key in err) {
    if (VALUES.has(key) || key === 'cause' || key in out) continue
    const value = (err as unknown as Record<string, unknown>)[key]
    out[key] = value instanceof Error ? (seen.has(value) ? '[circular]' : serializeError(value, seen)) : value
  }
  return out
}

/** Logger options with that serializer (a test's or the service's own). */
export function withErrorSerializer (logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === false || logger === undefined) return logger
  const options = logger === true ? {} : logger
  return { ...options, serializers: { err: serializeError, ...options.serializers } }
}
