// Idempotency-Key on POST /v1/evaluations/batch: JSON and iCalendar answers replay and store nothing again; another
// body is a 422; an NDJSON stream, whose answer is not kept, refuses the key with a 400 before reading a line.
import t from 'tap'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { rows } from '../../src/db/client.js'
import { build, tenant } from '../helper.js'

const QUIET = { MAX_EVENT_LOOP_DELAY: '0' }
const URL = '/v1/evaluations/batch'

const meeting = (minutes: number) => ({
  title: `Sync ${minutes}`,
  start: '2026-12-01T15:00:00Z',
  durationMinutes: minutes,
  participants: [{ email: 'ana@example.com', timeZone: 'Europe/Berlin' }],
  asOf: '2026-11-25T10:00:00Z'
})

const CALENDAR = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'BEGIN:VEVENT', 'UID:a@x', 'SUMMARY:Vendor choice',
  'DTSTART:20261201T100000Z', 'DURATION:PT30M', 'ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:ana@example.com', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n')

async function stored (app: FastifyInstance): Promise<number> {
  const [row] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from evaluations`)
  return Number(row!.n)
}

t.test('a JSON batch retried with its key replays the first answer and stores nothing again; another body is a 422', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'batch-1' }
  const first = await app.inject({ method: 'POST', url: URL, headers, payload: { meetings: [meeting(30), meeting(45)] } })
  t.equal(first.statusCode, 200)
  t.equal(await stored(app), 2)
  const again = await app.inject({ method: 'POST', url: URL, headers, payload: { meetings: [meeting(30), meeting(45)] } })
  t.equal(again.statusCode, 200)
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(again.body, first.body, 'the same results, ids included')
  t.equal(await stored(app), 2, 'nothing stored again')
  const other = await app.inject({ method: 'POST', url: URL, headers, payload: { meetings: [meeting(60)] } })
  t.equal(other.statusCode, 422)
  t.equal(await stored(app), 2)
})

t.test('an iCalendar batch retried with its key replays the first answer', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'ics-1', 'content-type': 'text/calendar' }
  const first = await app.inject({ method: 'POST', url: URL, headers, payload: CALENDAR })
  t.equal(first.statusCode, 200)
  const again = await app.inject({ method: 'POST', url: URL, headers, payload: CALENDAR })
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(again.body, first.body)
  t.equal(await stored(app), 1)
})

t.test('an NDJSON batch with a key is a 400 naming the header, and nothing is evaluated', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const res = await app.inject({
    method: 'POST', url: URL, headers: { ...auth, 'idempotency-key': 'nd-1', 'content-type': 'application/x-ndjson' }, payload: `${JSON.stringify(meeting(30))}\n`
  })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { type: '/problems/validation-error', detail: /Idempotency-Key cannot be honoured on a streamed NDJSON batch/, errors: [{ path: '/idempotency-key', in: 'headers' }] })
  t.equal(await stored(app), 0)
  const without = await app.inject({ method: 'POST', url: URL, headers: { ...auth, 'content-type': 'application/x-ndjson' }, payload: `${JSON.stringify(meeting(30))}\n` })
  t.equal(without.statusCode, 200, 'without the key the stream is evaluated')
})

t.test('a batch whose answer was lost after its insert is not stored twice: the retry answers with what was stored', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const loseAnswers = () => app.database.db.execute(sql`update idempotency_keys set status_code = null, headers = null, body = null, created_at = now() - interval '1 hour'`)
  const payload = { meetings: [meeting(30), { title: 'Broken' }, meeting(45)] }
  const headers = { ...auth, 'idempotency-key': 'lost-batch' }
  const first = await app.inject({ method: 'POST', url: URL, headers, payload })
  t.equal(first.statusCode, 200)
  t.equal(await stored(app), 2)
  await loseAnswers()
  const retry = await app.inject({ method: 'POST', url: URL, headers, payload })
  t.equal(retry.statusCode, 200)
  t.equal(retry.headers['idempotent-replayed'], undefined, 'the retry ran again')
  t.same(retry.json(), first.json(), 'every result as the first run answered it: ids, createdAt, the problem of the bad item')
  t.equal(await stored(app), 2, 'nothing stored twice')

  const calendarHeaders = { ...auth, 'idempotency-key': 'lost-calendar', 'content-type': 'text/calendar' }
  const fromCalendar = await app.inject({ method: 'POST', url: URL, headers: calendarHeaders, payload: CALENDAR })
  await loseAnswers()
  const calendarRetry = await app.inject({ method: 'POST', url: URL, headers: calendarHeaders, payload: CALENDAR })
  t.same(calendarRetry.json(), fromCalendar.json())
  t.equal(await stored(app), 3)

  const plain = await app.inject({ method: 'POST', url: URL, headers: auth, payload })
  const ids = (plain.json() as { results: Array<{ id?: string }> }).results.flatMap(r => r.id === undefined ? [] : [r.id])
  t.equal(ids.length, 2)
  t.ok(ids.every(id => /^[0-9a-f]{8}-[0-9a-f]{4}-4/.test(id)), 'without a key the ids are random')
  t.equal(await stored(app), 5)
})

t.test('a batch whose every meeting is refused does not use its key up: the corrected batch is sent with the same key', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'all-refused' }
  const refused = await app.inject({ method: 'POST', url: URL, headers, payload: { meetings: [{ title: 'Broken' }, { ...meeting(30), durationMinutes: 0 }] } })
  t.equal(refused.statusCode, 200)
  t.same(refused.json().results.map((r: { status?: number }) => r.status), [400, 400], 'every meeting refused')
  t.equal(await stored(app), 0)
  const again = await app.inject({ method: 'POST', url: URL, headers, payload: { meetings: [{ title: 'Broken' }, { ...meeting(30), durationMinutes: 0 }] } })
  t.same([again.statusCode, again.headers['idempotent-replayed'], again.body], [200, undefined, refused.body], 'the same batch is refused again, not replayed')
  const corrected = await app.inject({ method: 'POST', url: URL, headers, payload: { meetings: [meeting(30), meeting(45)] } })
  t.same([corrected.statusCode, corrected.headers['idempotent-replayed']], [200, undefined], 'the corrected batch runs under the same key')
  t.equal(await stored(app), 2)
  const replay = await app.inject({ method: 'POST', url: URL, headers, payload: { meetings: [meeting(30), meeting(45)] } })
  t.same([replay.headers['idempotent-replayed'], replay.body], ['true', corrected.body])

  const calendarHeaders = { ...auth, 'idempotency-key': 'all-refused-ics', 'content-type': 'text/calendar' }
  const noMeeting = CALENDAR.replace('SUMMARY:Vendor choice', 'SUMMARY:Holiday\r\nTRANSP:TRANSPARENT').replace('DTSTART:20261201T100000Z\r\nDURATION:PT30M', 'DTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261202')
  const holiday = await app.inject({ method: 'POST', url: URL, headers: calendarHeaders, payload: noMeeting })
  t.same(holiday.json().results.map((r: { status?: number }) => r.status), [422])
  const fixed = await app.inject({ method: 'POST', url: URL, headers: calendarHeaders, payload: CALENDAR })
  t.same([fixed.statusCode, fixed.headers['idempotent-replayed']], [200, undefined], 'an iCalendar batch too')
  t.equal(await stored(app), 3)
})

t.test('a batch that stored some of its meetings keeps its key used: a changed batch with it is a 422', async t => {
  const app = await build(t, QUIET)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'some-stored' }
  const first = await app.inject({ method: 'POST', url: URL, headers, payload: { meetings: [meeting(30), { title: 'Broken' }] } })
  t.equal(await stored(app), 1)
  const replay = await app.inject({ method: 'POST', url: URL, headers, payload: { meetings: [meeting(30), { title: 'Broken' }] } })
  t.same([replay.headers['idempotent-replayed'], replay.body], ['true', first.body])
  const changed = await app.inject({ method: 'POST', url: URL, headers, payload: { meetings: [meeting(30), meeting(45)] } })
  t.equal(changed.statusCode, 422)
  t.equal(await stored(app), 1)
})
