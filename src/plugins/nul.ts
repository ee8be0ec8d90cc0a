// Finds U+0000 in parsed JSON: PostgreSQL cannot store it, so such strings are refused at the edge.

/** Whether any string (value or key) contains U+0000; builds no paths, so clean bodies cost one walk. */
function containsNul (value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) return value.some(containsNul)
  for (const key in value) {
    if (key.includes('\u0000') || containsNul((value as Record<string, unknown>)[key])) return true
  }
  return false
}

/** JSON pointer of the first string (value or key) containing U+0000, or undefined. */
export function findNul (value: unknown): string | undefined {
  return containsNul(value) ? pointerToNul(value, '') : undefined
}

function pointerToNul (value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined
  if (value === null || typeof value !== 'object') return undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pointerToNul(value[i], `${path}/${i}`)
      if (found !== undefined) return found
    }
    return undefined
  }
  for (const [key, child] of Object.entries(value)) {
    const pointer = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
    if (key.includes('\u0000')) return pointer
    const found = pointerToNul(child, pointer)
    if (found !== undefined) return found
  }
  return undefined
}
