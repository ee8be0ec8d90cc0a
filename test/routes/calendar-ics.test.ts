// text/calendar bodies on POST /v1/evaluations and /preview: fixtures from real exporters, and bad files as 400/413 problems.
import t from 'tap'
import { sql } from 'drizzle-orm'
import { rows } from '../../src/db/client.js'
import { build, tenant } from '../helper.js'
import { fixture } from '../calendar/fixtures.js'

const ics = { 'content-type': 'text/calendar; charset=utf-8' }

t.test('an Outlook invitation with a Windows TZID is evaluated and stored', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: { ...auth, ...ics }, payload: fixture('outlook-windows-tzid.ics') })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.ok(body.assumptions.includes('time zone: TZID "W. Europe Standard Time" read as Europe/Berlin'))
  t.ok(body.assumptions.includes('agenda: 3 items read from the description'))
})

t.test('every single-event fixture previews with 200', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  for (const name of ['google-weekly.ics', 'outlook-display-tzid.ics', 'outlook-customized-tz.ics', 'apple-series.ics', 'thunderbird-mozilla-tzid.ics']) {
    const res = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, ...ics }, payload: fixture(name) })
    t.equal(res.statusCode, 200, `${name}: ${res.statusCode === 200 ? '' : res.body}`)
  }
})

t.test('an HTML DESCRIPTION, as Google\'s .ics export writes it, gives the agenda the JSON Google route reads', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const description = '<b>Agenda</b><br><ul><li>Options recap (10 min)</li><li>Decide on owner (15 min)</li></ul>'
  const fromIcs = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, ...ics }, payload: icsText('SUMMARY:Pick an owner', `DESCRIPTION:${description}`) })
  const fromJson = await app.inject({
    method: 'POST',
    url: '/v1/evaluations/google?preview=true',
    headers: auth,
    payload: { summary: 'Pick an owner', description, start: { dateTime: '2026-12-01T16:00:00Z' }, end: { dateTime: '2026-12-01T16:30:00Z' }, attendees: [{ email: 'a@example.com' }] }
  })
  t.equal(fromIcs.statusCode, 200, fromIcs.body)
  t.equal(fromJson.statusCode, 200, fromJson.body)
  for (const res of [fromIcs, fromJson]) {
    const body = res.json()
    t.ok(body.assumptions.includes('agenda: 2 items read from the description'))
    t.notMatch(JSON.stringify(body.criteria), 'AGENDA_MISSING')
  }
  t.same(fromIcs.json().criteria, fromJson.json().criteria)
})

t.test('bad files are 400 problems that say what is wrong', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const cases: Array<[string, RegExp]> = [
    ['missing-dtstart.ics', /no DTSTART/],
    ['unknown-tzid.ics', /Unknown time zone "Mars\/Olympus_Mons"/],
    ['truncated.ics', /malformed: a BEGIN: line has no matching END:/],
    ['floating-and-all-day.ics', /POST \/v1\/evaluations\/batch/]
  ]
  for (const [name, detail] of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: { ...auth, ...ics }, payload: fixture(name) })
    t.equal(res.statusCode, 400, name)
    t.match(res.json(), { status: 400, detail }, name)
  }
})

t.test('a DTSTART not in the RFC 5545 form is a 400 quoting it as written; an unquoted ":" in its TZID is named', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const rows: Array<[string, string]> = [
    ['DTSTART:2026-12-01T10:00:00Z', 'DTSTART is not a valid date or date-time: "2026-12-01T10:00:00Z".'],
    ['DTSTART;TZID=(UTC-05:00) Eastern Time (US & Canada):20260701T100000',
      'DTSTART: the TZID parameter value holds a ":", so RFC 5545 requires it in double quotes: write TZID="(UTC-05:00) Eastern Time (US & Canada)".']
  ]
  for (const [line, detail] of rows) {
    const payload = fixture('google-weekly.ics').replace('DTSTART;TZID=Europe/Berlin:20261201T170000', line)
    const res = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, ...ics }, payload })
    t.equal(res.statusCode, 400, line)
    t.match(res.json(), { status: 400 }, line)
    t.equal(res.json().detail, detail, line)
  }
})

