// Fuzzing every endpoint from its schemas (fast-check, fixed seed, bounded runs): valid and mutated requests never get
// a 5xx, and every 4xx is an RFC 9457 problem.
import { createHash } from 'node:crypto'
import t from 'tap'
import fc from 'fast-check'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { adminAuth, build, tenant } from '../helper.js'
import { AGENDA } from '../routes/agendas-fixtures.js'
import { EXAMPLE_PROPOSAL } from '../../src/schemas/proposal.js'
import { fromSchema, mutated, type Schema } from './arbitraries.js'

const SEED = 20261124
const RUNS = Number(process.env.FUZZ_RUNS ?? 60)

interface Parameter { in: 'path' | 'query' | 'header', name: string, required?: boolean, schema: Schema }
interface Operation { security?: Array<Record<string, unknown>>, parameters?: Parameter[], requestBody?: { content: Record<string, { schema: Schema }> } }
interface Fixtures { auth: Record<string, string>, agendaId: string, evaluationId: string, email: string }
interface Sent { options: InjectOptions, mutation: string }

const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1@example.com\r\nSUMMARY:Pick the Q3 pricing option\r\n' +
  'DTSTART;TZID=Europe/Berlin:20261201T170000\r\nDURATION:PT45M\r\nATTENDEE;ROLE=REQ-PARTICIPANT:mailto:ana@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'

/** iCalendar text: the example, the example with one line cut, replaced or repeated, or noise. */
const icsBody = fc.oneof(
  fc.constant(ICS),
  fc.tuple(fc.nat({ max: 9 }), fc.constantFrom('', 'DTSTART:garbage', 'RRULE:FREQ=SECONDLY;COUNT=999999', 'DURATION:P9999W', 'TZID:Mars/Olympus', 'ATTENDEE:\u0000', 'X'.repeat(5000)))
    .map(([line, text]) => ICS.split('\r\n').map((l, i) => i === line ? text : l).join('\r\n')),
  fc.nat({ max: 9 }).map(line => ICS.split('\r\n').flatMap((l, i) => i === line ? Array(50).fill(l) : [l]).join('\r\n')),
  fc.string({ unit: 'binary', maxLength: 200 })
)

function valueFor (parameter: Parameter, path: string, fixtures: Fixtures): fc.Arbitrary<string> {
  const generated = fromSchema(parameter.schema).map(v => String(v))
  const known = parameter.name === 'email' ? [fixtures.email] : path.includes('evaluations') ? [fixtures.evaluationId] : [fixtures.agendaId]
  const hostile = fc.constantFrom('', '%00', '..', 'x'.repeat(300), '\u00e9\u0301', 'abc', '-1', '1e9', '9'.repeat(30), '[]', 'null')
  return parameter.in === 'path'
    ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 2, arbitrary: generated }, { weight: 1, arbitrary: hostile })
    : fc.oneof({ weight: 4, arbitrary: generated }, { weight: 1, arbitrary: hostile })
}

function bodyFor (op: Operation): fc.Arbitrary<{ payload?: string, contentType?: string, mutation: string }> {
  const content = Object.entries(op.requestBody?.content ?? {})
  if (content.length === 0) return fc.constant({ mutation: 'none' })
  return fc.oneof(...content.map(([type, media]) => {
    if (type === 'text/calendar') return icsBody.map(payload => ({ payload, contentType: type, mutation: 'ics' }))
    if (type.includes('ndjson')) {
      return fc.array(fc.oneof(fc.constant(JSON.stringify(EXAMPLE_PROPOSAL)), fc.jsonValue({ maxDepth: 2 }).map(v => JSON.stringify(v)), fc.string({ maxLength: 30 })), { minLength: 0, maxLength: 5 })
        .map(lines => ({ payload: lines.join('\n'), contentType: type, mutation: 'ndjson' }))
    }
    const example = type === 'application/json' && (media.schema as { examples?: unknown[] }).examples?.[0]
    const valid = example === undefined || example === false ? fromSchema(media.schema) : fc.oneof(fc.constant(example), fromSchema(media.schema))
    return fc.oneof(
      { weight: 12, arbitrary: mutated(valid).map(({ mutation, value }) => ({ payload: value === undefined ? undefined : JSON.stringify(value), contentType: type, mutation })) },
      { weight: 1, arbitrary: fc.constantFrom('{"title":', '{"a":1,"a":2}', '\uFEFF{}', '{}'.repeat(3), '"\\u0000"', '{"title":"\\ud800"}').map(payload => ({ payload, contentType: type, mutation: 'broken-json' })) },
      { weight: 1, arbitrary: fc.constant({ payload: '{}', contentType: 'application/xml', mutation: 'wrong-content-type' }) }
    )
  }))
}

