// Rate limits per API key and, for failed authentication, per client address: IETF RateLimit headers, 429
// problem+json with Retry-After, probes exempt, 0 turns them off.
import t from 'tap'
import { openApiDocument } from '../../src/openapi-document.js'
import { createOrganization, issueApiKey, revokeApiKey } from '../../src/repositories/organizations.js'
import { build, tenant } from '../helper.js'

type Test = import('tap').Test

const LIMITED = { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW: '1 minute' }

t.test('responses carry the RateLimit and RateLimit-Policy headers of the caller\'s key', async t => {
  const app = await build(t, LIMITED)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })
  t.equal(res.statusCode, 200)
  t.match(res.headers, {
    'ratelimit-limit': '3',
    'ratelimit-remaining': '2',
    'ratelimit-reset': /^\d+$/,
    ratelimit: /^limit=3, remaining=2, reset=\d+$/,
    'ratelimit-policy': '3;w=60'
  })
})

t.test('a key over its limit gets a 429 problem with Retry-After', async t => {
  const app = await build(t, LIMITED)
  const { auth } = await tenant(app)
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).statusCode, 200)
  const res = await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })
  t.equal(res.statusCode, 429)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(res.headers['retry-after'], /^[1-9]\d*$/)
  t.equal(res.headers['ratelimit-remaining'], '0')
  t.match(res.json(), { type: '/problems/too-many-requests', title: 'Too Many Requests', status: 429, detail: /^Rate limit of 3 requests per 60 seconds exceeded for this API key; retry in / })
})

t.test('each API key has its own budget', async t => {
  const app = await build(t, LIMITED)
  const first = await tenant(app, 'First')
  const second = await tenant(app, 'Second')
  for (let i = 0; i < 4; i++) await app.inject({ method: 'GET', url: '/v1/policy', headers: first.auth })
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: first.auth })).statusCode, 429)
  const other = await app.inject({ method: 'GET', url: '/v1/policy', headers: second.auth })
  t.equal(other.statusCode, 200)
  t.equal(other.headers['ratelimit-remaining'], '2')
})

t.test('requests without a key are limited by address, before authentication', async t => {
  const app = await build(t, LIMITED)
  const statuses: number[] = []
  let last
  for (let i = 0; i < 4; i++) {
    last = await app.inject({ method: 'GET', url: '/v1/policy' })
    statuses.push(last.statusCode)
  }
  t.same(statuses, [401, 401, 401, 429])
  t.match(last?.json().detail, /^Rate limit of 3 requests per 60 seconds exceeded for requests sent without an API key from this address; retry in /, 'not "for this API key": none was sent')
})

t.test('behind a trusted proxy, requests without a key are limited by the client address it forwards', async t => {
  const app = await build(t, { ...LIMITED, TRUST_PROXY: '127.0.0.1' })
  const from = (client: string) => app.inject({ method: 'GET', url: '/v1/policy', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } })
  const statuses: number[] = []
  for (let i = 0; i < 4; i++) statuses.push((await from('203.0.113.7')).statusCode)
  t.same(statuses, [401, 401, 401, 429], 'one client runs out of its budget')
  t.equal((await from('198.51.100.9')).statusCode, 401, 'another client behind the same proxy still has its own')
  const untrusted = await build(t, LIMITED)
  const spoofed: number[] = []
  for (let i = 0; i < 4; i++) spoofed.push((await untrusted.inject({ method: 'GET', url: '/v1/policy', remoteAddress: '192.0.2.1', headers: { 'x-forwarded-for': `203.0.113.${i}` } })).statusCode)
  t.same(spoofed, [401, 401, 401, 429], 'without TRUST_PROXY a forged X-Forwarded-For does not buy a fresh budget')
})

/** A key-shaped token that no organisation holds, different on each call (a client rotating junk keys). */
let junkSerial = 0
const junkKey = () => ({ authorization: `Bearer mev_${String(++junkSerial).padStart(40, 'J')}` })

const FAILED_AUTH = /^Too many failed authentications from this address: more than 3 requests without a valid API key in 60 seconds; retry in \d+ seconds?\.$/

function expectFailedAuth429 (t: Test, res: { statusCode: number, headers: Record<string, unknown>, json: () => any }): void {
  t.equal(res.statusCode, 429)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(res.headers['retry-after'], /^[1-9]\d*$/)
  t.equal(res.headers['ratelimit-remaining'], '0', 'the headers describe the address\'s failure budget')
  t.match(res.json(), { type: '/problems/too-many-requests', status: 429, detail: FAILED_AUTH })
}

