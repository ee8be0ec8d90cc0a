// Bearer authentication: resolves the caller's organisation (tenancy) or the admin scope for every /v1 route.
import { timingSafeEqual, createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../db/client.js'
import type { Policy } from '../domain/model.js'
import { Forbidden, Unauthorized } from '../errors.js'
import { organizationForKey } from '../repositories/organizations.js'
import { tooManyFailures, type FailedAuthLimiter } from './failed-auth.js'
import { headerLines } from './header-lines.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The organisation of the caller's API key; every stored resource is scoped by it. */
    organizationId: string
    /** Id of the API key used, or 'admin'. */
    apiKeyId: string
    /** The organisation's policy, read together with the key (defaults when none is stored). */
    policy: Policy
    /** Whether the organisation's people directory has anyone in it, read together with the key. */
    hasDirectory: boolean
  }
  interface FastifyContextConfig {
    /** 'public' routes need no key; 'admin' routes need ADMIN_API_KEY; the default is an organisation key. */
    auth?: 'public' | 'admin' | 'organization'
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest()
/** What an issued key looks like (`mev_` and 40 base62 characters): anything else is refused without a lookup. */
const KEY_SHAPE = /^mev_[0-9A-Za-z]{40}$/

function bearer (request: FastifyRequest): string {
  const header = request.headers.authorization
  if (header === undefined || header === '') throw new Unauthorized('Send your API key as "Authorization: Bearer <key>".')
  // Two credentials are ambiguous (RFC 9110 allows one Authorization field line): none is honoured.
  if (headerLines(request, 'authorization') > 1) throw new Unauthorized('Send one Authorization header; this request has several.')
  const match = /^Bearer +([\x21-\x7e]{1,256})\s*$/i.exec(header)
  if (match === null) throw new Unauthorized('The Authorization header must be "Bearer <key>".')
  return match[1]!
}

export interface AuthOptions {
  db: Db
  adminApiKey?: string | undefined
  /** Counts failed authentication per client address; undefined when rate limiting is off. */
  failures?: FailedAuthLimiter | undefined
}

async function auth (app: FastifyInstance, opts: AuthOptions): Promise<void> {
  const adminDigest = opts.adminApiKey === undefined ? undefined : digest(opts.adminApiKey)
  app.decorateRequest('organizationId', '')
  app.decorateRequest('apiKeyId', '')
  app.decorateRequest('policy', null as unknown as Policy)
  app.decorateRequest('hasDirectory', true)

  async function authenticate (request: FastifyRequest, mode: 'admin' | 'organization'): Promise<void> {
    const key = bearer(request)
    // Hashed only when it matters: an organisation key found in the database is not compared with the admin key.
    const isAdmin = (): boolean => adminDigest !== undefined && timingSafeEqual(digest(key), adminDigest)
    const lookUp = async () => KEY_SHAPE.test(key) ? await organizationForKey(opts.db, key) : undefined
    if (mode === 'admin') {
      if (isAdmin()) { request.apiKeyId = 'admin'; return }
      if (await lookUp() !== undefined) {
        throw new Forbidden('This route needs the admin key (ADMIN_API_KEY); organisation keys cannot provision.')
      }
      throw new Unauthorized('The API key is not valid.')
    }
    const found = await lookUp()
    if (found === undefined) {
      if (isAdmin()) throw new Forbidden('The admin key only provisions organisations and keys; use an organisation key here.')
      throw new Unauthorized('The API key is unknown or revoked.')
    }
    request.organizationId = found.organizationId
    request.apiKeyId = found.keyId
    request.policy = found.policy
    request.hasDirectory = found.hasDirectory
  }

  /** A failure counts against the client address (request.ip, after TRUST_PROXY): past the budget it is a 429, so
   * rotating junk keys, each with a bucket of its own, is throttled like any caller. Valid keys are never counted
   * here, so one client's junk does not lock out another key behind the same address (a NAT, a proxy). */
  async function counted (request: FastifyRequest, reply: FastifyReply, error: unknown): Promise<unknown> {
    const failures = opts.failures
    if (failures === undefined || !(error instanceof Unauthorized)) return error
    const count = await failures.add(request.ip)
    return count !== undefined && count.count > failures.max ? tooManyFailures(reply, failures, count) : error
  }

  app.addHook('onRequest', async (request, reply) => {
    const mode = request.routeOptions.config.auth ?? (request.routeOptions.url === undefined ? 'public' : 'organization')
    if (mode === 'public') return
    try {
      await authenticate(request, mode)
    } catch (error) {
      throw await counted(request, reply, error)
    }
  })
}

export default fp(auth, { name: 'auth' })
