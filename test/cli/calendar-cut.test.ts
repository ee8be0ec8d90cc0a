// What `evaluate` prints for an .ics file cut into several requests (series across a cut, VTIMEZONEs, CRLF and folds,
// problems in later requests, a cut made by participants), pinned as one table, one JSON document and one gate.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { main } from '../../src/cli/main.js'
import { HEADER, row, Tally, type Result } from '../../src/cli/format.js'
import { build, tenant } from '../helper.js'

const people = (n: number) => Array.from({ length: n }, (_, i) => `ATTENDEE;CN=Person ${i}:mailto:p${i}@example.com`)
const vevent = (uid: string, ...lines: string[]) => ['BEGIN:VEVENT', `UID:${uid}`, ...lines, 'END:VEVENT']
const timed = ['DTSTART:20261201T100000Z', 'DURATION:PT30M']

const OFFICE_TIME = ['BEGIN:VTIMEZONE', 'TZID:Office Time',
  'BEGIN:STANDARD', 'DTSTART:19701025T030000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'END:STANDARD',
  'BEGIN:DAYLIGHT', 'DTSTART:19700329T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'END:DAYLIGHT', 'END:VTIMEZONE']

const EVENTS = 2300
/** The events with 100 participants each (but two with a folded title): the second request is cut by participants. */
const CROWDED = { from: 1000, to: 1200 }

interface Fixture { octets: Buffer, titles: Array<string | undefined>, late: number }

/** The events in file order; `titles[i]` is the title the table shows for event i ('-' for one that cannot be read). */
function fixture (): Fixture {
  const lines: string[][] = []
  const titles: Array<string | undefined> = []
  // A changed occurrence before its series: the series (event 1500) goes with it, into the first request.
  lines.push(vevent('late@x', 'SUMMARY:Late moved', 'RECURRENCE-ID:20261208T100000Z', 'DTSTART:20261209T100000Z', 'DURATION:PT30M', ...people(2)))
  for (let i = 0; i < EVENTS; i++) {
    const uid = `e${i}@x`
    let title: string | undefined = `Meeting ${i}`
    let event: string[]
    if (i === 998) {
      title = 'Weekly sync'
      event = [...vevent('span@x', 'SUMMARY:Weekly sync', ...timed, 'RRULE:FREQ=WEEKLY;COUNT=10', ...people(3)),
        ...vevent('span@x', 'SUMMARY:Weekly sync moved', 'RECURRENCE-ID:20261208T100000Z', 'DTSTART:20261209T100000Z', 'DURATION:PT30M', ...people(3))]
    } else if (i === 999) {
      title = 'Orphan change'
      event = vevent('orphan@x', 'SUMMARY:Orphan change', 'RECURRENCE-ID:20261208T100000Z', ...timed, ...people(2))
    } else if (i === 1500) {
      title = 'Late series'
      event = vevent('late@x', 'SUMMARY:Late series', ...timed, 'RRULE:FREQ=WEEKLY;COUNT=4', ...people(2))
    } else if (i === 1250 || i === EVENTS - 1) {
      title = undefined
      event = vevent(uid, `SUMMARY:Meeting ${i}`, 'DURATION:PT30M', ...people(2))
    } else if (i === 1300) {
      title = undefined
      event = vevent(uid, `SUMMARY:Meeting ${i}`, 'DTSTART;TZID=Nowhere Time:20261201T100000', 'DURATION:PT30M', ...people(2))
    } else if (i === 1350) {
      title = undefined
      event = vevent(uid, `SUMMARY:Meeting ${i}`, ...timed, 'THIS LINE HAS NO COLON', ...people(2))
    } else if (i === 1400) {
      event = vevent(uid, `SUMMARY:Meeting ${i}`, 'DTSTART;TZID=Office Time:20261201T100000', 'DURATION:PT30M', ...people(2))
    } else if (i === 1450) {
      event = vevent(uid, `SUMMARY:Meeting ${i}`, 'DTSTART:20261201T100000', 'DURATION:PT30M', ...people(2))
    } else if (i === 1600) {
      title = 'Café planning'
      event = vevent(uid, 'SUMMARY:Caf\u00c3\r\n \u00a9 planning', ...timed, ...people(2))
    } else if (i % 97 === 0) {
      // A long title folded at 75 octets, as RFC 5545 writers do.
      title = `Meeting ${i}: review the quarterly numbers with finance and agree on the next steps`
      const line = `SUMMARY:${title}`
      event = vevent(uid, `${line.slice(0, 75)}\r\n ${line.slice(75)}`, ...timed, ...people(2))
    } else {
      event = vevent(uid, `SUMMARY:Meeting ${i}`, ...timed, ...people(i >= CROWDED.from && i < CROWDED.to ? 100 : 2))
    }
    lines.push(event)
    titles.push(title)
  }
  // The series' second changed occurrence, at the very end of the file.
  lines.push(vevent('span@x', 'SUMMARY:Weekly sync moved again', 'RECURRENCE-ID:20261215T100000Z', 'DTSTART:20261216T100000Z', 'DURATION:PT30M', ...people(3)))
  const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'X-WR-TIMEZONE:America/New_York', ...OFFICE_TIME, ...lines.flat(), 'END:VCALENDAR', ''].join('\r\n')
  return { octets: Buffer.from(text, 'latin1'), titles, late: 1500 }
}

