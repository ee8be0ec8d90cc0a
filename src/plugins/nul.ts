// Finds U+0000 in parsed JSON: PostgreSQL cannot store it, so such strings are refused at the edge.

/** JSON pointer of the first string (value or key) containing U+0000, or undefined. */
export function findNul (value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined
  if (value === null || typeof value !== 'object') return undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}/${i}`)
      if (found !== undefined) return found
    }
    return undefined
  }
  for (const [key, child] of Object.entries(value)) {
    const pointer = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
    if (key.includes('\u0000')) return pointer
    const found = findNul(child, pointer)
    if (found !== undefined) return found
  }
  return undefined
}
