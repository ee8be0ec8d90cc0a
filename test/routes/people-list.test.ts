// The people directory listing: cursor pages in email order, and cursor validation.
import t from 'tap'
import { build, tenant } from '../helper.js'

async function seed (app: Awaited<ReturnType<typeof build>>, auth: Record<string, string>, count: number): Promise<void> {
  const people = Array.from({ length: count }, (_, i) => ({ email: `P${String(i).padStart(3, '0')}@example.com`, timeZone: 'UTC' }))
  const res = await app.inject({ method: 'POST', url: '/v1/people/import', headers: auth, payload: { people } })
  if (res.statusCode !== 200) throw new Error(res.body)
}

t.test('pages through everyone once, in lower-cased email order', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  await seed(app, auth, 7)
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const query: string = cursor === null ? '?limit=3' : `?limit=3&cursor=${cursor}`
    const res = await app.inject({ method: 'GET', url: `/v1/people${query}`, headers: auth })
    t.equal(res.statusCode, 200)
    const body = res.json()
    seen.push(...body.items.map((p: { email: string }) => p.email))
    cursor = body.nextCursor
    pages++
  } while (cursor !== null)
  t.equal(pages, 3)
  t.same(seen, ['P000', 'P001', 'P002', 'P003', 'P004', 'P005', 'P006'].map(p => `${p}@example.com`))
})

t.test('the default page holds 50 people', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  await seed(app, auth, 51)
  const body = (await app.inject({ method: 'GET', url: '/v1/people', headers: auth })).json()
  t.equal(body.items.length, 50)
  t.type(body.nextCursor, 'string')
  const last = (await app.inject({ method: 'GET', url: `/v1/people?cursor=${body.nextCursor}`, headers: auth })).json()
  t.same(last.items.map((p: { email: string }) => p.email), ['P050@example.com'])
  t.equal(last.nextCursor, null)
})

t.test('an exactly full last page has no next cursor', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  await seed(app, auth, 2)
  const body = (await app.inject({ method: 'GET', url: '/v1/people?limit=2', headers: auth })).json()
  t.equal(body.items.length, 2)
  t.equal(body.nextCursor, null)
})

t.test('a limit outside 1..200 is a 400 naming limit', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  for (const limit of ['0', '201', 'many']) {
    const res = await app.inject({ method: 'GET', url: `/v1/people?limit=${limit}`, headers: auth })
    t.equal(res.statusCode, 400, limit)
    t.match(res.json().errors, [{ path: '/limit', in: 'querystring' }], limit)
  }
})

t.test('a malformed cursor is a 400 naming cursor', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  for (const cursor of ['garbage', Buffer.from('ana@example.com').toString('base64url'), 'cDE6', Buffer.from('p1:\u0000').toString('base64url'), Buffer.from('p1:a\u0000@example.com').toString('base64url')]) {
    const res = await app.inject({ method: 'GET', url: `/v1/people?cursor=${cursor}`, headers: auth })
    t.equal(res.statusCode, 400, cursor)
    t.same(res.json().errors, [{ path: '/cursor', message: 'is not a cursor this list issued: pass nextCursor of this list unchanged', in: 'querystring' }], cursor)
  }
})