const AS_OF = '2026-11-25T10:00:00Z'
const assumes = (value: Result | undefined, note: string): boolean => (value as { assumptions?: string[] } | undefined)?.assumptions?.includes(note) === true

t.test('a cut .ics file prints the table, JSON, progress and gate that one request for the whole file would give', async t => {
  const app = await build(t, { MAX_EVENT_LOOP_DELAY: '0' })
  const { key } = await tenant(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  const { octets, titles } = fixture()
  const file = join(t.testdir(), 'export.ics')
  await writeFile(file, octets)
  const cli = async (...argv: string[]) => {
    let stdout = ''
    let stderr = ''
    const code = await main(['evaluate', file, '--url', url, '--key', key, '--as-of', AS_OF, ...argv],
      { stdout: { write: s => { stdout += s } }, stderr: { write: s => { stderr += s } }, env: {} })
    return { code, stdout, stderr }
  }
  // The second request ends where 20,000 participants do, the third at 1000 events; the last holds one event.
  const PROGRESS = ['answered 1000 of 2300 events (request 1 of 4)', 'answered 1299 of 2300 events (request 2 of 4)',
    'answered 2299 of 2300 events (request 3 of 4)', 'answered 2300 of 2300 events (request 4 of 4)'].map(l => `${l}\n`).join('')

  const json = await cli('--json', '--no-store')
  t.same({ code: json.code, stderr: json.stderr }, { code: 0, stderr: PROGRESS })
  const { results } = JSON.parse(json.stdout) as { results: Result[] }
  t.equal(json.stdout, `${JSON.stringify({ results }, null, 2)}\n`)
  t.same(results.map(r => r.index), Array.from({ length: EVENTS }, (_, i) => i))
  t.ok(assumes(results[998], 'recurrence: 2 changed occurrences (RECURRENCE-ID) skipped; the series is evaluated as planned'), 'the series went with both its changes')
  t.ok(assumes(results[1500], 'recurrence: 1 changed occurrence (RECURRENCE-ID) skipped; the series is evaluated as planned'), 'so did the late one')
  t.ok(assumes(results[1400], 'time zone: "Office Time" is not a known zone name; the offsets of its VTIMEZONE were used'), 'the VTIMEZONE went with the later requests')
  t.ok(assumes(results[1450], 'DTSTART is a floating time (no zone): read in America/New_York, the calendar\'s X-WR-TIMEZONE'), 'so did X-WR-TIMEZONE')
  // Problems are named by their VEVENT in the whole file: the changed occurrences before them count.
  t.match(results[1250], { status: 400, detail: 'VEVENT 1253 (UID e1250@x): The event has no DTSTART: a meeting needs a start.' })
  t.match(results[1300], { status: 400, detail: /^VEVENT 1303 \(UID e1300@x\): Unknown time zone "Nowhere Time" in the TZID of DTSTART/ })
  t.match(results[1350], { status: 400, detail: /^VEVENT 1353 \(UID e1350@x\): The iCalendar text is malformed: the line "THIS LINE HAS NO COLON"/ })
  t.match(results[EVENTS - 1], { status: 400, detail: `VEVENT ${EVENTS + 2} (UID e${EVENTS - 1}@x): The event has no DTSTART: a meeting needs a start.` },
    'alone in the last request, the event is still named as the file names it')
  t.equal(results.filter(r => r.verdict === undefined).length, 4)

  const table = await cli()
  t.same({ code: table.code, stderr: table.stderr }, { code: 0, stderr: PROGRESS })
  const tally = new Tally()
  for (const r of results) tally.add(r)
  t.equal(table.stdout, HEADER + results.map((r, i) => row(r, titles[i])).join('') + tally.line(), 'one row each, in file order, titled as the file titles it')

  const gate = await cli('--fail-on', 'go_async', '--no-store')
  t.same(gate, { code: 1, stdout: table.stdout, stderr: `${PROGRESS}meeting-evaluator: ${tally.atOrWorse('go_async')} of ${EVENTS} meetings are go_async or worse, or were not evaluated (--fail-on go_async)\n` })
})

const plainFile = (count: number, ...extra: string[][]) => Buffer.from(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN',
  ...Array.from({ length: count }, (_, i) => vevent(`e${i}@x`, `SUMMARY:Meeting ${i}`, ...timed, ...people(2))).flat(), ...extra.flat(), 'END:VCALENDAR', ''].join('\r\n'))

