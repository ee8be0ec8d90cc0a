// Provisioning: organisations, keys shown once and stored hashed, revocation.
import t from 'tap'
import { eq } from 'drizzle-orm'
import { apiKeys } from '../../src/db/schema.js'
import { build, adminAuth, until } from '../helper.js'

t.test('creates an organisation', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: adminAuth, payload: { name: 'Acme' } })
  t.equal(res.statusCode, 201)
  t.match(res.json(), { id: /^[0-9a-f-]{36}$/, name: 'Acme', createdAt: /^\d{4}-\d\d-\d\dT/ })
})

t.test('issues a key shown once and stored only as a hash', async t => {
  const app = await build(t)
  const org = (await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: adminAuth, payload: { name: 'Acme' } })).json()
  const res = await app.inject({ method: 'POST', url: `/v1/admin/organizations/${org.id}/api-keys`, headers: adminAuth, payload: { name: 'calendar-addon' } })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.match(body, { id: /^[0-9a-f-]{36}$/, key: /^mev_[0-9A-Za-z]{40}$/, name: 'calendar-addon', createdAt: String })
  t.equal(body.prefix, body.key.slice(0, 12))
  const [stored] = await app.database.db.select().from(apiKeys).where(eq(apiKeys.id, body.id))
  t.not(stored!.hash, body.key)
  t.notMatch(JSON.stringify(stored), body.key)
})

t.test('keys differ every time', async t => {
  const app = await build(t)
  const org = (await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: adminAuth, payload: { name: 'Acme' } })).json()
  const keys = new Set<string>()
  for (let i = 0; i < 5; i++) {
    keys.add((await app.inject({ method: 'POST', url: `/v1/admin/organizations/${org.id}/api-keys`, headers: adminAuth, payload: { name: 'k' } })).json().key)
  }
  t.equal(keys.size, 5)
})

t.test('an unknown organisation is 404', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'POST', url: '/v1/admin/organizations/5f0c6d0e-8a51-4c5e-9d2a-7f3c1e2d4b6a/api-keys', headers: adminAuth, payload: { name: 'k' } })
  t.equal(res.statusCode, 404)
  t.match(res.json(), { type: '/problems/not-found', detail: 'Organisation was not found' })
})

t.test('a malformed id is a 400 naming the parameter', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'DELETE', url: '/v1/admin/api-keys/not-a-uuid', headers: adminAuth })
  t.equal(res.statusCode, 400)
  t.same(res.json().errors, [{ path: '/keyId', message: 'must be a UUID such as 3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a69', in: 'params' }])
})

t.test('revoking an unknown or revoked key is 404', async t => {
  const app = await build(t)
  const org = (await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: adminAuth, payload: { name: 'Acme' } })).json()
  const key = (await app.inject({ method: 'POST', url: `/v1/admin/organizations/${org.id}/api-keys`, headers: adminAuth, payload: { name: 'k' } })).json()
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/admin/api-keys/${key.id}`, headers: adminAuth })).statusCode, 204)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/admin/api-keys/${key.id}`, headers: adminAuth })).statusCode, 404)
})

t.test('a key used a moment ago is refused by the next request once revoked, even with a lookup running alongside', async t => {
  const app = await build(t)
  const { auth, keyId } = await orgKey(app)
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).statusCode, 200)
  const [during, revoke] = await Promise.all([
    app.inject({ method: 'GET', url: '/v1/policy', headers: auth }),
    app.inject({ method: 'DELETE', url: `/v1/admin/api-keys/${keyId}`, headers: adminAuth })
  ])
  t.equal(revoke.statusCode, 204)
  t.ok([200, 401].includes(during.statusCode))
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).statusCode, 401)
})

t.test('a revocation behind the app\'s back: seen on PostgreSQL once its notification arrives, not on the embedded database', async t => {
  const app = await build(t)
  const { auth, keyId } = await orgKey(app)
  const status = async (): Promise<number> => (await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).statusCode
  t.equal(await status(), 200)
  // Revoked behind the app's back, as another instance sharing the database would do it.
  await app.database.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, keyId))
  if (app.database.kind === 'postgres') {
    t.ok(await until(async () => await status() === 401, 5000), 'refused as soon as the trigger\'s notification arrives')
  } else {
    t.equal(await status(), 200, 'the embedded database has no other writer to tell the app: its own writes forget owners')
  }
})

async function orgKey (app: Awaited<ReturnType<typeof build>>): Promise<{ auth: { authorization: string }, keyId: string }> {
  const org = (await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: adminAuth, payload: { name: 'Acme' } })).json<{ id: string }>()
  const key = (await app.inject({ method: 'POST', url: `/v1/admin/organizations/${org.id}/api-keys`, headers: adminAuth, payload: { name: 'ci' } })).json<{ id: string, key: string }>()
  return { auth: { authorization: `Bearer ${key.key}` }, keyId: key.id }
}
