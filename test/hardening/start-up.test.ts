// The process at start: a setting that does not work is one line naming it (exit 1), a port in use makes no
// first-start key, a second process on one DATA_DIR is refused, and SIGTERM before ready stops cleanly (exit 0).
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import t from 'tap'
import { sql } from 'drizzle-orm'
import { openDatabase, rows } from '../../src/db/client.js'
import { postgresUrl, throwawayDatabase } from './infra.js'
import { freePort } from '../free-port.js'

type Test = import('tap').Test
const PASSWORD = 's3cret-pw'

interface Run { child: ChildProcess, lines: Array<Record<string, unknown>>, stderr: () => string, exited: Promise<number | null>, line: (msg: string) => Promise<void> }

/** src/server.ts in a child process with `env` over a neutral environment; stdout is pino JSON lines. */
function server (t: Test, env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, LOG_LEVEL: 'info', ADMIN_API_KEY: '', REDIS_URL: '', DATABASE_URL: '', DATA_DIR: '', HOST: '', MAX_EVENT_LOOP_DELAY: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const lines: Array<Record<string, unknown>> = []
  const waiting = new Map<string, () => void>()
  createInterface({ input: child.stdout! }).on('line', text => {
    const entry = JSON.parse(text) as Record<string, unknown>
    lines.push(entry)
    waiting.get(String(entry.msg))?.()
  })
  let stderr = ''
  child.stderr!.on('data', (data: Buffer) => { stderr += data.toString() })
  const exited = new Promise<number | null>(resolve => { child.on('exit', code => { resolve(code) }) })
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    line: msg => new Promise(resolve => { waiting.set(msg, resolve) })
  }
}

async function listening (t: Test, server: Server): Promise<number> {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => server.close())
  return (server.address() as { port: number }).port
}

async function organisations (url: string): Promise<number> {
  const database = await openDatabase({ databaseUrl: url, dataDir: '' })
  try {
    const [found] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from organizations`)
    return found!.n
  } finally {
    await database.close()
  }
}

/** The child's whole stderr: exactly `wanted` (a string or pattern) and one line, with no stack and no password. */
function oneLine (t: Test, run: Run, wanted: string | RegExp): void {
  const text = run.stderr()
  if (typeof wanted === 'string') t.equal(text, `${wanted}\n`)
  else t.match(text, wanted)
  t.equal(text.split('\n').length, 2, 'one line')
  t.notMatch(text, /\n\s+at /, 'no stack')
  t.notMatch(text, PASSWORD, 'no password')
  t.notOk(run.lines.some(l => 'apiKey' in l), 'no key printed')
}

t.test('a port in use: HOST/PORT in one line, exit 1, no first-start key made; the next start prints it before ready', async t => {
  const url = await throwawayDatabase(t, await postgresUrl())
  const port = await listening(t, createServer())
  const blocked = server(t, { DATABASE_URL: url, PORT: String(port) })
  t.equal(await blocked.exited, 1)
  oneLine(t, blocked, `HOST/PORT: cannot listen on 127.0.0.1:${port} (EADDRINUSE: address already in use)`)
  t.equal(await organisations(url), 0, 'the database is still empty: the next start will make the key')

  const next = server(t, { DATABASE_URL: url, PORT: String(await freePort()) })
  await next.line('ready')
  const key = next.lines.findIndex(l => typeof l.apiKey === 'string')
  t.ok(key >= 0 && key < next.lines.findIndex(l => l.msg === 'ready'), 'the key is printed, before ready')
  next.child.kill('SIGTERM')
  t.equal(await next.exited, 0)
})

t.test('settings that do not work are one line naming the variable, exit 1, no stack, no password', async t => {
  const serverUrl = new URL(await postgresUrl())
  const closed = await freePort()
  const dir = await mkdtemp(join(tmpdir(), 'mev-startup-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await writeFile(join(dir, 'a-file'), '')
  const missing = new URL(serverUrl)
  missing.username = 'postgres'
  missing.password = PASSWORD
  missing.pathname = '/mev_no_such_database'
  const port = String(await freePort())
  const cases: Array<[Record<string, string>, string | RegExp]> = [
    [{ HOST: 'nonexistent.invalid', DATABASE_URL: 'memory://' }, /^HOST: cannot resolve nonexistent\.invalid \((ENOTFOUND|EAI_AGAIN)\)\n$/],
    [{ HOST: '192.0.2.1', DATABASE_URL: 'memory://' }, `HOST/PORT: cannot listen on 192.0.2.1:${port} (EADDRNOTAVAIL: address not available)`],
    [{ DATABASE_URL: `postgres://postgres:${PASSWORD}@127.0.0.1:${closed}/x` }, `DATABASE_URL: cannot connect to 127.0.0.1:${closed} (ECONNREFUSED)`],
    [{ DATABASE_URL: `postgres://postgres:${PASSWORD}@nohost.invalid/x` }, /^DATABASE_URL: cannot resolve host nohost\.invalid \((ENOTFOUND|EAI_AGAIN)\)\n$/],
    [{ DATABASE_URL: missing.toString() }, `DATABASE_URL: database "mev_no_such_database" does not exist (3D000, at ${serverUrl.hostname}:${serverUrl.port || '5432'})`],
    [{ DATA_DIR: join(dir, 'a-file') }, `DATA_DIR: ${join(dir, 'a-file')} is a file, not a directory (EEXIST)`]
  ]
  for (const [env, wanted] of cases) {
    const run = server(t, { PORT: port, ...env })
    t.equal(await run.exited, 1, JSON.stringify(env))
    oneLine(t, run, wanted)
  }
})