t.test('a calendar file over 1 MB is a 413', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const big = fixture('google-weekly.ics').replace('SUMMARY:', `X-FILLER:${'x'.repeat(1_100_000)}\r\nSUMMARY:`)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: { ...auth, ...ics }, payload: big })
  t.equal(res.statusCode, 413)
  t.match(res.json(), { status: 413 })
})

t.test('a title folded inside a UTF-8 sequence arrives whole; a Latin-1 file is read as Latin-1; an unknown charset is a 415', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const text = icsText('SUMMARY:Café ☕ planning')
  const at = Buffer.from(text, 'utf8').indexOf(Buffer.from('☕', 'utf8')) + 1
  const octets = Buffer.from(text, 'utf8')
  const folded = Buffer.concat([octets.subarray(0, at), Buffer.from('\r\n ', 'latin1'), octets.subarray(at)])
  const storedTitle = async (id: string): Promise<string | undefined> =>
    (await rows<{ title: string }>(app.database.db, sql`select input->>'title' as title from evaluations where id = ${id}`))[0]?.title
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: { ...auth, ...ics }, payload: folded })
  t.equal(res.statusCode, 201)
  t.equal(await storedTitle(res.json().id as string), 'Café ☕ planning')

  const latin1 = Buffer.from(icsText('SUMMARY:Café planning'), 'latin1')
  const read = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: { ...auth, 'content-type': 'text/calendar; charset=ISO-8859-1' }, payload: latin1 })
  t.equal(read.statusCode, 201)
  t.equal(await storedTitle(read.json().id as string), 'Café planning')

  const refused = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, 'content-type': 'text/calendar; charset=klingon' }, payload: latin1 })
  t.equal(refused.statusCode, 415)
  t.match(refused.json(), { type: '/problems/unsupported-media-type', detail: 'charset "klingon" is not one this service decodes: send UTF-8.' })
})

t.test('a file whose lines end in a lone CR (classic Mac OS) is evaluated as its CRLF copy is', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const crlf = icsText('SUMMARY:Weekly sync')
  const answers = []
  for (const payload of [crlf, crlf.replaceAll('\r\n', '\r')]) {
    const res = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, ...ics }, payload })
    t.equal(res.statusCode, 200, res.body)
    answers.push(res.json())
  }
  t.same(answers[1], answers[0])
})

t.test('a body of several VCALENDARs: the event is read with its own calendar\'s VTIMEZONE and X-WR-TIMEZONE, not another\'s', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const zoned = (wr: string, offset: string, ...event: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tests//EN', `X-WR-TIMEZONE:${wr}`,
    'BEGIN:VTIMEZONE', 'TZID:Custom', 'BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, 'END:STANDARD', 'END:VTIMEZONE',
    ...event, 'END:VCALENDAR', ''].join('\r\n')
  const event = (start: string) => ['BEGIN:VEVENT', 'UID:t-1', start, 'DURATION:PT30M', 'SUMMARY:Sync', 'ATTENDEE:mailto:a@example.com', 'END:VEVENT']
  const localStart = async (payload: string) => {
    const res = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, ...ics }, payload })
    t.equal(res.statusCode, 200, res.body)
    return res.json().timeZones.participants[0].localStart as string
  }
  t.equal(await localStart(zoned('Europe/Berlin', '+0100', ...event('DTSTART;TZID=Custom:20261201T100000')) + zoned('America/New_York', '-0500')), '2026-12-01T09:00:00Z')
  t.equal(await localStart(zoned('Europe/Berlin', '+0100') + zoned('America/New_York', '-0500', ...event('DTSTART:20261201T100000'))), '2026-12-01T15:00:00Z')
})

/** The messages of the findings with `code` in an evaluation. */
const findings = (evaluation: { criteria: Array<{ findings: Array<{ code: string, message: string }> }> }, code: string): string[] =>
  evaluation.criteria.flatMap(c => c.findings).filter(f => f.code === code).map(f => f.message)

