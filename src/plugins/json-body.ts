// The JSON body parser of every route: UTF-8 checked, syntax errors and refused keys explained, strings that cannot be
// stored named together with every other invalid field.
import { isUtf8 } from 'node:buffer'
import secureJson from 'secure-json-parse'
import type { FastifyRequest } from 'fastify'
import { InvalidFields, InvalidJson, UnsupportedMediaType, type FieldError } from '../errors.js'
import { bodyTypes, fieldErrors, mediaTypeDetail } from './problems.js'
import { escapeKey, unstorableStrings } from './nul.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route takes no body or `{}`: an empty application/json body is read as no body. */
    optionalBody?: boolean
  }
}

type Done = (error: Error | null, value?: unknown) => void
type Validator = ((value: unknown) => boolean) & { errors?: Parameters<typeof fieldErrors>[0] | null }

/** Where `__proto__`, or `constructor` holding `prototype`, stands in a parsed body (JSON.parse keeps them as plain
 * keys; secure-json-parse refuses them because code that copies the body could change prototypes). */
function refusedKeys (root: unknown): FieldError[] {
  const found: FieldError[] = []
  const stack: Array<[unknown, string]> = [[root, '']]
  while (stack.length > 0 && found.length < 20) {
    const [value, path] = stack.pop() as [unknown, string]
    if (value === null || typeof value !== 'object') continue
    if (!Array.isArray(value)) {
      if (Object.hasOwn(value, '__proto__')) found.push({ path: `${path}/__proto__`, message: 'is a key the service refuses: it could change the prototype of objects the body is copied into' })
      const ctor = Object.hasOwn(value, 'constructor') ? (value as { constructor: unknown }).constructor : undefined
      if (ctor !== null && typeof ctor === 'object' && Object.hasOwn(ctor, 'prototype')) {
        found.push({ path: `${path}/constructor/prototype`, message: 'is a key the service refuses: "constructor" holding "prototype" could change prototypes' })
      }
    }
    for (const [key, child] of Object.entries(value)) stack.push([child, `${path}/${escapeKey(key)}`])
  }
  return found
}

function parse (body: Buffer): unknown {
  if (!isUtf8(body)) throw new InvalidJson('The request body is not valid UTF-8, which JSON requires (RFC 8259 section 8.1).')
  const text = body.toString('utf8')
  try {
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' })
  } catch (error) {
    if (!(error instanceof SyntaxError) || !/forbidden prototype/.test(error.message)) {
      throw new InvalidJson(`The request body is not valid JSON: ${(error as Error).message}`)
    }
    const refused = refusedKeys(JSON.parse(text))
    throw new InvalidFields(refused, `The request body is refused: ${refused.map(e => `${e.path} ${e.message}`).join('; ')}.`)
  }
}

/** A content-type parser for application/json (parseAs: 'buffer'). With `refuseUnstorable`, a body holding a string
 * PostgreSQL cannot store is a 400 naming each such string and, in the same answer, every field the route's schema
 * refuses; without it (the batch, where each meeting answers for itself) they are left to the route. */
export function jsonBodyParser (options: { refuseUnstorable: boolean }) {
  return (request: FastifyRequest, body: Buffer, done: Done): void => {
    // A request no route answers is a 404 or 405 whatever it carries: its body is not read.
    if (request.is404) return done(null, undefined)
    try {
      if (body.length === 0) {
        // An empty body is no body where the route takes none (a DELETE sent by a client that always names JSON).
        if (request.routeOptions.config.optionalBody === true || request.routeOptions.schema?.body === undefined) return done(null, undefined)
        throw new InvalidJson('The request body is empty, but its Content-Type says JSON: send a JSON document.')
      }
      const value = parse(body)
      const unstorable = options.refuseUnstorable ? unstorableStrings(value) : []
      if (unstorable.length === 0) return done(null, value)
      // A route with a schema per content type (JSON or iCalendar) holds its validators by type.
      const found = request.getValidationFunction('body') as Validator | Record<string, Validator> | undefined
      const validate = typeof found === 'function' ? found : found?.['application/json']
      const invalid = typeof validate === 'function' && validate(value) !== true ? fieldErrors(validate.errors ?? []) : []
      const errors = [...unstorable, ...invalid]
      done(new InvalidFields(errors, `The request body is invalid: ${errors.map(e => `${e.path || '/'} ${e.message}`).join('; ')}`))
    } catch (error) {
      done(error as Error)
    }
  }
}

/**
 * preValidation hook of every route: a route with a body schema refuses a request that sends no body, unless the route
 * declares it optional (`optionalBody`). Fastify checks a body against the schema of its Content-Type, so on a route
 * reading several types (JSON or iCalendar) a request with no body and no Content-Type was checked against none and
 * reached the handler, a 500; on the others it was "/ must be object", which did not say what was wrong. A route
 * without a body schema (a DELETE) refuses a JSON body as it refuses any other (415): it was parsed and ignored. A
 * request no route answers keeps its 404 or 405.
 */
export async function requireBody (request: FastifyRequest): Promise<void> {
  if (request.routeOptions.schema?.body === undefined) {
    if (request.body !== undefined && !request.is404) throw new UnsupportedMediaType(mediaTypeDetail(request))
    return
  }
  if (request.body !== undefined || request.routeOptions.config.optionalBody === true) return
  throw new InvalidFields([{ path: '', message: 'is missing: this route needs a request body' }],
    `The request has no body; this route needs one: send ${bodyTypes(request).join(' or ')} with its Content-Type.`)
}
