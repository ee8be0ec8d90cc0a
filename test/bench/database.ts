// The benchmarks' server process (the production build) and a throwaway database on the local PostgreSQL, so they
// never write into a real one.
import { fork, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'

const SERVER = new URL('../../dist/scripts/bench-server.js', import.meta.url).pathname

/** Starts dist/scripts/bench-server.js with plain node, as `npm start` runs the app (`npm run bench*` build first). */
export function benchServer (databaseUrl: string | undefined): ChildProcess {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run "npm run build" first`)
  return fork(SERVER, [], {
    execArgv: ['--expose-gc'], env: { ...process.env, ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }) }
  })
}

/** Recreates `name` on the server and returns its URL, or undefined (with a note) when PostgreSQL is not reachable. */
export async function benchDatabase (serverUrl: string, name: string): Promise<string | undefined> {
  const { default: postgres } = await import('postgres')
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 3 })
  try {
    await sql.unsafe(`drop database if exists ${name} with (force)`)
    await sql.unsafe(`create database ${name}`)
  } catch (error) {
    process.stdout.write(`\nPostgreSQL not reachable at ${serverUrl}: ${(error as Error).message}; skipping its figures\n`)
    return undefined
  } finally {
    await sql.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}
