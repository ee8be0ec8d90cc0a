// Logged errors keep pino's shape but never the values bound to a failed query (drizzle put them in the message,
// the stack and `params`; PGlite in its error's `params`): an API key's hash was logged at warn level.
import { createHash } from 'node:crypto'
import { Writable } from 'node:stream'
import { DrizzleQueryError } from 'drizzle-orm/errors'
import t from 'tap'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { serializeError } from '../src/log.js'
import { createOrganization, issueApiKey } from '../src/repositories/organizations.js'

const SECRET = 'c0ffee-secret-value'

t.test('a failed query is logged with its SQL and cause, without its parameter values', async t => {
  const cause = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', params: [SECRET], queryOptions: { rowMode: 'array' } })
  const err = new DrizzleQueryError('select * from api_keys where hash = $1', [SECRET, 1], cause)
  t.match(err.message, SECRET, 'drizzle puts the values in its message')
  const logged = serializeError(err)
  t.notMatch(JSON.stringify(logged), SECRET, 'no value anywhere')
  t.notMatch(JSON.stringify(logged), /params/)
  t.match(logged, {
    type: 'DrizzleQueryError',
    message: 'Failed query: select * from api_keys where hash = $1: duplicate key value violates unique constraint',
    stack: /^Error: Failed query: select \* from api_keys where hash = \$1\n {4}at [\s\S]*\ncaused by: Error: duplicate key value/,
    query: 'select * from api_keys where hash = $1'
  })
  t.notOk('params' in logged)
})

t.test('other errors are logged as pino logs them', async t => {
  const err = Object.assign(new Error('outer', { cause: new Error('inner') }), { code: 'E_X', statusCode: 500 })
  t.match(serializeError(err), { type: 'Error', message: 'outer: inner', stack: /^Error: outer\n[\s\S]*\ncaused by: Error: inner/, code: 'E_X', statusCode: 500 })
  const looped = Object.assign(new Error('loop'), { self: undefined as unknown })
  looped.self = looped
  t.match(serializeError(looped), { message: 'loop', self: '[circular]' })
  t.match(serializeError(new AggregateError([new Error('a')], 'many')), { message: 'many', aggregateErrors: [{ message: 'a' }] })
  t.equal(serializeError('not an error' as unknown as Error), 'not an error')
})

t.test('a database failure during a request is logged without the key hash it looked up', async t => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk: Buffer, _encoding, done) { lines.push(chunk.toString()); done() } })
  const config = loadConfig({ DATABASE_URL: 'memory://', ADMIN_API_KEY: 'admin-key-for-log-tests-0123456789', RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY: '0', KEY_CACHE_SECONDS: '0' })
  const app = await buildApp(config, { docsUi: false, logger: { level: 'warn', stream } })
  t.teardown(() => app.close())
  const org = await createOrganization(app.database.db, 'Acme')
  const { key } = await issueApiKey(app.database.db, org.id, 'tests')
  await app.database.close()
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy', headers: { authorization: `Bearer ${key}` } })).statusCode, 503)
  const logged = lines.join('')
  t.match(logged, /"msg":"database unavailable"/)
  t.match(logged, /Failed query: select .*api_keys.*PGlite is closed/, 'the SQL and the cause are kept')
  t.notMatch(logged, createHash('sha256').update(key).digest('hex'), 'the key hash is not logged')
  t.notMatch(logged, /params/)
})
