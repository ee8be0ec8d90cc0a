// Idempotency-Key for routes with `config: { idempotent: true }`: a retry replays the first response and creates nothing
// (organisation keys' requests, and the admin key's, whose stored answers are sealed).
import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../db/client.js'
import { Conflict, InvalidFields, Unprocessable, type FieldError } from '../errors.js'
import { claimKey, completeKey, derivedId, findKey, KEY_TTL_MS, releaseKey, takeOverStaleClaim, type KeyScope } from '../repositories/idempotency.js'
import { sealer } from './idempotency-seal.js'
import { headerLines } from './header-lines.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Honour the Idempotency-Key header on this route (POSTs that create). */
    idempotent?: boolean
  }
  interface FastifyRequest {
    /** With an Idempotency-Key: the id the request's new resource takes, the same for every run of one use of the
     * key. A run that follows one whose answer was lost (a crash, a failed save) finds that resource already stored
     * and answers with it instead of creating a second. Null without a key. */
    idempotentId: string | null
    /** Set by a handler whose success wrote nothing (an import or a batch whose every item was refused): the key is released
     * rather than kept, as after a refusal, so the corrected request can be sent with it. */
    wroteNothing: boolean
  }
}

export interface IdempotencyOptions {
  db: Db
  /** The admin key: its routes' keys are honoured too, their answers stored encrypted under a key derived from it. */
  adminApiKey?: string
  /** How long a key is remembered (default 24 hours). */
  ttlMs?: number
  /** After how long an unfinished claim counts as abandoned by a crashed instance (default 5 minutes). */
  staleMs?: number
}

const HEADER = 'idempotency-key'
const KEY = /^[\x20-\x7e]{1,255}$/
const REPLAYED_HEADERS = ['content-type', 'location', 'etag']

/** The header as documented in a route's `headers` schema, `lostAnswer` saying what a retry after a run whose answer
 * was lost does on that route. */
export const idempotencyKeyHeader = (lostAnswer: string) => Type.Optional(Type.String({
  minLength: 1,
  maxLength: 255,
  pattern: '^[\\x20-\\x7e]+$',
  description: 'Any unique string of 1 to 255 printable ASCII characters (a UUID works), in one header line (two are a 400). A retry with the same key and ' +
    'body within 24 hours returns the first successful response (with Idempotent-Replayed: true) and creates nothing; ' +
    'the same key with another body is 422; while the first request is still running, 409 with Retry-After. A refused ' +
    `request (4xx) does not use the key up: send the corrected request with the same key. ${lostAnswer}`,
  examples: ['5d8f3c1e-2b7a-4f0e-9c61-0a4b2e7d9f13']
}))

export const IdempotencyKeyHeader = idempotencyKeyHeader('If the first run stored its evaluations or agenda but its ' +
  'answer was lost (a crash), a retry once the claim is 5 minutes old answers with what it stored rather than storing it again.')

/** A key this request holds; `tookOver` when it continues a run whose answer was lost (that run may have written). */
interface Claim { scope: KeyScope, key: string, fingerprint: string, settled: boolean, tookOver: boolean }

/** A UUID (version 8, RFC 9562) from one use of a key: its scope (organisation or admin), key and the claim's expiry. */
export function claimId (scope: KeyScope, key: string, expiresAt: Date): string {
  return derivedId(`${scope === 'admin' ? 'admin' : scope.organizationId}\n${key}\n${expiresAt.toISOString()}`)
}

/** A piece of canonical JSON still to write: a value, or text written as is. */
type Piece = { value: unknown } | string

/** JSON with object keys sorted, so the same body always gives the same fingerprint. It keeps its own stack: bodies
 * that keep fields they do not know (calendar events) may nest deeper than the call stack, which was a 500. */
function canonical (root: unknown): string {
  const out: string[] = []
  const todo: Piece[] = [{ value: root }]
  while (todo.length > 0) {
    const piece = todo.pop() as Piece
    if (typeof piece === 'string') { out.push(piece); continue }
    const value = piece.value
    if (Array.isArray(value)) {
      todo.push(']')
      for (let i = value.length - 1; i >= 0; i--) todo.push({ value: value[i] }, ...(i > 0 ? [','] : []))
      todo.push('[')
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
      todo.push('}')
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown]
        todo.push({ value: child }, `${JSON.stringify(key)}:`, ...(i > 0 ? [','] : []))
      }
      todo.push('{')
    } else {
      out.push(JSON.stringify(value) ?? 'null')
    }
  }
  return out.join('')
}

export function fingerprint (method: string, url: string, body: unknown): string {
  const hash = createHash('sha256').update(`${method}\n${url}\n`)
  if (typeof body === 'string' || Buffer.isBuffer(body)) hash.update('raw\n').update(body)
  else hash.update('json\n').update(canonical(body ?? null))
  return hash.digest('hex')
}

const keyError = (message: string): InvalidFields => {
  const error: FieldError & { in: string } = { path: `/${HEADER}`, message, in: 'headers' }
  return new InvalidFields([error], `The Idempotency-Key header ${message}.`)
}

