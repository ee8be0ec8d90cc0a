// Idempotency-Key on the admin POSTs: organisations and API keys are created once, a replay returns the same plain
// key, the stored answer is sealed under the admin key, and a run whose answer was lost is not repeated.
import t from 'tap'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { rows } from '../../src/db/client.js'
import { adminIdempotencyKeys } from '../../src/db/schema.js'
import { adminAuth, build, testDatabase } from '../helper.js'

const ORGS = '/v1/admin/organizations'
const keysOf = (orgId: string) => `/v1/admin/organizations/${orgId}/api-keys`

const count = async (app: FastifyInstance, table: string, where = 'true') =>
  (await rows<{ n: number }>(app.database.db, sql.raw(`select count(*)::int as n from ${table} where ${where}`)))[0]!.n

async function organization (app: FastifyInstance): Promise<string> {
  return (await app.inject({ method: 'POST', url: ORGS, headers: adminAuth, payload: { name: 'Acme' } })).json<{ id: string }>().id
}

/** The stored answers' claims look abandoned by a crash: unfinished, claimed an hour ago. */
const loseAnswers = (app: FastifyInstance) => app.database.db.update(adminIdempotencyKeys)
  .set({ statusCode: null, headers: null, body: null, createdAt: sql`now() - interval '1 hour'` })

t.test('an organisation retried with its key is created once; another body with the key is a 422', async t => {
  const app = await build(t)
  const headers = { ...adminAuth, 'idempotency-key': 'o1' }
  const first = await app.inject({ method: 'POST', url: ORGS, headers, payload: { name: 'Acme' } })
  t.equal(first.statusCode, 201)
  t.equal(first.headers['idempotent-replayed'], undefined)
  const again = await app.inject({ method: 'POST', url: ORGS, headers, payload: { name: 'Acme' } })
  t.same([again.statusCode, again.body, again.headers['idempotent-replayed'], again.headers['content-type']],
    [201, first.body, 'true', 'application/json; charset=utf-8'])
  const other = await app.inject({ method: 'POST', url: ORGS, headers, payload: { name: 'Globex' } })
  t.equal(other.statusCode, 422)
  t.equal(other.json().detail, 'This Idempotency-Key was already used with a different request; send a new key for a new request.')
  t.equal(await count(app, 'organizations'), 1)
  t.equal(await count(app, 'idempotency_keys'), 0, 'nothing in the organisations\' keys')
})

t.test('an API key retried with its key returns the same plain key, the only live key, which authenticates', async t => {
  const app = await build(t)
  const orgId = await organization(app)
  const headers = { ...adminAuth, 'idempotency-key': 'k1' }
  const first = await app.inject({ method: 'POST', url: keysOf(orgId), headers, payload: { name: 'ci' } })
  t.equal(first.statusCode, 201)
  const again = await app.inject({ method: 'POST', url: keysOf(orgId), headers, payload: { name: 'ci' } })
  t.same([again.statusCode, again.headers['idempotent-replayed']], [201, 'true'])
  t.same(again.json(), first.json(), 'the same id and the same plain key')
  t.equal(await count(app, 'api_keys', 'revoked_at is null'), 1)
  const policy = await app.inject({ method: 'GET', url: '/v1/policy', headers: { authorization: `Bearer ${first.json().key as string}` } })
  t.equal(policy.statusCode, 200)
  const other = await app.inject({ method: 'POST', url: keysOf(orgId), headers, payload: { name: 'deploy' } })
  t.equal(other.statusCode, 422)
  t.equal(await count(app, 'api_keys'), 1)
})

t.test('the stored answer does not hold the plain key: it is sealed', async t => {
  const app = await build(t)
  const orgId = await organization(app)
  const issued = await app.inject({ method: 'POST', url: keysOf(orgId), headers: { ...adminAuth, 'idempotency-key': 'sealed' }, payload: { name: 'ci' } })
  const key = issued.json<{ key: string }>().key
  const stored = await rows<Record<string, unknown>>(app.database.db, sql`select * from admin_idempotency_keys`)
  t.equal(stored.length, 1)
  t.equal(stored[0]!.status_code, 201)
  t.notMatch(JSON.stringify(stored), key)
  t.notMatch(JSON.stringify(stored), key.slice(4), 'not even the random part')
  t.match(stored[0]!.body, /^v1:[A-Za-z0-9+/]+=*$/)
})

t.test('once ADMIN_API_KEY has changed, a replay is a 422 asking for a new Idempotency-Key', async t => {
  const app = await build(t)
  const orgId = await organization(app)
  const headers = { ...adminAuth, 'idempotency-key': 'rotated' }
  const first = await app.inject({ method: 'POST', url: keysOf(orgId), headers, payload: { name: 'ci' } })
  t.equal(first.statusCode, 201)
  const otherAdmin = 'another-admin-key-for-tests-987654'
  const rotated = await buildApp(loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: otherAdmin, MAX_EVENT_LOOP_DELAY: '0' }),
    { database: await testDatabase(), docsUi: false })
  t.teardown(() => rotated.close())
  const replay = await rotated.inject({
    method: 'POST', url: keysOf(orgId), headers: { authorization: `Bearer ${otherAdmin}`, 'idempotency-key': 'rotated' }, payload: { name: 'ci' }
  })
  t.equal(replay.statusCode, 422)
  t.equal(replay.json().detail, 'This Idempotency-Key was used under a previous admin key (ADMIN_API_KEY has changed since), ' +
    'so its first answer cannot be read; send the request with a new Idempotency-Key.')
  t.equal(await count(app, 'api_keys'), 1, 'no key issued')
  const fresh = await rotated.inject({
    method: 'POST', url: keysOf(orgId), headers: { authorization: `Bearer ${otherAdmin}`, 'idempotency-key': 'after-rotation' }, payload: { name: 'ci' }
  })
  t.equal(fresh.statusCode, 201)
  const unchanged = await app.inject({ method: 'POST', url: keysOf(orgId), headers, payload: { name: 'ci' } })
  t.same([unchanged.statusCode, unchanged.body], [201, first.body], 'the admin key that sealed it still reads it')
})

