// Idempotency-Key: replays, conflicts, concurrent retries, released claims after failures, expiry, tenancy.
import type { OutgoingHttpHeaders } from 'node:http'
import t from 'tap'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { rows } from '../../src/db/client.js'
import { idempotencyKeys } from '../../src/db/schema.js'
import { fingerprint } from '../../src/plugins/idempotency.js'
import { build, tenant } from '../helper.js'
import { AGENDA } from '../routes/agendas-fixtures.js'
import { EXAMPLE_PROPOSAL } from '../../src/schemas/proposal.js'

const count = async (app: FastifyInstance, table: string) =>
  (await rows<{ n: number }>(app.database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n

function deferred () {
  let resolve!: () => void
  const promise = new Promise<void>(_resolve => { resolve = _resolve })
  return { promise, resolve }
}

t.test('a retry with the same key and body replays the first response and creates nothing', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'create-agenda-1' }
  const first = await app.inject({ method: 'POST', url: '/v1/agendas', headers, payload: AGENDA })
  t.equal(first.statusCode, 201)
  t.equal(first.headers['idempotent-replayed'], undefined)
  const again = await app.inject({ method: 'POST', url: '/v1/agendas', headers, payload: { ...AGENDA } })
  t.equal(again.statusCode, 201)
  t.equal(again.body, first.body)
  t.same([again.headers.location, again.headers.etag, again.headers['content-type'], again.headers['idempotent-replayed']],
    [first.headers.location, '"1"', 'application/json; charset=utf-8', 'true'])
  t.equal(await count(app, 'agendas'), 1)
})

t.test('the same key with another body or another route is a 422', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'k' }
  const first = await app.inject({ method: 'POST', url: '/v1/agendas', headers, payload: AGENDA })
  const other = await app.inject({ method: 'POST', url: '/v1/agendas', headers, payload: { ...AGENDA, title: 'Another' } })
  t.equal(other.statusCode, 422)
  t.same(other.json(), { type: '/problems/unprocessable-content', title: 'Unprocessable Entity', status: 422, detail: 'This Idempotency-Key was already used with a different request; send a new key for a new request.' })
  const route = await app.inject({ method: 'POST', url: `/v1/agendas/${first.json().id}/evaluate`, headers })
  t.equal(route.statusCode, 422)
  t.equal(await count(app, 'agendas'), 1)
})

t.test('concurrent retries with one key create exactly one agenda', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const results = await Promise.all(Array.from({ length: 5 }, () =>
    app.inject({ method: 'POST', url: '/v1/agendas', headers: { ...auth, 'idempotency-key': 'burst' }, payload: AGENDA })))
  t.equal(await count(app, 'agendas'), 1)
  const created = results.filter(r => r.statusCode === 201)
  const busy = results.filter(r => r.statusCode === 409)
  t.equal(created.length + busy.length, 5, 'each one is either the agenda or a 409')
  t.equal(created.filter(r => r.headers['idempotent-replayed'] === undefined).length, 1, 'one ran the handler')
  t.equal(new Set(created.map(r => r.json().id)).size, 1, 'every 201 names the same agenda')
  for (const r of busy) t.equal(r.headers['retry-after'], '1')
})

/** The options of a test route that stores: idempotent, and reading a JSON object (a route without a body schema
 * refuses a body with a 415, as a DELETE does). */
const ANY_BODY = { config: { idempotent: true }, schema: { body: { type: 'object' } } }

t.test('a duplicate while the first is still running is a 409 with Retry-After, then a replay', async t => {
  const app = await build(t)
  const started = deferred()
  const gate = deferred()
  app.post('/v1/test/slow', ANY_BODY, async (_request, reply) => {
    started.resolve()
    await gate.promise
    return reply.code(201).send({ done: true })
  })
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'slow' }
  const first = app.inject({ method: 'POST', url: '/v1/test/slow', headers, payload: { a: 1 } })
  await started.promise
  const busy = await app.inject({ method: 'POST', url: '/v1/test/slow', headers, payload: { a: 1 } })
  t.equal(busy.statusCode, 409)
  t.equal(busy.headers['retry-after'], '1')
  t.equal(busy.json().type, '/problems/conflict')
  gate.resolve()
  t.equal((await first).statusCode, 201)
  const replay = await app.inject({ method: 'POST', url: '/v1/test/slow', headers, payload: { a: 1 } })
  t.same([replay.statusCode, replay.json(), replay.headers['idempotent-replayed']], [201, { done: true }, 'true'])
})

