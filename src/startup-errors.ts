// Start-up failures a setting explains (a port in use, a database that does not answer): one line naming the variable.

/** A valid setting that does not work here; the process prints the message alone (no stack) and exits 1. */
export class StartupError extends Error {
  constructor (readonly variable: string, reason: string) {
    super(`${variable}: ${reason}`)
  }
}

type Failure = Error & { code?: unknown, syscall?: unknown, severity?: unknown }

const codeOf = (error: unknown): string | undefined =>
  error instanceof Error && typeof (error as Failure).code === 'string' ? (error as Failure).code as string : undefined

/** "EACCES: permission denied" out of "EACCES: permission denied, mkdir '/x'" or "listen EACCES: permission denied 0.0.0.0:80". */
function systemReason (error: Error, code: string): string {
  const found = new RegExp(`${code}: ([^,]*?)(?:,| [^ ]*:\\d+$|$)`).exec(error.message)
  return found === null ? code : `${code}: ${found[1]!}`
}

/** HOST/PORT when listening fails for a reason of the system (address in use or not ours, host unknown). */
export function listenFailure (error: unknown, host: string, port: number): Error {
  const code = codeOf(error)
  if (code === undefined || !/^E[A-Z]+$/.test(code)) return error as Error
  if ((error as Failure).syscall === 'getaddrinfo') return new StartupError('HOST', `cannot resolve ${host} (${code})`)
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
  return new StartupError('HOST/PORT', `cannot listen on ${address} (${systemReason(error as Error, code)})`)
}

/** PostgreSQL codes that say the server, the database, the role or its rights are not what DATABASE_URL expects:
 * connection failures (08), authorisation (28), no such database (3D000), no privilege (42501), too many
 * connections (53300), server starting or shutting down (57P0x). */
const POSTGRES_SETTING = /^(08|28|3D000$|42501$|53300$|57P0)/

/** The error itself, or the driver's error that drizzle wrapped ("Failed query: ...", the cause). */
function driverError (error: unknown): unknown {
  return codeOf(error) === undefined && error instanceof Error && error.cause instanceof Error ? error.cause : error
}

/** DATABASE_URL when the database cannot be reached or used; never prints the URL (it may hold a password). */
export function databaseFailure (wrapped: unknown, databaseUrl: string): Error {
  const error = driverError(wrapped)
  const code = codeOf(error)
  if (code === undefined) return wrapped as Error
  let where = ''
  try {
    const url = new URL(databaseUrl)
    where = `${url.hostname}:${url.port || '5432'}`
  } catch {}
  if ((error as Failure).syscall === 'getaddrinfo') return new StartupError('DATABASE_URL', `cannot resolve host ${where.replace(/:\d+$/, '')} (${code})`)
  if (/^E[A-Z]+$/.test(code) || /^CONNECT(ION)?_/.test(code)) return new StartupError('DATABASE_URL', `cannot connect to ${where} (${code})`)
  if ((error as Failure).severity !== undefined && POSTGRES_SETTING.test(code)) {
    return new StartupError('DATABASE_URL', `${(error as Error).message} (${code}, at ${where})`)
  }
  return wrapped as Error
}

/** DATA_DIR when the directory cannot be made or written. */
export function dataDirFailure (error: unknown, dataDir: string): Error {
  const code = codeOf(error)
  if (code === 'EEXIST') return new StartupError('DATA_DIR', `${dataDir} is a file, not a directory (EEXIST)`)
  if (code !== undefined && /^E[A-Z]+$/.test(code)) return new StartupError('DATA_DIR', `cannot use ${dataDir} (${systemReason(error as Error, code)})`)
  return error as Error
}