t.test('a second process on one DATA_DIR is refused naming the directory and the holder\'s pid', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'mev-startup-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  // The holder takes the lock as the server does; the refusal comes before the (slow) creation of the database.
  const code = `import { lockDataDir } from './src/db/data-dir-lock.ts'; lockDataDir(${JSON.stringify(dir)}); console.log('{"msg":"locked"}'); setInterval(() => {}, 1000)`
  const holder = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => { if (holder.exitCode === null && holder.signalCode === null) holder.kill('SIGKILL') })
  await once(createInterface({ input: holder.stdout! }), 'line')
  const second = server(t, { DATA_DIR: dir, PORT: String(await freePort()) })
  t.equal(await second.exited, 1)
  oneLine(t, second, `DATA_DIR: ${dir} is in use by another process (pid ${holder.pid!}); the embedded database belongs to one process`)
})

t.test('SIGTERM during start-up: one line, start-up stops without serving or making a key, exit 0', async t => {
  const url = new URL(await throwawayDatabase(t, await postgresUrl()))
  const target = { host: url.hostname, port: Number(url.port || 5432) }
  // Connections to PostgreSQL are held (start-up waits on its first query) until the test lets them through.
  const held: Socket[] = []
  let released = false
  const forward = (client: Socket): void => {
    const upstream = connect(target)
    client.pipe(upstream).pipe(client)
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
    client.on('close', () => upstream.destroy())
  }
  let onHeld: () => void = () => {}
  const gate = createServer(client => { if (released) forward(client); else { held.push(client); onHeld() } })
  const gatePort = await listening(t, gate)
  t.teardown(() => { for (const socket of held) socket.destroy() })
  const firstConnection = new Promise<void>(resolve => { onHeld = resolve })
  const databaseUrl = new URL(url)
  databaseUrl.host = `127.0.0.1:${gatePort}`

  const run = server(t, { DATABASE_URL: databaseUrl.toString(), PORT: String(await freePort()) })
  await firstConnection
  const said = new Promise<void>(resolve => { run.child.stderr!.on('data', () => { if (run.stderr().includes('\n')) resolve() }) })
  run.child.kill('SIGTERM')
  await said
  released = true
  for (const client of held) forward(client)
  t.equal(await run.exited, 0)
  t.equal(run.stderr(), 'SIGTERM: stopping before start-up finished\n')
  t.notOk(run.lines.some(l => l.msg === 'ready'), 'never ready')
  t.equal(await organisations(url.toString()), 0, 'no first-start key was made')
})