t.test('a failed first attempt (5xx) releases the key so the retry runs', async t => {
  const app = await build(t)
  let calls = 0
  app.post('/v1/test/flaky', ANY_BODY, async (_request, reply) => {
    if (++calls === 1) throw new Error('database hiccup')
    return reply.code(201).send({ calls })
  })
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'flaky' }
  t.equal((await app.inject({ method: 'POST', url: '/v1/test/flaky', headers, payload: {} })).statusCode, 500)
  t.equal(await count(app, 'idempotency_keys'), 0, 'the claim is gone')
  const retry = await app.inject({ method: 'POST', url: '/v1/test/flaky', headers, payload: {} })
  t.same([retry.statusCode, retry.json()], [201, { calls: 2 }])
  const replay = await app.inject({ method: 'POST', url: '/v1/test/flaky', headers, payload: {} })
  t.same([replay.statusCode, replay.json(), calls], [201, { calls: 2 }, 2])
})

t.test('a refusal (4xx) is not kept: the corrected request may use the same key, as after a 400 from the schema', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'too-long' }
  const payload = { ...AGENDA, durationMinutes: 20 }
  const first = await app.inject({ method: 'POST', url: '/v1/agendas', headers, payload })
  t.equal(first.statusCode, 422)
  t.equal(await count(app, 'idempotency_keys'), 0, 'the claim is gone')
  const again = await app.inject({ method: 'POST', url: '/v1/agendas', headers, payload })
  t.same([again.statusCode, again.body, again.headers['idempotent-replayed']], [422, first.body, undefined], 'the same request is refused again')
  const invalid = await app.inject({ method: 'POST', url: '/v1/agendas', headers, payload: { ...AGENDA, items: [] } })
  t.equal(invalid.statusCode, 400)
  const fixed = await app.inject({ method: 'POST', url: '/v1/agendas', headers, payload: AGENDA })
  t.equal(fixed.statusCode, 201, 'the corrected request runs under the same key')
  const replay = await app.inject({ method: 'POST', url: '/v1/agendas', headers, payload: AGENDA })
  t.same([replay.statusCode, replay.body, replay.headers['idempotent-replayed']], [201, fixed.body, 'true'])
  t.equal(await count(app, 'agendas'), 1)
  t.equal((await app.inject({ method: 'POST', url: '/v1/agendas', headers, payload })).statusCode, 422, 'and now the key is the fixed request\'s')
})

t.test('a key that is empty, too long or not printable ASCII is a 400 naming the header', async t => {
  const app = await build(t)
  app.post('/v1/test/plain', ANY_BODY, async () => ({ ok: true }))
  const { auth } = await tenant(app)
  for (const key of ['', 'x'.repeat(256)]) {
    const res = await app.inject({ method: 'POST', url: '/v1/agendas', headers: { ...auth, 'idempotency-key': key }, payload: AGENDA })
    t.equal(res.statusCode, 400)
    t.match(res.json().errors, [{ path: '/idempotency-key', in: 'headers' }])
  }
  for (const key of ['x'.repeat(256), 'caf\u00e9']) {
    const res = await app.inject({ method: 'POST', url: '/v1/test/plain', headers: { ...auth, 'idempotency-key': key }, payload: {} })
    t.same(res.json().errors, [{ path: '/idempotency-key', message: 'must be 1 to 255 printable ASCII characters', in: 'headers' }])
  }
  t.equal(await count(app, 'agendas'), 0)
})

// Header names as sent on the wire (capitalised): the typings allow one value per lower-case name only.
t.test('an Idempotency-Key sent twice is a 400 naming the header, not the two keys joined into one', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  for (const keys of [['k1', 'k2'], ['k1', 'k1']]) {
    const headers: OutgoingHttpHeaders = { ...auth, 'Idempotency-Key': keys }
    const res = await app.inject({ method: 'POST', url: '/v1/agendas', headers, payload: AGENDA })
    t.equal(res.statusCode, 400)
    t.same(res.json().errors, [{ path: '/idempotency-key', message: 'was sent more than once; send one key', in: 'headers' }])
  }
  t.equal(await count(app, 'agendas'), 0)
  t.equal(await count(app, 'idempotency_keys'), 0)
})

t.test('an expired key is treated as absent and deleted', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const headers = { ...auth, 'idempotency-key': 'old' }
  const first = await app.inject({ method: 'POST', url: '/v1/agendas', headers, payload: AGENDA })
  await app.database.db.update(idempotencyKeys).set({ expiresAt: sql`now() - interval '1 second'` })
  const again = await app.inject({ method: 'POST', url: '/v1/agendas', headers, payload: { ...AGENDA, title: 'New body is fine now' } })
  t.equal(again.statusCode, 201)
  t.not(again.json().id, first.json().id)
  t.equal(await count(app, 'agendas'), 2)
  t.equal(await count(app, 'idempotency_keys'), 1)
})

