// Idempotency keys: claimed by an INSERT ... ON CONFLICT DO NOTHING before a request runs, completed with its response.
import { createHash } from 'node:crypto'
import { and, eq, isNull, lte, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { adminIdempotencyKeys, idempotencyKeys } from '../db/schema.js'

export const KEY_TTL_MS = 24 * 60 * 60 * 1000

/** Whose keys: an organisation's, or the admin key's (provisioning requests belong to no organisation). Each scope
 * has its own keys; the admin key's live in a table of their own. */
export type KeyScope = { organizationId: string } | 'admin'

export interface StoredResponse { statusCode: number, headers: Record<string, string>, body: string }

/** What the database holds for a key that could not be claimed. */
export type Existing =
  | { state: 'absent' }
  | { state: 'in-flight', fingerprint: string, claimedAt: Date }
  | { state: 'done', fingerprint: string, response: StoredResponse }

const tableOf = (scope: KeyScope) => scope === 'admin' ? adminIdempotencyKeys : idempotencyKeys

/** The scope's rows: the organisation's, or every admin row. */
const inScope = (scope: KeyScope): SQL | undefined =>
  scope === 'admin' ? undefined : eq(idempotencyKeys.organizationId, scope.organizationId)

const keyOf = (scope: KeyScope, key: string) => and(inScope(scope), eq(tableOf(scope).key, key))!

/** Claims the key for a request with this fingerprint: the claim's expiry, which tells this use of the key from a
 * later one, or undefined when someone already holds it (see findKey). Expired keys of the scope are deleted first,
 * so an expired key is claimed afresh. */
export async function claimKey (db: Executor, scope: KeyScope, key: string, fingerprint: string, ttlMs = KEY_TTL_MS): Promise<Date | undefined> {
  const table = tableOf(scope)
  await db.delete(table).where(and(inScope(scope), lte(table.expiresAt, sql`now()`)))
  const values = { key, fingerprint, expiresAt: sql`now() + ${`${ttlMs} milliseconds`}::interval` }
  const [claimed] = scope === 'admin'
    ? await db.insert(adminIdempotencyKeys).values(values).onConflictDoNothing().returning({ expiresAt: adminIdempotencyKeys.expiresAt })
    : await db.insert(idempotencyKeys).values({ organizationId: scope.organizationId, ...values }).onConflictDoNothing().returning({ expiresAt: idempotencyKeys.expiresAt })
  return claimed?.expiresAt
}

export async function findKey (db: Executor, scope: KeyScope, key: string): Promise<Existing> {
  const table = tableOf(scope)
  const [row] = await db.select({
    fingerprint: table.fingerprint, statusCode: table.statusCode, headers: table.headers, body: table.body, createdAt: table.createdAt
  }).from(table).where(and(keyOf(scope, key), sql`${table.expiresAt} > now()`)).limit(1)
  if (row === undefined) return { state: 'absent' }
  if (row.statusCode === null) return { state: 'in-flight', fingerprint: row.fingerprint, claimedAt: row.createdAt }
  return {
    state: 'done',
    fingerprint: row.fingerprint,
    response: { statusCode: row.statusCode, headers: (row.headers ?? {}) as Record<string, string>, body: row.body ?? '' }
  }
}

/** Takes over an in-flight claim older than `staleMs` (its request died without releasing it, or its answer could
 * not be saved): the claim's expiry when taken, as claimKey gave it the first time. */
export async function takeOverStaleClaim (db: Executor, scope: KeyScope, key: string, fingerprint: string, staleMs: number): Promise<Date | undefined> {
  const table = tableOf(scope)
  const [taken] = await db.update(table).set({ createdAt: sql`now()` })
    .where(and(keyOf(scope, key), isNull(table.statusCode), eq(table.fingerprint, fingerprint),
      lte(table.createdAt, sql`now() - ${`${staleMs} milliseconds`}::interval`)))
    .returning({ expiresAt: table.expiresAt })
  return taken?.expiresAt
}

/** Stores the final response of the request holding the claim. */
export async function completeKey (db: Executor, scope: KeyScope, key: string, response: StoredResponse): Promise<void> {
  const table = tableOf(scope)
  await db.update(table)
    .set({ statusCode: response.statusCode, headers: response.headers, body: response.body })
    .where(and(keyOf(scope, key), isNull(table.statusCode)))
}

/** Gives the key up (the request failed with a 5xx or never answered) so that a retry runs again. */
export async function releaseKey (db: Executor, scope: KeyScope, key: string): Promise<void> {
  const table = tableOf(scope)
  await db.delete(table).where(and(keyOf(scope, key), isNull(table.statusCode)))
}

/** A UUID (version 8, RFC 9562) from the SHA-256 of `text`: the same text always gives the same id. */
export function derivedId (text: string): string {
  const hash = createHash('sha256').update(text).digest()
  hash[6] = (hash[6]! & 0x0f) | 0x80
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
