// A throwaway database on the local PostgreSQL for the benchmarks, so they never write into a real one.

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