t.test('a claim abandoned long ago by a crashed request is taken over', async t => {
  const app = await build(t)
  const { auth, organizationId } = await tenant(app)
  await app.database.db.insert(idempotencyKeys).values({
    organizationId, key: 'orphan', fingerprint: fingerprint('POST', '/v1/agendas', AGENDA), createdAt: sql`now() - interval '1 hour'`, expiresAt: sql`now() + interval '1 hour'`
  })
  const res = await app.inject({ method: 'POST', url: '/v1/agendas', headers: { ...auth, 'idempotency-key': 'orphan' }, payload: AGENDA })
  t.equal(res.statusCode, 201)
  t.equal(res.headers['idempotent-replayed'], undefined)
  t.equal(await count(app, 'agendas'), 1)
})

t.test('a run whose answer was lost (a crash or a failed save after its write) is not repeated: the retry answers with what it stored', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const loseAnswers = () => app.database.db.update(idempotencyKeys)
    .set({ statusCode: null, headers: null, body: null, createdAt: sql`now() - interval '1 hour'` })

  const evaluation = { ...EXAMPLE_PROPOSAL, asOf: '2026-11-25T10:00:00Z' }
  const headers = { ...auth, 'idempotency-key': 'lost-evaluation' }
  const first = await app.inject({ method: 'POST', url: '/v1/evaluations', headers, payload: evaluation })
  t.equal(first.statusCode, 201)
  await loseAnswers()
  const retry = await app.inject({ method: 'POST', url: '/v1/evaluations', headers, payload: evaluation })
  t.equal(retry.statusCode, 201)
  t.equal(retry.headers['idempotent-replayed'], undefined, 'the retry ran again (the answer was not saved)')
  t.same(retry.json(), first.json(), 'and answered with the evaluation the first run stored: same id, same createdAt')
  t.equal(retry.headers.location, first.headers.location)
  t.equal(await count(app, 'evaluations'), 1)
  const replay = await app.inject({ method: 'POST', url: '/v1/evaluations', headers, payload: evaluation })
  t.equal(replay.headers['idempotent-replayed'], 'true', 'the retry\'s answer was saved')
  t.equal(replay.body, retry.body)

  const agendaHeaders = { ...auth, 'idempotency-key': 'lost-agenda' }
  const created = await app.inject({ method: 'POST', url: '/v1/agendas', headers: agendaHeaders, payload: AGENDA })
  t.equal(created.statusCode, 201)
  await loseAnswers()
  const again = await app.inject({ method: 'POST', url: '/v1/agendas', headers: agendaHeaders, payload: AGENDA })
  t.equal(again.statusCode, 201)
  t.same(again.json(), created.json())
  t.equal(await count(app, 'agendas'), 1)
  t.equal(await count(app, 'agenda_items'), AGENDA.items.length)

  // The id is one use of the key: the same key used again after it expired (here with the same body) creates anew.
  await app.database.db.update(idempotencyKeys).set({ expiresAt: sql`now() - interval '1 second'` })
  const later = await app.inject({ method: 'POST', url: '/v1/evaluations', headers, payload: evaluation })
  t.equal(later.statusCode, 201)
  t.not(later.json().id, first.json().id)
  t.equal(await count(app, 'evaluations'), 2)
  t.match(first.json().id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a version 8 UUID')
  const plain = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: auth, payload: evaluation })
  t.match(plain.json().id, /^[0-9a-f]{8}-[0-9a-f]{4}-4/, 'without a key the id is random (version 4)')
})

t.test('keys belong to one organisation; without a key nothing is remembered', async t => {
  const app = await build(t)
  const a = await tenant(app, 'A')
  const b = await tenant(app, 'B')
  const one = await app.inject({ method: 'POST', url: '/v1/agendas', headers: { ...a.auth, 'idempotency-key': 'shared' }, payload: AGENDA })
  const two = await app.inject({ method: 'POST', url: '/v1/agendas', headers: { ...b.auth, 'idempotency-key': 'shared' }, payload: AGENDA })
  t.same([one.statusCode, two.statusCode, two.headers['idempotent-replayed']], [201, 201, undefined])
  t.not(one.json().id, two.json().id)
  await app.inject({ method: 'POST', url: '/v1/agendas', headers: a.auth, payload: AGENDA })
  await app.inject({ method: 'POST', url: '/v1/agendas', headers: a.auth, payload: AGENDA })
  t.equal(await count(app, 'agendas'), 4)
  t.equal(await count(app, 'idempotency_keys'), 2)
})
