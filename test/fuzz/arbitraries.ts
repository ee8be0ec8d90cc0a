// fast-check arbitraries from the JSON Schema subset our routes use, and mutations that turn a valid value hostile.
import fc from 'fast-check'

export type Schema = Record<string, unknown>
type Path = Array<string | number>

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Adelaide', 'Pacific/Chatham', 'UTC', 'US/Pacific', 'America/St_Johns']
const EPOCH_2020 = Date.UTC(2020, 0, 1)
const EPOCH_2030 = Date.UTC(2030, 11, 31)

const instant = fc.integer({ min: EPOCH_2020, max: EPOCH_2030 }).map(ms => new Date(ms).toISOString())
/** RFC 3339 text at the edges: leap seconds, a space for the T, the first and last years, DST gaps, far offsets. */
const edgeInstant = fc.constantFrom('2016-12-31T23:59:60Z', '2026-01-01 10:00:00Z', '0001-01-01T00:00:00Z', '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z', '1971-12-31T23:59:59Z', '2199-12-31T23:59:59+14:00', '2026-03-29T02:30:00+01:00', '2026-02-29T10:00:00Z',
  '2026-11-01T01:30:00-04:00', '2026-12-01t16:00:00.123456z')
const FORMATS: Record<string, fc.Arbitrary<string>> = {
  'date-time': fc.oneof({ weight: 9, arbitrary: instant }, { weight: 1, arbitrary: edgeInstant }),
  date: instant.map(s => s.slice(0, 10)),
  time: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`),
  email: fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,11}$/), fc.constantFrom('example.com', 'acme.io', 'b\u00fccher.de')).map(([local, domain]) => `${local.replace(/\.+$/, '')}@${domain}`),
  uuid: fc.uuid(),
  'time-zone': fc.constantFrom(...ZONES),
  'hh-mm': fc.oneof(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`), fc.constant('24:00')),
  'hh-mm-start': fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)
}

/** Text a person could type: mostly letters, sometimes any Unicode. */
function text (minLength: number, maxLength: number): fc.Arbitrary<string> {
  const max = Math.max(minLength, Math.min(maxLength, 40))
  return fc.oneof(
    { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z ,.?-]*$/).map(s => s.slice(0, max)).filter(s => s.length >= Math.max(1, minLength)) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: max }) }
  ).filter(s => s.length >= minLength && s.length <= maxLength)
}

/** An arbitrary of values valid for `schema` (as far as the schema alone says). */
export function fromSchema (schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]))
  if ('const' in schema) return fc.constant(schema.const)
  const choices = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined
  if (Array.isArray(choices)) return fc.oneof(...choices.map(c => fromSchema(c, depth + 1)))
  const type = Array.isArray(schema.type) ? schema.type : [schema.type]
  if (type.length > 1) return fc.oneof(...type.map(ty => fromSchema({ ...schema, type: ty }, depth + 1)))
  switch (type[0]) {
    case 'string': {
      const format = FORMATS[schema.format as string]
      if (format !== undefined) return format
      if (typeof schema.pattern === 'string') {
        const max = (schema.maxLength as number | undefined) ?? 200
        return fc.stringMatching(new RegExp(schema.pattern)).filter(s => s.length >= ((schema.minLength as number | undefined) ?? 0) && s.length <= max)
      }
      return text((schema.minLength as number | undefined) ?? 0, (schema.maxLength as number | undefined) ?? 200)
    }
    case 'integer': return fc.integer({ min: (schema.minimum as number | undefined) ?? -1000, max: (schema.maximum as number | undefined) ?? 100_000 })
    case 'number': return fc.double({ min: (schema.minimum as number | undefined) ?? -1000, max: (schema.maximum as number | undefined) ?? 100_000, noNaN: true, noDefaultInfinity: true })
    case 'boolean': return fc.boolean()
    case 'null': return fc.constant(null)
    case 'array': {
      const items = fromSchema((schema.items as Schema | undefined) ?? {}, depth + 1)
      const minLength = (schema.minItems as number | undefined) ?? 0
      const maxLength = Math.max(minLength, Math.min((schema.maxItems as number | undefined) ?? 4, depth > 2 ? minLength : 4))
      return schema.uniqueItems === true
        ? fc.uniqueArray(items, { minLength, maxLength, selector: v => JSON.stringify(v) })
        : fc.array(items, { minLength, maxLength })
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>
      const required = (schema.required ?? []) as string[]
      const model: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [name, child] of Object.entries(properties)) model[name] = fromSchema(child, depth + 1)
      return fc.record(model, { requiredKeys: required.filter(k => k in model) })
    }
    default: return fc.jsonValue({ maxDepth: 2 })
  }
}

