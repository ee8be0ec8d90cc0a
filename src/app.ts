// buildApp(config): the whole service as a Fastify instance, without listening.
import { randomUUID } from 'node:crypto'
import Fastify, { errorCodes, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import helmet from 'helmet'
import type { Config } from './config.js'
import { openDatabase, type Database } from './db/client.js'
import { rememberKeyOwners } from './repositories/organizations.js'
import { migrate } from './db/migrate.js'
import { databaseFailure } from './startup-errors.js'
import { processConnectionCap } from './connections.js'
import { withErrorSerializer } from './log.js'
import { UnsupportedMediaType } from './errors.js'
import authPlugin from './plugins/auth.js'
import { failedAuthLimiter } from './plugins/failed-auth.js'
import openapiPlugin from './plugins/openapi.js'
import operationIdsPlugin from './plugins/operation-ids.js'
import commonResponsesPlugin from './plugins/common-responses.js'
import problemsPlugin, { bodyTypes, clientErrorHandler, frameworkErrors } from './plugins/problems.js'
import { validatorCompiler } from './plugins/validation.js'
import idempotencyPlugin from './plugins/idempotency.js'
import pressurePlugin from './plugins/pressure.js'
import rateLimitPlugin from './plugins/rate-limit.js'
import redisPlugin from './plugins/redis.js'
import { jsonBodyParser, requireBody } from './plugins/json-body.js'
import { calendarText, charsetOf, UnknownCharsetError } from './calendar/decode.js'
import { ProblemSchema } from './schemas/common.js'
import { EMAIL_PARAM_MAX_LENGTH } from './schemas/person.js'
import adminRoutes from './routes/admin.js'
import healthRoutes from './routes/health.js'
import problemTypeRoutes from './routes/problem-types.js'
import peopleRoutes from './routes/people.js'
import calendarEvaluationRoutes from './routes/calendar-evaluations.js'
import evaluationRoutes from './routes/evaluations.js'
import policyRoutes from './routes/policy.js'
import overlapRoutes from './routes/overlap.js'
import agendaRoutes from './routes/agendas.js'
import batchRoutes from './routes/batch.js'
import analyticsRoutes from './routes/analytics.js'

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
    config: Config
  }
}

export interface BuildOptions {
  /** An already open database (tests share one per file); otherwise one is opened from the config and closed with the app. */
  database?: Database
  logger?: FastifyServerOptions['logger']
  /** Serve the /docs UI (default true). */
  docsUi?: boolean
  /** Concurrent client connections taken at once; default: under the process's descriptor limit (see connections.ts). */
  maxConnections?: number
}

const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/

function loggerFor (config: Config): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false
  const pretty = process.stdout.isTTY === true
  return { level: config.logLevel, ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } } : {}) }
}

const trustHops = (hops: number) => (_address: string, hop: number): boolean => hop < hops

