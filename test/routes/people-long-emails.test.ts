// Emails up to the 254 characters RFC 5321 allows: paths, percent-encoding and cursors work for the longest ones.
import t from 'tap'
import { EMAIL_MAX_LENGTH } from '../../src/schemas/common.js'
import { build, tenant } from '../helper.js'

/** A valid email of exactly 254 characters: a 64-character local part and labels of at most 63. */
const longEmail = (first: string): string => `${first}${'a'.repeat(63)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`

/** Every character as %XX, the longest way to spell an email in a path. */
const encodeAll = (text: string): string => [...text].map(c => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('')

t.test('the test emails are as long as the schemas allow', async t => {
  t.equal(longEmail('x').length, 254)
  t.equal(EMAIL_MAX_LENGTH, 254)
})

t.test('a 254-character email can be put, read and deleted', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const email = longEmail('Z')
  const put = await app.inject({ method: 'PUT', url: `/v1/people/${encodeURIComponent(email)}`, headers: auth, payload: { timeZone: 'UTC' } })
  t.equal(put.statusCode, 201)
  t.equal(put.headers.location, `/v1/people/${encodeURIComponent(email)}`)
  const get = await app.inject({ method: 'GET', url: put.headers.location as string, headers: auth })
  t.equal(get.statusCode, 200)
  t.match(get.json(), { email, timeZone: 'UTC' })
  const del = await app.inject({ method: 'DELETE', url: `/v1/people/${encodeURIComponent(email.toLowerCase())}`, headers: auth })
  t.equal(del.statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url: put.headers.location as string, headers: auth })).statusCode, 404)
})

t.test('a person imported with a 254-character email can be read, updated and deleted', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const email = longEmail('y')
  const imported = await app.inject({ method: 'POST', url: '/v1/people/import', headers: auth, payload: { people: [{ email, timeZone: 'UTC' }] } })
  t.same(imported.json().results, [{ index: 0, email, status: 'created' }])
  const url = `/v1/people/${encodeURIComponent(email)}`
  t.equal((await app.inject({ method: 'GET', url, headers: auth })).statusCode, 200)
  const put = await app.inject({ method: 'PUT', url, headers: auth, payload: { timeZone: 'Asia/Tokyo' } })
  t.equal(put.statusCode, 200)
  t.equal(put.json().timeZone, 'Asia/Tokyo')
  t.equal((await app.inject({ method: 'DELETE', url, headers: auth })).statusCode, 204)
})

t.test('the longest email still fits with every character percent-encoded', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const email = longEmail('w')
  const url = `/v1/people/${encodeAll(email)}`
  t.equal(url.length - '/v1/people/'.length, 3 * 254)
  t.equal((await app.inject({ method: 'PUT', url, headers: auth, payload: { timeZone: 'UTC' } })).statusCode, 201)
  t.match((await app.inject({ method: 'GET', url, headers: auth })).json(), { email })
  t.equal((await app.inject({ method: 'DELETE', url, headers: auth })).statusCode, 204)
})

t.test('an email over 254 characters that fits the router is a 400 naming it, not a 414', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'GET', url: `/v1/people/x${longEmail('x')}`, headers: auth })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { errors: [{ path: '/email', in: 'params' }] })
})

t.test('cursors after the longest emails are accepted back', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const emails = [longEmail('a'), longEmail('b')]
  const imported = await app.inject({ method: 'POST', url: '/v1/people/import', headers: auth, payload: { people: emails.map(email => ({ email, timeZone: 'UTC' })) } })
  t.equal(imported.statusCode, 200)
  const first = (await app.inject({ method: 'GET', url: '/v1/people?limit=1', headers: auth })).json()
  t.same(first.items.map((p: { email: string }) => p.email), [emails[0]])
  t.ok(first.nextCursor.length > 200, 'longer than the shared cursor bound')
  const next = await app.inject({ method: 'GET', url: `/v1/people?limit=1&cursor=${first.nextCursor}`, headers: auth })
  t.equal(next.statusCode, 200)
  t.same(next.json().items.map((p: { email: string }) => p.email), [emails[1]])
  t.equal(next.json().nextCursor, null)
})