const HOSTILE_STRINGS = [
  'a\u0000b', '\u0000', '\uD800', 'x\uDFFFy', '\uFEFFtitle', 'e\u0301\u0301\u0301', '\u202Eevil', '\u2028\u2029', '\u0085',
  '\uD83E\uDD16'.repeat(300), '\u0000'.repeat(50), ' ', '', '%00', '../../etc/passwd', '<script>alert(1)</script>',
  "'; drop table agendas; --", '$' + '{jndi:ldap://x}', '9'.repeat(400), '-0', 'NaN', '1e309'
]
const WRONG_TYPES: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.constant(1e308), fc.constant(-1),
  fc.string({ maxLength: 5 }), fc.constant([]), fc.constant({}), fc.array(fc.integer(), { maxLength: 3 })
)

/** Every path into `value` (objects and arrays), the root included. */
function paths (value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at)
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out))
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out)
  return out
}

function clone<T> (value: T): T {
  return value === undefined ? value : structuredClone(value)
}

function setAt (value: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next
  const root = clone(value) as Record<string | number, unknown>
  let node = root
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  node[path[path.length - 1]!] = next
  return root
}

function deleteAt (value: unknown, path: Path): unknown {
  if (path.length === 0) return undefined
  const root = clone(value) as Record<string | number, unknown>
  let node = root
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  const last = path[path.length - 1]!
  if (Array.isArray(node)) node.splice(Number(last), 1)
  else delete node[last]
  return root
}

const asText = (value: unknown): string => typeof value === 'string' ? value : ''

function getAt (value: unknown, path: Path): unknown {
  let node = value as Record<string | number, unknown> | undefined
  for (const key of path) node = node?.[key] as Record<string | number, unknown> | undefined
  return node
}

export type Mutation = 'none' | 'drop' | 'unknown-field' | 'wrong-type' | 'huge-string' | 'nul' | 'odd-unicode' | 'whole-body'

/** A value from `valid`, left as is or mutated the way a hostile or careless client would. */
export function mutated (valid: fc.Arbitrary<unknown>): fc.Arbitrary<{ mutation: Mutation, value: unknown }> {
  return valid.chain(value => {
    const all = paths(value)
    const pick = fc.nat({ max: all.length - 1 }).map(i => all[i]!)
    const strings = all.filter(p => typeof getAt(value, p) === 'string')
    const pickString = strings.length === 0 ? pick : fc.nat({ max: strings.length - 1 }).map(i => strings[i]!)
    const inside = all.filter(p => p.length > 0)
    const pickInside = inside.length === 0 ? pick : fc.nat({ max: inside.length - 1 }).map(i => inside[i]!)
    const objects = all.filter(p => { const v = getAt(value, p); return v !== null && typeof v === 'object' && !Array.isArray(v) })
    const pickObject = objects.length === 0 ? pick : fc.nat({ max: objects.length - 1 }).map(i => objects[i]!)
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant({ mutation: 'none' as const, value }) },
      { weight: 2, arbitrary: pickInside.map(p => ({ mutation: 'drop' as const, value: deleteAt(value, p) })) },
      { weight: 2, arbitrary: fc.tuple(pickObject, fc.constantFrom('unknownField', '__proto__', 'constructor', 'x'.repeat(300))).map(([p, k]) => ({ mutation: 'unknown-field' as const, value: setAt(value, [...p, k], 1) })) },
      { weight: 3, arbitrary: fc.tuple(pick, WRONG_TYPES).map(([p, w]) => ({ mutation: 'wrong-type' as const, value: setAt(value, p, w) })) },
      { weight: 1, arbitrary: fc.tuple(pickString, fc.constantFrom(1001, 20_001, 200_000)).map(([p, n]) => ({ mutation: 'huge-string' as const, value: setAt(value, p, 'x'.repeat(n)) })) },
      { weight: 1, arbitrary: pickString.map(p => ({ mutation: 'nul' as const, value: setAt(value, p, `${asText(getAt(value, p))}\u0000`) })) },
      { weight: 2, arbitrary: fc.tuple(pickString, fc.constantFrom(...HOSTILE_STRINGS)).map(([p, s]) => ({ mutation: 'odd-unicode' as const, value: setAt(value, p, s) })) },
      { weight: 1, arbitrary: fc.constantFrom(null, [], 'text', 42, [value]).map(v => ({ mutation: 'whole-body' as const, value: v })) }
    )
  })
}
