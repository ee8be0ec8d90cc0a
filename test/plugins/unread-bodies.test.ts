// Bodies no route reads: a DELETE's body is a 415 (an empty one is no body), a request no route answers keeps its 404 or 405.
import t from 'tap'
import { build, tenant } from '../helper.js'

t.test('a DELETE sent with a JSON body is a 415 like any other body, and deletes nothing', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const person = '/v1/people/ana@example.com'
  const put = await app.inject({ method: 'PUT', url: person, headers: auth, payload: { timeZone: 'Europe/Berlin' } })
  t.equal(put.statusCode, 201)
  const res = await app.inject({ method: 'DELETE', url: person, headers: { ...auth, 'content-type': 'application/json' }, payload: '{"confirm":true}' })
  t.same([res.statusCode, res.json().type, res.json().detail],
    [415, '/problems/unsupported-media-type', 'This route reads no body: send the request without one (it came with Content-Type "application/json").'])
  t.equal((await app.inject({ method: 'GET', url: person, headers: auth })).statusCode, 200, 'the person is still there')
  t.equal((await app.inject({ method: 'DELETE', url: person, headers: auth })).statusCode, 204, 'without the body it is deleted')
  await app.inject({ method: 'PUT', url: person, headers: auth, payload: { timeZone: 'Europe/Berlin' } })
  const empty = await app.inject({ method: 'DELETE', url: person, headers: { ...auth, 'content-type': 'application/json' } })
  t.equal(empty.statusCode, 204, 'a Content-Type without a body is no body: the DELETE is done')
  const unrouted = await app.inject({ method: 'POST', url: '/v1/nothing-here', headers: { ...auth, 'content-type': 'application/json' }, payload: '{}' })
  t.equal(unrouted.statusCode, 404, 'a path no route has stays a 404 whatever its body')
})

t.test('a request no route answers is a 404 or 405 whatever body it carries, never a 415 or a body problem', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n'
  const cases: Array<[string, string, string, string, number]> = [
    ['POST', '/mev/api/v1/evaluations/batch', 'text/calendar', ics, 404],
    ['POST', '/v1/nothing-here', 'application/json', 'not json', 404],
    ['POST', '/v1/nothing-here', 'application/json', '', 404],
    ['POST', '/health', 'text/calendar', ics, 405],
    ['POST', '/health', 'application/json', '{', 405]
  ]
  for (const [method, url, type, payload, status] of cases) {
    const res = await app.inject({ method: method as 'POST', url, headers: { ...auth, 'content-type': type }, payload })
    t.equal(res.statusCode, status, `${method} ${url} with ${type} ${JSON.stringify(payload)}`)
    t.match(res.json().type, status === 404 ? '/problems/not-found' : '/problems/method-not-allowed')
  }
})
