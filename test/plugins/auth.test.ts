// Bearer authentication: each failure is a 401 with WWW-Authenticate; scopes are kept apart.
import type { OutgoingHttpHeaders } from 'node:http'
import t from 'tap'
import { sql } from 'drizzle-orm'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { build, tenant, adminAuth } from '../helper.js'

const expect401 = (t: import('tap').Test, res: { statusCode: number, headers: Record<string, unknown>, json: () => any }, detail: RegExp) => {
  t.equal(res.statusCode, 401)
  t.match(res.headers['www-authenticate'], /^Bearer/)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(res.json(), { type: '/problems/unauthorized', status: 401, detail })
}

t.test('a missing key is 401', async t => {
  const app = await build(t)
  app.get('/v1/whoami', async request => ({ organizationId: request.organizationId }))
  expect401(t, await app.inject({ method: 'GET', url: '/v1/whoami' }), /Authorization: Bearer/)
})

t.test('a malformed header is 401', async t => {
  const app = await build(t)
  app.get('/v1/whoami', async request => ({ organizationId: request.organizationId }))
  expect401(t, await app.inject({ method: 'GET', url: '/v1/whoami', headers: { authorization: 'Basic abc' } }), /must be "Bearer <key>"/)
})

t.test('an unknown key is 401', async t => {
  const app = await build(t)
  app.get('/v1/whoami', async request => ({ organizationId: request.organizationId }))
  const res = await app.inject({ method: 'GET', url: '/v1/whoami', headers: { authorization: 'Bearer mev_' + 'x'.repeat(40) } })
  expect401(t, res, /unknown or revoked/)
})

t.test('a valid key puts its organisation on the request', async t => {
  const app = await build(t)
  app.get('/v1/whoami', async request => ({ organizationId: request.organizationId }))
  const acme = await tenant(app)
  const res = await app.inject({ method: 'GET', url: '/v1/whoami', headers: acme.auth })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { organizationId: acme.organizationId })
})

t.test('a revoked key is refused on the next request', async t => {
  const app = await build(t)
  app.get('/v1/whoami', async request => ({ organizationId: request.organizationId }))
  const org = await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: adminAuth, payload: { name: 'Acme' } })
  const key = await app.inject({ method: 'POST', url: `/v1/admin/organizations/${org.json().id}/api-keys`, headers: adminAuth, payload: { name: 'addon' } })
  const auth = { authorization: `Bearer ${key.json().key}` }
  t.equal((await app.inject({ method: 'GET', url: '/v1/whoami', headers: auth })).statusCode, 200)
  const revoked = await app.inject({ method: 'DELETE', url: `/v1/admin/api-keys/${key.json().id}`, headers: adminAuth })
  t.equal(revoked.statusCode, 204)
  expect401(t, await app.inject({ method: 'GET', url: '/v1/whoami', headers: auth }), /unknown or revoked/)
})

t.test('an organisation key cannot use admin routes', async t => {
  const app = await build(t)
  const acme = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: acme.auth, payload: { name: 'Evil' } })
  t.equal(res.statusCode, 403)
  t.match(res.json(), { type: '/problems/forbidden', status: 403, detail: /admin key/ })
})

t.test('the admin key is not an organisation key', async t => {
  const app = await build(t)
  app.get('/v1/whoami', async request => ({ organizationId: request.organizationId }))
  const res = await app.inject({ method: 'GET', url: '/v1/whoami', headers: adminAuth })
  t.equal(res.statusCode, 403)
})

// Header names as sent on the wire (capitalised): the typings allow one value per lower-case name only.
t.test('two Authorization headers are 401, not the first one honoured', async t => {
  const app = await build(t)
  app.get('/v1/whoami', async request => ({ organizationId: request.organizationId }))
  const acme = await tenant(app)
  const other = await tenant(app, 'Other')
  for (const second of [other.auth.authorization, acme.auth.authorization]) {
    const headers: OutgoingHttpHeaders = { Authorization: [acme.auth.authorization, second] }
    const res = await app.inject({ method: 'GET', url: '/v1/whoami', headers })
    expect401(t, res, /one Authorization header/)
  }
  const both: OutgoingHttpHeaders = { Authorization: [adminAuth.authorization, acme.auth.authorization] }
  const admin = await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: both, payload: { name: 'X' } })
  expect401(t, admin, /one Authorization header/)
})

t.test('a wrong admin key is 401', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: { authorization: 'Bearer not-the-admin-key-at-all' }, payload: { name: 'X' } })
  expect401(t, res, /not valid/)
})

t.test('public routes need no key', async t => {
  const app = await build(t)
  for (const url of ['/health', '/ready', '/openapi.json']) {
    t.equal((await app.inject({ method: 'GET', url })).statusCode, 200, url)
  }
})

t.test('an app started with KEY_CACHE_SECONDS=0 on a database another app remembered keys for reads every key', async t => {
  const first = await build(t)
  const { auth, organizationId } = await tenant(first)
  t.equal((await first.inject({ method: 'GET', url: '/v1/policy', headers: auth })).statusCode, 200, 'remembered by the first app')
  const second = await buildApp(loadConfig({ LOG_LEVEL: 'silent', MAX_EVENT_LOOP_DELAY: '0', KEY_CACHE_SECONDS: '0' }), { database: first.database, docsUi: false })
  t.teardown(() => second.close())
  // A revocation that fires no trigger and tells no one: only a read of the key can see it.
  await first.database.db.transaction(async tx => {
    await tx.execute(sql`set local session_replication_role = replica`)
    await tx.execute(sql`update api_keys set revoked_at = now() where organization_id = ${organizationId}`)
  })
  t.equal((await second.inject({ method: 'GET', url: '/v1/policy', headers: auth })).statusCode, 401)
})

t.test('a token that is not shaped like a key is refused without reading the database', async t => {
  const first = await build(t)
  /** Database reads while an app of its own (prepared queries are kept per database) answers one request. */
  const readsFor = async (token: string): Promise<number> => {
    let reads = 0
    const db = new Proxy(first.database.db, { get (target, property, receiver) { reads++; return Reflect.get(target, property, receiver) as unknown } })
    const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', MAX_EVENT_LOOP_DELAY: '0' }), { database: { ...first.database, db }, docsUi: false })
    t.teardown(() => app.close())
    reads = 0
    expect401(t, await app.inject({ method: 'GET', url: '/v1/policy', headers: { authorization: `Bearer ${token}` } }), /unknown or revoked/)
    return reads
  }
  for (const token of ['mev_short', `mev_${'x'.repeat(41)}`, `mev_${'x'.repeat(39)}!`, 'junk']) t.equal(await readsFor(token), 0, `${token}: no lookup`)
  t.ok(await readsFor(`mev_${'x'.repeat(40)}`) > 0, 'a token shaped like a key is looked up')
})
