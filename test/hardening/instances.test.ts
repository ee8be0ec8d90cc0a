// Two instances on one PostgreSQL database and one Redis: idempotency keys, If-Match and rate limits hold across them,
// and both can start at the same moment on an empty database.
import t from 'tap'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { bootstrap } from '../../src/bootstrap.js'
import { loadConfig } from '../../src/config.js'
import { rows } from '../../src/db/client.js'
import { createOrganization, issueApiKey } from '../../src/repositories/organizations.js'
import { AGENDA } from '../routes/agendas-fixtures.js'
import { keyPrefix, postgresUrl, REDIS_URL, redisClient, throwawayDatabase } from './infra.js'

type Test = import('tap').Test
const ADMIN_KEY = 'admin-key-for-instances-0123456789'

/** Two instances, each with its own pool, on a new database and a fresh Redis key prefix; closed when the test ends. */
async function twoInstances (t: Test, env: Record<string, string> = {}): Promise<[FastifyInstance, FastifyInstance]> {
  const redis = await redisClient(t)
  const databaseUrl = await throwawayDatabase(t, await postgresUrl())
  const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, REDIS_URL, REDIS_KEY_PREFIX: keyPrefix(t, redis), ADMIN_API_KEY: ADMIN_KEY, MAX_EVENT_LOOP_DELAY: '0', ...env })
  const apps = await Promise.all([buildApp(config, { docsUi: false }), buildApp(config, { docsUi: false })])
  for (const app of apps) t.teardown(() => app.close())
  return apps
}

async function orgKey (app: FastifyInstance): Promise<Record<string, string>> {
  const org = await createOrganization(app.database.db, 'Acme')
  const issued = await issueApiKey(app.database.db, org.id, 'tests')
  return { authorization: `Bearer ${issued.key}` }
}

t.test('two instances starting at the same moment on an empty database migrate and bootstrap once', async t => {
  const databaseUrl = await throwawayDatabase(t, await postgresUrl())
  const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY: '0' })
  const apps = await Promise.all([buildApp(config, { docsUi: false }), buildApp(config, { docsUi: false })])
  for (const app of apps) t.teardown(() => app.close())
  await Promise.all(apps.map(app => bootstrap(app.database.db, config, app.log)))
  const db = apps[0].database.db
  const [counts] = await rows<{ orgs: number, keys: number }>(db, sql`select (select count(*)::int from organizations) as orgs, (select count(*)::int from api_keys) as keys`)
  t.same(counts, { orgs: 1, keys: 1 }, 'one default organisation with one key')
  for (const app of apps) t.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200)
})

t.test('one Idempotency-Key sent to both instances creates one agenda', async t => {
  const [a, b] = await twoInstances(t)
  const auth = await orgKey(a)
  const headers = { ...auth, 'idempotency-key': 'same-key-on-both' }
  const [first, second] = await Promise.all([
    a.inject({ method: 'POST', url: '/v1/agendas', headers, payload: AGENDA }),
    b.inject({ method: 'POST', url: '/v1/agendas', headers, payload: AGENDA })
  ])
  const statuses = [first.statusCode, second.statusCode].sort()
  t.ok(statuses[0] === 201 && (statuses[1] === 201 || statuses[1] === 409), `201 and a replay or 409 in progress, got ${statuses.join(', ')}`)
  const retry = await b.inject({ method: 'POST', url: '/v1/agendas', headers, payload: AGENDA })
  t.equal(retry.statusCode, 201)
  t.equal(retry.headers['idempotent-replayed'], 'true')
  const created = [first, second].find(r => r.statusCode === 201 && r.headers['idempotent-replayed'] === undefined)
  t.equal(retry.json().id, created?.json().id, 'the replay names the one agenda created')
  const list = await a.inject({ method: 'GET', url: '/v1/agendas', headers: auth })
  t.equal(list.json().items.length, 1, 'exactly one agenda exists')
})

t.test('two PUTs with one ETag, one to each instance: exactly one 200 and one 412', async t => {
  const [a, b] = await twoInstances(t)
  const auth = await orgKey(a)
  const made = await a.inject({ method: 'POST', url: '/v1/agendas', headers: auth, payload: AGENDA })
  const url = `/v1/agendas/${made.json().id as string}`
  const headers = { ...auth, 'if-match': made.headers.etag as string }
  const replies = await Promise.all([
    a.inject({ method: 'PUT', url, headers, payload: { ...AGENDA, title: 'Written by A' } }),
    b.inject({ method: 'PUT', url, headers, payload: { ...AGENDA, title: 'Written by B' } })
  ])
  t.same(replies.map(r => r.statusCode).sort(), [200, 412])
  const winner = replies.find(r => r.statusCode === 200)!
  const read = await b.inject({ method: 'GET', url, headers: auth })
  t.equal(read.json().title, winner.json().title, 'the stored agenda is the winner\'s')
  t.equal(read.json().version, 2)
})

t.test('the rate limit of a key is shared by both instances through Redis', async t => {
  const [a, b] = await twoInstances(t, { RATE_LIMIT_MAX: '4' })
  const auth = await orgKey(a)
  const statuses: number[] = []
  for (const app of [a, b, a, b, a]) statuses.push((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).statusCode)
  t.same(statuses, [200, 200, 200, 200, 429], 'the fifth request, on either instance, is over the limit')
  const last = await b.inject({ method: 'GET', url: '/v1/policy', headers: auth })
  t.equal(last.statusCode, 429)
  t.equal(last.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.ok(Number(last.headers['retry-after']) > 0, 'Retry-After is set')
  t.equal(last.headers['ratelimit-remaining'], '0')
})

t.test('failed authentication from one address is counted across both instances through Redis', async t => {
  const [a, b] = await twoInstances(t, { RATE_LIMIT_MAX: '3' })
  const auth = await orgKey(a)
  let serial = 0
  const junk = () => ({ authorization: `Bearer mev_${String(++serial).padStart(40, 'R')}` })
  const statuses: number[] = []
  for (const app of [a, b, a, b]) statuses.push((await app.inject({ method: 'GET', url: '/v1/policy', headers: junk() })).statusCode)
  t.same(statuses, [401, 401, 401, 429], 'the fourth failure, on either instance, is over the address\'s budget')
  const last = await a.inject({ method: 'GET', url: '/v1/policy', headers: junk() })
  t.equal(last.statusCode, 429)
  t.equal(last.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.ok(Number(last.headers['retry-after']) > 0, 'Retry-After is set')
  t.match(last.json().detail, /^Too many failed authentications from this address/)
  const valid = await b.inject({ method: 'GET', url: '/v1/policy', headers: auth })
  t.equal(valid.statusCode, 200, 'a valid key from the same address still gets through')
  t.equal(valid.headers['ratelimit-remaining'], '2')
})
