// Finds U+0000 in parsed JSON: PostgreSQL cannot store it, so such strings are refused at the edge.
// Both walks keep their own stack: JSON.parse accepts nesting far deeper than the call stack (a 1 MB NDJSON line can
// nest 500,000 arrays), and a recursive walk threw RangeError there, a 500 for a whole batch chunk.

/** Whether any string (value or key) contains U+0000; builds no paths, so clean bodies cost one walk. */
function containsNul (root: unknown): boolean {
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true
    } else if (Array.isArray(value)) {
      for (const child of value) stack.push(child)
    } else if (value !== null && typeof value === 'object') {
      for (const key in value) {
        if (key.includes('\u0000')) return true
        stack.push((value as Record<string, unknown>)[key])
      }
    }
  }
  return false
}

/** JSON pointer of the first string (value or key, in document order) containing U+0000, or undefined. */
export function findNul (value: unknown): string | undefined {
  return containsNul(value) ? pointerToNul(value) : undefined
}

function pointerToNul (root: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[root, '']]
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string]
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}/${i}`])
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value)
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown]
        // A key with U+0000 is found where it stands: its stand-in is a string holding U+0000.
        stack.push([key.includes('\u0000') ? '\u0000' : child, `${path}/${escapeKey(key)}`])
      }
    }
  }
  return undefined
}

const escapeKey = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1')
