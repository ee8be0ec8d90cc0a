// One process per embedded data directory: a lock file holding the owner's pid, taken over once that process is gone.
import { randomBytes } from 'node:crypto'
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const LOCK_FILE = 'meeting-evaluator.lock'

export class DataDirLockedError extends Error {
  constructor (readonly dataDir: string, readonly pid: number) {
    super(`${dataDir} is in use by another process (pid ${pid}); the embedded database belongs to one process`)
  }
}

/** Locks this process holds: its own pid in a lock it does not hold is an earlier run's (a container's pid 1). */
const held = new Set<string>()

/** false only when no process has this pid (EPERM: it exists, owned by another user). */
function alive (pid: number, lock: string): boolean {
  if (pid === process.pid) return held.has(lock)
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

function holder (lock: string): { pid: number, ino: number } | undefined {
  try {
    const ino = statSync(lock).ino
    return { pid: Number.parseInt(readFileSync(lock, 'utf8'), 10), ino }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Puts back a live owner's lock moved aside by mistake; if yet another process made one meanwhile, that one stands. */
function restore (aside: string, lock: string): void {
  try {
    linkSync(aside, lock)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
}

/**
 * Takes the lock of `dataDir` (which must exist) and returns its release. The lock file is written whole under a
 * name of this process's own, then linked into place (a link fails if the name exists: only one process can
 * create it). A lock whose process is gone is moved aside and linked anew; if what was moved is not that stale
 * file (another process took it over in between), it is put back and its owner wins.
 */
export function lockDataDir (dataDir: string): () => void {
  const lock = join(dataDir, LOCK_FILE)
  const mine = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`
  writeFileSync(mine, `${process.pid}\n`)
  try {
    for (;;) {
      try {
        linkSync(mine, lock)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const owner = holder(lock)
      if (owner === undefined) continue
      if (Number.isSafeInteger(owner.pid) && owner.pid > 0 && alive(owner.pid, lock)) throw new DataDirLockedError(dataDir, owner.pid)
      const aside = `${mine}.stale`
      try {
        renameSync(lock, aside)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
        throw error
      }
      if (statSync(aside).ino !== owner.ino) restore(aside, lock)
      unlinkSync(aside)
    }
  } finally {
    unlinkSync(mine)
  }
  const ino = statSync(lock).ino
  held.add(lock)
  let released = false
  const release = (): void => {
    if (released) return
    released = true
    held.delete(lock)
    process.removeListener('exit', release)
    try {
      if (statSync(lock).ino === ino) unlinkSync(lock)
    } catch {}
  }
  // process.exit() without a close (a failed start) still frees the directory; a kill -9 leaves a stale lock.
  process.on('exit', release)
  return release
}
