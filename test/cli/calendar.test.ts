// An .ics file beyond one request's limits: cut into calendars that each keep the file's VTIMEZONEs, calendar properties
// and octets, a series with its changed occurrences, and answered as one request for the whole file would be.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { sql } from 'drizzle-orm'
import { calendarText } from '../../src/calendar/decode.js'
import { CalendarInputError, parseICalendarEach } from '../../src/calendar/index.js'
import { calendarParts, relabel } from '../../src/cli/calendar.js'
import { UsageError } from '../../src/cli/evaluate.js'
import { main } from '../../src/cli/main.js'
import { rows } from '../../src/db/client.js'
import { build, tenant } from '../helper.js'

const people = (n: number) => Array.from({ length: n }, (_, i) => `ATTENDEE:mailto:p${i}@example.com`)
const vevent = (uid: string, ...lines: string[]) => ['BEGIN:VEVENT', `UID:${uid}`, ...lines, 'END:VEVENT']
const plain = (i: number, ...lines: string[]) => vevent(`e${i}@x`, `SUMMARY:Meeting ${i}`, 'DTSTART:20261201T100000Z', 'DURATION:PT30M', ...people(2), ...lines)

const OFFICE_TIME = ['BEGIN:VTIMEZONE', 'TZID:Office Time',
  'BEGIN:STANDARD', 'DTSTART:19701025T030000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'END:STANDARD',
  'BEGIN:DAYLIGHT', 'DTSTART:19700329T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'END:DAYLIGHT', 'END:VTIMEZONE']

/** A calendar as octets: `lines` are latin1 text, one character per octet, so a test can place any octet. */
const calendar = (...lines: string[][]): Buffer =>
  Buffer.from(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'X-WR-TIMEZONE:America/New_York', ...lines.flat(), 'END:VCALENDAR', ''].join('\r\n'), 'latin1')

/** 2001 events: a series with one changed occurrence beside it and one at the very end, an event in a zone only the
 * file's VTIMEZONE defines, a floating one (X-WR-TIMEZONE), a title folded inside "é", and two without DTSTART. */
function bigCalendar (): Buffer {
  const events = Array.from({ length: 2001 }, (_, i) => {
    if (i === 999) {
      return [...plain(i, 'RRULE:FREQ=WEEKLY;COUNT=10'),
        ...vevent('e999@x', 'SUMMARY:Moved', 'RECURRENCE-ID:20261208T100000Z', 'DTSTART:20261209T100000Z', 'DURATION:PT30M', ...people(2))]
    }
    if (i === 1500 || i === 2000) return vevent(`e${i}@x`, `SUMMARY:Meeting ${i}`, 'DURATION:PT30M', ...people(2))
    if (i === 1600) return vevent('e1600@x', 'SUMMARY:Caf\u00c3\r\n \u00a9 planning', 'DTSTART:20261201T100000Z', 'DURATION:PT30M', ...people(2))
    if (i === 1700) return vevent('e1700@x', 'SUMMARY:Office hours', 'DTSTART;TZID=Office Time:20261201T100000', 'DURATION:PT30M', ...people(2))
    if (i === 1800) return vevent('e1800@x', 'SUMMARY:Floating', 'DTSTART:20261201T100000', 'DURATION:PT30M', ...people(2))
    return plain(i)
  })
  const lastChange = vevent('e999@x', 'SUMMARY:Moved again', 'RECURRENCE-ID:20261215T100000Z', 'DTSTART:20261216T100000Z', 'DURATION:PT30M', ...people(2))
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), calendar(OFFICE_TIME, ...events, lastChange)])
}

const SERIES = 'recurrence: 2 changed occurrences (RECURRENCE-ID) skipped; the series is evaluated as planned'
const assumes = (value: unknown, note: string): boolean => (value as { assumptions?: string[] } | undefined)?.assumptions?.includes(note) === true
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)
const read = (octets: Buffer) => parseICalendarEach(calendarText(octets))

t.test('a calendar one request takes is one part: the file\'s octets as they are', async t => {
  const octets = calendar(plain(0), plain(1))
  const parts = calendarParts('two.ics', octets, read(octets))
  t.equal(parts.length, 1)
  t.equal(parts[0]!.body(), octets)
  t.same(parts[0]!.indexes, [0, 1])
})

t.test('beyond 1000 events: calendars of at most 1000, each read by the service as the whole file reads its events', async t => {
  const octets = bigCalendar()
  const whole = read(octets)
  t.equal(whole.length, 2001)
  const parts = calendarParts('big.ics', octets, whole)
  // The series at index 999 goes with both its changed occurrences, one of them at the end of the file.
  t.same(parts.map(p => p.indexes), [range(0, 1000), range(1000, 2000), [2000]])
  // Each event as read from its part (a problem by its detail, labelled as the whole file labels it), in file order.
  const rebuilt: unknown[] = []
  for (const { body, indexes, vevents } of parts) {
    const octetsOf = body()
    t.ok(octetsOf.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'the byte order mark stays in front')
    const events = read(octetsOf)
    t.equal(events.length, indexes!.length)
    events.forEach((event, local) => {
      const index = indexes![local]!
      const expected = whole[index]
      rebuilt[index] = event instanceof CalendarInputError
        ? relabel(event.message, vevents!, events.length, expected instanceof CalendarInputError ? expected.message : undefined)
        : event
    })
  }
  t.same(rebuilt, whole.map(e => e instanceof CalendarInputError ? e.message : e))
  t.ok(assumes(whole[999], SERIES), 'the series counts its changed occurrences')
  t.match(whole[1600], { proposal: { title: 'Café planning' } })
  t.match(whole[1700], { proposal: { start: '2026-12-01T09:00:00Z' } }, 'Office Time is read from the VTIMEZONE')
  t.ok(parts[1]!.body().includes(Buffer.from('SUMMARY:Caf\xc3\r\n \xa9 planning', 'latin1')), 'the fold inside "é" is sent as it was')
})

