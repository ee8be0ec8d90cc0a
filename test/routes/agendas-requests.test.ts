// What agenda routes accept: publish takes no fields, tampered cursors are refused, and every status answered is documented.
import t from 'tap'
import { build, tenant } from '../helper.js'
import { AGENDA, create } from './agendas-fixtures.js'
import { encodeCursor } from '../../src/domain/cursor.js'
import { NOT_THIS_LISTS_CURSOR } from '../../src/errors.js'

const ID = '0b9f5f8e-4a51-4c5e-9d2a-7f3c1e2d4b6a'

t.test('publish takes no fields: unknown fields and bodies that are not an object are a 400 naming them, and publish nothing', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth)
  const url = `/v1/agendas/${id}/publish`
  const cases: Array<[string, string, string, string]> = [
    ['application/json', '{"bogus":1}', '/bogus', 'is not a known field'],
    ['application/json', '[1,2,3]', '', 'must be object'],
    ['application/json', '"publish"', '', 'must be object'],
    ['application/json', 'null', '', 'must be object']
  ]
  for (const [type, payload, path, message] of cases) {
    const res = await app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': type }, payload })
    t.equal(res.statusCode, 400, payload)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(res.json(), { type: '/problems/validation-error', status: 400, errors: [{ path, message }] }, payload)
  }
  const still = (await app.inject({ method: 'GET', url: `/v1/agendas/${id}`, headers: auth })).json()
  t.equal(still.status, 'draft', 'nothing was published')
  t.equal(still.version, 1)
})

t.test('publish accepts no body or an empty object', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth)
  const url = `/v1/agendas/${id}/publish`
  const bare = await app.inject({ method: 'POST', url, headers: auth })
  t.equal(bare.statusCode, 200)
  t.equal(bare.json().status, 'published')
  const empty = await app.inject({ method: 'POST', url, headers: auth, payload: {} })
  t.equal(empty.statusCode, 200)
  const nothing = await app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'application/json' }, payload: '' })
  t.equal(nothing.statusCode, 200, 'an empty body with a JSON Content-Type is no body')
  const plain = await app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'text/plain' }, payload: 'hello' })
  t.equal(plain.statusCode, 415, 'plain text is a type the route does not take')
  t.equal(empty.headers.etag, '"2"', 'publishing the unchanged agenda again raises no version')
})

t.test('a tampered cursor is a 400 naming /cursor on agendas and evaluations, even when it decodes to a date', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  await create(app, auth)
  const lists: Array<['agendas' | 'evaluations', string]> = [['agendas', '/v1/agendas'], ['evaluations', '/v1/evaluations']]
  for (const [list, url] of lists) {
    const of = (value: unknown) => encodeCursor(list, typeof value === 'string' ? value : JSON.stringify(value))
    const tampered = [
      of(['+275760-09-13T00:00:00.000Z', ID]),
      of(['-000001-01-01T00:00:00.000Z', ID]),
      of(['0000-01-01T00:00:00.000Z', ID]),
      of(['2026-11-24T10:00:00.000Z', ID.toUpperCase()]),
      of(`[ "2026-11-24T10:00:00.000Z", "${ID}" ]`)
    ]
    for (const cursor of tampered) {
      const res = await app.inject({ method: 'GET', url: `${url}?cursor=${cursor}`, headers: auth })
      const what = `${url} ${Buffer.from(cursor, 'base64url').toString()}`
      t.equal(res.statusCode, 400, what)
      t.same(res.json().errors, [{ path: '/cursor', message: NOT_THIS_LISTS_CURSOR, in: 'querystring' }], what)
    }
    const fine = await app.inject({ method: 'GET', url: `${url}?cursor=${of(['2026-11-24T10:00:00.000Z', ID])}`, headers: auth })
    t.equal(fine.statusCode, 200, `${url}: a well-formed cursor still reads a page`)
  }
})

// Each agenda operation with the statuses it can answer (429, 503 and 500 come with 401 from problems()).
const OPERATIONS: Array<{ method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, statuses: number[], body?: boolean }> = [
  { method: 'POST', path: '/v1/agendas', statuses: [201, 400, 401, 409, 413, 415, 422, 429, 500, 503], body: true },
  { method: 'GET', path: '/v1/agendas', statuses: [200, 400, 401, 429, 500, 503] },
  { method: 'GET', path: '/v1/agendas/{id}', statuses: [200, 304, 400, 401, 404, 412, 429, 500, 503] },
  { method: 'PUT', path: '/v1/agendas/{id}', statuses: [200, 400, 401, 404, 412, 413, 415, 422, 428, 429, 500, 503], body: true },
  { method: 'DELETE', path: '/v1/agendas/{id}', statuses: [204, 400, 401, 404, 412, 413, 415, 429, 500, 503], body: true },
  { method: 'POST', path: '/v1/agendas/{id}/publish', statuses: [200, 400, 401, 404, 413, 415, 429, 500, 503], body: true },
  { method: 'PUT', path: '/v1/agendas/{id}/actuals', statuses: [200, 400, 401, 404, 412, 413, 415, 429, 500, 503], body: true },
  { method: 'POST', path: '/v1/agendas/{id}/evaluate', statuses: [201, 400, 401, 404, 409, 413, 415, 422, 429, 500, 503], body: true }
]

t.test('every agenda operation documents each status it answers, 413 and 415 included where it reads a body', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const { id } = await create(app, auth, AGENDA)
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
  for (const op of OPERATIONS) {
    const where = `${op.method} ${op.path}`
    const documented = Object.keys(doc.paths[op.path][op.method.toLowerCase()].responses).map(Number)
    for (const status of op.statuses) t.ok(documented.includes(status), `${where} documents ${status}`)
    if (op.body !== true) continue
    const url = op.path.replace('{id}', id)
    const xml = await app.inject({ method: op.method, url, headers: { ...auth, 'content-type': 'application/xml' }, payload: '<agenda/>' })
    t.equal(xml.statusCode, 415, `${where} answers 415 to XML`)
    t.equal(xml.json().type, '/problems/unsupported-media-type')
    const huge = await app.inject({ method: op.method, url, headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'x'.repeat(1_100_000) }) })
    t.equal(huge.statusCode, 413, `${where} answers 413 to a body above 1 MiB`)
    t.equal(huge.json().type, '/problems/payload-too-large')
  }
})
