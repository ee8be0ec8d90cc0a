// Opaque keyset cursors: base64url of a timestamp and an id; a malformed one is a 400 naming `cursor`.
import { InvalidFields } from '../errors.js'

export interface CursorPosition { at: Date, id: string }

export function encodeCursor (position: CursorPosition): string {
  return Buffer.from(`${position.at.toISOString()}|${position.id}`).toString('base64url')
}

export function decodeCursor (cursor: string): CursorPosition {
  const [at, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const date = new Date(at ?? '')
  if (extra !== undefined || id === undefined || Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new InvalidFields([{ path: '/cursor', message: 'is not a cursor this API issued', in: 'querystring' } as { path: string, message: string }])
  }
  return { at: date, id }
}
