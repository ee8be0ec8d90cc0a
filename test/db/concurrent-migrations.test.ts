// Instances starting together migrate once: separate connections under the advisory lock on PostgreSQL,
// concurrent calls on the single embedded connection on PGlite.
import t from 'tap'
import { sql } from 'drizzle-orm'
import { openDatabase, rows } from '../../src/db/client.js'
import { migrate } from '../../src/db/migrate.js'
import { DATABASE_URL } from '../helper.js'

const isPostgres = /^postgres(ql)?:/.test(DATABASE_URL)

t.test('concurrent migrations on one database apply each migration exactly once', async t => {
  if (!isPostgres) {
    const embedded = await openDatabase({ databaseUrl: 'memory://', dataDir: '' })
    t.teardown(() => embedded.close())
    const applied = await Promise.all([1, 2, 3].map(() => migrate(embedded.db)))
    const [count] = await rows<{ n: number }>(embedded.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
    t.equal(applied.reduce((a, b) => a + b, 0), count!.n)
    t.ok(count!.n > 0)
    return
  }
  const name = `mev_migrate_${process.pid}`
  const admin = await openDatabase({ databaseUrl: DATABASE_URL, dataDir: '' })
  await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`))
  await admin.db.execute(sql.raw(`create database ${name}`))
  const url = new URL(DATABASE_URL)
  url.pathname = `/${name}`
  const instances = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: url.toString(), dataDir: '' })))
  t.teardown(async () => {
    await Promise.all(instances.map(i => i.close()))
    await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`))
    await admin.close()
  })
  const applied = await Promise.all(instances.map(i => migrate(i.db)))
  const total = applied.reduce((a, b) => a + b, 0)
  const [count] = await rows<{ n: number }>(instances[0]!.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
  t.equal(total, count!.n, 'each migration applied by exactly one instance')
  t.ok(total > 0)
})
