// POST /v1/evaluations/google and /microsoft: calendar resources evaluated, stored, previewed; bad input as problems.
import t from 'tap'
import { build, tenant } from '../helper.js'
import { jsonFixture } from '../calendar/fixtures.js'

const google = jsonFixture('google-event.json')
const graph = jsonFixture('microsoft-event.json')

t.test('a Google event is evaluated and stored with 201 and Location', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/google', headers: auth, payload: google })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.equal(res.headers.location, `/v1/evaluations/${body.id}`)
  t.match(body, { id: String, score: Number, verdict: /^(meet|improve|go_async)$/ })
  t.same(body.timeZones.participants.map((p: { email: string }) => p.email), ['ana@example.com', 'Bo.Chen@Example.com', 'cy@example.com'])
  t.ok(body.assumptions.includes('dee@example.com: left out (declined the invitation)'))
  t.ok(body.assumptions.includes('purpose: status_update, inferred from "sync" in the title'))
  const stored = await app.inject({ method: 'GET', url: res.headers.location as string, headers: auth })
  t.equal(stored.statusCode, 200)
  t.same(stored.json(), body)
})

t.test('a Microsoft Graph event is evaluated and stored', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft', headers: auth, payload: graph })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.ok(body.assumptions.includes('time zone: "W. Europe Standard Time" read as Europe/Berlin'))
  t.ok(body.assumptions.includes('rhine@contoso.com: left out (a room or resource, not a person)'))
  t.match(body.timeZones.participants, [{ email: 'Bo.Chen@contoso.com' }, { email: 'cy.park@contoso.com' }, { email: 'Ana.Lima@contoso.com' }])
  t.ok(body.cost.annualPersonHours > 0, 'the monthly series is costed')
})

t.test('?preview=true answers 200 and stores nothing', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft?preview=true', headers: auth, payload: graph })
  t.equal(res.statusCode, 200)
  t.equal(res.json().id, undefined)
  t.equal(res.headers.location, undefined)
  t.same((await app.inject({ method: 'GET', url: '/v1/evaluations', headers: auth })).json().items, [])
})

t.test('participants are completed from the caller\'s people directory, case-insensitively', async t => {
  const app = await build(t)
  const acme = await tenant(app, 'Acme')
  const other = await tenant(app, 'Other')
  await app.inject({ method: 'PUT', url: '/v1/people/bo.chen@example.com', headers: acme.auth, payload: { timeZone: 'Asia/Tokyo' } })
  await app.inject({ method: 'PUT', url: '/v1/people/bo.chen@example.com', headers: other.auth, payload: { timeZone: 'Australia/Sydney' } })
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/google?preview=true', headers: acme.auth, payload: google })
  t.equal(res.statusCode, 200)
  t.match(res.json().timeZones.participants, [{}, { email: 'Bo.Chen@Example.com', timeZone: 'Asia/Tokyo' }, {}])
})

t.test('an unknown zone is a 400 naming the field', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const payload = { ...graph, start: { dateTime: '2026-12-01T17:00:00', timeZone: 'Mars Standard Time' } }
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft', headers: auth, payload })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { type: '/problems/validation-error', detail: /Unknown time zone "Mars Standard Time"/, errors: [{ path: '/start/timeZone' }] })
})

t.test('a Graph start or end without timeZone is a 400 naming it, not read as UTC', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const start = { dateTime: '2026-12-01T17:00:00.0000000', timeZone: 'W. Europe Standard Time' }
  const noEnd = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft?preview=true', headers: auth, payload: { ...graph, start, end: { dateTime: '2026-12-01T17:45:00.0000000' } } })
  t.equal(noEnd.statusCode, 400, 'a 45-minute meeting was scored as 105 minutes')
  t.match(noEnd.json(), { type: '/problems/validation-error', detail: '/end/dateTime has no offset and /end/timeZone is missing: the instant is unknown.', errors: [{ path: '/end/timeZone' }] })
  const noStart = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft?preview=true', headers: auth, payload: { ...graph, start: { dateTime: start.dateTime }, end: { ...start, dateTime: '2026-12-01T17:45:00.0000000' } } })
  t.equal(noStart.statusCode, 400, 'it was "The event ends before or when it starts"')
  t.match(noStart.json(), { detail: '/start/dateTime has no offset and /start/timeZone is missing: the instant is unknown.', errors: [{ path: '/start/timeZone' }] })
})

