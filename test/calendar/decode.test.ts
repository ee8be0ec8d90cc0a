// calendarText: UTF-8 sequences split by a fold are restored (RFC 5545 3.1), other charsets decoded as named.
import t from 'tap'
import { calendarText, charsetOf, UnknownCharsetError } from '../../src/calendar/decode.js'

/** `text` as UTF-8 octets with a fold (CRLF and a space) inserted after octet `at`. */
function foldedAt (text: string, at: number, fold = '\r\n '): Buffer {
  const octets = Buffer.from(text, 'utf8')
  return Buffer.concat([octets.subarray(0, at), Buffer.from(fold, 'latin1'), octets.subarray(at)])
}

t.test('a fold inside a UTF-8 sequence is removed before decoding', async t => {
  const line = 'SUMMARY:Café ☕ planning 🗓️'
  const octets = Buffer.byteLength(line)
  for (let at = 1; at < octets; at++) {
    for (const fold of ['\r\n ', '\r\n\t', '\n ']) {
      const text = calendarText(foldedAt(line, at, fold))
      t.equal(text.replace(/\r?\n[ \t]/g, ''), line, `fold after octet ${at} (${JSON.stringify(fold)})`)
      t.notOk(text.includes('\uFFFD'))
    }
  }
})

t.test('in a file whose lines end in a lone CR, a fold (CR and a space) inside a UTF-8 sequence is removed too', async t => {
  const text = 'BEGIN:VCALENDAR\rSUMMARY:Caf\u00e9\rEND:VCALENDAR\r'
  const at = Buffer.from(text, 'utf8').indexOf(0xc3) + 1
  const octets = Buffer.from(text, 'utf8')
  const folded = Buffer.concat([octets.subarray(0, at), Buffer.from('\r ', 'latin1'), octets.subarray(at)])
  t.equal(calendarText(folded), text.replaceAll('\r', '\n'))
})

t.test('well-formed UTF-8 is returned as it came, folds and all; a lone bad octet stays a replacement character', async t => {
  const folded = 'DESCRIPTION:Ünïcödé\r\n  folded\r\n'
  t.equal(calendarText(Buffer.from(folded, 'utf8')), folded)
  t.equal(calendarText(Buffer.from([0x41, 0xff, 0x42])), 'A\uFFFDB')
})

t.test('a named charset is decoded as named; UTF-8 names are UTF-8; an unknown one is refused', async t => {
  t.equal(calendarText(Buffer.from([0x43, 0x61, 0x66, 0xe9]), 'ISO-8859-1'), 'Café')
  t.equal(calendarText(Buffer.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x80, 0x35, 0x20, 0x96, 0x20, 0x81]), 'ISO-8859-1'), '“Café” €5 – \x81',
    'ISO-8859-1 is windows-1252 (WHATWG): curly quotes, euro and dash; an unassigned octet stays itself')
  t.equal(calendarText(Buffer.from('Café', 'utf8'), 'UTF-8'), 'Café')
  t.equal(calendarText(Buffer.from('Cafe', 'utf8'), 'us-ascii'), 'Cafe')
  t.throws(() => calendarText(Buffer.from('x'), 'klingon'), new UnknownCharsetError('charset "klingon" is not one this service decodes: send UTF-8.'))
})

t.test('charsetOf reads the parameter, quoted or not', async t => {
  t.equal(charsetOf('text/calendar; charset=utf-8'), 'utf-8')
  t.equal(charsetOf('text/calendar;method=REQUEST; CHARSET="ISO-8859-1"'), 'ISO-8859-1')
  t.equal(charsetOf('text/calendar'), undefined)
  t.equal(charsetOf('text/calendar; charset='), undefined)
  t.equal(charsetOf(undefined), undefined)
})
