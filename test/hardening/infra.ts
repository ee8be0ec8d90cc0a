// PostgreSQL and Redis for the hardening tests: the configured or local servers, throwaway databases, per-test key prefixes.
import { randomBytes } from 'node:crypto'
import { connect } from 'node:net'
import { once } from 'node:events'
import { sql } from 'drizzle-orm'
import { Redis } from 'ioredis'
import { openDatabase } from '../../src/db/client.js'

type Test = import('tap').Test

export const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres'
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

async function reachable (host: string, port: number): Promise<boolean> {
  const socket = connect({ host, port })
  socket.setTimeout(2000, () => socket.destroy(new Error('timeout')))
  try {
    await once(socket, 'connect')
    return true
  } catch {
    return false
  } finally {
    socket.destroy()
  }
}

/** The PostgreSQL server of DATABASE_URL, or the local one; fails (never skips) when there is none. */
export async function postgresUrl (): Promise<string> {
  const configured = process.env.DATABASE_URL
  const url = configured !== undefined && /^postgres(ql)?:\/\//.test(configured) ? configured : LOCAL_POSTGRES
  const { hostname, port } = new URL(url)
  if (!await reachable(hostname, Number(port || 5432))) {
    throw new Error(`These tests need PostgreSQL: none answers at ${hostname}:${port || 5432}. Set DATABASE_URL=postgres://... or start the local server (CI always has one).`)
  }
  return url
}

/** A Redis client on REDIS_URL (default 127.0.0.1:6379); fails (never skips) when Redis does not answer. */
export async function redisClient (t: Test): Promise<Redis> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.ping()
  } catch (error) {
    client.disconnect()
    throw new Error(`These tests need Redis at ${REDIS_URL} (set REDIS_URL; CI always has one): ${(error as Error).message}`)
  }
  t.teardown(() => { client.disconnect() })
  return client
}

/** A fresh key prefix; every key under it is deleted when the test ends. */
export function keyPrefix (t: Test, redis: Redis): string {
  const prefix = `mev-test:${process.pid}:${randomBytes(4).toString('hex')}:`
  t.teardown(async () => {
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.del(...keys)
  })
  return prefix
}

/** A new, empty database on the server of `serverUrl`, dropped when the test ends; returns its URL. */
export async function throwawayDatabase (t: Test, serverUrl: string): Promise<string> {
  const name = `mev_hard_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = await openDatabase({ databaseUrl: serverUrl, dataDir: '' })
  try {
    await admin.db.execute(sql.raw(`create database ${name}`))
  } finally {
    await admin.close()
  }
  t.teardown(async () => {
    const again = await openDatabase({ databaseUrl: serverUrl, dataDir: '' })
    await again.db.execute(sql.raw(`drop database if exists ${name} with (force)`))
    await again.close()
  })
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}
