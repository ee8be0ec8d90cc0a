// Process entry: read configuration, build the app, listen, and shut down gracefully on SIGTERM/SIGINT.
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { bootstrap } from './bootstrap.js'
import { ConfigError, loadConfig } from './config.js'
import { tuneHeap } from './heap.js'
import { listenFailure, StartupError } from './startup-errors.js'

/** A setting that is invalid, or valid but unusable here, is one line naming it; anything else keeps its stack. */
function failure (error: unknown): string {
  if (error instanceof ConfigError || error instanceof StartupError) return `${error.message}\n`
  return `Failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`
}

async function main (): Promise<void> {
  tuneHeap()
  const config = loadConfig()
  const app = await buildApp(config)
  closeWithGrace({ delay: config.shutdownGraceMs, logger: app.log }, async ({ signal, err }) => {
    if (err !== undefined) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    await app.close()
  })
  // Listen first, then (first start only) make and print the key: a process that cannot serve makes no key.
  await app.listen({ port: config.port, host: config.host }).catch(async (error: unknown) => {
    await app.close()
    throw listenFailure(error, config.host, config.port)
  })
  await bootstrap(app.database.db, config, app.log)
  app.log.info({ database: app.database.kind }, 'ready')
}

main().catch(error => {
  process.stderr.write(failure(error))
  process.exit(1)
})
