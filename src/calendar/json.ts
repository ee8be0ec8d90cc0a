// Small readers for JSON calendar resources (Google, Microsoft Graph) that carry many fields of unknown shape.
import { CalendarInputError } from './errors.js'

export type Json = Record<string, unknown>

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The value at `key` when it is an object; CalendarInputError naming `path` when present but not one. */
export function object (value: Json, key: string, path: string): Json | undefined {
  const found = value[key]
  if (found === undefined || found === null) return undefined
  if (!isObject(found)) throw new CalendarInputError(`${path} must be an object.`, path)
  return found
}

/** The value at `key` when it is a string; CalendarInputError naming `path` when present but not one. */
export function string (value: Json, key: string, path: string): string | undefined {
  const found = value[key]
  if (found === undefined || found === null) return undefined
  if (typeof found !== 'string') throw new CalendarInputError(`${path} must be a string.`, path)
  return found
}

/** The objects of the array at `key` (other entries skipped); CalendarInputError when present but not an array. */
export function objects (value: Json, key: string, path: string): Json[] {
  const found = value[key]
  if (found === undefined || found === null) return []
  if (!Array.isArray(found)) throw new CalendarInputError(`${path} must be an array.`, path)
  return found.filter(isObject)
}

/** An enumerated value ("resource", "declined") in lower case, undefined when not a string: the APIs send lower camel
 * case, but some tools export them capitalised ("Resource", "Declined"). */
export const enumValue = (value: unknown): string | undefined => typeof value === 'string' ? value.trim().toLowerCase() : undefined

export function root (event: unknown, kind: string): Json {
  if (!isObject(event)) throw new CalendarInputError(`The body must be a ${kind} event resource (a JSON object).`, '/')
  return event
}