t.test('a proposal the event cannot fill is a 400 that says so', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const attendees = Array.from({ length: 201 }, (_, i) => ({ email: `p${i}@example.com` }))
  const payload = { summary: 'All hands', start: { dateTime: '2026-12-01T17:00:00Z' }, end: { dateTime: '2026-12-01T17:30:00Z' }, attendees }
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/google', headers: auth, payload })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { detail: /^The proposal made from the event is invalid/, errors: [{ path: '/participants' }] })
})

t.test('an event with no attendee who is a person is a 400 saying so at /attendees, not at the proposal\'s /participants', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const alone = { summary: 'Alone', start: { dateTime: '2026-12-01T17:00:00Z' }, end: { dateTime: '2026-12-01T17:30:00Z' } }
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/google?preview=true', headers: auth, payload: alone })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { type: '/problems/validation-error', detail: /^The event has no attendee who is a person, .*: it lists no attendees and no organiser\./, errors: [{ path: '/attendees' }] })
  const rooms = { ...graph, organizer: undefined, attendees: [{ type: 'resource', emailAddress: { address: 'rhine@contoso.com', name: 'Rhine' } }] }
  const graphRes = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft?preview=true', headers: auth, payload: rooms })
  t.equal(graphRes.statusCode, 400)
  t.match(graphRes.json(), { detail: /"rhine@contoso\.com" \(a room or resource, not a person\) is left out/, errors: [{ path: '/attendees' }] })
  const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:r@x', 'DTSTART:20261201T100000Z', 'DURATION:PT30M',
    'ATTENDEE;CUTYPE=ROOM:mailto:rhine@contoso.com', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n')
  const icsRes = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, 'content-type': 'text/calendar' }, payload: ics })
  t.equal(icsRes.statusCode, 400)
  t.match(icsRes.json(), { status: 400, detail: /"rhine@contoso\.com" \(a room, not a person\) is left out\. To evaluate it, add each person invited as an ATTENDEE/ })
  t.notMatch(icsRes.body, '/participants')
})

t.test('a wrongly typed documented field is a 400 naming it', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/google', headers: auth, payload: { ...google, attendees: 'everyone' } })
  t.equal(res.statusCode, 400)
  t.match(res.json().errors, [{ path: '/attendees' }])
})

t.test('a missing start is a 400, never a 500', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/google', headers: auth, payload: { summary: 'When?' } })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { detail: 'The event has no start: a meeting needs one.', errors: [{ path: '/start' }] })
})

t.test('a body over 1 MB is a 413', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/google', headers: auth, payload: { ...google, description: 'x'.repeat(1_100_000) } })
  t.equal(res.statusCode, 413)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
})

t.test('another body type is a 415', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft', headers: { ...auth, 'content-type': 'application/xml' }, payload: '<event/>' })
  t.equal(res.statusCode, 415)
})

t.test('the routes need an API key', async t => {
  const app = await build(t)
  t.equal((await app.inject({ method: 'POST', url: '/v1/evaluations/google', payload: google })).statusCode, 401)
})

t.test('a plain-text Google description gives the agenda its HTML form gives', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const agendaOf = async (description: string) => {
    const res = await app.inject({ method: 'POST', url: '/v1/evaluations/google?preview=true', headers: auth, payload: { ...google, description } })
    t.equal(res.statusCode, 200)
    return res.json().assumptions.find((a: string) => a.startsWith('agenda:'))
  }
  for (const description of ['- Budget (15 min)\n- Decide (20 min)', 'Agenda:\n- Budget (15 min)\n- Decide (20 min)', '<ul><li>Budget (15 min)</li><li>Decide (20 min)</li></ul>']) {
    t.equal(await agendaOf(description), 'agenda: 2 items read from the description', JSON.stringify(description))
  }
})

