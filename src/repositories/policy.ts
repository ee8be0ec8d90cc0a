// The organisation policy: stored document or the defaults.
import { eq, sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { policies } from '../db/schema.js'
import { DEFAULT_POLICY, type Policy } from '../domain/model.js'
import { changingKeyOwners } from './organizations.js'

export async function getPolicy (db: Executor, organizationId: string): Promise<Policy> {
  const [row] = await db.select({ document: policies.document }).from(policies).where(eq(policies.organizationId, organizationId)).limit(1)
  return row === undefined ? structuredClone(DEFAULT_POLICY) : row.document as Policy
}

export async function putPolicy (db: Executor, organizationId: string, policy: Policy): Promise<Policy> {
  await changingKeyOwners(() => db.insert(policies).values({ organizationId, document: policy })
    .onConflictDoUpdate({ target: policies.organizationId, set: { document: policy, updatedAt: sql`now()` } }))
  return policy
}
