// Opens the database named by the configuration: PGlite (on disk or in memory) or PostgreSQL via postgres.js.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql, type SQL } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { dataDirFailure, StartupError } from '../startup-errors.js'
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js'
import * as schema from './schema.js'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>
/** A transaction handle has the same query API as the database itself. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type Executor = Db | Tx

export interface Database {
  db: Db
  kind: 'pglite' | 'postgres'
  /** Resolves when the database answers a trivial query. */
  ping (): Promise<void>
  close (): Promise<void>
  /** PostgreSQL only (other processes may write it): follows `NOTIFY channel` on a connection of its own. */
  listen?: (channel: string, on: Notifications) => void
}

/** What a listener hears. Notifications sent while no connection listens are lost, so `live(false)` means "trust
 * nothing remembered" until the next `live(true)`. */
export interface Notifications {
  /** A notification with its payload (the triggers send the table written). */
  notify (payload: string): void
  /** true once the channel is listened to (again); false when the listening connection is lost. */
  live (isLive: boolean): void
}

/** `build(db)` made once per database or transaction handle: a prepared statement is built once, then executed. */
export function perHandle<T> (build: (db: Executor) => T): (db: Executor) => T {
  const made = new WeakMap<Executor, T>()
  return db => {
    let value = made.get(db)
    if (value === undefined) {
      value = build(db)
      made.set(db, value)
    }
    return value
  }
}

/** Runs raw SQL and returns its rows, hiding the drivers' different result shapes ({ rows } vs an array). */
export async function rows<T> (db: Executor, query: SQL): Promise<T[]> {
  const result = await db.execute(query) as unknown
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

export async function openDatabase (options: { databaseUrl?: string, dataDir: string }): Promise<Database> {
  const url = options.databaseUrl
  if (url !== undefined && /^postgres(ql)?:\/\//.test(url)) return openPostgres(url)
  return openPglite(url === 'memory://' ? undefined : resolve(options.dataDir))
}

async function openPostgres (url: string): Promise<Database> {
  const { default: postgres } = await import('postgres')
  const { drizzle } = await import('drizzle-orm/postgres-js')
  const client = postgres(url, {
    max: 10,
    idle_timeout: 30,
    connect_timeout: 5,
    onnotice: () => {},
    connection: { application_name: 'meeting-evaluator', statement_timeout: 15_000 }
  })
  const db = drizzle(client, { schema }) as unknown as Db
  const listeners: Array<{ stop: () => Promise<void> }> = []
  return {
    db,
    kind: 'postgres',
    ping: async () => { await db.execute(sql`select 1`) },
    close: async () => { await Promise.all([client.end({ timeout: 5 }), ...listeners.map(l => l.stop())]) },
    listen: (channel, on) => { listeners.push(listener(postgres, url, channel, on)) }
  }
}

const LISTEN_RETRY_MS = [100, 200, 500, 1000, 2000, 5000]

/** One connection that LISTENs on `channel` and, whenever it is lost, listens again on a new one (100 ms to 5 s
 * apart). postgres.js's own `listen` re-listens too, but does not say when the connection was lost. */
function listener (postgres: typeof import('postgres'), url: string, channel: string, on: Notifications): { stop: () => Promise<void> } {
  let stopped = false
  let failures = 0
  let timer: NodeJS.Timeout | undefined
  const client = postgres(url, {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    connect_timeout: 5,
    fetch_types: false,
    onnotice: () => {},
    connection: { application_name: 'meeting-evaluator-listen' },
    onnotify: (name: string, payload: string) => { if (name === channel) on.notify(payload) },
    onclose: () => { lost() }
  } as Parameters<typeof postgres>[1])
  function lost (): void {
    if (stopped) return
    on.live(false)
    if (timer !== undefined) return
    timer = setTimeout(listen, LISTEN_RETRY_MS[Math.min(failures++, LISTEN_RETRY_MS.length - 1)])
    timer.unref()
  }
  function listen (): void {
    timer = undefined
    if (stopped) return
    client.unsafe(`listen "${channel.replace(/"/g, '""')}"`).then(() => {
      failures = 0
      if (!stopped) on.live(true)
    }, lost)
  }
  listen()
  return {
    stop: async () => {
      stopped = true
      clearTimeout(timer)
      await client.end({ timeout: 1 })
    }
  }
}

/** A data directory without PG_VERSION is created by `pglite-init` in a child process (see there); the child gets
 * this process's loader flags (tsx in development, tap's in tests) but not --watch or --inspect. */
async function createDataDir (dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return
  const script = fileURLToPath(new URL(`./pglite-init${extname(fileURLToPath(import.meta.url))}`, import.meta.url))
  let stderr = ''
  const child = fork(script, [dataDir], {
    execArgv: process.execArgv.filter(flag => !/^--(watch|inspect)/.test(flag)),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc']
  })
  child.stderr?.on('data', (data: Buffer) => { stderr = (stderr + data.toString()).slice(-4000) })
  const [code, signal] = await once(child, 'exit') as [number | null, NodeJS.Signals | null]
  if (code !== 0 || !existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new StartupError('DATA_DIR', `could not create the embedded database in ${dataDir} (${signal ?? `exit code ${code}`}): ${stderr.trim() || 'no output'}`)
  }
}

/** Makes the directory if need be and takes its lock: a second process on the same directory is refused. */
async function claimDataDir (dataDir: string): Promise<() => void> {
  try {
    await mkdir(dataDir, { recursive: true })
    return lockDataDir(dataDir)
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new StartupError('DATA_DIR', error.message)
    throw dataDirFailure(error, dataDir)
  }
}

async function openPglite (dataDir: string | undefined): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite')
  const { drizzle } = await import('drizzle-orm/pglite')
  const { pgliteOptions } = await import('./pglite-options.js')
  const release = dataDir === undefined ? () => {} : await claimDataDir(dataDir)
  let client
  try {
    if (dataDir !== undefined) await createDataDir(dataDir)
    client = new PGlite(dataDir, pgliteOptions(PGlite))
    await client.waitReady
  } catch (error) {
    release()
    if (error instanceof StartupError || dataDir === undefined) throw error
    throw new StartupError('DATA_DIR', `the embedded database in ${dataDir} cannot be opened (${error instanceof Error ? error.message : String(error)})`)
  }
  const db = drizzle(client, { schema }) as unknown as Db
  return {
    db,
    kind: 'pglite',
    ping: async () => { await db.execute(sql`select 1`) },
    close: async () => {
      if (!client.closed) await client.close()
      release()
    }
  }
}