function requestFor (method: string, path: string, op: Operation, fixtures: Fixtures): fc.Arbitrary<Sent> {
  const params = op.parameters ?? []
  const pick = (where: Parameter['in']) => {
    const model: Record<string, fc.Arbitrary<string>> = {}
    for (const p of params.filter(p => p.in === where)) model[p.name] = valueFor(p, path, fixtures)
    return fc.record(model, { requiredKeys: params.filter(p => p.in === where && (p.required === true || where === 'path')).map(p => p.name) })
  }
  const auth = op.security?.length === 0 ? {} : op.security?.some(s => 'adminKey' in s) === true ? adminAuth : fixtures.auth
  return fc.record({
    pathParams: pick('path'),
    query: fc.tuple(pick('query'), fc.option(fc.constantFrom('unknown', 'limit'), { freq: 5 })).map(([q, extra]) => extra === null ? q : { ...q, [extra]: 'zz' }),
    headers: pick('header'),
    body: bodyFor(op)
  }).map(({ pathParams, query, headers, body }) => {
    const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(pathParams[name] ?? 'x'))
    const allHeaders: Record<string, string> = { ...auth, ...headers }
    if (body.contentType !== undefined && body.payload !== undefined) allHeaders['content-type'] = body.contentType
    return {
      mutation: body.mutation,
      options: { method: method.toUpperCase() as InjectOptions['method'], url, query, headers: allHeaders, ...(body.payload === undefined ? {} : { payload: body.payload }) }
    }
  })
}

/** Throws, naming the request, unless the response is below 500 and every 4xx is a well-formed problem. */
function check (sent: Sent, res: LightMyRequestResponse): void {
  const where = `${String(sent.options.method)} ${String(sent.options.url)} (${sent.mutation}) -> ${res.statusCode}`
  const shown = () => `\nrequest: ${JSON.stringify(sent.options).slice(0, 2000)}\nresponse: ${res.body.slice(0, 1000)}`
  if (res.statusCode >= 500) throw new Error(`${where}: a server error${shown()}`)
  if (res.statusCode < 400) return
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) throw new Error(`${where}: not problem+json${shown()}`)
  const body = res.json() as Record<string, unknown>
  if (typeof body.type !== 'string' || typeof body.title !== 'string' || typeof body.detail !== 'string' || body.status !== res.statusCode) {
    throw new Error(`${where}: not a problem body${shown()}`)
  }
}

async function fixturesFor (app: FastifyInstance): Promise<Fixtures> {
  const { auth } = await tenant(app, `Fuzz ${Math.random().toString(36).slice(2)}`)
  const agenda = await app.inject({ method: 'POST', url: '/v1/agendas', headers: auth, payload: AGENDA })
  const evaluation = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: auth, payload: EXAMPLE_PROPOSAL })
  const email = 'ana@example.com'
  await app.inject({ method: 'PUT', url: `/v1/people/${email}`, headers: auth, payload: { email, timeZone: 'Europe/Berlin' } })
  return { auth, agendaId: agenda.json().id, evaluationId: evaluation.json().id, email }
}

/** A stable seed per endpoint, so adding a route does not change what the others are fuzzed with. */
const seedOf = (name: string) => SEED ^ createHash('sha256').update(name).digest().readInt32BE(0)

// One app for the file (no rate limit, no load shedding: the fuzzer is the load); each test works in its own
// organisation, so the tests share no data.
const app = await build(t, { RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY: '0' })
await app.ready()
const doc = app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> }
const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method, path, op })))

t.test('the fuzz suite covers every documented operation', async t => {
  t.ok(operations.length >= 20, `${operations.length} operations`)
})

for (const { method, path, op } of operations) {
  const name = `${method.toUpperCase()} ${path}`
  t.test(`${name}: valid and mutated requests never get a 5xx, every 4xx is a problem`, async t => {
    const fixtures = await fixturesFor(app)
    const mutations = new Set<string>()
    await fc.assert(fc.asyncProperty(requestFor(method, path, op, fixtures), async sent => {
      mutations.add(sent.mutation)
      check(sent, await app.inject(sent.options))
    }), { seed: seedOf(name), numRuns: RUNS, endOnFailure: true })
    t.ok(mutations.size > 0, `mutations sent: ${[...mutations].sort().join(', ')}`)
  })
}
