// The policy's entity tag: a digest of its content (key order aside), so every instance and every read of the same
// document gives the same tag without a stored version; If-Match / If-None-Match over it as RFC 9110 13.1 compares.
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

const tags = (header: string): string[] => header.split(',').map(tag => tag.trim())

/** If-Match holds: `*`, or one of its tags is this one (strong comparison: a weak W/"..." never matches). */
export const ifMatchHolds = (header: string, tag: string): boolean => header.trim() === '*' || tags(header).includes(tag)

/** If-None-Match hits: `*`, or one of its tags is this one (weak comparison: W/"..." matches). */
export const ifNoneMatchHits = (header: string, tag: string): boolean =>
  header.trim() === '*' || tags(header).some(candidate => candidate.replace(/^W\//, '') === tag)
