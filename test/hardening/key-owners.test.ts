// Key owners (organisation, policy, directory flag) remembered on PostgreSQL: the triggers announce every write to
// keys, policies and people, a listening connection forgets what it hears about, and nothing is remembered while
// that connection is down.
import { EventEmitter, once } from 'node:events'
import t from 'tap'
import postgres from 'postgres'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { sql } from 'drizzle-orm'
import { openDatabase, rows, type Database } from '../../src/db/client.js'
import { migrate } from '../../src/db/migrate.js'
import { createOrganization, issueApiKey, KEY_OWNERS_CHANNEL } from '../../src/repositories/organizations.js'
import { postgresUrl, throwawayDatabase } from './infra.js'

type Test = import('tap').Test
type Sql = ReturnType<typeof postgres>

/** Waits for the next event `name` whose first argument is `value`. */
async function next (events: EventEmitter, name: string, value: unknown): Promise<void> {
  for (;;) {
    const [got] = await once(events, name) as [unknown]
    if (got === value) return
  }
}

interface Setup { app: FastifyInstance, database: Database, events: EventEmitter, writer: Sql, url: string }

/** An app on a fresh migrated database whose notifications and listening state the test can follow, and a writer
 * on a connection of its own: another instance, or an operator with psql. */
async function setup (t: Test): Promise<Setup> {
  const url = await throwawayDatabase(t, await postgresUrl())
  const database = await openDatabase({ databaseUrl: url, dataDir: '' })
  t.teardown(() => database.close())
  await migrate(database.db)
  const events = new EventEmitter()
  const listen = database.listen!
  database.listen = (channel, on) => {
    listen(channel, {
      notify: payload => { on.notify(payload); events.emit('notify', payload) },
      live: isLive => { on.live(isLive); events.emit('live', isLive) }
    })
  }
  const listening = next(events, 'live', true)
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY: '0' }), { database, docsUi: false })
  t.teardown(() => app.close())
  await listening
  const writer = postgres(url, { max: 1, onnotice: () => {} })
  t.teardown(() => writer.end())
  return { app, database, events, writer, url }
}

/** An organisation and key created through the app's database, once the app has heard of the new key (so nothing
 * announced earlier is still on its way). */
async function keyFor ({ app, events }: Setup): Promise<{ id: string, auth: Record<string, string> }> {
  const org = await createOrganization(app.database.db, 'Acme')
  const heard = next(events, 'notify', 'api_keys')
  const issued = await issueApiKey(app.database.db, org.id, 'tests')
  await heard
  return { id: issued.id, auth: { authorization: `Bearer ${issued.key}` } }
}

const policyStatus = async (app: FastifyInstance, auth: Record<string, string>): Promise<number> =>
  (await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).statusCode

t.test('every statement writing keys, policies or people notifies key_owners_changed with the table, at commit', async t => {
  const url = await throwawayDatabase(t, await postgresUrl())
  const database = await openDatabase({ databaseUrl: url, dataDir: '' })
  t.teardown(() => database.close())
  await migrate(database.db)
  const sql = postgres(url, { max: 2, onnotice: () => {} })
  t.teardown(() => sql.end())
  const heard: string[] = []
  const events = new EventEmitter()
  await sql.listen(KEY_OWNERS_CHANNEL, payload => { heard.push(payload); events.emit('notify', payload) })

  const [org] = await sql<Array<{ id: string }>>`insert into organizations (name) values ('Acme') returning id`
  const writes: Array<[string, () => Promise<unknown>]> = [
    ['api_keys', () => sql`insert into api_keys (organization_id, name, prefix, hash) values (${org!.id}, 'k', 'mev_abcdefgh', 'h1')`],
    ['api_keys', () => sql`update api_keys set revoked_at = now()`],
    ['policies', () => sql`insert into policies (organization_id, document) values (${org!.id}, '{}'::jsonb)`],
    ['people', () => sql`insert into people (organization_id, email_key, email, time_zone) values (${org!.id}, 'a@x.io', 'a@x.io', 'UTC'), (${org!.id}, 'b@x.io', 'b@x.io', 'UTC')`],
    ['people', () => sql`delete from people`],
    ['policies', () => sql`truncate policies`],
    ['api_keys', () => sql`delete from api_keys`]
  ]
  for (const [table, write] of writes) {
    const got = next(events, 'notify', table)
    await write()
    await got
  }
  t.same(heard, writes.map(([table]) => table), 'one notification per statement (two people inserted at once: one), in order')

  heard.length = 0
  await sql.begin(async tx => {
    await tx`insert into organizations (name) values ('Other')`
    await tx`select 1`
  })
  const marker = next(events, 'notify', 'marker')
  await sql`select pg_notify(${KEY_OWNERS_CHANNEL}, 'marker')`
  await marker
  t.same(heard, ['marker'], 'organisations and reads announce nothing')

  heard.length = 0
  await t.rejects(sql.begin(async tx => {
    await tx`update api_keys set name = 'x'`
    await tx`insert into policies (organization_id, document) values (${org!.id}, '{}'::jsonb)`
    throw new Error('roll back')
  }), /roll back/)
  const after = next(events, 'notify', 'marker')
  await sql`select pg_notify(${KEY_OWNERS_CHANNEL}, 'marker')`
  await after
  t.same(heard, ['marker'], 'a rolled-back transaction announces nothing')
})

