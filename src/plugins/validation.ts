// Ajv validator compiler: bodies are validated strictly (no coercion, unknown fields rejected by the schemas),
// query strings, params and headers are coerced from strings as HTTP requires.
import { Ajv, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'
import { canonicalZone } from '../domain/time/zones.js'
import { isInstant } from '../domain/time/instant.js'

export { isInstant }

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

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