t.test('a Graph event whose originalStartTimeZone is tzone://Microsoft/Utc or /Custom, and no series zone, is evaluated in the zone of start', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const utc = { ...graph, recurrence: null, start: { dateTime: '2026-12-01T16:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-12-01T16:45:00.0000000', timeZone: 'UTC' } }
  const asUtc = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft', headers: auth, payload: { ...utc, originalStartTimeZone: 'tzone://Microsoft/Utc' } })
  t.equal(asUtc.statusCode, 201)
  t.notOk(asUtc.json().assumptions.some((a: string) => a.includes('originalStartTimeZone')))
  const custom = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft?preview=true', headers: auth, payload: { ...utc, originalStartTimeZone: 'tzone://Microsoft/Custom' } })
  t.equal(custom.statusCode, 200)
  t.ok(custom.json().assumptions.includes('time zone: originalStartTimeZone "tzone://Microsoft/Custom" names no known zone; UTC, the zone of start, assumed'))
})

t.test('a Graph series answered in UTC, made in a custom Outlook zone, is expanded in its recurrenceTimeZone', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  await app.inject({ method: 'PUT', url: '/v1/people/ber@example.com', headers: auth, payload: { timeZone: 'Europe/Berlin' } })
  const event = {
    subject: 'Sync',
    start: { dateTime: '2026-10-20T07:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2026-10-20T08:00:00.0000000', timeZone: 'UTC' },
    originalStartTimeZone: 'tzone://Microsoft/Custom',
    recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] }, range: { type: 'numbered', numberOfOccurrences: 8, startDate: '2026-10-20', recurrenceTimeZone: 'W. Europe Standard Time' } },
    organizer: { emailAddress: { address: 'eve@example.com' } },
    attendees: [{ type: 'required', emailAddress: { address: 'ber@example.com' } }]
  }
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft?preview=true', headers: auth, payload: event })
  t.equal(res.statusCode, 200, res.body)
  const body = res.json()
  t.ok(body.assumptions.includes('time zone: Europe/Berlin, the series\' recurrenceTimeZone ("W. Europe Standard Time"), as originalStartTimeZone "tzone://Microsoft/Custom" names no known zone'))
  const shifts = body.criteria.flatMap((c: { findings: Array<{ code: string, message: string }> }) => c.findings).filter((f: { code: string }) => f.code === 'SERIES_DST_SHIFT')
  t.equal(shifts.length, 1)
  t.match(shifts[0].message, /^Clock changes move the series for eve@example\.com:/, 'the Berlin attendee keeps 09:00; eve, in UTC, sees it move')
  const unset = await app.inject({
    method: 'POST',
    url: '/v1/evaluations/microsoft?preview=true',
    headers: auth,
    payload: { ...event, recurrence: { ...event.recurrence, range: { ...event.recurrence.range, recurrenceTimeZone: null } } }
  })
  t.equal(unset.statusCode, 200, unset.body)
  t.ok(unset.json().assumptions.includes('time zone: originalStartTimeZone "tzone://Microsoft/Custom" names no known zone; UTC, the zone of start, assumed'), 'null is no zone')
})

t.test('a text/calendar event whose RRULE the JSON path refuses (COUNT=0) is a 400 naming the RRULE', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:a@x', 'DTSTART:20261201T100000Z', 'DURATION:PT30M',
    'ATTENDEE:mailto:ana@example.com', 'RRULE:FREQ=DAILY;COUNT=0', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n')
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: { ...auth, 'content-type': 'text/calendar' }, payload: ics })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { status: 400, detail: 'RRULE is not a valid recurrence rule: COUNT must be a positive integer, got "0".' })
})

t.test('a Graph event exported with capitalised values (Resource, Optional, Declined, RelativeMonthly) is evaluated as Graph\'s own', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const capital = (value: unknown) => typeof value === 'string' ? value[0]!.toUpperCase() + value.slice(1) : value
  const event = graph as { attendees: Array<{ type: string, status: { response: string } }>, recurrence: { pattern: { type: string }, range: { type: string } } }
  const exported = {
    ...event,
    attendees: event.attendees.map(a => ({ ...a, type: capital(a.type), status: { ...a.status, response: capital(a.status.response) } })),
    recurrence: { pattern: { ...event.recurrence.pattern, type: capital(event.recurrence.pattern.type) }, range: { ...event.recurrence.range, type: capital(event.recurrence.range.type) } }
  }
  const asGraph = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft?preview=true', headers: auth, payload: graph })
  const asExported = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft?preview=true', headers: auth, payload: exported })
  t.equal(asExported.statusCode, 200)
  // Parts that do not depend on the moment of each request (asOf defaults to now).
  const parts = (body: { timeZones: { participants: unknown[] }, assumptions: string[], cost: unknown }) => ({ participants: body.timeZones.participants, assumptions: body.assumptions, cost: body.cost })
  t.same(parts(asExported.json()), parts(asGraph.json()))
  t.same(asExported.json().timeZones.participants.map((p: { email: string }) => p.email), ['Bo.Chen@contoso.com', 'cy.park@contoso.com', 'Ana.Lima@contoso.com'])
})