t.test('an event of a cut file that alone is more than one request takes is refused before anything is sent', async t => {
  const file = join(t.testdir(), 'huge.ics')
  await writeFile(file, plainFile(1500, vevent('huge@x', 'SUMMARY:All hands', ...timed, ...people(20_001))))
  let stderr = ''
  // Nothing listens at port 9: a request would be a connection error.
  const code = await main(['evaluate', file, '--url', 'http://127.0.0.1:9', '--key', 'k'], { stdout: { write: () => {} }, stderr: { write: s => { stderr += s } }, env: {} })
  t.same({ code, stderr }, {
    code: 2,
    stderr: `meeting-evaluator: ${file}: the event at index 1500 (UID huge@x) is more than the service takes in one request: ` +
    '1 events, 1 VEVENTs and 20001 participants (at most 1000, 10000 and 20000)\n'
  })
})

t.test('a large file whose calendar properties cannot be read goes whole, for the service to say why', async t => {
  const app = await build(t, { MAX_EVENT_LOOP_DELAY: '0' })
  const { key } = await tenant(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  const file = join(t.testdir(), 'broken.ics')
  await writeFile(file, plainFile(1500, ['NOT A CONTENT LINE']))
  let stderr = ''
  const code = await main(['evaluate', file, '--url', url, '--key', key], { stdout: { write: () => {} }, stderr: { write: s => { stderr += s } }, env: {} })
  t.equal(code, 2)
  t.equal(stderr, `meeting-evaluator: the service at ${url}/v1/evaluations/batch answered 413 Payload Too Large: The batch holds 1500 events; ` +
    'at most 1000 are accepted in one request. Send any number of meetings as NDJSON (Content-Type: application/x-ndjson, one proposal per line) instead.\n')
  t.notMatch(stderr, /request 1 of/, 'one request, no progress')
})
