// Service configuration read once from the environment, validated, and passed into buildApp.
import { isIP } from 'node:net'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

const EnvSchema = Type.Object({
  PORT: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
  HOST: Type.Optional(Type.String({ minLength: 1 })),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^(postgres(ql)?://.+|memory://)$' })),
  DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  ADMIN_API_KEY: Type.Optional(Type.String({ minLength: 16 })),
  LOG_LEVEL: Type.Optional(Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map(l => Type.Literal(l)))),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://.+' })),
  REDIS_KEY_PREFIX: Type.Optional(Type.String({ pattern: '^[\\x21-\\x7e]{1,64}$' })),
  RATE_LIMIT_MAX: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
  RATE_LIMIT_WINDOW: Type.Optional(Type.String({ minLength: 1 })),
  SHUTDOWN_GRACE_MS: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
  MAX_EVENT_LOOP_DELAY: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
  TRUST_PROXY: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  KEY_CACHE_SECONDS: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' }))
})
type Env = Static<typeof EnvSchema>

export interface Config {
  port: number
  host: string
  databaseUrl?: string
  dataDir: string
  adminApiKey?: string
  logLevel: string
  redisUrl?: string
  /** Prefix of every Redis key this service writes (several deployments may share one Redis). */
  redisKeyPrefix: string
  rateLimitMax: number
  rateLimitWindowMs: number
  shutdownGraceMs: number
  /** Mean event-loop delay (ms) above which requests get 503 with Retry-After; 0 turns the check off. */
  maxEventLoopDelayMs: number
  /** How often the event-loop delay is sampled (ms). */
  pressureSampleIntervalMs: number
  /** A connection on which nothing moves for this long (a stalled body, a silent client) is closed. */
  idleTimeoutMs: number
  /** Fastify's trustProxy: which proxies' X-Forwarded-For to believe (all, a hop count, or addresses/CIDR ranges). */
  trustProxy: boolean | number | string[]
  /** How long an instance may remember a key's owner between requests (every change it hears of forgets it
   * sooner); 0 reads the key on every request. */
  keyCacheSeconds: number
}

export class ConfigError extends Error {
  constructor (readonly variable: string, message: string) {
    super(`Invalid configuration: ${variable} ${message}`)
  }
}

const HINTS: Record<string, string> = {
  PORT: 'must be a port number from 1 to 65535',
  DATABASE_URL: 'must start with postgres://, postgresql:// or be memory://',
  ADMIN_API_KEY: 'must be at least 16 characters long',
  LOG_LEVEL: 'must be one of fatal, error, warn, info, debug, trace, silent',
  REDIS_URL: 'must start with redis:// or rediss://',
  REDIS_KEY_PREFIX: 'must be 1 to 64 printable ASCII characters without spaces',
  RATE_LIMIT_MAX: 'must be a whole number (0 turns rate limiting off)',
  RATE_LIMIT_WINDOW: 'must be a duration such as "1 minute", "30 seconds" or "500 ms", at most 2147483647 ms (about 24.8 days)',
  SHUTDOWN_GRACE_MS: 'must be a whole number of milliseconds up to 2147483647 (about 24.8 days)',
  MAX_EVENT_LOOP_DELAY: 'must be a whole number of milliseconds up to 2147483647 (0 turns the check off)',
  TRUST_PROXY: 'must be true, false, a number of proxy hops, or comma-separated IP addresses or CIDR ranges such as 10.0.0.0/8',
  KEY_CACHE_SECONDS: 'must be a whole number of seconds from 0 (read the key on every request) to 3600'
}

/** TRUST_PROXY: true/false, a hop count, or a list of addresses and CIDR ranges; undefined when malformed. */
export function parseTrustProxy (text: string): boolean | number | string[] | undefined {
  const value = text.trim()
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true'
  if (/^[0-9]{1,3}$/.test(value)) return Number(value)
  const list = value.split(',').map(part => part.trim())
  const valid = list.every(part => {
    const [address = '', prefix, extra] = part.split('/')
    const version = isIP(address)
    if (version === 0 || extra !== undefined) return false
    return prefix === undefined || (/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128))
  })
  return valid ? list : undefined
}

