// The organisation policy: stored document or the defaults.
import { eq, sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { organizations, policies } from '../db/schema.js'
import { DEFAULT_POLICY, type Policy } from '../domain/model.js'
import { changingKeyOwners } from './organizations.js'

export async function getPolicy (db: Executor, organizationId: string): Promise<Policy> {
  const [row] = await db.select({ document: policies.document }).from(policies).where(eq(policies.organizationId, organizationId)).limit(1)
  return row === undefined ? structuredClone(DEFAULT_POLICY) : row.document as Policy
}

/**
 * Stores the document, if `holds` accepts the current one (an If-Match). The organisation's row is locked first, so
 * of several writers holding the same tag exactly one wins, a first policy (no row yet) included. Undefined when the
 * condition failed and nothing was written.
 */
export async function putPolicy (db: Executor, organizationId: string, policy: Policy, holds?: (current: Policy) => boolean): Promise<Policy | undefined> {
  return changingKeyOwners(() => db.transaction(async tx => {
    if (holds !== undefined) {
      await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).for('update')
      if (!holds(await getPolicy(tx, organizationId))) return undefined
    }
    await tx.insert(policies).values({ organizationId, document: policy })
      .onConflictDoUpdate({ target: policies.organizationId, set: { document: policy, updatedAt: sql`now()` } })
    return policy
  }))
}
