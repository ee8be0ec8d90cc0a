// Publishing again: a retry of an unchanged agenda keeps its publishedAt, version and ETag; a PUT since re-shares it now.
import t from 'tap'
import { eq, sql } from 'drizzle-orm'
import { build, tenant } from '../helper.js'
import { agendas } from '../../src/db/schema.js'
import { AGENDA, create } from './agendas-fixtures.js'

const HOUR = 3_600_000
// Working around the clock in UTC: the lead time is counted in plain hours.
const ALWAYS = { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] }
const SOON = { ...AGENDA, participants: [{ email: 'ana@example.com', timeZone: 'UTC', workingHours: ALWAYS }] }

t.test('publishing an unchanged published agenda again answers it as it is: same publishedAt, version and ETag', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth, { ...SOON, meetingStart: new Date(Date.now() + 2 * HOUR).toISOString() })
  const url = `/v1/agendas/${id}/publish`
  const first = await app.inject({ method: 'POST', url, headers: auth })
  t.equal(first.headers.etag, '"2"')
  // It was published ten days ago, so the meeting two hours away got its 24 hours of notice.
  const tenDaysAgo = new Date(Date.now() - 240 * HOUR)
  await app.database.db.update(agendas).set({ publishedAt: tenDaysAgo, updatedAt: tenDaysAgo }).where(eq(agendas.id, id))
  const stored = (await app.inject({ method: 'GET', url: `/v1/agendas/${id}`, headers: auth })).json()
  const again = await app.inject({ method: 'POST', url, headers: auth })
  t.equal(again.statusCode, 200)
  t.equal(again.headers.etag, '"2"', 'the version is not raised')
  const { leadTime, ...agenda } = again.json()
  t.same(agenda, stored, 'the agenda as it was: publishedAt, version and updatedAt kept')
  t.equal(agenda.publishedAt, tenDaysAgo.toISOString())
  t.match(leadTime, { required: 24, met: true, participants: [{ met: true }] }, 'lead time judged from the kept publishedAt')
  t.ok(leadTime.participants[0].workingHoursAvailable > 200)
  t.same((await app.inject({ method: 'GET', url: `/v1/agendas/${id}`, headers: auth })).json(), stored, 'nothing stored changed')
})

t.test('recording actuals is no change to the agenda shared: publishing again keeps publishedAt', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth, SOON)
  const published = (await app.inject({ method: 'POST', url: `/v1/agendas/${id}/publish`, headers: auth })).json()
  const recorded = await app.inject({ method: 'PUT', url: `/v1/agendas/${id}/actuals`, headers: auth, payload: { items: [{ index: 0, minutes: 12 }] } })
  t.equal(recorded.headers.etag, '"3"')
  const again = await app.inject({ method: 'POST', url: `/v1/agendas/${id}/publish`, headers: auth })
  t.equal(again.headers.etag, '"3"')
  const { leadTime: _, ...agenda } = again.json()
  t.same(agenda, recorded.json())
  t.equal(agenda.publishedAt, published.publishedAt)
})

t.test('publishing after a PUT re-shares it now, even when actuals were recorded after the PUT', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth, SOON)
  const url = `/v1/agendas/${id}/publish`
  await app.inject({ method: 'POST', url, headers: auth })
  const long = sql`now() - interval '10 days'`
  await app.database.db.update(agendas).set({ publishedAt: long, updatedAt: long }).where(eq(agendas.id, id))
  const put = await app.inject({ method: 'PUT', url: `/v1/agendas/${id}`, headers: { ...auth, 'if-match': '"2"' }, payload: { ...SOON, title: 'Pick the Q4 pricing option' } })
  t.equal(put.statusCode, 200)
  t.equal(put.json().status, 'published', 'a PUT keeps the status')
  const recorded = await app.inject({ method: 'PUT', url: `/v1/agendas/${id}/actuals`, headers: auth, payload: { items: [{ index: 0, minutes: 12 }] } })
  t.equal(recorded.headers.etag, '"4"')
  const republished = await app.inject({ method: 'POST', url, headers: auth })
  t.equal(republished.headers.etag, '"5"')
  const body = republished.json()
  t.ok(Math.abs(Date.parse(body.publishedAt) - Date.now()) < 60_000, 'published now')
  t.equal(body.title, 'Pick the Q4 pricing option')
  // Published once more right away: a retry, nothing changed since.
  const retry = await app.inject({ method: 'POST', url, headers: auth })
  t.equal(retry.headers.etag, '"5"')
  t.equal(retry.json().publishedAt, body.publishedAt)
})

t.test('a draft edited before its first publish is published now', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth, SOON)
  await app.inject({ method: 'PUT', url: `/v1/agendas/${id}`, headers: { ...auth, 'if-match': '"1"' }, payload: SOON })
  const first = await app.inject({ method: 'POST', url: `/v1/agendas/${id}/publish`, headers: auth })
  t.equal(first.headers.etag, '"3"')
  t.match(first.json(), { status: 'published', publishedAt: String })
})

t.test('two publishes at once (a double click) publish it once: both answer the same publishedAt and ETag', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth, SOON)
  const both = await Promise.all([1, 2].map(() => app.inject({ method: 'POST', url: `/v1/agendas/${id}/publish`, headers: auth })))
  t.same(both.map(r => r.headers.etag), ['"2"', '"2"'])
  t.equal(both[0]!.json().publishedAt, both[1]!.json().publishedAt)
})
