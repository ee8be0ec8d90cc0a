// Redis silent (connections accepted, never answered, or a working connection that stops answering): start-up does
// not wait on it, and rate limiting (of keys and of failed authentication) fails open, answering every request within
// the command timeout.
import { Writable } from 'node:stream'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { REDIS_COMMAND_TIMEOUT_MS } from '../../src/plugins/redis.js'
import { ADMIN_KEY, resetDatabase, tenant, testDatabase } from '../helper.js'
import { keyPrefix, REDIS_URL, redisClient } from './infra.js'
import { TcpProxy } from './tcp-proxy.js'

type Test = import('tap').Test

/** An app whose Redis is reached through `proxy`, with a limit of 3 requests; its warnings are collected in `logs`. */
async function appOn (t: Test, proxy: TcpProxy, prefix: string): Promise<{ app: FastifyInstance, logs: Array<{ msg: string }>, startUpMs: number }> {
  const logs: Array<{ msg: string }> = []
  const stream = new Writable({ write (chunk: Buffer, _encoding, done) { logs.push(JSON.parse(chunk.toString()) as { msg: string }); done() } })
  const database = await testDatabase()
  await resetDatabase(database)
  const config = loadConfig({ REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_MAX: '3', ADMIN_API_KEY: ADMIN_KEY, MAX_EVENT_LOOP_DELAY: '0' })
  const started = performance.now()
  const app = await buildApp(config, { database, docsUi: false, logger: { level: 'warn', stream } })
  t.teardown(() => app.close())
  await app.ready()
  return { app, logs, startUpMs: performance.now() - started }
}

/** Five requests, over the limit of 3: each answers 200 (unthrottled) within the command timeout and a margin. */
async function passUnthrottled (t: Test, app: FastifyInstance, auth: Record<string, string>): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    const res = await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })
    const elapsed = performance.now() - started
    t.equal(res.statusCode, 200, `request ${i + 1} passes`)
    t.ok(elapsed < REDIS_COMMAND_TIMEOUT_MS + 1500, `request ${i + 1} answered in ${Math.round(elapsed)} ms`)
  }
}

t.test('a Redis that accepts connections and never answers: start-up completes, with a warning, and requests pass', async t => {
  const silent = new TcpProxy({ host: '127.0.0.1', port: 9 })
  await silent.start()
  silent.silence()
  t.teardown(() => silent.stop())
  // Before the bounded wait, Fastify gave up on the plugin after 10 s and start-up threw: starting at all is the check
  // (no timed assertion: a loaded machine takes seconds to build the app).
  const { app, logs } = await appOn(t, silent, 'mev-test-silent:')
  t.ok(logs.some(entry => /redis is not reachable at start/.test(entry.msg)), 'a warning says rate limits are not enforced')
  await passUnthrottled(t, app, (await tenant(app)).auth)
})

t.test('a silent Redis: failed authentication is answered 401 (not counted, not a 500) within the command timeout', async t => {
  const silent = new TcpProxy({ host: '127.0.0.1', port: 9 })
  await silent.start()
  silent.silence()
  t.teardown(() => silent.stop())
  const { app } = await appOn(t, silent, 'mev-test-silent-failures:')
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    const res = await app.inject({ method: 'GET', url: '/v1/policy', headers: { authorization: `Bearer mev_${String(i).padStart(40, 'S')}` } })
    const elapsed = performance.now() - started
    t.equal(res.statusCode, 401, `failure ${i + 1} is a 401`)
    t.ok(elapsed < REDIS_COMMAND_TIMEOUT_MS + 1500, `failure ${i + 1} answered in ${Math.round(elapsed)} ms`)
  }
})

t.test('a Redis that stops answering mid-way (kill -STOP): requests pass unthrottled instead of hanging', async t => {
  const redis = await redisClient(t)
  const { hostname, port } = new URL(REDIS_URL)
  const proxy = new TcpProxy({ host: hostname, port: Number(port || 6379) })
  await proxy.start()
  t.teardown(() => proxy.stop())
  const { app } = await appOn(t, proxy, keyPrefix(t, redis))
  const { auth } = await tenant(app)
  const first = await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })
  t.equal(first.statusCode, 200)
  t.equal(first.headers['ratelimit-remaining'], '2', 'the counter is kept in Redis while it answers')
  proxy.freeze()
  await passUnthrottled(t, app, auth)
})