t.test('a series whose DTSTART is in UTC keeps that UTC time: the clocks of Berlin move, not the meeting', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  await app.inject({ method: 'PUT', url: '/v1/people/eve@example.com', headers: auth, payload: { timeZone: 'Europe/Berlin' } })
  await app.inject({ method: 'PUT', url: '/v1/people/utc@example.com', headers: auth, payload: { timeZone: 'UTC' } })
  const payload = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tests//EN', 'BEGIN:VEVENT', 'UID:t-1', 'DTSTART:20261020T070000Z', 'DURATION:PT60M',
    'RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4', 'SUMMARY:Sync', 'ORGANIZER:mailto:eve@example.com', 'ATTENDEE:mailto:utc@example.com', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n')
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, ...ics }, payload })
  t.equal(res.statusCode, 200, res.body)
  const body = res.json()
  t.ok(body.assumptions.includes('meeting time zone: UTC, as the series\' DTSTART is in UTC (RFC 5545 3.8.5.3: its occurrences keep that UTC time)'))
  t.notOk(body.assumptions.includes('meeting time zone: Europe/Berlin, from eve@example.com'))
  const shifts = findings(body, 'SERIES_DST_SHIFT')
  t.equal(shifts.length, 1)
  t.match(shifts[0], /^Clock changes move the series for eve@example\.com: 3 of 4 occurrences/)
})

t.test('a series in Outlook\'s "Customized Time Zone" with Berlin\'s rules is expanded in Europe/Berlin, as with TZID=Europe/Berlin', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  await app.inject({ method: 'PUT', url: '/v1/people/ber@example.com', headers: auth, payload: { timeZone: 'Europe/Berlin' } })
  const vtimezone = fixture('outlook-customized-tz.ics').split('\r\n').filter((_, i, lines) => i >= lines.indexOf('BEGIN:VTIMEZONE') && i <= lines.indexOf('END:VTIMEZONE'))
  const file = (tzid: string) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tests//EN', ...vtimezone, 'BEGIN:VEVENT', 'UID:t-1', `DTSTART;TZID=${tzid}:20261020T090000`,
    'DURATION:PT60M', 'RRULE:FREQ=WEEKLY;BYDAY=TU', 'SUMMARY:Sync', 'ORGANIZER:mailto:eve@example.com', 'ATTENDEE:mailto:ber@example.com', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n')
  const [custom, berlin] = await Promise.all(['Customized Time Zone', 'Europe/Berlin'].map(async tzid => {
    const res = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, ...ics }, payload: file(tzid) })
    t.equal(res.statusCode, 200, res.body)
    return res.json()
  }))
  t.ok(custom.assumptions.includes('meeting time zone: Europe/Berlin, whose clock matches the file\'s VTIMEZONE "Customized Time Zone" from 2026 to 2027'))
  t.notOk(custom.assumptions.some((a: string) => a.startsWith('meeting time zone: UTC')), 'not the organiser\'s default zone')
  t.same(custom.criteria, berlin.criteria)
  t.notOk(findings(custom, 'SERIES_DST_SHIFT').some(m => m.includes('ber@example.com')), 'the series keeps 09:00 in Berlin')
})

function icsText (...lines: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tests//EN', 'BEGIN:VEVENT', 'UID:t-1', 'DTSTAMP:20261101T000000Z',
    'DTSTART:20261201T160000Z', 'DURATION:PT30M', ...lines, 'ATTENDEE:mailto:a@example.com', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n')
}

t.test('an event in year 9999 through a VTIMEZONE from 1601 is refused as a JSON proposal starting then is, on preview and in a batch', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const file = fixture('outlook-customized-tz.ics').replaceAll(':20260715T', ':99991201T')
  const json = await app.inject({
    method: 'POST',
    url: '/v1/evaluations/preview',
    headers: auth,
    payload: { title: 'Vendor check-in', start: '9999-12-01T09:00:00Z', durationMinutes: 30, participants: [{ email: 'vendor@example.org' }] }
  })
  t.equal(json.statusCode, 400)
  t.match(json.json(), { errors: [{ path: '/start', message: 'must lie between 1972-01-01 and 2199-12-31 (UTC)' }] })
  const preview = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, ...ics }, payload: file })
  t.equal(preview.statusCode, 400)
  t.same(preview.json(), json.json())
  const batch = await app.inject({ method: 'POST', url: '/v1/evaluations/batch?store=false', headers: { ...auth, ...ics }, payload: file })
  t.equal(batch.statusCode, 200)
  t.same(batch.json().results, [{ index: 0, ...json.json() }])
})