t.test('a description agenda whose owners are names is evaluated: attendees by email, other names as written', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const description = '- Which option fits the budget? (15 min) - Bo Chen\n- Who runs the rollout? (10 min, Zed)'
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations/google?preview=true', headers: auth, payload: { ...google, description } })
  t.equal(res.statusCode, 200)
  const agenda = res.json().criteria.find((c: { id: string }) => c.id === 'agenda')
  const codes = (criterion: { findings: Array<{ code: string }> }) => criterion.findings.map(f => f.code)
  for (const code of ['AGENDA_MISSING', 'AGENDA_ITEM_NO_OWNER', 'AGENDA_OWNER_NOT_INVITED']) t.notOk(codes(agenda).includes(code), `no ${code}: both items read with owners; Zed, a name, is not judged`)
  const byEmail = await app.inject({ method: 'POST', url: '/v1/evaluations/google?preview=true', headers: auth, payload: { ...google, description: description.replace('Zed', 'zed@example.com') } })
  const judged = byEmail.json().criteria.find((c: { id: string }) => c.id === 'agenda')
  t.match(judged.findings.find((f: { code: string }) => f.code === 'AGENDA_OWNER_NOT_INVITED'), { message: /"Who runs the rollout\?" \(zed@example\.com\)/ }, 'an email owner is judged')
  t.ok(res.json().assumptions.includes('agenda: owner "Bo Chen" read as Bo.Chen@Example.com, the attendee named "Bo Chen"'))
  const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:a@x', 'DTSTART:20261201T100000Z', 'DURATION:PT30M',
    'ATTENDEE:mailto:ana@example.com', 'DESCRIPTION:- Budget (15 min) - Zed', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n')
  for (const url of ['/v1/evaluations/preview', '/v1/evaluations/batch?store=false']) {
    const fromIcs = await app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'text/calendar' }, payload: ics })
    t.equal(fromIcs.statusCode, 200, url)
    t.notOk(JSON.stringify(fromIcs.json()).includes('/problems/'), `${url} evaluates the event`)
  }
  // A JSON proposal still names owners by email.
  const json = { title: 'Budget', start: '2026-12-01T10:00:00Z', durationMinutes: 30, participants: [{ email: 'ana@example.com' }], agenda: { items: [{ title: 'Budget', minutes: 15, owner: 'Zed' }] } }
  const refused = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: auth, payload: json })
  t.equal(refused.statusCode, 400)
  t.match(refused.json(), { errors: [{ path: '/agenda/items/0/owner' }] })
})

t.test('?asOf= makes the evaluation of a calendar event reproducible: the same event and asOf give the same answer', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  for (const [path, payload] of [['google', google], ['microsoft', graph]] as const) {
    const url = `/v1/evaluations/${path}?preview=true&asOf=2026-11-25T10:00:00Z`
    const first = await app.inject({ method: 'POST', url, headers: auth, payload })
    t.equal(first.statusCode, 200, `${path}: ${first.body}`)
    const second = await app.inject({ method: 'POST', url, headers: auth, payload })
    t.same(second.json(), first.json(), path)
    const later = await app.inject({ method: 'POST', url: url.replace('11-25', '11-27'), headers: auth, payload })
    t.not(later.json().alternatives[0].replyBy, first.json().alternatives[0].replyBy, `${path}: the reply-by counts from asOf`)
  }
  const stored = await app.inject({ method: 'POST', url: '/v1/evaluations/google?asOf=2026-11-25T10:00:00%2B01:00', headers: auth, payload: google })
  t.equal(stored.statusCode, 201)
})

