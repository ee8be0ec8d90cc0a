// Start-up failures a setting explains are named by that setting, in one line, without the database password.
import { once } from 'node:events'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { openDatabase } from '../src/db/client.js'
import { databaseFailure, dataDirFailure, listenFailure, StartupError } from '../src/startup-errors.js'
import { freePort as closedPort } from './free-port.js'

async function failureOf (run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

t.test('listening: a port in use and an address not ours are HOST/PORT, an unknown host is HOST', async t => {
  const taken = createServer().listen(0, '127.0.0.1')
  await once(taken, 'listening')
  t.teardown(() => taken.close())
  const { port } = taken.address() as { port: number }
  const inUse = await failureOf(async () => { const s = createServer().listen(port, '127.0.0.1'); await once(s, 'listening') })
  t.same(listenFailure(inUse, '127.0.0.1', port), new StartupError('HOST/PORT', `cannot listen on 127.0.0.1:${port} (EADDRINUSE: address already in use)`))
  t.equal(listenFailure(inUse, '::1', port).message, `HOST/PORT: cannot listen on [::1]:${port} (EADDRINUSE: address already in use)`)
  const unknown = Object.assign(new Error('getaddrinfo ENOTFOUND nonexistent.invalid'), { code: 'ENOTFOUND', syscall: 'getaddrinfo' })
  t.equal(listenFailure(unknown, 'nonexistent.invalid', 3000).message, 'HOST: cannot resolve nonexistent.invalid (ENOTFOUND)')
  const bug = new TypeError('not a system error')
  t.equal(listenFailure(bug, '127.0.0.1', 3000), bug, 'anything else is left as it is')
})

t.test('DATABASE_URL: refused, unknown host and unknown database are named without the password', async t => {
  const port = await closedPort()
  const refusedUrl = `postgres://postgres:s3cret-pw@127.0.0.1:${port}/x`
  const refused = await failureOf(async () => { const db = await openDatabase({ databaseUrl: refusedUrl, dataDir: '' }); try { await db.ping() } finally { await db.close() } })
  t.same(databaseFailure(refused, refusedUrl), new StartupError('DATABASE_URL', `cannot connect to 127.0.0.1:${port} (ECONNREFUSED)`))

  const unknown = Object.assign(new Error('getaddrinfo ENOTFOUND nohost.invalid'), { code: 'ENOTFOUND', syscall: 'getaddrinfo' })
  t.equal(databaseFailure(unknown, 'postgres://u:s3cret-pw@nohost.invalid/x').message, 'DATABASE_URL: cannot resolve host nohost.invalid (ENOTFOUND)')

  const missing = Object.assign(new Error('database "nope" does not exist'), { code: '3D000', severity: 'FATAL' })
  t.equal(databaseFailure(missing, 'postgres://u:s3cret-pw@db.internal:6543/nope').message, 'DATABASE_URL: database "nope" does not exist (3D000, at db.internal:6543)')
  const timeout = Object.assign(new Error('write CONNECT_TIMEOUT db.internal:5432'), { code: 'CONNECT_TIMEOUT' })
  t.equal(databaseFailure(timeout, 'postgres://db.internal/x').message, 'DATABASE_URL: cannot connect to db.internal:5432 (CONNECT_TIMEOUT)')
  const bug = Object.assign(new Error('syntax error at or near "selec"'), { code: '42601', severity: 'ERROR' })
  t.equal(databaseFailure(bug, 'postgres://db.internal/x'), bug, 'a query error is not the setting\'s fault')
})

t.test('DATA_DIR: a file, an unwritable or unreadable directory', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'mev-startup-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const file = join(dir, 'a-file')
  await writeFile(file, '')
  await t.rejects(openDatabase({ dataDir: file }), new StartupError('DATA_DIR', `${file} is a file, not a directory (EEXIST)`))
  await t.rejects(openDatabase({ dataDir: join(file, 'below') }), { message: `DATA_DIR: cannot use ${join(file, 'below')} (ENOTDIR: not a directory)` })
  // Tests may run as root, which no permission stops: the error as fs raises it.
  const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/srv/data'"), { code: 'EACCES', errno: -13, syscall: 'mkdir', path: '/srv/data' })
  t.equal(dataDirFailure(denied, '/srv/data').message, 'DATA_DIR: cannot use /srv/data (EACCES: permission denied)')

  // An existing directory PGlite cannot read (here: PG_VERSION and nothing else).
  const broken = join(dir, 'broken')
  await mkdir(broken)
  await writeFile(join(broken, 'PG_VERSION'), '17\n')
  await t.rejects(openDatabase({ dataDir: broken }), { message: `DATA_DIR: the embedded database in ${broken} cannot be opened (PGlite failed to initialize properly)` })
  t.same(await readdir(broken), ['PG_VERSION'], 'the failed open released its lock')
})
