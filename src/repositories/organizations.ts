// Organisations and their API keys: creation, lookup by key hash, revocation.
import { createHash, randomBytes } from 'node:crypto'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import { perHandle, type Database, type Executor } from '../db/client.js'
import { apiKeys, organizations, people, policies } from '../db/schema.js'
import { DEFAULT_POLICY, type Policy } from '../domain/model.js'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** `mev_` followed by 40 base62 characters drawn without modulo bias. */
export function generateApiKey (): string {
  let out = 'mev_'
  while (out.length < 44) {
    for (const byte of randomBytes(64)) {
      if (byte < 248 && out.length < 44) out += BASE62[byte % 62]
    }
  }
  return out
}

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex')
export const keyPrefix = (key: string): string => key.slice(0, 12)

export interface Organization { id: string, name: string, createdAt: string }
export interface IssuedKey { id: string, key: string, prefix: string, name: string, createdAt: string }
/** A key issued before under the id asked for: only its hash is stored, so its plain text cannot be shown again. */
export interface EarlierKey { issuedEarlier: true, id: string, prefix: string, revoked: boolean }

const toOrganization = (row: typeof organizations.$inferSelect): Organization =>
  ({ id: row.id, name: row.name, createdAt: row.createdAt.toISOString() })

/** Creates an organisation. With `id` (an Idempotency-Key's) that is already stored, by an earlier run whose answer
 * was lost, nothing is written and the stored organisation is the answer. */
export async function createOrganization (db: Executor, name: string, id?: string): Promise<Organization> {
  const [row] = await db.insert(organizations).values({ ...(id === undefined ? {} : { id }), name })
    .onConflictDoNothing({ target: organizations.id }).returning()
  if (row !== undefined) return toOrganization(row)
  const [stored] = await db.select().from(organizations).where(eq(organizations.id, id!)).limit(1)
  if (stored === undefined) throw new Error(`organisation id ${id!} is taken but could not be read`)
  return toOrganization(stored)
}

export async function organizationExists (db: Executor, id: string): Promise<boolean> {
  const found = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id)).limit(1)
  return found.length > 0
}

const toIssued = (row: typeof apiKeys.$inferSelect, key: string): IssuedKey =>
  ({ id: row.id, key, prefix: row.prefix, name: row.name, createdAt: row.createdAt.toISOString() })

/** Issues a key for the organisation: its plain text is in the answer only. */
export async function issueApiKey (db: Executor, organizationId: string, name: string): Promise<IssuedKey> {
  const key = generateApiKey()
  const [row] = await db.insert(apiKeys).values({ organizationId, name, prefix: keyPrefix(key), hash: hashKey(key) }).returning()
  return toIssued(row!, key)
}

/** Issues a key that takes `id` (an Idempotency-Key's, see the idempotency plugin). When an earlier run whose answer
 * was lost already issued it, nothing is issued and that key is described instead. */
export async function issueApiKeyWithId (db: Executor, organizationId: string, name: string, id: string): Promise<IssuedKey | EarlierKey> {
  const key = generateApiKey()
  const [row] = await db.insert(apiKeys).values({ id, organizationId, name, prefix: keyPrefix(key), hash: hashKey(key) })
    .onConflictDoNothing({ target: apiKeys.id }).returning()
  if (row !== undefined) return toIssued(row, key)
  const [earlier] = await db.select({ prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt }).from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.organizationId, organizationId))).limit(1)
  if (earlier === undefined) throw new Error(`API key id ${id} is taken by another organisation`)
  return { issuedEarlier: true, id, prefix: earlier.prefix, revoked: earlier.revokedAt !== null }
}

export interface KeyOwner {
  organizationId: string
  keyId: string
  policy: Policy
  /** Whether the organisation has anyone in its people directory (evaluations skip the directory query when not). */
  hasDirectory: boolean
}

/** The key lookup runs on every request: its SQL is built once per database handle. */
const keyOwnerQuery = perHandle(db => db.select({
  organizationId: apiKeys.organizationId,
  keyId: apiKeys.id,
  policy: policies.document,
  hasDirectory: sql<boolean>`exists (select 1 from ${people} where ${people.organizationId} = ${apiKeys.organizationId})`
}).from(apiKeys).leftJoin(policies, eq(policies.organizationId, apiKeys.organizationId))
  .where(and(eq(apiKeys.hash, sql.placeholder('hash')), isNull(apiKeys.revokedAt))).limit(1)
  .prepare('organization_for_key'))