t.test('a client rotating invalid keys from one address is limited like any other caller', async t => {
  const app = await build(t, LIMITED)
  const statuses: number[] = []
  for (let i = 0; i < 3; i++) statuses.push((await app.inject({ method: 'GET', url: '/v1/policy', headers: junkKey() })).statusCode)
  t.same(statuses, [401, 401, 401], 'each token is new, so its own bucket is never full')
  expectFailedAuth429(t, await app.inject({ method: 'GET', url: '/v1/policy', headers: junkKey() }))
  expectFailedAuth429(t, await app.inject({ method: 'GET', url: '/v1/policy', headers: { authorization: 'Bearer not-even-a-key' } }))
  expectFailedAuth429(t, await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: junkKey(), payload: { name: 'X' } }))
})

t.test('missing, malformed and unknown credentials count in one budget per address', async t => {
  const app = await build(t, LIMITED)
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy' })).statusCode, 401)
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: { authorization: 'Basic abc' } })).statusCode, 401)
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: junkKey() })).statusCode, 401)
  expectFailedAuth429(t, await app.inject({ method: 'GET', url: '/v1/policy', headers: junkKey() }))
})

t.test('a revoked key counts as a failure', async t => {
  const app = await build(t, LIMITED)
  const org = await createOrganization(app.database.db, 'Acme')
  const issued = await issueApiKey(app.database.db, org.id, 'tests')
  const auth = { authorization: `Bearer ${issued.key}` }
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).statusCode, 200)
  t.ok(await revokeApiKey(app.database.db, issued.id))
  for (let i = 0; i < 2; i++) t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).statusCode, 401)
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: junkKey() })).statusCode, 401)
  expectFailedAuth429(t, await app.inject({ method: 'GET', url: '/v1/policy', headers: junkKey() }))
})

t.test('a valid key is not locked out by another client\'s failures from the same address', async t => {
  const app = await build(t, LIMITED)
  const { auth } = await tenant(app)
  for (let i = 0; i < 4; i++) await app.inject({ method: 'GET', url: '/v1/policy', headers: junkKey() })
  expectFailedAuth429(t, await app.inject({ method: 'GET', url: '/v1/policy', headers: junkKey() }))
  const first = await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })
  t.equal(first.statusCode, 200, 'a key not used before from this address')
  t.equal(first.headers['ratelimit-remaining'], '2', 'its own budget, untouched by the failures')
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).statusCode, 200)
  t.match((await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })).json(), { status: 429, detail: /for this API key/ }, 'and its own limit still holds')
  expectFailedAuth429(t, await app.inject({ method: 'GET', url: '/v1/policy', headers: junkKey() }))
})

t.test('behind a trusted proxy, failed authentication is counted per forwarded client address', async t => {
  const app = await build(t, { ...LIMITED, TRUST_PROXY: '127.0.0.1' })
  const from = (client: string) => app.inject({ method: 'GET', url: '/v1/policy', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client, ...junkKey() } })
  const statuses: number[] = []
  for (let i = 0; i < 4; i++) statuses.push((await from('203.0.113.7')).statusCode)
  t.same(statuses, [401, 401, 401, 429], 'one client runs out of its budget')
  t.equal((await from('198.51.100.9')).statusCode, 401, 'another client behind the same proxy still has its own')
})

t.test('RATE_LIMIT_MAX=0 does not limit failed authentication either', async t => {
  const app = await build(t, { RATE_LIMIT_MAX: '0' })
  for (let i = 0; i < 6; i++) t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: junkKey() })).statusCode, 401)
})

t.test('/health and /ready are never limited', async t => {
  const app = await build(t, { ...LIMITED, RATE_LIMIT_MAX: '1' })
  for (let i = 0; i < 5; i++) {
    for (const url of ['/health', '/ready']) {
      const res = await app.inject({ method: 'GET', url })
      t.equal(res.statusCode, 200, `${url} #${i}`)
      t.notOk('ratelimit-limit' in res.headers, `${url} carries no rate-limit header`)
    }
  }
})

t.test('RATE_LIMIT_MAX=0 turns rate limiting off', async t => {
  const app = await build(t, { RATE_LIMIT_MAX: '0' })
  const { auth } = await tenant(app)
  for (let i = 0; i < 5; i++) {
    const res = await app.inject({ method: 'GET', url: '/v1/policy', headers: auth })
    t.equal(res.statusCode, 200)
    t.notOk('ratelimit-limit' in res.headers)
  }
})

t.test('the OpenAPI document lists 429 with Retry-After, and the rate-limit headers, for every route that takes a key', async t => {
  const doc = JSON.parse(await openApiDocument()) as { paths: Record<string, Record<string, { security?: unknown[], responses: Record<string, { headers?: Record<string, unknown> }> }>> }
  let checked = 0
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (Array.isArray(op.security) && op.security.length === 0) continue // public probes
      const where = `${method.toUpperCase()} ${path}`
      t.ok(op.responses['429']?.headers?.['Retry-After'], `${where} documents 429 with Retry-After`)
      const success = Object.entries(op.responses).find(([status]) => status.startsWith('2'))
      t.ok(success?.[1].headers?.RateLimit, `${where} documents the RateLimit header`)
      checked++
    }
  }
  t.ok(checked > 10)
})
