// Process entry: read configuration, build the app, listen, and shut down gracefully on SIGTERM/SIGINT.
import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { bootstrap } from './bootstrap.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { tuneHeap } from './heap.js'
import { listenFailure, StartupError } from './startup-errors.js'

/** Until the service is ready, SIGTERM/SIGINT let the current step finish, close what is open and exit 0. */
function stopDuringStartUp (graceMs: number): { stopping: () => boolean, done: () => void } {
  let signalled = false
  const onSignal = (signal: NodeJS.Signals): void => {
    signalled = true
    process.stderr.write(`${signal}: stopping before start-up finished\n`)
    setTimeout(() => {
      process.stderr.write(`start-up did not stop within SHUTDOWN_GRACE_MS (${graceMs} ms)\n`)
      process.exit(1)
    }, graceMs).unref()
  }
  process.once('SIGTERM', onSignal)
  process.once('SIGINT', onSignal)
  return {
    stopping: () => signalled,
    done: () => {
      process.removeListener('SIGTERM', onSignal)
      process.removeListener('SIGINT', onSignal)
    }
  }
}

/** Builds the app, listens, then (first start only) creates the default organisation and prints its key: a key is
 * never made by a process that could not serve it. Undefined when a signal came first (what was opened is closed). */
async function start (config: Config, stopping: () => boolean): Promise<FastifyInstance | undefined> {
  const app = await buildApp(config)
  try {
    if (!stopping()) {
      await app.listen({ port: config.port, host: config.host }).catch((error: unknown) => {
        throw listenFailure(error, config.host, config.port)
      })
    }
    if (!stopping()) await bootstrap(app.database.db, config, app.log)
  } catch (error) {
    await app.close()
    throw error
  }
  if (!stopping()) return app
  await app.close()
  return undefined
}

/** A setting that is invalid, or valid but unusable here, is one line naming it; anything else keeps its stack. */
function failure (error: unknown): string {
  if (error instanceof ConfigError || error instanceof StartupError) return `${error.message}\n`
  return `Failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`
}

async function main (): Promise<void> {
  tuneHeap()
  const config = loadConfig()
  const startUp = stopDuringStartUp(config.shutdownGraceMs)
  const app = await start(config, startUp.stopping).catch((error: unknown) => {
    if (!startUp.stopping()) throw error
    process.stderr.write(failure(error)) // asked to stop anyway: said, but not a failure
    return undefined
  })
  startUp.done()
  if (app === undefined) process.exit(0)
  closeWithGrace({ delay: config.shutdownGraceMs, logger: app.log }, async ({ signal, err }) => {
    if (err !== undefined) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    await app.close()
  })
  app.log.info({ database: app.database.kind, maxConnections: app.server.maxConnections }, 'ready')
}

main().catch(error => {
  process.stderr.write(failure(error))
  process.exit(1)
})
