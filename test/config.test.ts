// Configuration: defaults, each invalid variable named, and a refused start.
import { spawnSync } from 'node:child_process'
import t from 'tap'
import { ConfigError, loadConfig, parseDuration } from '../src/config.js'

t.test('defaults match the design', async t => {
  t.same(loadConfig({}), {
    port: 3000,
    host: '127.0.0.1',
    databaseUrl: undefined,
    dataDir: './data',
    adminApiKey: undefined,
    logLevel: 'info',
    redisUrl: undefined,
    redisKeyPrefix: 'mev:',
    rateLimitMax: 1000,
    rateLimitWindowMs: 60_000,
    shutdownGraceMs: 10_000,
    maxEventLoopDelayMs: 1000,
    pressureSampleIntervalMs: 1000,
    idleTimeoutMs: 60_000,
    trustProxy: false,
    keyCacheSeconds: 60
  })
})

t.test('each invalid variable is named in the error', async t => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ ADMIN_API_KEY: 'short' }, 'ADMIN_API_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ REDIS_KEY_PREFIX: 'has space' }, 'REDIS_KEY_PREFIX'],
    [{ MAX_EVENT_LOOP_DELAY: 'fast' }, 'MAX_EVENT_LOOP_DELAY'],
    [{ RATE_LIMIT_MAX: '-1' }, 'RATE_LIMIT_MAX'],
    [{ RATE_LIMIT_WINDOW: '1 fortnight' }, 'RATE_LIMIT_WINDOW'],
    [{ SHUTDOWN_GRACE_MS: 'soon' }, 'SHUTDOWN_GRACE_MS'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.1,proxy.internal' }, 'TRUST_PROXY'],
    [{ KEY_CACHE_SECONDS: '3601' }, 'KEY_CACHE_SECONDS'],
    [{ KEY_CACHE_SECONDS: '1.5' }, 'KEY_CACHE_SECONDS'],
    [{ KEY_CACHE_SECONDS: 'forever' }, 'KEY_CACHE_SECONDS']
  ]
  for (const [env, variable] of cases) {
    t.throws(() => loadConfig(env), { name: 'Error', variable, message: new RegExp(`^Invalid configuration: ${variable} `) }, variable)
  }
  t.ok(new ConfigError('X', 'y') instanceof Error)
})

t.test('millisecond values a timer cannot wait are refused, naming the variable', async t => {
  // Node's timers take at most 2^31-1 ms: a longer SHUTDOWN_GRACE_MS warned TimeoutOverflowWarning and fired at once,
  // which left no grace at all.
  const cases: Array<[Record<string, string>, string]> = [
    [{ SHUTDOWN_GRACE_MS: '99999999999999' }, 'SHUTDOWN_GRACE_MS'],
    [{ SHUTDOWN_GRACE_MS: '2147483648' }, 'SHUTDOWN_GRACE_MS'],
    [{ MAX_EVENT_LOOP_DELAY: '2147483648' }, 'MAX_EVENT_LOOP_DELAY'],
    [{ RATE_LIMIT_WINDOW: '25 days' }, 'RATE_LIMIT_WINDOW'],
    [{ RATE_LIMIT_WINDOW: '2147483648' }, 'RATE_LIMIT_WINDOW']
  ]
  for (const [env, variable] of cases) {
    t.throws(() => loadConfig(env), { variable, message: new RegExp(`^Invalid configuration: ${variable} .*2147483647`) }, JSON.stringify(env))
  }
  t.match(loadConfig({ SHUTDOWN_GRACE_MS: '2147483647', MAX_EVENT_LOOP_DELAY: '2147483647', RATE_LIMIT_WINDOW: '2147483647 ms' }),
    { shutdownGraceMs: 2147483647, maxEventLoopDelayMs: 2147483647, rateLimitWindowMs: 2147483647 })
  t.equal(loadConfig({ RATE_LIMIT_WINDOW: '24 days' }).rateLimitWindowMs, 24 * 86_400_000)
})

t.test('accepted values are converted', async t => {
  t.match(loadConfig({
    PORT: '8080', DATABASE_URL: 'postgresql://u@h/db', ADMIN_API_KEY: '0123456789abcdef', RATE_LIMIT_MAX: '0', RATE_LIMIT_WINDOW: '30 seconds', SHUTDOWN_GRACE_MS: '500'
  }), { port: 8080, databaseUrl: 'postgresql://u@h/db', adminApiKey: '0123456789abcdef', rateLimitMax: 0, rateLimitWindowMs: 30_000, shutdownGraceMs: 500 })
  t.equal(loadConfig({ DATABASE_URL: 'memory://' }).databaseUrl, 'memory://')
  t.equal(loadConfig({ PORT: '' }).port, 3000, 'an empty variable counts as unset')
  t.equal(loadConfig({ KEY_CACHE_SECONDS: '0' }).keyCacheSeconds, 0)
  t.equal(loadConfig({ KEY_CACHE_SECONDS: '3600' }).keyCacheSeconds, 3600)
})

t.test('TRUST_PROXY takes true/false, a hop count, or addresses and CIDR ranges', async t => {
  t.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true)
  t.equal(loadConfig({ TRUST_PROXY: 'FALSE' }).trustProxy, false)
  t.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2)
  t.same(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8' }).trustProxy, ['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8'])
})

t.test('durations', async t => {
  t.equal(parseDuration('1 minute'), 60_000)
  t.equal(parseDuration('2 hours'), 7_200_000)
  t.equal(parseDuration('500ms'), 500)
  t.equal(parseDuration('250'), 250)
  t.equal(parseDuration('0 seconds'), undefined)
  t.equal(parseDuration('soon'), undefined)
})

t.test('the server refuses to start on invalid configuration, naming the variable', async t => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: 'nope', DATABASE_URL: 'memory://' }, encoding: 'utf8', timeout: 30_000
  })
  t.equal(result.status, 1)
  t.match(result.stderr, /Invalid configuration: PORT must be a port number/)
})