t.test('a key revoked by another writer is refused from the moment its notification arrives', async t => {
  const s = await setup(t)
  const { id, auth } = await keyFor(s)
  t.equal(await policyStatus(s.app, auth), 200, 'the key works (and its owner is remembered)')

  const heard = next(s.events, 'notify', 'api_keys')
  await s.writer`update api_keys set revoked_at = now() where id = ${id}`
  await heard
  t.equal(await policyStatus(s.app, auth), 401, 'revoked by another connection: refused')
})

t.test('a policy written by another writer is the one the next evaluation uses', async t => {
  const s = await setup(t)
  const { auth } = await keyFor(s)
  t.equal((await s.app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).json().thresholds.meet, 70, 'the default policy')
  const current = (await s.app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).json()
  const org = (await s.writer<Array<{ organization_id: string }>>`select organization_id from api_keys`)[0]!.organization_id
  const heard = next(s.events, 'notify', 'policies')
  await s.writer`insert into policies (organization_id, document) values (${org}, ${s.writer.json({ ...current, thresholds: { ...current.thresholds, meet: 90 } })})`
  await heard
  t.equal((await s.app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).json().thresholds.meet, 90, 'the new policy, without a restart')
})

t.test('owners are remembered until a notification says otherwise: a write that fires no trigger is not seen at once', async t => {
  const s = await setup(t)
  const { id, auth } = await keyFor(s)
  t.equal(await policyStatus(s.app, auth), 200)
  // session_replication_role = replica turns triggers off for this session, as a logical-replication apply would.
  await s.writer.begin(async tx => {
    await tx`set local session_replication_role = replica`
    await tx`update api_keys set revoked_at = now() where id = ${id}`
  })
  t.equal(await policyStatus(s.app, auth), 200, 'no notification: the remembered owner still answers (for at most a minute)')
  const heard = next(s.events, 'notify', 'by hand')
  await s.writer`select pg_notify(${KEY_OWNERS_CHANNEL}, 'by hand')`
  await heard
  t.equal(await policyStatus(s.app, auth), 401, 'any notification on the channel makes the app read again')
})

t.test('while the listening connection is down nothing is remembered; it listens again by itself', async t => {
  const s = await setup(t)
  const { id, auth } = await keyFor(s)
  t.equal(await policyStatus(s.app, auth), 200)

  const lost = next(s.events, 'live', false)
  const back = next(s.events, 'live', true)
  const ended = await s.writer`select pg_terminate_backend(pid) as ok from pg_stat_activity
    where application_name = 'meeting-evaluator-listen' and datname = current_database()`
  t.equal(ended.length, 1, 'one listening connection per database')
  await lost
  t.equal(await policyStatus(s.app, auth), 200, 'the key still works while no one listens (read from the database)')
  await s.writer.begin(async tx => {
    await tx`set local session_replication_role = replica`
    await tx`update api_keys set revoked_at = now() where id = ${id}`
  })
  t.equal(await policyStatus(s.app, auth), 401, 'and what was read then is not remembered: refused at once')

  await back
  const again = await keyFor(s)
  t.equal(await policyStatus(s.app, again.auth), 200, 'a new key works once it listens again')
  const heard = next(s.events, 'notify', 'api_keys')
  await s.writer`update api_keys set revoked_at = now() where id = ${again.id}`
  await heard
  t.equal(await policyStatus(s.app, again.auth), 401, 'and notifications are heard on the new connection')
})

t.test('KEY_CACHE_SECONDS=0 reads the key on every request: a write that fires no trigger is seen at once', async t => {
  const url = await throwawayDatabase(t, await postgresUrl())
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY: '0', KEY_CACHE_SECONDS: '0' }), { docsUi: false })
  t.teardown(() => app.close())
  const org = await createOrganization(app.database.db, 'Acme')
  const issued = await issueApiKey(app.database.db, org.id, 'tests')
  const auth = { authorization: `Bearer ${issued.key}` }
  t.equal(await policyStatus(app, auth), 200)
  const listeners = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from pg_stat_activity
    where application_name = 'meeting-evaluator-listen' and datname = current_database()`)
  t.same(listeners, [{ n: 0 }], 'no listening connection is opened')
  const writer = postgres(url, { max: 1, onnotice: () => {} })
  t.teardown(() => writer.end())
  await writer.begin(async tx => {
    await tx`set local session_replication_role = replica`
    await tx`update api_keys set revoked_at = now() where id = ${issued.id}`
  })
  t.equal(await policyStatus(app, auth), 401)
})

t.test('KEY_CACHE_SECONDS=0 on the embedded database: a revocation by a raw write is seen at once too', async t => {
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: 'memory://', RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY: '0', KEY_CACHE_SECONDS: '0' }), { docsUi: false })
  t.teardown(() => app.close())
  const org = await createOrganization(app.database.db, 'Acme')
  const issued = await issueApiKey(app.database.db, org.id, 'tests')
  const auth = { authorization: `Bearer ${issued.key}` }
  t.equal(await policyStatus(app, auth), 200)
  await app.database.db.execute(sql`update api_keys set revoked_at = now() where id = ${issued.id}`)
  t.equal(await policyStatus(app, auth), 401, 'nothing was remembered')
})
