// Who is asking: the organisation, its policy and whether it keeps a people directory, all read with the API key.
import type { Executor } from '../db/client.js'
import type { Policy } from '../domain/model.js'
import { findPeople, type Person } from '../repositories/people.js'

/** What the auth step knows about the caller; a Fastify request carries these fields. */
export interface Caller {
  organizationId: string
  policy: Policy
  hasDirectory: boolean
  /** The id a stored result takes under an Idempotency-Key (see the idempotency plugin). */
  idempotentId?: string | null
}

/** Directory entries for `emails`, by email key; no query when the directory was empty as the request began. */
export async function directoryFor (db: Executor, caller: Caller, emails: string[]): Promise<Map<string, Person>> {
  if (!caller.hasDirectory || emails.length === 0) return new Map()
  return findPeople(db, caller.organizationId, emails)
}
