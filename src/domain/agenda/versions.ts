// Strong ETags over agenda versions, and the If-Match / If-None-Match conditions of RFC 9110 built on them.
import { ifNoneMatchHits } from '../entity-tags.js'

export const etagOf = (version: number): string => `"${version}"`

/** The condition of an If-Match header: `*`, or the versions of its strong entity tags (weak tags never match). */
export type Precondition = { any: true } | { any: false, versions: number[] }

/** RFC 9110's strong comparison: a tag names a version only when it is that version's ETag character for character
 * ("03" and "0003" name none; a weak W/"3" never matches). */
export function parseIfMatch (header: string): Precondition {
  if (header.trim() === '*') return { any: true }
  const versions: number[] = []
  for (const tag of header.split(',')) {
    const m = /^\s*"(\d{1,9})"\s*$/.exec(tag)
    if (m !== null && etagOf(Number(m[1])) === `"${m[1]}"`) versions.push(Number(m[1]))
  }
  return { any: false, versions }
}

/** The tags of an If-Match header that can never name a version, so that a 412 can say why: weak tags (If-Match
 * compares strongly) and text that is no entity tag (an unquoted 3, a space inside the quotes). Each cut to 40
 * characters, at most three; empty for `*` or when every tag is a strong one. */
export function unmatchableTags (header: string): string[] {
  if (header.trim() === '*') return []
  return header.split(',').map(tag => tag.trim()).filter(tag => !/^"[\x21\x23-\x7e]*"$/.test(tag))
    .slice(0, 3).map(tag => tag.length > 40 ? `${tag.slice(0, 39)}…` : tag)
}

/** Whether If-None-Match matches the current version (weak comparison: W/"3" matches "3"). */
export const noneMatchHits = (header: string, version: number): boolean => ifNoneMatchHits(header, etagOf(version))

/** Whether an If-Match condition holds for the current version. */
export function matches (condition: Precondition, version: number): boolean {
  return condition.any || condition.versions.includes(version)
}
