// Test helpers: one database per test file (PGlite in memory, or a throwaway PostgreSQL database), an app per test.
import { randomBytes } from 'node:crypto'
import tap from 'tap'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { openDatabase, rows, type Database } from '../src/db/client.js'
import { migrate } from '../src/db/migrate.js'
import { createOrganization, issueApiKey, keyOwnersChanged } from '../src/repositories/organizations.js'

type Test = import('tap').Test
export const ADMIN_KEY = 'admin-key-for-tests-0123456789'
export const DATABASE_URL = process.env.DATABASE_URL ?? 'memory://'

let shared: Promise<Database> | undefined

async function postgresDatabase (url: string): Promise<Database> {
  const name = `mev_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const server = await openDatabase({ databaseUrl: url, dataDir: '' })
  await server.db.execute(sql.raw(`create database ${name}`))
  await server.close()
  const target = new URL(url)
  target.pathname = `/${name}`
  const database = await openDatabase({ databaseUrl: target.toString(), dataDir: '' })
  tap.teardown(async () => {
    await database.close()
    const admin = await openDatabase({ databaseUrl: url, dataDir: '' })
    await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`))
    await admin.close()
  })
  return database
}

/** A new database with no tables (PGlite in memory, or a throwaway PostgreSQL database), closed (and dropped) when
 * the test file ends: for tests of the migrations themselves. */
export async function emptyDatabase (): Promise<Database> {
  if (/^postgres(ql)?:/.test(DATABASE_URL)) return postgresDatabase(DATABASE_URL)
  const database = await openDatabase({ databaseUrl: 'memory://', dataDir: '' })
  tap.teardown(() => database.close())
  return database
}

/** The test file's database, opened and migrated once. */
export function testDatabase (): Promise<Database> {
  shared ??= (async () => {
    const database = await emptyDatabase()
    await migrate(database.db)
    return database
  })()
  return shared
}

export async function resetDatabase (database: Database): Promise<void> {
  const tables = await rows<{ tablename: string }>(database.db, sql`select tablename from pg_tables where schemaname = 'public'`)
  if (tables.length === 0) return
  await database.db.execute(sql.raw(`truncate ${tables.map(t => `"${t.tablename}"`).join(', ')} restart identity cascade`))
  keyOwnersChanged()
}

/** A fresh app on the file's (emptied) database, closed when the test ends. */
export async function build (t: Test, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const database = await testDatabase()
  await resetDatabase(database)
  // Load shedding is off unless a test asks for it: on busy CI cores the embedded database alone can lag the loop.
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN_KEY, MAX_EVENT_LOOP_DELAY: '0', ...env }), { database, docsUi: false })
  t.teardown(() => app.close())
  return app
}

export interface Tenant { organizationId: string, key: string, auth: { authorization: string } }

/** An organisation with one API key, created straight in the database. */
export async function tenant (app: FastifyInstance, name = 'Acme'): Promise<Tenant> {
  const org = await createOrganization(app.database.db, name)
  const issued = await issueApiKey(app.database.db, org.id, 'tests')
  return { organizationId: org.id, key: issued.key, auth: { authorization: `Bearer ${issued.key}` } }
}

export const adminAuth = { authorization: `Bearer ${ADMIN_KEY}` }

/** Bounded polling for something that happens on its own shortly (a pool reconnecting, a notification arriving):
 * true as soon as `check` passes, false after `deadlineMs`. */
export async function until (check: () => Promise<boolean>, deadlineMs: number): Promise<boolean> {
  const deadline = performance.now() + deadlineMs
  while (performance.now() < deadline) {
    if (await check()) return true
    await new Promise(resolve => setImmediate(resolve))
  }
  return false
}
