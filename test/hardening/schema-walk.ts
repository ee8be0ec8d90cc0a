// Walks the request schemas of an OpenAPI document and lists every string or array an attacker could make unbounded.
type Schema = Record<string, unknown>

/** Formats whose grammar bounds the length of a valid value on its own. */
const BOUNDED_FORMATS = new Set(['uuid', 'date', 'hh-mm', 'hh-mm-start', 'time'])

/** A pattern bounds its matches when it is anchored and repeats nothing without an upper bound. */
function boundedPattern (pattern: string): boolean {
  return pattern.startsWith('^') && pattern.endsWith('$') && !/(?<!\\)[*+]|\{\d+,\}/.test(pattern)
}

export function stringBounded (schema: Schema): boolean {
  return typeof schema.maxLength === 'number' || Array.isArray(schema.enum) || 'const' in schema ||
    (typeof schema.format === 'string' && BOUNDED_FORMATS.has(schema.format)) ||
    (typeof schema.pattern === 'string' && boundedPattern(schema.pattern))
}

function isType (schema: Schema, type: string): boolean {
  return schema.type === type || (Array.isArray(schema.type) && schema.type.includes(type))
}

/** JSON pointers (within the document) of unbounded strings and arrays under `schema`. */
export function unbounded (schema: unknown, at: string, out: string[] = [], seen = new Set<unknown>()): string[] {
  if (schema === null || typeof schema !== 'object' || seen.has(schema)) return out
  seen.add(schema)
  const s = schema as Schema
  if (isType(s, 'string') && !stringBounded(s)) out.push(`${at}: string without maxLength`)
  if (isType(s, 'array') && typeof s.maxItems !== 'number') out.push(`${at}: array without maxItems`)
  for (const key of ['properties', 'patternProperties', '$defs', 'definitions']) {
    const children = s[key]
    if (children !== null && typeof children === 'object') {
      for (const [name, child] of Object.entries(children)) unbounded(child, `${at}/${key}/${name}`, out, seen)
    }
  }
  for (const key of ['items', 'additionalProperties', 'not', 'contains']) unbounded(s[key], `${at}/${key}`, out, seen)
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    const list = s[key]
    if (Array.isArray(list)) list.forEach((child, i) => unbounded(child, `${at}/${key}/${i}`, out, seen))
  }
  return out
}

interface Operation { requestBody?: { content?: Record<string, { schema?: unknown }> }, parameters?: Array<{ in: string, name: string, schema?: unknown }> }

/** Every unbounded string or array in the request bodies and parameters of the document's operations. */
export function unboundedInputs (doc: { paths: Record<string, Record<string, Operation>> }): string[] {
  const out: string[] = []
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) unbounded(media.schema, `${where} body (${type})`, out)
      for (const p of op.parameters ?? []) {
        if (p.in !== 'path') unbounded(p.schema, `${where} ${p.in} ${p.name}`, out)
      }
    }
  }
  return out
}
