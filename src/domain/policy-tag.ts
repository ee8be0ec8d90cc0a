// The policy's entity tag: a digest of its content (key order aside), so every instance and every read of the same
// document gives the same tag without a stored version (compared with domain/entity-tags.ts).
import { createHash } from 'node:crypto'
import { stringify } from 'safe-stable-stringify'
import type { Policy } from './model.js'

/** Tags of the documents requests share (an API key's remembered policy is one frozen object), made once. */
const made = new WeakMap<Policy, string>()

/** A strong ETag: 22 base64url characters (132 bits) of the SHA-256 of the document with its keys sorted. */
export function policyTag (policy: Policy): string {
  let tag = made.get(policy)
  if (tag === undefined) {
    tag = `"${createHash('sha256').update(stringify(policy) ?? '').digest('base64url').slice(0, 22)}"`
    if (Object.isFrozen(policy)) made.set(policy, tag)
  }
  return tag
}