/** Key owners remembered between requests, per database handle. Every write that can change an owner (keys,
 * policies, people) bumps `generation`, so an entry read before it is never used after it. Writes by other processes
 * (PostgreSQL: other instances, or an operator's SQL) reach us as notifications that bump it too; an entry also
 * expires after `ms` (KEY_CACHE_SECONDS), a backstop should notifications stop without anyone noticing. */
interface Memo { ms: number, entries: Map<string, { generation: number, expires: number, owner: KeyOwner }> }
const remembered = new WeakMap<Executor, Memo>()
const REMEMBERED_LIMIT = 10_000
let generation = 0

/** The channel the migration's triggers notify on every statement that writes api_keys, policies or people. */
export const KEY_OWNERS_CHANNEL = 'key_owners_changed'
const following = new WeakSet<Database>()

/** Remember key owners for `database` from now on, each for at most `seconds` (0: never). PGlite's data directory
 * belongs to this process alone; PostgreSQL may be written by others, so its owners are remembered only while a
 * connection listens for the triggers' notifications, and forgotten whenever that connection is lost (nothing heard
 * meanwhile can be trusted). */
export function rememberKeyOwners (database: Database, options: { seconds: number, log?: FastifyBaseLogger }): void {
  const { seconds, log } = options
  if (seconds <= 0) {
    remembered.delete(database.db)
    return
  }
  const memo = (): Memo => ({ ms: seconds * 1000, entries: new Map() })
  if (database.kind === 'pglite') {
    remembered.set(database.db, memo())
    return
  }
  if (database.listen === undefined || following.has(database)) return
  following.add(database)
  let wasLive = false
  database.listen(KEY_OWNERS_CHANNEL, {
    notify: keyOwnersChanged,
    live: isLive => {
      keyOwnersChanged()
      if (isLive) remembered.set(database.db, memo())
      else remembered.delete(database.db)
      if (isLive === wasLive) return
      wasLive = isLive
      if (isLive) log?.info('listening for key, policy and people changes: key owners are remembered between requests')
      else log?.warn('the connection listening for key, policy and people changes was lost: every request reads its key until it listens again')
    }
  })
}

/** Forget every remembered key owner (after writing keys, policies or people wholesale, say in tests). */
export function keyOwnersChanged (): void {
  generation++
}

/** Runs a write that can change key owners, forgetting remembered owners before and after it: a lookup that ran
 * alongside the write is not remembered past it. */
export async function changingKeyOwners<T> (write: () => Promise<T>): Promise<T> {
  keyOwnersChanged()
  try {
    return await write()
  } finally {
    keyOwnersChanged()
  }
}

/** The organisation owning an active key, with its policy in the same query (every evaluation needs it), or
 * undefined for unknown and revoked keys. */
export async function organizationForKey (db: Executor, key: string): Promise<KeyOwner | undefined> {
  const hash = hashKey(key)
  const memo = remembered.get(db)
  const hit = memo?.entries.get(hash)
  if (hit !== undefined && hit.generation === generation && hit.expires > Date.now()) return hit.owner
  const readAt = generation
  const [row] = await keyOwnerQuery(db).execute({ hash })
  if (row === undefined) return undefined
  const owner: KeyOwner = {
    organizationId: row.organizationId,
    keyId: row.keyId,
    policy: (row.policy as Policy | null) ?? structuredClone(DEFAULT_POLICY),
    hasDirectory: row.hasDirectory
  }
  if (memo !== undefined) {
    if (memo.entries.size >= REMEMBERED_LIMIT) memo.entries.clear()
    // Shared by the requests that use this key: frozen, so no request can change another's policy.
    memo.entries.set(hash, { generation: readAt, expires: Date.now() + memo.ms, owner: deepFreeze(owner) })
  }
  return owner
}

/** Revokes a key; false when no active key has that id. */
export async function revokeApiKey (db: Executor, keyId: string): Promise<boolean> {
  const updated = await changingKeyOwners(() => db.update(apiKeys).set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id }))
  return updated.length > 0
}

export async function countOrganizations (db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organizations)
  return row?.n ?? 0
}

function deepFreeze<T> (value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
