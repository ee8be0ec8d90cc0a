// Child process: creates the embedded database's data directory (initdb) and exits. PGlite keeps initdb's
// WebAssembly memory (about 600 MB) for the life of the instance that ran it, so the server never runs it itself.
import { PGlite } from '@electric-sql/pglite'
import { pgliteOptions } from './pglite-options.js'

const dataDir = process.argv[2]
if (dataDir === undefined) {
  process.stderr.write('usage: pglite-init <data directory>\n')
  process.exit(2)
}
try {
  const db = new PGlite(dataDir, pgliteOptions(PGlite))
  await db.waitReady
  await db.close()
} catch (error) {
  // Emscripten's file-system errors carry only an errno.
  const { message, errno } = error as { message?: string, errno?: number }
  process.stderr.write(`${message ?? 'PGlite failed'}${errno === undefined ? '' : ` (errno ${errno})`}\n`)
  process.exit(1)
}
