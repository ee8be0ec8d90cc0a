// Agendas survive a restart on the embedded database (PGlite in a data directory).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { openDatabase } from '../../src/db/client.js'
import { migrate } from '../../src/db/migrate.js'
import { ADMIN_KEY, tenant } from '../helper.js'
import { AGENDA } from './agendas-fixtures.js'

async function start (dataDir: string) {
  const database = await openDatabase({ dataDir })
  await migrate(database.db)
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN_KEY, DATA_DIR: dataDir }), { database, docsUi: false })
  return { app, stop: async () => { await app.close(); await database.close() } }
}

t.test('an agenda, its actuals and its idempotency key are still there after a restart', async t => {
  const dataDir = await mkdtemp(join(tmpdir(), 'mev-agendas-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))

  const first = await start(dataDir)
  const { auth } = await tenant(first.app)
  const headers = { ...auth, 'idempotency-key': 'before-restart' }
  const created = (await first.app.inject({ method: 'POST', url: '/v1/agendas', headers, payload: AGENDA })).json()
  const recorded = (await first.app.inject({ method: 'PUT', url: `/v1/agendas/${created.id}/actuals`, headers: auth, payload: { items: [{ index: 0, minutes: 17 }] } })).json()
  await first.stop()

  const second = await start(dataDir)
  t.teardown(second.stop)
  const read = await second.app.inject({ method: 'GET', url: `/v1/agendas/${created.id}`, headers: auth })
  t.equal(read.statusCode, 200)
  t.equal(read.headers.etag, '"2"')
  t.same(read.json(), recorded)
  const replay = await second.app.inject({ method: 'POST', url: '/v1/agendas', headers, payload: AGENDA })
  t.same([replay.statusCode, replay.json(), replay.headers['idempotent-replayed']], [201, created, 'true'])
  t.same((await second.app.inject({ method: 'GET', url: '/v1/agendas', headers: auth })).json().items.map((a: { id: string }) => a.id), [created.id])
})