/** The longest delay Node's timers take: a longer one warns (TimeoutOverflowWarning) and fires at once. */
export const MAX_TIMER_MS = 2_147_483_647

/** A whole number of milliseconds read from `variable`, refused above what a timer can wait. */
function milliseconds (variable: string, text: string | undefined, fallback: number): number {
  const value = text === undefined ? fallback : Number(text)
  if (value > MAX_TIMER_MS) throw new ConfigError(variable, HINTS[variable]!)
  return value
}

const UNITS: Record<string, number> = { ms: 1, millisecond: 1, s: 1000, sec: 1000, second: 1000, m: 60_000, min: 60_000, minute: 60_000, h: 3_600_000, hour: 3_600_000, d: 86_400_000, day: 86_400_000 }

/** Parses "1 minute", "30 seconds", "500ms" or a bare number of milliseconds. */
export function parseDuration (text: string): number | undefined {
  const m = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(text)
  if (m === null) return undefined
  const unit = m[2]!.toLowerCase()
  const factor = unit === '' ? 1 : UNITS[unit] ?? UNITS[unit.replace(/s$/, '')]
  if (factor === undefined) return undefined
  const value = Number(m[1]) * factor
  return value > 0 ? value : undefined
}

/** Reads and validates configuration; throws ConfigError naming the first bad variable. */
export function loadConfig (env: NodeJS.ProcessEnv = process.env): Config {
  const picked: Record<string, string> = {}
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = env[key]
    if (value !== undefined && value !== '') picked[key] = value
  }
  const first = Value.Errors(EnvSchema, picked)[0]
  if (first !== undefined) {
    const variable = first.instancePath.replace(/^\//, '') || 'environment'
    throw new ConfigError(variable, HINTS[variable] ?? first.message)
  }
  const e = picked as Env
  const port = e.PORT === undefined ? 3000 : Number(e.PORT)
  if (port < 1 || port > 65535) throw new ConfigError('PORT', HINTS.PORT!)
  const trustProxy = e.TRUST_PROXY === undefined ? false : parseTrustProxy(e.TRUST_PROXY)
  if (trustProxy === undefined) throw new ConfigError('TRUST_PROXY', HINTS.TRUST_PROXY!)
  const keyCacheSeconds = e.KEY_CACHE_SECONDS === undefined ? 60 : Number(e.KEY_CACHE_SECONDS)
  if (keyCacheSeconds > 3600) throw new ConfigError('KEY_CACHE_SECONDS', HINTS.KEY_CACHE_SECONDS!)
  const windowMs = e.RATE_LIMIT_WINDOW === undefined ? 60_000 : parseDuration(e.RATE_LIMIT_WINDOW)
  if (windowMs === undefined || windowMs > MAX_TIMER_MS) throw new ConfigError('RATE_LIMIT_WINDOW', HINTS.RATE_LIMIT_WINDOW!)
  return {
    port,
    host: e.HOST ?? '127.0.0.1',
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR ?? './data',
    adminApiKey: e.ADMIN_API_KEY,
    logLevel: e.LOG_LEVEL ?? 'info',
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX ?? 'mev:',
    rateLimitMax: e.RATE_LIMIT_MAX === undefined ? 1000 : Number(e.RATE_LIMIT_MAX),
    rateLimitWindowMs: windowMs,
    shutdownGraceMs: milliseconds('SHUTDOWN_GRACE_MS', e.SHUTDOWN_GRACE_MS, 10_000),
    maxEventLoopDelayMs: milliseconds('MAX_EVENT_LOOP_DELAY', e.MAX_EVENT_LOOP_DELAY, 1000),
    pressureSampleIntervalMs: 1000,
    idleTimeoutMs: 60_000,
    trustProxy,
    keyCacheSeconds
  }
}
