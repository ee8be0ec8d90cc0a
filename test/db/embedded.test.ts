// The embedded database: data kept across restarts, first-start bootstrap printed once, migrations idempotent.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { bootstrap } from '../../src/bootstrap.js'
import { loadConfig } from '../../src/config.js'
import { sql } from 'drizzle-orm'
import { openDatabase, rows } from '../../src/db/client.js'
import { migrate } from '../../src/db/migrate.js'

async function tempDir (t: import('tap').Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mev-embedded-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** Collects pino lines written by the app. */
function logSink (): { stream: Writable, lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({
    write (chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line))
      done()
    }
  })
  return { stream, lines }
}

t.test('first start creates organisation default and prints its key once; restarts keep it', async t => {
  const dir = await tempDir(t)
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'info' })

  const first = logSink()
  const app = await buildApp(config, { logger: { level: 'info', stream: first.stream }, docsUi: false })
  t.notOk(first.lines.some(l => 'apiKey' in l), 'building the app makes no key (the server does once it listens)')
  await bootstrap(app.database.db, config, app.log)
  const announced = first.lines.find(l => typeof l.apiKey === 'string')
  t.ok(announced, 'the key is in the log')
  const key = announced!.apiKey as string
  t.match(key, /^mev_[0-9A-Za-z]{40}$/)
  t.match(announced!.msg, /organisation "default"/)
  const policy = { ...(await app.inject({ method: 'GET', url: '/v1/policy', headers: { authorization: `Bearer ${key}` } })).json(), maxUsefulGroup: 5 }
  t.equal((await app.inject({ method: 'PUT', url: '/v1/policy', headers: { authorization: `Bearer ${key}` }, payload: policy })).statusCode, 200)
  await app.close()

  const second = logSink()
  const again = await buildApp(config, { logger: { level: 'info', stream: second.stream }, docsUi: false })
  t.teardown(() => again.close())
  await bootstrap(again.database.db, config, again.log)
  t.notOk(second.lines.some(l => 'apiKey' in l), 'no second key is printed')
  const res = await again.inject({ method: 'GET', url: '/v1/policy', headers: { authorization: `Bearer ${key}` } })
  t.equal(res.statusCode, 200, 'the key still works after a restart')
  t.equal(res.json().maxUsefulGroup, 5, 'stored data is kept')
})

t.test('a data directory that cannot be created is an error naming it, not a hang', async t => {
  const dir = await tempDir(t)
  await writeFile(join(dir, 'global'), 'not a PostgreSQL directory')
  await t.rejects(openDatabase({ dataDir: dir }), { message: new RegExp(`^DATA_DIR: could not create the embedded database in ${dir} \\(exit code 1\\): PGlite failed \\(errno \\d+\\)$`) })
})

t.test('a fresh data directory is created once, then reopened as it is', async t => {
  const dir = await tempDir(t)
  const first = await openDatabase({ dataDir: dir })
  await first.db.execute(sql`create table kept (n int)`)
  await first.db.execute(sql`insert into kept values (42)`)
  await first.close()
  const version = await readFile(join(dir, 'PG_VERSION'), 'utf8')
  const again = await openDatabase({ dataDir: dir })
  t.teardown(() => again.close())
  t.same(await rows(again.db, sql`select n from kept`), [{ n: 42 }])
  t.equal(await readFile(join(dir, 'PG_VERSION'), 'utf8'), version)
  t.same(await rows(again.db, sql`show shared_buffers`), [{ shared_buffers: '16MB' }], 'shared buffers kept small (they count towards RSS)')
})

t.test('no bootstrap when ADMIN_API_KEY is set', async t => {
  const dir = await tempDir(t)
  const sink = logSink()
  const config = loadConfig({ DATA_DIR: dir, ADMIN_API_KEY: 'admin-key-0123456789abcdef' })
  const app = await buildApp(config, { logger: { level: 'info', stream: sink.stream }, docsUi: false })
  t.teardown(() => app.close())
  await bootstrap(app.database.db, config, app.log)
  t.notOk(sink.lines.some(l => 'apiKey' in l))
})

t.test('migrations apply once and are a no-op afterwards', async t => {
  const dir = await tempDir(t)
  const database = await openDatabase({ dataDir: dir })
  t.teardown(() => database.close())
  t.ok(await migrate(database.db) > 0)
  t.equal(await migrate(database.db), 0)
})
