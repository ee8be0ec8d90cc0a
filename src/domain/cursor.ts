// Opaque list cursors shared by every keyset-paginated list: base64url of the last item's (createdAt, id).

export interface Position { createdAt: Date, id: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export function encodeCursor (position: Position): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url')
}

/** The position a cursor names, or undefined when it is not exactly what encodeCursor produces (the same text, a
 * lowercase uuid, an instant in the years 0001-9999 that every part of the service and PostgreSQL can hold). */
export function decodeCursor (cursor: string): Position | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  if (!Array.isArray(value) || value.length !== 2) return undefined
  const [at, id] = value as unknown[]
  if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) return undefined
  const createdAt = new Date(at)
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== at) return undefined
  const year = createdAt.getUTCFullYear()
  if (year < 1 || year > 9999) return undefined
  const position = { createdAt, id }
  return encodeCursor(position) === cursor ? position : undefined
}
