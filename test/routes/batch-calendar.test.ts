// POST /v1/evaluations/batch with text/calendar: a VEVENT that cannot be read, or whose RRULE the JSON path refuses, gets its own problem.
import t from 'tap'
import { build, tenant } from '../helper.js'

// The machine running the tests is shared: no load shedding (503) while a batch is scored.
const QUIET = { MAX_EVENT_LOOP_DELAY: '0' }
const URL = '/v1/evaluations/batch'
const ICS = { 'content-type': 'text/calendar' }

const event = (uid: string, ...lines: string[]) => ['BEGIN:VEVENT', `UID:${uid}`, `SUMMARY:Plan ${uid}`, 'DTSTART;TZID=Europe/Berlin:20261201T100000',
  'DURATION:PT30M', 'ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:ana@example.com', ...lines, 'END:VEVENT']
const calendar = (...events: string[][]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events.flat(), 'END:VCALENDAR', ''].join('\r\n')

t.test('a malformed line inside one VEVENT gives that VEVENT a problem naming it; the good events are evaluated, in input order', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const rows: Array<[string, string]> = [
    ['RRULE:FREQ=WEEKLY;BYDAY=XX', 'VEVENT 2 (UID b@x): RRULE is not a valid recurrence rule: invalid BYDAY value "XX".'],
    ['RRULE:FREQ=NEVER', 'VEVENT 2 (UID b@x): RRULE is not a valid recurrence rule: unknown FREQ "NEVER" (expected SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY).'],
    ['ATTENDEE;ROLE:mailto:x@example.com', 'VEVENT 2 (UID b@x): The iCalendar text is malformed: a parameter is not NAME=VALUE in the line "ATTENDEE;ROLE:mailto:x@example.com".'],
    ['ATTENDEE;CN="Ana:mailto:x@example.com', 'VEVENT 2 (UID b@x): The iCalendar text is malformed: a quoted parameter value is not closed in the line ";CN="Ana:mailto:x@example.com".'],
    ['a stray line', 'VEVENT 2 (UID b@x): The iCalendar text is malformed: the line "a stray line" is not a NAME:VALUE content line.']
  ]
  const single = (await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, ...ICS }, payload: calendar(event('a@x')) })).json()
  for (const [line, detail] of rows) {
    const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: { ...auth, ...ICS }, payload: calendar(event('a@x'), event('b@x', line), event('c@x')) })
    t.equal(res.statusCode, 200, line)
    const { results } = res.json()
    t.equal(results.length, 3, line)
    t.match(results[0], { index: 0, score: single.score, verdict: single.verdict, cost: single.cost, assumptions: single.assumptions }, `${line}: the good event is evaluated as on its own`)
    t.same(results[1], { index: 1, type: '/problems/bad-request', title: 'Bad Request', status: 400, detail }, line)
    t.match(results[2], { index: 2, verdict: String, summary: String }, line)
  }
})

t.test('a problem names the VEVENT by its position in the file, counting the changed occurrences of a series; index is the result\'s position', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const bad = event('third').map(line => line.startsWith('DTSTART') ? 'DTSTART:20261301T100000Z' : line)
  const payload = calendar(event('series', 'RRULE:FREQ=WEEKLY'), event('series', 'RECURRENCE-ID;TZID=Europe/Berlin:20261208T100000'),
    event('series', 'RECURRENCE-ID;TZID=Europe/Berlin:20261215T100000'), bad)
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: { ...auth, ...ICS }, payload })
  t.equal(res.statusCode, 200)
  const { results } = res.json()
  t.equal(results.length, 2)
  t.match(results[0], { index: 0, verdict: String })
  t.same(results[1], { index: 1, type: '/problems/bad-request', title: 'Bad Request', status: 400, detail: 'VEVENT 4 (UID third): DTSTART is not a valid date or date-time: "20261301T100000Z".' })
})

t.test('an event whose only attendee is a room gets a problem naming the VEVENT and the room, not the proposal\'s /participants', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const room = event('b@x').map(line => line.startsWith('ATTENDEE') ? 'ATTENDEE;CUTYPE=ROOM:mailto:rhine@contoso.com' : line)
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: { ...auth, ...ICS }, payload: calendar(event('a@x'), room) })
  t.equal(res.statusCode, 200)
  const { results } = res.json()
  t.match(results[0], { index: 0, verdict: String })
  t.same(results[1], {
    index: 1,
    type: '/problems/bad-request',
    title: 'Bad Request',
    status: 400,
    detail: 'VEVENT 2 (UID b@x): The event has no attendee who is a person, so there is no one to evaluate the meeting for: "rhine@contoso.com" (a room, not a person) is left out. ' +
      'To evaluate it, add each person invited as an ATTENDEE with a mailto: address (ATTENDEE;CN=Ana:mailto:ana@example.com).'
  })
})

t.test('a malformed line outside the VEVENTs still fails the whole request', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const text = calendar(event('a@x'), ['X-BROKEN;NOVALUE:1'], event('b@x', 'a stray line'))
  const res = await app.inject({ method: 'POST', url: URL, headers: { ...auth, ...ICS }, payload: text })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { status: 400, detail: 'The iCalendar text is malformed: a parameter is not NAME=VALUE in the line "X-BROKEN;NOVALUE:1".' })
})

