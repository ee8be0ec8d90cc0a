// Ajv validator compiler: bodies are validated strictly (no coercion, unknown fields rejected by the schemas),
// query strings, params and headers are coerced from strings as HTTP requires.
import { Ajv, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'
import { canonicalZone } from '../domain/time/zones.js'
import { daysInMonth } from '../domain/time/local-days.js'

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/

/** RFC 3339 date-time as every part of the service reads it (Date.parse, luxon, PostgreSQL): "T" between date and
 * time (not a space), no leap second (no clock here has one), a real day of the month, years 0001-9999 as written and
 * in UTC (0001-01-01T00:00:00+14:00 is in year 0, which PostgreSQL has not; 9999-12-31T23:00:00-14:00 in 10000). */
export function isInstant (value: string): boolean {
  const m = DATE_TIME.exec(value)
  if (m === null) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (year < 1 || day < 1 || day > daysInMonth(year, month)) return false
  const utcYear = new Date(value).getUTCFullYear()
  return utcYear >= 1 && utcYear <= 9999
}

function makeAjv (options: Options): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, removeAdditional: false, ...options })
  addFormats(ajv, ['date', 'time', 'email', 'uuid', 'uri'])
  ajv.addFormat('date-time', { type: 'string', validate: isInstant })
  ajv.addFormat('time-zone', { type: 'string', validate: (value: string) => canonicalZone(value) !== undefined })
  ajv.addFormat('hh-mm', /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/)
  // A working day starts at a time of that day: 24:00 is an end only.
  ajv.addFormat('hh-mm-start', /^(?:[01]\d|2[0-3]):[0-5]\d$/)
  return ajv
}

export const bodyAjv = makeAjv({ coerceTypes: false, useDefaults: false })
const otherAjv = makeAjv({ coerceTypes: 'array', useDefaults: true })

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : otherAjv).compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>