t.test('beyond 20,000 participants: calendars of at most 20,000', async t => {
  const octets = calendar(...Array.from({ length: 200 }, (_, i) => plain(i, ...people(150))))
  const parts = calendarParts('crowded.ics', octets, read(octets))
  t.same(parts.map(p => p.indexes), [range(0, 133), range(133, 200)], '150 participants each: 133 fit in one request')
})

t.test('an event that alone is more than one request takes is refused before anything is sent', async t => {
  const octets = calendar(plain(0), plain(1, ...people(20_001)))
  t.throws(() => calendarParts('huge.ics', octets, read(octets)), new UsageError('huge.ics: the event at index 1 (UID e1@x) is more than the service takes in one request: ' +
    '1 events, 1 VEVENTs and 20001 participants (at most 1000, 10000 and 20000)'))
})

t.test('relabel names a problem by its place in the whole file', async t => {
  // The request holds the file's VEVENTs 1500, 1503 and 1504 (0-based): its second is the file's 1504th.
  t.equal(relabel('VEVENT 2 (UID b@x): The event has no DTSTART.', [1500, 1503, 1504], 3, undefined), 'VEVENT 1504 (UID b@x): The event has no DTSTART.')
  t.equal(relabel('VEVENT 2: The event has no DTSTART.', [1500, 1503, 1504], 3, undefined), 'VEVENT 1504: The event has no DTSTART.')
  t.equal(relabel('The proposal made from the event is invalid: /participants must have at least 1 item', [1500, 1503, 1504], 3, undefined),
    'The proposal made from the event is invalid: /participants must have at least 1 item', 'a problem without a label keeps its detail')
  t.equal(relabel('The event has no DTSTART.', [1000], 1, 'VEVENT 1001 (UID z): The event has no DTSTART.'), 'VEVENT 1001 (UID z): The event has no DTSTART.',
    'alone in its request, the event gets the label the file gives it')
})

t.test('meeting-evaluator evaluate sends a 2001-event .ics in several requests; results as one request would answer', async t => {
  const app = await build(t, { MAX_EVENT_LOOP_DELAY: '0' })
  const { key } = await tenant(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  const file = join(t.testdir(), 'big.ics')
  await writeFile(file, bigCalendar())
  const cli = async (...argv: string[]) => {
    let stdout = ''
    let stderr = ''
    const tty = argv.includes('--tty')
    const code = await main(['evaluate', file, '--url', url, '--key', key, ...argv.filter(a => a !== '--tty')],
      { stdout: { write: s => { stdout += s } }, stderr: { write: s => { stderr += s }, isTTY: tty }, env: {} })
    return { code, stdout, stderr }
  }
  const PROGRESS = ['answered 1000 of 2001 events (request 1 of 3)', 'answered 2000 of 2001 events (request 2 of 3)', 'answered 2001 of 2001 events (request 3 of 3)']

  const json = await cli('--json', '--no-store')
  t.same({ code: json.code, stderr: json.stderr }, { code: 0, stderr: PROGRESS.map(l => `${l}\n`).join('') }, 'a progress line after each request')
  const { results } = JSON.parse(json.stdout)
  t.same(results.map((r: { index: number }) => r.index), range(0, 2001))
  t.ok(assumes(results[999], SERIES), 'the series was evaluated with its changed occurrences skipped')
  // Labels count VEVENTs in the file, the changed occurrence after the series included.
  t.match(results[1500], { status: 400, detail: 'VEVENT 1502 (UID e1500@x): The event has no DTSTART: a meeting needs a start.' })
  t.ok(assumes(results[1700], 'time zone: "Office Time" is not a known zone name; the offsets of its VTIMEZONE were used'), 'the VTIMEZONE went with the later requests')
  t.ok(assumes(results[1800], 'DTSTART is a floating time (no zone): read in America/New_York, the calendar\'s X-WR-TIMEZONE'), 'so did X-WR-TIMEZONE')
  t.match(results[2000], { status: 400, detail: 'VEVENT 2002 (UID e2000@x): The event has no DTSTART: a meeting needs a start.' })

  const table = await cli('--tty')
  t.same({ code: table.code, stderr: table.stderr }, { code: 0, stderr: `${PROGRESS.map(l => `\r\x1b[2K${l}`).join('')}\n` }, 'on a terminal, one line rewritten in place')
  const lines = table.stdout.trimEnd().split('\n')
  t.same(lines.slice(1, -1).map(l => Number(l.slice(0, 6))), range(0, 2001), 'one row each, in file order')
  t.match(lines[1601], /^ {2}1600 {2}\w+ +\d+ {2}Café planning /)
  t.match(lines.at(-1), /^2001 meetings: \d+ meet, \d+ improve, \d+ go_async, 2 not evaluated$/)
  const [stored] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from evaluations`)
  t.equal(Number(stored!.n), 1999)
})
