// Applies drizzle-kit migrations under a PostgreSQL advisory lock, so instances starting together migrate once.
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { rows, type Db } from './client.js'

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url))
const LOCK_KEY = 7_420_318_611 // any constant shared by every instance of this service

/** Applies pending migrations in one transaction; returns how many were applied. */
export async function migrate (db: Db, migrationsFolder = MIGRATIONS_FOLDER): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder })
  return db.transaction(async tx => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`)
    await tx.execute(sql`create schema if not exists drizzle`)
    await tx.execute(sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`)
    const [last] = await rows<{ created_at: string }>(tx, sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`)
    const after = last === undefined ? -1 : Number(last.created_at)
    let applied = 0
    for (const migration of migrations) {
      if (migration.folderMillis <= after) continue
      for (const statement of migration.sql) {
        if (statement.trim() !== '') await tx.execute(sql.raw(statement))
      }
      await tx.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`)
      applied++
    }
    return applied
  })
}
