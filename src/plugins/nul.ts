// Finds strings PostgreSQL cannot store as sent, so they are refused at the edge: U+0000 (text cannot hold it) and
// lone UTF-16 surrogates ("\ud800" in JSON), which the database would silently turn into U+FFFD.
// Both walks keep their own stack: JSON.parse accepts nesting far deeper than the call stack (a 1 MB NDJSON line can
// nest 500,000 arrays), and a recursive walk threw RangeError there, a 500 for a whole batch chunk.
import type { FieldError } from '../errors.js'

/** At most this many strings are named; a body full of them needs no longer list. */
const MAX_NAMED = 20

const unstorable = (text: string): boolean => text.includes('\u0000') || !text.isWellFormed()

/** Whether any string (value or key) cannot be stored; builds no paths, so clean bodies cost one walk. */
function containsUnstorable (root: unknown): boolean {
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value === 'string') {
      if (unstorable(value)) return true
    } else if (Array.isArray(value)) {
      for (const child of value) stack.push(child)
    } else if (value !== null && typeof value === 'object') {
      for (const key in value) {
        if (unstorable(key)) return true
        stack.push((value as Record<string, unknown>)[key])
      }
    }
  }
  return false
}

function why (text: string): string {
  return text.includes('\u0000')
    ? 'contains U+0000, which cannot be stored'
    : 'contains a lone UTF-16 surrogate (e.g. "\\ud800" without its pair), which is not a character and cannot be stored'
}

/** Each string (value or key, in document order, at most 20) that cannot be stored, as a field error naming it. */
export function unstorableStrings (root: unknown): FieldError[] {
  if (!containsUnstorable(root)) return []
  const found: FieldError[] = []
  const stack: Array<[unknown, string]> = [[root, '']]
  while (stack.length > 0 && found.length < MAX_NAMED) {
    const [value, path] = stack.pop() as [unknown, string]
    if (typeof value === 'string') {
      if (unstorable(value)) found.push({ path, message: why(value) })
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}/${i}`])
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value)
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown]
        // A bad key is named where it stands, for what is wrong with it; its value is not looked into.
        stack.push([unstorable(key) ? key : child, `${path}/${escapeKey(key)}`])
      }
    }
  }
  return found
}

/** A key as one JSON pointer token (RFC 6901). */
export const escapeKey = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1')
