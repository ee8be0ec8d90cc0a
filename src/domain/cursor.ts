// Opaque list cursors: base64url of the tag of the list that issued them and the position its next page starts after.

/** Each keyset-paginated list; a cursor is taken back only by the list that issued it. */
export type CursorList = 'agendas' | 'evaluations' | 'people'

/** The text each list's cursors start with (people's kept the 'p1:' its cursors always had). */
export const CURSOR_TAGS: Readonly<Record<CursorList, string>> = { agendas: 'a1:', evaluations: 'e1:', people: 'p1:' }

export function encodeCursor (list: CursorList, text: string): string {
  return Buffer.from(CURSOR_TAGS[list] + text).toString('base64url')
}

/** The text a cursor of `list` carries, or undefined when it is not exactly what encodeCursor(list, ...) produces: another
 * list's cursor, an empty position, or anything tampered with. */
export function decodeCursor (list: CursorList, cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const tag = CURSOR_TAGS[list]
  if (!text.startsWith(tag) || text.length === tag.length) return undefined
  const carried = text.slice(tag.length)
  return encodeCursor(list, carried) === cursor ? carried : undefined
}

/** The (createdAt, id) of the last item of a page, as the agendas and evaluations lists order them. */
export interface Position { createdAt: Date, id: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export function encodePosition (list: CursorList, position: Position): string {
  return encodeCursor(list, JSON.stringify([position.createdAt.toISOString(), position.id]))
}

/** The position a cursor of `list` names, or undefined when it is not exactly what encodePosition(list, ...) produces
 * (the same text, a lowercase uuid, an instant in the years 0001-9999 that every part of the service and PostgreSQL
 * can hold). */
export function decodePosition (list: CursorList, cursor: string): Position | undefined {
  const text = decodeCursor(list, cursor)
  if (text === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
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
  return encodePosition(list, position) === cursor ? position : undefined
}