t.test('an RRULE the JSON path refuses (COUNT=0, INTERVAL=0) is that event\'s problem, as the JSON batch answers it', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const payload = calendar(event('a@x', 'RRULE:FREQ=DAILY;COUNT=0'), event('b@x', 'RRULE:FREQ=DAILY;COUNT=3'), event('c@x', 'RRULE:FREQ=DAILY;INTERVAL=0'))
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: { ...auth, ...ICS }, payload })
  t.equal(res.statusCode, 200)
  const { results } = res.json()
  t.match(results[0], { index: 0, status: 400, detail: 'VEVENT 1 (UID a@x): RRULE is not a valid recurrence rule: COUNT must be a positive integer, got "0".' })
  t.match(results[1], { index: 1, verdict: String, cost: { annualPersonHours: 1.5 } })
  t.match(results[2], { index: 2, status: 400, detail: 'VEVENT 3 (UID c@x): RRULE is not a valid recurrence rule: INTERVAL must be a positive integer, got "0".' })
  const proposal = { title: 'Plan', start: '2026-12-01T09:00:00Z', durationMinutes: 30, participants: [{ email: 'ana@example.com' }], recurrence: 'FREQ=DAILY;COUNT=0' }
  const json = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: auth, payload: { meetings: [proposal] } })
  t.match(json.json().results[0], { status: 400, errors: [{ path: '/recurrence', message: 'Invalid RRULE: COUNT must be a positive integer, got "0"' }] }, 'the JSON path refuses it for the same reason')
})

t.test('1000 events of which 500 are malformed: 500 results and 500 problems, in input order', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const bad = ['a stray line', 'ATTENDEE;ROLE:mailto:x@example.com', 'RRULE:FREQ=WEEKLY;BYDAY=XX', 'ATTENDEE;CN="open:mailto:x@example.com']
  const events = Array.from({ length: 1000 }, (_, i) => event(`e${i}@x`, ...(i % 2 === 1 ? [bad[(i >> 1) % bad.length]!] : [])))
  const started = performance.now()
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: { ...auth, ...ICS }, payload: calendar(...events) })
  t.comment(`1000 events, 500 malformed: ${Math.round(performance.now() - started)} ms`)
  t.equal(res.statusCode, 200)
  const { results } = res.json()
  t.same(results.map((r: { index: number, status?: number }) => r.status ?? r.index % 2), results.map((_: unknown, i: number) => i % 2 === 1 ? 400 : 0))
  t.match(results[999], { index: 999, detail: /^VEVENT 1000 \(UID e999@x\): / })
})

/** A zone as Outlook writes it, rules from 1601 (the Windows epoch), `hours` east of UTC in winter, one more in summer. */
const outlookZone = (tzid: string, hours: number) => {
  const offset = (h: number) => `${h < 0 ? '-' : '+'}${String(Math.abs(h)).padStart(2, '0')}00`
  return ['BEGIN:VTIMEZONE', `TZID:${tzid}`,
    'BEGIN:STANDARD', 'DTSTART:16011028T030000', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10', `TZOFFSETFROM:${offset(hours + 1)}`, `TZOFFSETTO:${offset(hours)}`, 'END:STANDARD',
    'BEGIN:DAYLIGHT', 'DTSTART:16010325T020000', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3', `TZOFFSETFROM:${offset(hours)}`, `TZOFFSETTO:${offset(hours + 1)}`, 'END:DAYLIGHT',
    'END:VTIMEZONE']
}

t.test('1000 events in 1000 VTIMEZONEs whose rules start in 1601 are each answered at the offset of their own zone and date', async t => {
  // ical.js expanded each zone's rules year by year from 1601 (13.6 s for 1000 zones in 2026, 34 s in 2999, the event
  // loop held throughout); the offsets of the years asked about are computed directly, so this finishes in seconds.
  t.setTimeout(20_000)
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const zones: string[][] = []
  const events: string[][] = []
  const expected: string[] = []
  for (let i = 0; i < 1000; i++) {
    const hours = (i % 23) - 11
    const year = 2026 + (i % 174)
    const summer = i % 2 === 1
    zones.push(outlookZone(`Zone ${i}`, hours))
    events.push(['BEGIN:VEVENT', `UID:e${i}@x`, `SUMMARY:Plan ${i}`, `DTSTART;TZID=Zone ${i}:${year}${summer ? '0715' : '1201'}T120000`,
      `DTEND;TZID=Zone ${i}:${year}${summer ? '0715' : '1201'}T123000`, 'ATTENDEE:mailto:ana@example.com', 'END:VEVENT'])
    expected.push(new Date(Date.UTC(year, summer ? 6 : 11, summer ? 15 : 1, 12 - hours - (summer ? 1 : 0))).toISOString().replace('.000Z', 'Z'))
  }
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: { ...auth, ...ICS }, payload: calendar(...zones, ...events) })
  t.equal(res.statusCode, 200)
  const { results } = res.json()
  t.same(results.map((r: { timeZones?: { participants: Array<{ localStart: string }> } }) => r.timeZones?.participants[0]?.localStart), expected)
})