function readKey (request: FastifyRequest): string | undefined {
  const value = request.headers[HEADER]
  if (value === undefined) return undefined
  // Node joins repeated lines with ", ", which would make one key of two (and a retry sending either a new request).
  if (headerLines(request, HEADER) > 1) throw keyError('was sent more than once; send one key')
  if (typeof value === 'string' && KEY.test(value)) return value
  throw keyError('must be 1 to 255 printable ASCII characters')
}

function replay (reply: FastifyReply, response: { statusCode: number, headers: Record<string, string>, body: string }): FastifyReply {
  return reply.code(response.statusCode).headers(response.headers).header('idempotent-replayed', 'true').send(response.body)
}

async function idempotency (app: FastifyInstance, opts: IdempotencyOptions): Promise<void> {
  const { db } = opts
  const ttlMs = opts.ttlMs ?? KEY_TTL_MS
  const staleMs = opts.staleMs ?? 5 * 60_000
  const claims = new WeakMap<FastifyRequest, Claim>()
  // Admin answers hold API keys in plain text: stored sealed, readable only with the admin key that sealed them.
  const sealing = opts.adminApiKey === undefined ? undefined : sealer(opts.adminApiKey)
  const sealContext = (claim: { key: string, fingerprint: string }) => `${claim.key}\n${claim.fingerprint}`
  app.decorateRequest('idempotentId', null)
  app.decorateRequest('wroteNothing', false)

  /** Whose key the request uses: its organisation's, or the admin key's (only where its answers can be sealed). */
  const scopeOf = (request: FastifyRequest): KeyScope | undefined => {
    if (request.organizationId !== '') return { organizationId: request.organizationId }
    return request.apiKeyId === 'admin' && sealing !== undefined ? 'admin' : undefined
  }

  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.config.idempotent !== true) return
    const scope = scopeOf(request)
    if (scope === undefined) return
    const key = readKey(request)
    if (key === undefined) return
    const print = fingerprint(request.method, request.url, request.body)
    const claim = (expiresAt: Date, tookOver = false) => {
      claims.set(request, { scope, key, fingerprint: print, settled: false, tookOver })
      request.idempotentId = claimId(scope, key, expiresAt)
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimed = await claimKey(db, scope, key, print, ttlMs)
      if (claimed !== undefined) { claim(claimed); return }
      const existing = await findKey(db, scope, key)
      if (existing.state === 'absent') continue // released or expired meanwhile: claim again
      if (existing.fingerprint !== print) {
        throw new Unprocessable('This Idempotency-Key was already used with a different request; send a new key for a new request.')
      }
      if (existing.state === 'done') {
        if (scope !== 'admin') return replay(reply, existing.response)
        const body = sealing!.open(existing.response.body, sealContext({ key, fingerprint: print }))
        if (body !== undefined) return replay(reply, { ...existing.response, body })
        throw new Unprocessable('This Idempotency-Key was used under a previous admin key (ADMIN_API_KEY has changed since), ' +
          'so its first answer cannot be read; send the request with a new Idempotency-Key.')
      }
      const taken = await takeOverStaleClaim(db, scope, key, print, staleMs)
      if (taken !== undefined) { claim(taken, true); return }
      throw Object.assign(new Conflict('A request with this Idempotency-Key is still being processed; retry shortly.'), { headers: { 'retry-after': '1' } })
    }
    throw Object.assign(new Conflict('The Idempotency-Key is being claimed and released concurrently; retry shortly.'), { headers: { 'retry-after': '1' } })
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = claims.get(request)
    if (claim === undefined || claim.settled) return payload
    claim.settled = true
    const status = reply.statusCode
    // A success is kept. A refusal (4xx) of a fresh claim created nothing (every route checks before it writes): the
    // key stays free for the corrected request, as after a 400 from the schema, which never claims it, and the same
    // request is refused again by the same checks. A refusal that continues a lost run (the API key it issued cannot be
    // shown again) is kept: a fresh claim would derive other ids, and a second key could be issued. A success that
    // wrote nothing (every item of an import or a batch refused) is a refusal too.
    const refused = (status >= 400 && status < 500) || (status >= 200 && status < 300 && request.wroteNothing)
    const storable = refused ? claim.tookOver : status >= 200 && status < 300
    try {
      if (storable && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
        const headers: Record<string, string> = {}
        for (const name of REPLAYED_HEADERS) {
          const value = reply.getHeader(name)
          if (value !== undefined) headers[name] = String(value)
        }
        const body = claim.scope === 'admin' ? sealing!.seal(payload.toString(), sealContext(claim)) : payload.toString()
        await completeKey(db, claim.scope, claim.key, { statusCode: status, headers, body })
      } else {
        await releaseKey(db, claim.scope, claim.key)
      }
    } catch (err) {
      request.log.error({ err }, 'could not settle the idempotency key')
    }
    return payload
  })

  // A request that never reached onSend (aborted, or failed while sending) gives its key up.
  app.addHook('onResponse', async request => {
    const claim = claims.get(request)
    if (claim === undefined || claim.settled) return
    claim.settled = true
    await releaseKey(db, claim.scope, claim.key).catch((err: unknown) => request.log.error({ err }, 'could not release the idempotency key'))
  })
}

export default fp(idempotency, { name: 'idempotency', dependencies: ['auth'] })