t.test('a text/calendar body takes ?asOf= on /v1/evaluations and /preview', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const url = '/v1/evaluations/preview?asOf=2026-11-25T10:00:00Z'
  const body = fixture('outlook-windows-tzid.ics')
  const first = await app.inject({ method: 'POST', url, headers: { ...auth, ...ics }, payload: body })
  t.equal(first.statusCode, 200, first.body)
  t.same((await app.inject({ method: 'POST', url, headers: { ...auth, ...ics }, payload: body })).json(), first.json(), 'the same event and asOf give the same answer')
  const stored = await app.inject({ method: 'POST', url: '/v1/evaluations?asOf=2026-11-25T10:00:00Z', headers: { ...auth, ...ics }, payload: body })
  t.equal(stored.statusCode, 201)
  const { id, createdAt, ...evaluation } = stored.json()
  t.same(evaluation, first.json(), 'stored as previewed')
})

t.test('?asOf= on /v1/evaluations and /preview is the asOf of a JSON proposal that gives none; a proposal\'s own asOf wins', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const json = { title: 'Sync', start: '2026-12-01T16:00:00Z', durationMinutes: 30, participants: [{ email: 'a@example.com', timeZone: 'Europe/Berlin' }] }
  const preview = await app.inject({ method: 'POST', url: '/v1/evaluations/preview?asOf=2026-11-25T10:00:00Z', headers: auth, payload: json })
  t.equal(preview.statusCode, 200, preview.body)
  t.equal(preview.json().meeting.asOf, '2026-11-25T10:00:00Z')
  const inBody = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: { ...json, asOf: '2026-11-25T10:00:00Z' } })
  t.same(preview.json(), inBody.json(), 'as the asOf in the body')
  const own = await app.inject({ method: 'POST', url: '/v1/evaluations/preview?asOf=2026-11-25T10:00:00Z', headers: auth, payload: { ...json, asOf: '2026-11-27T10:00:00Z' } })
  t.equal(own.json().meeting.asOf, '2026-11-27T10:00:00Z', 'the body\'s own asOf')
  const headers = { ...auth, 'idempotency-key': 'single-as-of' }
  const stored = await app.inject({ method: 'POST', url: '/v1/evaluations?asOf=2026-11-25T10:00:00Z', headers, payload: json })
  t.equal(stored.statusCode, 201)
  const got = await app.inject({ method: 'GET', url: stored.headers.location as string, headers: auth })
  t.equal(got.json().meeting.asOf, '2026-11-25T10:00:00Z', 'stored with the asOf used')
  const other = await app.inject({ method: 'POST', url: '/v1/evaluations?asOf=2026-11-27T10:00:00Z', headers, payload: json })
  t.equal(other.statusCode, 422, 'the same key and body with another ?asOf= is not the first answer replayed')
  const late = await app.inject({ method: 'POST', url: '/v1/evaluations/preview?asOf=1971-12-31T23:59:59Z', headers: auth, payload: json })
  t.same(late.json().errors, [{ path: '/asOf', message: 'must lie between 1972-01-01 and 2199-12-31 (UTC)', in: 'querystring' }])
})

t.test('a text/calendar event that is no meeting is a 422 on /v1/evaluations and /preview', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const holiday = icsText('SUMMARY:Company holiday', 'TRANSP:TRANSPARENT').replace('DTSTART:20261201T160000Z\r\nDURATION:PT30M', 'DTSTART;VALUE=DATE:20261224')
  for (const url of ['/v1/evaluations', '/v1/evaluations/preview']) {
    const res = await app.inject({ method: 'POST', url, headers: { ...auth, ...ics }, payload: holiday })
    t.equal(res.statusCode, 422, url)
    t.same(res.json(), {
      type: '/problems/not-a-meeting',
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'The event "Company holiday" is an all-day event that shows its attendees as free (TRANSP:TRANSPARENT), not a meeting: ' +
        'it takes no one\'s time, like a holiday or a notice, so it is not scored (shown as busy, it would be).'
    }, url)
  }
})
