// If-Match on agendas: 404 before 428 for agendas that are not the caller's, strong comparison, and actuals honouring it.
import t from 'tap'
import { build, tenant } from '../helper.js'
import { AGENDA, create } from './agendas-fixtures.js'

const MISSING = '5f0c6d0e-8a51-4c5e-9d2a-7f3c1e2d4b6a'
const CHANGED = { ...AGENDA, title: 'Pick the Q4 pricing option' }
const ACTUALS = { items: [{ index: 0, minutes: 18 }] }

t.test('a missing or foreign agenda is a 404 on PUT, DELETE and actuals, with or without If-Match', async t => {
  const app = await build(t)
  const owner = await tenant(app, 'Owner')
  const other = await tenant(app, 'Other')
  const { id } = await create(app, owner.auth)
  for (const target of [id, MISSING]) {
    const url = `/v1/agendas/${target}`
    for (const ifMatch of [undefined, '"1"', '*']) {
      const headers = { ...other.auth, ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) }
      const attempts = await Promise.all([
        app.inject({ method: 'PUT', url, headers, payload: CHANGED }),
        app.inject({ method: 'DELETE', url, headers }),
        app.inject({ method: 'PUT', url: `${url}/actuals`, headers, payload: ACTUALS })
      ])
      for (const [i, res] of attempts.entries()) {
        const what = `${['PUT', 'DELETE', 'PUT actuals'][i]} ${target === id ? 'foreign' : 'missing'} if-match ${ifMatch ?? 'none'}`
        t.equal(res.statusCode, 404, what)
        t.same(res.json(), { type: '/problems/not-found', title: 'Not Found', status: 404, detail: 'Agenda was not found' }, what)
      }
    }
  }
  const own = await app.inject({ method: 'GET', url: `/v1/agendas/${id}`, headers: owner.auth })
  t.equal(own.headers.etag, '"1"', 'the owner\'s agenda is unchanged')
  t.equal((await app.inject({ method: 'PUT', url: `/v1/agendas/${id}`, headers: owner.auth, payload: CHANGED })).statusCode, 428, 'the owner still needs If-Match')
})

t.test('If-Match compares ETags strongly, as strings: "01", "0001" and W/"1" never match "1"', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth)
  const url = `/v1/agendas/${id}`
  for (const ifMatch of ['"01"', '"0001"', 'W/"1"', '"1 "', '"01", "2"', '1']) {
    const attempts = await Promise.all([
      app.inject({ method: 'PUT', url, headers: { ...auth, 'if-match': ifMatch }, payload: CHANGED }),
      app.inject({ method: 'DELETE', url, headers: { ...auth, 'if-match': ifMatch } }),
      app.inject({ method: 'PUT', url: `${url}/actuals`, headers: { ...auth, 'if-match': ifMatch }, payload: ACTUALS })
    ])
    for (const [i, res] of attempts.entries()) {
      t.equal(res.statusCode, 412, `${['PUT', 'DELETE', 'PUT actuals'][i]} if-match ${ifMatch}`)
      t.equal(res.json().type, '/problems/precondition-failed')
    }
  }
  const now = await app.inject({ method: 'GET', url, headers: auth })
  t.equal(now.headers.etag, '"1"', 'nothing changed')
  // A weak or unquoted tag can never match: the 412 says why, so the client does not retry the same header for ever.
  const why = ': If-Match compares ETags strongly, exactly as the ETag header gives them (such as "3": quotes included, no W/).'
  const hints: Array<[string, string, string]> = [
    ['W/"1"', 'W/"1" never matches', 'PUT'], ['1', '1 never matches', 'DELETE'], ['"01", W/"1"', 'W/"1" never matches', 'GET'],
    ['"1 ", 1', '"1 ", 1 never match', 'PUT']
  ]
  for (const [ifMatch, named, method] of hints) {
    const res = await app.inject({ method: method as 'PUT', url, headers: { ...auth, 'if-match': ifMatch }, ...(method === 'PUT' ? { payload: CHANGED } : {}) })
    t.equal(res.statusCode, 412, ifMatch)
    t.ok(res.json().detail.startsWith('If-Match does not match the current version of the agenda; read it again'), ifMatch)
    t.ok(res.json().detail.endsWith(` ${named}${why}`), `${ifMatch}: ${res.json().detail}`)
  }
  t.notMatch((await app.inject({ method: 'DELETE', url, headers: { ...auth, 'if-match': '"01"' } })).json().detail, 'never matches', 'a strong tag of no version gets no hint')
  t.notOk(now.json().adherence)
  const listed = await app.inject({ method: 'PUT', url, headers: { ...auth, 'if-match': '"01" , W/"1","1"' }, payload: CHANGED })
  t.equal(listed.statusCode, 200, 'a list holding the exact tag matches')
  t.equal(listed.headers.etag, '"2"')
  t.equal((await app.inject({ method: 'DELETE', url, headers: { ...auth, 'if-match': '"3", "2"' } })).statusCode, 204)
})

t.test('recording actuals needs no If-Match, but honours one when sent', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth)
  const url = `/v1/agendas/${id}/actuals`
  const unconditional = await app.inject({ method: 'PUT', url, headers: auth, payload: ACTUALS })
  t.equal(unconditional.statusCode, 200)
  t.equal(unconditional.headers.etag, '"2"')

  const stale = await app.inject({ method: 'PUT', url, headers: { ...auth, 'if-match': '"1"' }, payload: { items: [{ index: 0, minutes: 40 }] } })
  t.equal(stale.statusCode, 412)
  t.same(stale.json(), {
    type: '/problems/precondition-failed',
    title: 'Precondition Failed',
    status: 412,
    detail: 'If-Match does not match the current version of the agenda; read it again and retry with its ETag.'
  })
  const kept = (await app.inject({ method: 'GET', url: `/v1/agendas/${id}`, headers: auth })).json()
  t.equal(kept.version, 2, 'a stale If-Match records nothing')
  t.equal(kept.items[0].actualMinutes, 18)

  const staleAndUnknown = await app.inject({ method: 'PUT', url, headers: { ...auth, 'if-match': '"1"' }, payload: { items: [{ index: 9, minutes: 5 }] } })
  t.equal(staleAndUnknown.statusCode, 412, 'the precondition is checked before the items')

  const current = await app.inject({ method: 'PUT', url, headers: { ...auth, 'if-match': '"2"' }, payload: { items: [{ index: 0, minutes: 20 }] } })
  t.equal(current.statusCode, 200)
  t.equal(current.headers.etag, '"3"')
  t.equal(current.json().items[0].actualMinutes, 20)
  const any = await app.inject({ method: 'PUT', url, headers: { ...auth, 'if-match': '*' }, payload: { items: [{ index: 1, minutes: 25 }] } })
  t.equal(any.statusCode, 200)
  t.equal(any.headers.etag, '"4"')
})
