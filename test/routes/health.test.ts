// Liveness and readiness.
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { build } from '../helper.js'

t.test('health answers ok', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'GET', url: '/health' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
})

t.test('ready answers ok when the database does', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
})

t.test('ready is a 503 problem when the database is down', async t => {
  const down = { db: undefined as never, kind: 'postgres' as const, ping: async () => { throw new Error('ECONNREFUSED') }, close: async () => {} }
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), { database: down, docsUi: false })
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(res.statusCode, 503)
  t.equal(res.headers['retry-after'], '5')
  t.match(res.json(), { type: '/problems/service-unavailable', title: 'Service Unavailable', status: 503, detail: 'The database is not reachable.', instance: /^urn:request:/ })
})

t.test('ready is a 503 when the database hangs', async t => {
  const hung = { db: undefined as never, kind: 'postgres' as const, ping: () => new Promise<void>(() => {}), close: async () => {} }
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), { database: hung, docsUi: false })
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(res.statusCode, 503)
})