export async function buildApp (config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withErrorSerializer(options.logger ?? loggerFor(config)),
    bodyLimit: 1_048_576,
    // A hop count trusts that many proxies nearest to us (Fastify's own reading of a number, typed as a function).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    requestIdHeader: false,
    genReqId: request => {
      const given = request.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    forceCloseConnections: 'idle',
    // Fastify sets no timeout: a client that sent headers and one byte of a body held its connection for good (seen
    // open after 7 minutes). Nothing moving on the socket for this long closes it; a long NDJSON stream keeps moving.
    connectionTimeout: config.idleTimeoutMs,
    // Closing finishes every request already being received (a keep-alive connection then closes after its answer);
    // Fastify's default answered one whose headers were still arriving with its own 503, plain JSON, no Retry-After.
    // New connections are refused and idle ones closed by the server itself.
    return503OnClosing: false,
    frameworkErrors,
    clientErrorHandler,
    ajv: { customOptions: { removeAdditional: false } },
    // The longest path parameter is an email (up to 254 characters, each possibly percent-encoded); longer ones are a 414.
    routerOptions: { maxParamLength: EMAIL_PARAM_MAX_LENGTH }
  })
  // Out of descriptors, a connection flood took the process down (EMFILE in the memory sampler): over the cap Node
  // closes a new connection at once and keeps serving the others.
  const maxConnections = options.maxConnections ?? processConnectionCap()
  if (maxConnections !== undefined) app.server.maxConnections = maxConnections
  app.setValidatorCompiler(validatorCompiler)
  app.addSchema(ProblemSchema)

  const database = options.database ?? await openDatabase(config)
  app.decorate('database', database)
  app.decorate('config', config)
  if (options.database === undefined) app.addHook('onClose', async () => { await database.close() })

  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, jsonBodyParser({ refuseUnstorable: true }))
  // Fastify reads text/plain as a string, which the calendar routes then took for iCalendar (JSON sent as text/plain
  // was answered "must start with BEGIN:VCALENDAR"): no route takes plain text, so it is a 415 like any other type.
  app.removeContentTypeParser('text/plain')

  // iCalendar only where a route's schema names it: elsewhere it was parsed and refused as "/ must be object", where
  // any other type no route reads is a 415 naming the types the route takes.
  app.addContentTypeParser('text/calendar', { parseAs: 'buffer' }, (request, body, done) => {
    if (request.is404) return done(null, undefined) // no route: a 404 or 405, not a 415
    if (!bodyTypes(request).includes('text/calendar')) return done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined)
    try {
      done(null, calendarText(body as Buffer, charsetOf(request.headers['content-type'])))
    } catch (error) {
      if (!(error instanceof UnknownCharsetError)) throw error
      done(new UnsupportedMediaType(error.message), undefined)
    }
  })

  app.addHook('onSend', async (request, reply) => { reply.header('x-request-id', request.id) })
  app.addHook('preValidation', requireBody)

  // Bodies are read as sent: a compressed one was parsed as if it were plain (a gzipped NDJSON batch gave a problem
  // per garbled line). RFC 9110: a content coding the server does not apply is a 415.
  app.addHook('onRequest', (request, _reply, done) => {
    const coding = request.headers['content-encoding']
    if (coding === undefined || coding.trim().toLowerCase() === 'identity') return done()
    done(new UnsupportedMediaType(`Content-Encoding ${JSON.stringify(coding)} is not supported: send the body uncompressed.`))
  })

  // Helmet's security headers on every answer. Its middleware is built once here: @fastify/helmet builds it again
  // (and parses the Content-Security-Policy again) on every request, about a tenth of a small request's CPU.
  const securityHeaders = helmet()
  app.addHook('onRequest', (request, reply, done) => { securityHeaders(request.raw, reply.raw, () => { done() }) })
  await app.register(problemsPlugin)
  await app.register(openapiPlugin, { ui: options.docsUi ?? true })
  await app.register(operationIdsPlugin)
  await app.register(commonResponsesPlugin)
  await app.register(pressurePlugin, { maxEventLoopDelayMs: config.maxEventLoopDelayMs, sampleIntervalMs: config.pressureSampleIntervalMs })
  await app.register(redisPlugin, { url: config.redisUrl })
  await app.register(rateLimitPlugin, { max: config.rateLimitMax, windowMs: config.rateLimitWindowMs, redis: app.redis, keyPrefix: config.redisKeyPrefix })
  // Key owners are remembered between requests; every write to keys, policies and people forgets them (see there).
  rememberKeyOwners(database, { seconds: config.keyCacheSeconds, log: app.log })
  // Failed authentication shares the limit per client address (RATE_LIMIT_MAX, in the same store as the keys').
  const failures = config.rateLimitMax === 0 ? undefined : failedAuthLimiter({ max: config.rateLimitMax, windowMs: config.rateLimitWindowMs, redis: app.redis, keyPrefix: config.redisKeyPrefix })
  await app.register(authPlugin, { db: database.db, adminApiKey: config.adminApiKey, failures })
  await app.register(idempotencyPlugin, { db: database.db, adminApiKey: config.adminApiKey })

  await app.register(healthRoutes)
  await app.register(problemTypeRoutes)
  await app.register(adminRoutes)
  await app.register(peopleRoutes)
  await app.register(policyRoutes)
  await app.register(evaluationRoutes)
  await app.register(overlapRoutes)
  await app.register(calendarEvaluationRoutes)
  await app.register(agendaRoutes)
  await app.register(batchRoutes)
  await app.register(analyticsRoutes)

  // The first query: a database that cannot be reached or used is named as DATABASE_URL's fault. The first start's
  // key is made by the server once it listens (see bootstrap.ts).
  if (options.database === undefined) {
    try {
      await migrate(database.db)
    } catch (error) {
      await database.close()
      throw database.kind === 'postgres' ? databaseFailure(error, config.databaseUrl ?? '') : error
    }
  }
  return app
}
