// One process per embedded data directory: a second one is refused naming the holder, a dead holder's lock is taken over.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import t from 'tap'
import { sql } from 'drizzle-orm'
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../src/db/data-dir-lock.js'
import { openDatabase, rows } from '../../src/db/client.js'
import { StartupError } from '../../src/startup-errors.js'

async function tempDir (t: import('tap').Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mev-lock-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** A process that holds the lock of `dir` until it is killed; resolves with it once it holds it. */
async function holder (t: import('tap').Test, dir: string): Promise<import('node:child_process').ChildProcess> {
  const code = `import { lockDataDir } from './src/db/data-dir-lock.ts'; lockDataDir(${JSON.stringify(dir)}); console.log('locked'); setInterval(() => {}, 1000)`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const [line] = await once(createInterface({ input: child.stdout! }), 'line') as [string]
  t.equal(line, 'locked')
  return child
}

/** The pid of a process that has exited. */
async function deadPid (): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await once(child, 'exit')
  return child.pid!
}

t.test('a directory held by a live process is refused, naming its pid; once that process is gone it is taken over', async t => {
  const dir = await tempDir(t)
  const other = await holder(t, dir)
  t.equal(await readFile(join(dir, LOCK_FILE), 'utf8'), `${other.pid!}\n`)
  t.throws(() => lockDataDir(dir), { message: `${dir} is in use by another process (pid ${other.pid!}); the embedded database belongs to one process` })

  other.kill('SIGKILL')
  await once(other, 'exit')
  const release = lockDataDir(dir)
  t.equal(await readFile(join(dir, LOCK_FILE), 'utf8'), `${process.pid}\n`, 'the dead process\'s lock is now ours')
  release()
  t.same(await readdir(dir), [], 'released: no lock file, no leftover')
})

t.test('a stale lock (a pid no process has, or an earlier run of this pid) is taken over', async t => {
  const dir = await tempDir(t)
  for (const stale of [String(await deadPid()), String(process.pid), 'garbage']) {
    await writeFile(join(dir, LOCK_FILE), `${stale}\n`)
    const release = lockDataDir(dir)
    t.equal(await readFile(join(dir, LOCK_FILE), 'utf8'), `${process.pid}\n`, `lock of ${stale} taken over`)
    release()
  }
})

t.test('a second lock in the same process is refused too', async t => {
  const dir = await tempDir(t)
  const release = lockDataDir(dir)
  t.teardown(release)
  t.throws(() => lockDataDir(dir), new DataDirLockedError(dir, process.pid))
})

t.test('the embedded database: a second open is refused naming DATA_DIR; the lock goes on close', async t => {
  const dir = await tempDir(t)
  const first = await openDatabase({ dataDir: dir })
  t.teardown(() => first.close())
  await first.db.execute(sql`create table kept (n int)`)
  await t.rejects(openDatabase({ dataDir: dir }), new StartupError('DATA_DIR', `${dir} is in use by another process (pid ${process.pid}); the embedded database belongs to one process`))
  t.ok(existsSync(join(dir, LOCK_FILE)), 'the refused open left the lock alone')
  await first.close()
  t.notOk(existsSync(join(dir, LOCK_FILE)), 'close released the lock')

  const again = await openDatabase({ dataDir: dir })
  t.teardown(() => again.close())
  t.same(await rows(again.db, sql`select count(*)::int as n from kept`), [{ n: 0 }], 'reopened after the release')
})
