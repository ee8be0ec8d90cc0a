// The cap on concurrent client connections, below the process's descriptor limit: out of descriptors a connection
// flood made the memory sampler throw EMFILE and took the process down; over the cap Node closes new connections.
import { readFileSync } from 'node:fs'

/** Descriptors kept for everything but client connections: the database pool (10) and its listener, Redis, the
 * embedded database's files, logs, /proc reads and Node's own handles. */
export const DESCRIPTOR_RESERVE = 128

/** The soft "Max open files" limit from the text of /proc/self/limits; undefined when absent or unlimited. */
export function softDescriptorLimit (limits: string): number | undefined {
  const match = /^Max open files\s+(\d+|unlimited)\s+/m.exec(limits)
  if (match === null || match[1] === 'unlimited') return undefined
  return Number(match[1])
}

/** How many client connections to take at once under a descriptor limit: the limit less the reserve (half the limit
 * when the limit is small); undefined, no cap, when the limit is unknown. */
export function connectionCap (limits: string | undefined): number | undefined {
  const limit = limits === undefined ? undefined : softDescriptorLimit(limits)
  if (limit === undefined) return undefined
  return Math.max(1, limit > 2 * DESCRIPTOR_RESERVE ? limit - DESCRIPTOR_RESERVE : Math.floor(limit / 2))
}

/** The cap for this process (Linux: from /proc/self/limits; elsewhere none). */
export function processConnectionCap (): number | undefined {
  let limits: string | undefined
  try {
    limits = readFileSync('/proc/self/limits', 'utf8')
  } catch {
    limits = undefined
  }
  return connectionCap(limits)
}