t.test('several VCALENDARs in one body: each event is read with its own calendar\'s VTIMEZONEs and X-WR-TIMEZONE', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const zoned = (wr: string, offset: string, uid: string) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', `X-WR-TIMEZONE:${wr}`,
    'BEGIN:VTIMEZONE', 'TZID:Custom', 'BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, 'END:STANDARD', 'END:VTIMEZONE',
    ...event(`${uid}-custom`).map(line => line.replace('TZID=Europe/Berlin', 'TZID=Custom')),
    ...event(`${uid}-floating`).map(line => line.replace(';TZID=Europe/Berlin', '')), 'END:VCALENDAR', ''].join('\r\n')
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: { ...auth, ...ICS }, payload: zoned('Europe/Berlin', '+0100', 'a') + zoned('America/New_York', '-0500', 'b') })
  t.equal(res.statusCode, 200, res.body)
  const results = res.json().results as Array<{ timeZones: { participants: Array<{ localStart: string }> }, assumptions: string[] }>
  t.same(results.map(r => r.timeZones.participants[0]!.localStart), ['2026-12-01T09:00:00Z', '2026-12-01T09:00:00Z', '2026-12-01T15:00:00Z', '2026-12-01T15:00:00Z'])
  t.ok(results[3]!.assumptions.includes('DTSTART is a floating time (no zone): read in America/New_York, the calendar\'s X-WR-TIMEZONE'))
})

t.test('in a batch, an event in a VTIMEZONE no name identifies takes the zone whose clock matches; one that matches none keeps the organiser\'s', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const events = [0, 1].map(i => ['BEGIN:VEVENT', `UID:z${i}@x`, 'SUMMARY:Sync', `DTSTART;TZID=Zone ${i}:20261201T100000`, 'DURATION:PT30M',
    'RRULE:FREQ=WEEKLY;COUNT=4', 'ORGANIZER:mailto:eve@example.com', 'END:VEVENT'])
  // Zone 0 keeps Berlin's clock; zone 1 changes at 02:00 UTC at +00:00, which no zone does.
  const zones = [outlookZone('Zone 0', 1), outlookZone('Zone 1', 0)]
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: { ...auth, ...ICS }, payload: calendar(...zones, ...events) })
  t.equal(res.statusCode, 200, res.body)
  const [berlin, none] = (res.json().results as Array<{ assumptions: string[] }>).map(r => r.assumptions.filter(a => a.startsWith('meeting time zone')))
  t.same(berlin, ['meeting time zone: Europe/Berlin, whose clock matches the file\'s VTIMEZONE "Zone 0" from 2026 to 2028'])
  t.same(none, ['meeting time zone: UTC, from eve@example.com, as no known zone\'s clock matches the file\'s VTIMEZONE "Zone 1" from 2026 to 2028; the series is expanded in UTC'])
})

t.test('?asOf= is the moment of evaluation of every event of a calendar (JSON and NDJSON meetings: batch-as-of.test.ts)', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const payload = calendar(event('a@x'), event('b@x', 'RRULE:FREQ=WEEKLY'))
  const asOf = '2026-11-25T10:00:00Z'
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false&asOf=${asOf}`, headers: { ...auth, ...ICS }, payload })
  t.equal(res.statusCode, 200)
  const single = await app.inject({ method: 'POST', url: `/v1/evaluations/preview?asOf=${asOf}`, headers: { ...auth, ...ICS }, payload: calendar(event('a@x')) })
  t.same(res.json().results[0], { index: 0, ...single.json() }, 'as the event alone with the same asOf')
  t.equal(res.json().results[1].alternatives[0].replyBy, single.json().alternatives[0].replyBy)
})

t.test('an event that is no meeting gets its own 422 problem in a batch; the others are evaluated', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const holiday = ['BEGIN:VEVENT', 'UID:h@x', 'SUMMARY:Company holiday', 'DTSTART;VALUE=DATE:20261224', 'TRANSP:TRANSPARENT',
    'ATTENDEE:mailto:ana@example.com', 'ATTENDEE:mailto:bo@example.com', 'END:VEVENT']
  const res = await app.inject({ method: 'POST', url: `${URL}?store=false`, headers: { ...auth, ...ICS }, payload: calendar(event('a@x'), holiday, event('c@x')) })
  t.equal(res.statusCode, 200)
  const { results } = res.json()
  t.same(results[1], {
    index: 1,
    type: '/problems/not-a-meeting',
    title: 'Unprocessable Entity',
    status: 422,
    detail: 'VEVENT 2 (UID h@x): The event "Company holiday" is an all-day event that shows its attendees as free (TRANSP:TRANSPARENT), not a meeting: ' +
      'it takes no one\'s time, like a holiday or a notice, so it is not scored (shown as busy, it would be).'
  })
  t.match(results, [{ index: 0, verdict: String }, {}, { index: 2, verdict: String }])
})
