// A text/calendar body as text. RFC 5545 3.1 warns that simple writers fold lines in the middle of a UTF-8 sequence
// and asks readers to unfold so as to restore it: decoding first turned each half into U+FFFD ("Caf\uFFFD\uFFFD").
// Folds are removed from the octets when (and only when) decoding met a broken sequence. A charset other than UTF-8
// in the content type (RFC 5545 8.1 allows one) is decoded as named.
import { TextDecoder } from 'node:util'

const FOLD = /\r?\n[ \t]/g

/** Content lines joined again (RFC 5545 3.1): every line break followed by a space or tab is removed. */
export const unfold = (text: string): string => text.replace(FOLD, '')

/** The text of a file whose lines end in a lone CR (classic Mac OS) with LF line ends; a file with any LF is left as
 * it is. RFC 5545 escapes a line break inside a value (\\n), so a raw CR can only end a line when no line ends in
 * LF; in a CRLF file a lone CR is a careless writer's character inside a value ("line 1\r\\nline 2", from escaping
 * only the LF of a CRLF), which ical.js keeps in the value. */
export const withLineFeeds = (text: string): string => text.includes('\n') ? text : text.replaceAll('\r', '\n')
const UTF8 = /^(?:utf-?8|us-ascii)$/i

/** WHATWG's windows-1252 for 0x80-0x9F (the label ISO-8859-1 means it too). Node 20's decoder returns C1 controls
 * there instead ("\u0093" for a curly quote); later Node versions decode them, and this leaves their answer alone. */
const WINDOWS_1252 = [...'€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ']

export class UnknownCharsetError extends Error {}

export function calendarText (body: Buffer, charset?: string): string {
  if (charset !== undefined && !UTF8.test(charset)) {
    let decoder: TextDecoder
    try {
      decoder = new TextDecoder(charset)
    } catch {
      throw new UnknownCharsetError(`charset ${JSON.stringify(charset.slice(0, 40))} is not one this service decodes: send UTF-8.`)
    }
    const text = decoder.decode(body)
    return decoder.encoding === 'windows-1252' ? text.replace(/[\x80-\x9f]/g, c => WINDOWS_1252[c.charCodeAt(0) - 0x80] ?? c) : text
  }
  const text = body.toString('utf8')
  if (!text.includes('\uFFFD')) return text
  return Buffer.from(unfold(withLineFeeds(body.toString('latin1'))), 'latin1').toString('utf8')
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetOf (contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '')
  const value = match?.[1] ?? match?.[2]
  return value === undefined || value === '' ? undefined : value
}
