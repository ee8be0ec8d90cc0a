// Database outages: with PostgreSQL unreachable or silent, requests answer 503 problems promptly (no hang, no 500),
// /ready says so, and the service recovers by itself when the database is back.
import t from 'tap'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { migrate } from '../../src/db/migrate.js'
import { openDatabase } from '../../src/db/client.js'
import { isDatabaseUnavailable } from '../../src/plugins/problems.js'
import { createOrganization, issueApiKey } from '../../src/repositories/organizations.js'
import { AGENDA } from '../routes/agendas-fixtures.js'
import { postgresUrl, throwawayDatabase } from './infra.js'
import { TcpProxy } from './tcp-proxy.js'
import { until } from '../helper.js'

type Test = import('tap').Test
const ADMIN_API_KEY = 'admin-key-for-outage-tests-0123456789'

/** An app whose pool reaches a fresh, migrated PostgreSQL database only through a proxy the test controls. */
async function behindProxy (t: Test): Promise<{ app: FastifyInstance, proxy: TcpProxy, auth: Record<string, string> }> {
  const databaseUrl = await throwawayDatabase(t, await postgresUrl())
  const direct = await openDatabase({ databaseUrl, dataDir: '' })
  await migrate(direct.db)
  const org = await createOrganization(direct.db, 'Acme')
  const { key } = await issueApiKey(direct.db, org.id, 'tests')
  await direct.close()

  const target = new URL(databaseUrl)
  const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
  await proxy.start()
  t.teardown(() => proxy.stop())
  const proxied = new URL(databaseUrl)
  proxied.hostname = '127.0.0.1'
  proxied.port = String(proxy.port)
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: proxied.toString(), ADMIN_API_KEY, RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY: '0' }), { docsUi: false })
  t.teardown(() => app.close())
  return { app, proxy, auth: { authorization: `Bearer ${key}` } }
}

/** Sends a request and returns the response with how long it took. */
async function timed (app: FastifyInstance, options: InjectOptions) {
  const started = performance.now()
  const res = await app.inject(options)
  return { res, ms: performance.now() - started }
}

function isUnavailableProblem (t: Test, res: LightMyRequestResponse, what: string): void {
  t.equal(res.statusCode, 503, `${what}: 503`)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${what}: problem+json`)
  t.match(res.headers['retry-after'], /^\d+$/, `${what}: Retry-After`)
  t.match(res.json(), { type: '/problems/service-unavailable', status: 503, detail: /unavailable|not reachable/ }, `${what}: problem body`)
  t.notMatch(res.body, /ECONN|postgres|select|Failed query/i, `${what}: no internals`)
}

t.test('isDatabaseUnavailable recognises connection failures, also wrapped by drizzle', async t => {
  const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1'), { cause })
  for (const code of ['ECONNREFUSED', 'ECONNRESET', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', '57P01', '57P03', '53300', '08006']) {
    t.ok(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), code)
    t.ok(isDatabaseUnavailable(wrapped(Object.assign(new Error('x'), { code }))), `${code} wrapped`)
  }
  t.ok(isDatabaseUnavailable(wrapped(new Error('PGlite is closed'))), 'PGlite closed')
  for (const code of ['23505', '22P02', 'FST_ERR_VALIDATION', undefined]) {
    t.notOk(isDatabaseUnavailable(wrapped(Object.assign(new Error('x'), { code }))), `not ${String(code)}`)
  }
  t.notOk(isDatabaseUnavailable(undefined))
})

t.test('a closed embedded database answers 503 problems, and /ready 503', async t => {
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: 'memory://', ADMIN_API_KEY, RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY: '0' }), { docsUi: false })
  t.teardown(() => app.close())
  const org = await createOrganization(app.database.db, 'Acme')
  const { key } = await issueApiKey(app.database.db, org.id, 'tests')
  await app.database.close()
  isUnavailableProblem(t, await app.inject({ method: 'GET', url: '/v1/policy', headers: { authorization: `Bearer ${key}` } }), 'GET /v1/policy')
  isUnavailableProblem(t, await app.inject({ method: 'GET', url: '/ready' }), 'GET /ready')
})

t.test('PostgreSQL unreachable: prompt 503 problems and /ready 503, then recovery by itself', async t => {
  const { app, proxy, auth } = await behindProxy(t)
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).statusCode, 200, 'healthy before the outage')

  await proxy.cut()
  // A read that needs the database: the key's owner (and its policy) may still be remembered for a moment.
  const read = await timed(app, { method: 'GET', url: '/v1/evaluations', headers: auth })
  isUnavailableProblem(t, read.res, 'read')
  t.ok(read.ms < 6000, `the read answered in ${Math.round(read.ms)} ms`)
  const write = await timed(app, { method: 'POST', url: '/v1/agendas', headers: auth, payload: AGENDA })
  isUnavailableProblem(t, write.res, 'write')
  t.ok(write.ms < 6000, `the write answered in ${Math.round(write.ms)} ms`)
  const ready = await timed(app, { method: 'GET', url: '/ready' })
  isUnavailableProblem(t, ready.res, '/ready')
  t.ok(ready.ms < 3000, `/ready answered in ${Math.round(ready.ms)} ms`)

  await proxy.start()
  t.ok(await until(async () => (await app.inject({ method: 'GET', url: '/ready' })).statusCode === 200, 15_000), '/ready is 200 again')
  t.equal((await app.inject({ method: 'GET', url: '/v1/evaluations', headers: auth })).statusCode, 200, 'reads work again')
  t.equal((await app.inject({ method: 'POST', url: '/v1/agendas', headers: auth, payload: AGENDA })).statusCode, 201, 'writes work again')
})

t.test('PostgreSQL silent (connections accepted, never answered): 503 within the connect timeout, then recovery', async t => {
  const { app, proxy, auth } = await behindProxy(t)
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).statusCode, 200, 'healthy before the outage')

  proxy.silence()
  // The first query may still meet a connection being reset; the next one must open a connection that never answers.
  for (const attempt of ['first', 'second']) {
    const [read, ready] = await Promise.all([
      timed(app, { method: 'GET', url: '/v1/evaluations', headers: auth }),
      timed(app, { method: 'GET', url: '/ready' })
    ])
    isUnavailableProblem(t, read.res, `${attempt} read`)
    t.ok(read.ms < 9000, `the ${attempt} read answered in ${Math.round(read.ms)} ms (connect timeout 5 s)`)
    isUnavailableProblem(t, ready.res, `${attempt} /ready`)
    t.ok(ready.ms < 4000, `the ${attempt} /ready answered in ${Math.round(ready.ms)} ms`)
  }

  proxy.resume()
  t.ok(await until(async () => (await app.inject({ method: 'GET', url: '/v1/evaluations', headers: auth })).statusCode === 200, 15_000), 'reads work again')
})
