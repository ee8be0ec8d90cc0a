// How the embedded database (PGlite) is started, shared by the server and the child process that creates a data
// directory.
import type { PGlite, PGliteOptions } from '@electric-sql/pglite'

/** PostgreSQL's default 128 MB of shared buffers live inside PGlite's WebAssembly memory, so they count towards the
 * server's RSS; the data files are read through the operating system's page cache anyway. */
export const PGLITE_SHARED_BUFFERS = '16MB'

export function pgliteOptions (Pglite: typeof PGlite): PGliteOptions {
  return { startParams: [...Pglite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`] }
}