t.test('a calendar route\'s asOf is checked like a JSON proposal\'s: an RFC 3339 instant between 1972 and 2199', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const bad = await app.inject({ method: 'POST', url: '/v1/evaluations/google?asOf=2026-11-25', headers: auth, payload: google })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), {
    type: '/problems/validation-error',
    errors: [{ path: '/asOf', message: 'must be an RFC 3339 date-time with an offset or Z, such as 2026-12-01T16:00:00Z (T between date and time, seconds 00-59)', in: 'querystring' }]
  })
  const early = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft?asOf=1971-12-31T23:59:59Z', headers: auth, payload: graph })
  t.equal(early.statusCode, 400)
  t.same(early.json(), {
    type: '/problems/validation-error',
    title: 'Bad Request',
    status: 400,
    detail: 'The query string is invalid: /asOf must lie between 1972-01-01 and 2199-12-31 (UTC)',
    errors: [{ path: '/asOf', message: 'must lie between 1972-01-01 and 2199-12-31 (UTC)', in: 'querystring' }]
  })
  const unknown = await app.inject({ method: 'POST', url: '/v1/evaluations/google?as_of=2026-11-25T10:00:00Z', headers: auth, payload: google })
  t.match(unknown.json(), { status: 400, errors: [{ path: '/as_of', message: 'is not a known field', in: 'querystring' }] })
})

t.test('a description agenda counts as shared at the event\'s last change, when that is before asOf', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const url = '/v1/evaluations/google?preview=true&asOf=2026-12-01T09:00:00Z'
  const late = (body: { criteria: Array<{ id: string, findings: Array<{ code: string, message: string }> }> }) =>
    body.criteria.find(c => c.id === 'agenda')?.findings.find(f => f.code === 'AGENDA_SHARED_LATE')?.message
  const updated = await app.inject({ method: 'POST', url, headers: auth, payload: google })
  t.equal(late(updated.json()), undefined, 'shared on 20 November, days ahead')
  t.ok(updated.json().assumptions.includes('agenda shared at 2026-11-20T10:15:03.412Z: the event\'s last change (updated)'))
  const { updated: _, created: __, ...undated } = google
  const unknown = await app.inject({ method: 'POST', url, headers: auth, payload: undated })
  t.match(late(unknown.json()), /^The agenda is not shared yet; shared now it would arrive 7 hours before the start/)
  const bad = await app.inject({ method: 'POST', url, headers: auth, payload: { ...google, updated: 20261120 } })
  t.equal(bad.statusCode, 400)
  t.match(bad.json().errors, [{ path: '/updated' }])
})

t.test('an event that is no meeting is a 422 /problems/not-a-meeting saying what it is, and nothing is stored', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const focus = await app.inject({ method: 'POST', url: '/v1/evaluations/google', headers: auth, payload: { ...google, eventType: 'focusTime' } })
  t.equal(focus.statusCode, 422)
  t.equal(focus.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.same(focus.json(), {
    type: '/problems/not-a-meeting',
    title: 'Unprocessable Entity',
    status: 422,
    detail: 'The event "Pricing team sync" is a focus-time block (eventType "focusTime"), not a meeting: it holds its owner\'s time for work alone, so it is not scored.'
  })
  const holiday = { ...google, summary: 'Company holiday', start: { date: '2026-12-24' }, end: { date: '2026-12-25' }, recurrence: undefined, transparency: 'transparent' }
  const free = await app.inject({ method: 'POST', url: '/v1/evaluations/google?preview=true', headers: auth, payload: holiday })
  t.equal(free.statusCode, 422)
  t.match(free.json(), { type: '/problems/not-a-meeting', detail: /^The event "Company holiday" is an all-day event that shows its attendees as free/ })
  const away = { ...graph, isAllDay: true, showAs: 'oof', recurrence: null, start: { dateTime: '2026-12-24T00:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-12-25T00:00:00.0000000', timeZone: 'UTC' } }
  const oof = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft', headers: auth, payload: away })
  t.equal(oof.statusCode, 422)
  t.match(oof.json(), { type: '/problems/not-a-meeting', detail: /is an all-day out-of-office entry \(showAs "oof", isAllDay\)/ })
  const timed = await app.inject({ method: 'POST', url: '/v1/evaluations/microsoft?preview=true', headers: auth, payload: { ...graph, showAs: 'oof' } })
  t.equal(timed.statusCode, 200, 'a timed event is scored whatever it shows')
  t.same((await app.inject({ method: 'GET', url: '/v1/evaluations', headers: auth })).json().items, [], 'nothing stored')
})