t.test('an organisation whose answer was lost is not created twice: the retry answers with it', async t => {
  const app = await build(t)
  const headers = { ...adminAuth, 'idempotency-key': 'lost-org' }
  const first = await app.inject({ method: 'POST', url: ORGS, headers, payload: { name: 'Acme' } })
  await loseAnswers(app)
  const retry = await app.inject({ method: 'POST', url: ORGS, headers, payload: { name: 'Acme' } })
  t.equal(retry.statusCode, 201)
  t.equal(retry.headers['idempotent-replayed'], undefined, 'the retry ran again')
  t.same(retry.json(), first.json(), 'same id, name and createdAt')
  t.equal(await count(app, 'organizations'), 1)
  const replay = await app.inject({ method: 'POST', url: ORGS, headers, payload: { name: 'Acme' } })
  t.same([replay.headers['idempotent-replayed'], replay.body], ['true', first.body])
})

t.test('an API key whose answer was lost is not issued twice: the retry is a 422 naming it, to revoke it', async t => {
  const app = await build(t)
  const orgId = await organization(app)
  const headers = { ...adminAuth, 'idempotency-key': 'lost-key' }
  const first = (await app.inject({ method: 'POST', url: keysOf(orgId), headers, payload: { name: 'ci' } })).json<{ id: string, key: string, prefix: string }>()
  await loseAnswers(app)
  const retry = await app.inject({ method: 'POST', url: keysOf(orgId), headers, payload: { name: 'ci' } })
  t.equal(retry.statusCode, 422)
  t.equal(retry.json().detail, `API key ${first.id} (${first.prefix}...) was issued by an earlier run of this request whose ` +
    `answer was lost, and cannot be shown again (only its hash is kept). Revoke it with DELETE /v1/admin/api-keys/${first.id}, ` +
    'and issue a new key with a new Idempotency-Key.')
  t.notMatch(retry.body, first.key)
  t.equal(await count(app, 'api_keys'), 1, 'no second key')
  const replay = await app.inject({ method: 'POST', url: keysOf(orgId), headers, payload: { name: 'ci' } })
  t.same([replay.statusCode, replay.headers['idempotent-replayed'], replay.body], [422, 'true', retry.body], 'this refusal is kept: it continued a lost run')
  t.equal(await count(app, 'api_keys'), 1, 'still no second key')

  t.equal((await app.inject({ method: 'DELETE', url: `/v1/admin/api-keys/${first.id}`, headers: adminAuth })).statusCode, 204)
  const renewed = await app.inject({ method: 'POST', url: keysOf(orgId), headers: { ...adminAuth, 'idempotency-key': 'lost-key-2' }, payload: { name: 'ci' } })
  t.equal(renewed.statusCode, 201)
  t.equal(await count(app, 'api_keys', 'revoked_at is null'), 1)
})

t.test('concurrent retries with one key issue exactly one API key', async t => {
  const app = await build(t)
  const orgId = await organization(app)
  const results = await Promise.all(Array.from({ length: 5 }, () =>
    app.inject({ method: 'POST', url: keysOf(orgId), headers: { ...adminAuth, 'idempotency-key': 'burst' }, payload: { name: 'ci' } })))
  t.equal(await count(app, 'api_keys'), 1)
  const created = results.filter(r => r.statusCode === 201)
  t.equal(created.length + results.filter(r => r.statusCode === 409).length, 5, 'each one is either the key or a 409')
  t.equal(new Set(created.map(r => r.json().key)).size, 1, 'every 201 shows the same key')
})

t.test('an expired admin key is claimed afresh and deleted', async t => {
  const app = await build(t)
  const headers = { ...adminAuth, 'idempotency-key': 'old' }
  const first = await app.inject({ method: 'POST', url: ORGS, headers, payload: { name: 'Acme' } })
  await app.database.db.update(adminIdempotencyKeys).set({ expiresAt: sql`now() - interval '1 second'` })
  const again = await app.inject({ method: 'POST', url: ORGS, headers, payload: { name: 'Globex' } })
  t.equal(again.statusCode, 201)
  t.not(again.json().id, first.json().id)
  await app.database.db.update(adminIdempotencyKeys).set({ expiresAt: sql`now() - interval '1 second'` })
  await app.inject({ method: 'POST', url: ORGS, headers: { ...adminAuth, 'idempotency-key': 'new' }, payload: { name: 'Initech' } })
  t.same(await rows(app.database.db, sql`select key from admin_idempotency_keys`), [{ key: 'new' }], 'the expired one is gone')
})
