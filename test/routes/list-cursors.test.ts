// List cursors carry the list that issued them: another list's cursor is a 400 naming /cursor, worded alike everywhere.
import t from 'tap'
import { build, tenant } from '../helper.js'
import { EXAMPLE_PROPOSAL } from '../../src/schemas/proposal.js'
import { AGENDA, create } from './agendas-fixtures.js'

const LISTS = ['/v1/agendas', '/v1/evaluations', '/v1/people'] as const
const MESSAGE = 'is not a cursor this list issued: pass nextCursor of this list unchanged'

t.test('a cursor is taken back only by the list that issued it', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  for (let i = 0; i < 2; i++) {
    await create(app, auth, { ...AGENDA, title: `Agenda ${i}` })
    t.equal((await app.inject({ method: 'POST', url: '/v1/evaluations', headers: auth, payload: EXAMPLE_PROPOSAL })).statusCode, 201)
    t.equal((await app.inject({ method: 'PUT', url: `/v1/people/p${i}@example.com`, headers: auth, payload: { timeZone: 'UTC' } })).statusCode, 201)
  }
  const cursors = new Map<string, string>()
  for (const list of LISTS) {
    const page = (await app.inject({ method: 'GET', url: `${list}?limit=1`, headers: auth })).json()
    t.type(page.nextCursor, 'string', list)
    t.match(page.nextCursor, /^[A-Za-z0-9_-]+$/, `${list}: base64url`)
    cursors.set(list, page.nextCursor)
  }
  for (const issuer of LISTS) {
    for (const list of LISTS) {
      const res = await app.inject({ method: 'GET', url: `${list}?limit=1&cursor=${cursors.get(issuer)!}`, headers: auth })
      const what = `${issuer}'s cursor on ${list}`
      if (issuer === list) {
        t.equal(res.statusCode, 200, what)
        t.equal(res.json().items.length, 1, what)
        continue
      }
      t.equal(res.statusCode, 400, what)
      t.match(res.json(), { type: '/problems/validation-error', detail: `The cursor is not one GET ${list} issued: pass the nextCursor of a page of this list unchanged.` }, what)
      t.same(res.json().errors, [{ path: '/cursor', message: MESSAGE, in: 'querystring' }], what)
    }
  }
})

t.test('a cursor of the same list filtered differently is still a position in it', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const ids = []
  for (let i = 0; i < 3; i++) ids.push((await create(app, auth, { ...AGENDA, title: `Agenda ${i}` })).id)
  const drafts = (await app.inject({ method: 'GET', url: '/v1/agendas?status=draft&limit=1', headers: auth })).json()
  const rest = (await app.inject({ method: 'GET', url: `/v1/agendas?cursor=${drafts.nextCursor}`, headers: auth })).json()
  t.same(rest.items.map((a: { id: string }) => a.id), ids.slice(1))
})
