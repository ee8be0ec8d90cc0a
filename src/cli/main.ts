#!/usr/bin/env node
// meeting-evaluator evaluate <file>: sends .ics, .json or .ndjson meetings to a running service, prints a table or JSON, gates on verdicts.
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { MEETING_RANGE_MESSAGE, inMeetingRange } from '../domain/resolve.js'
import { isInstant } from '../domain/time/instant.js'
import { evaluateFile, FORMATS, UsageError, type Format } from './evaluate.js'
import { HEADER, printable, resultsJson, row, Tally, type Verdict } from './format.js'
import { Progress } from './progress.js'
import { RequestFailed, type Target } from './send.js'

export interface Io {
  /** `on('error')`, when there, tells that the reader went away (a closed pipe): the client then stops. */
  stdout: { write: (text: string) => unknown, on?: (event: 'error', listener: (error: Error) => void) => unknown, isTTY?: boolean }
  stderr: { write: (text: string) => unknown, isTTY?: boolean }
  env: Record<string, string | undefined>
  /** What `-` reads (default process.stdin). */
  stdin?: AsyncIterable<Buffer | string>
}

const DEFAULT_TIMEOUT = 60
/** As a shell reports a tool stopped by SIGPIPE (128 + 13): the output was closed before the end, say by `| head`. */
export const EXIT_OUTPUT_CLOSED = 141

export const USAGE = `Usage: meeting-evaluator evaluate <file> [options]

Sends the meetings in <file> to a running meeting-evaluator and prints each verdict.
  <file>            .ics (every VEVENT), .json (one proposal, an array, or { "meetings": [...] }) or .ndjson (one proposal per line, streamed);
                    - reads standard input, in the --format given

Options:
  --url <url>       service address (default $MEV_URL, else http://127.0.0.1:3000); a path is kept: with
                    http://host/mev/api/ the client posts to http://host/mev/api/v1/evaluations/batch
  --key <key>       organisation API key (default $MEV_API_KEY)
  --format <f>      json, ndjson or ics: the format of <file> whatever its extension (needed for -)
  --json            print the service's results as JSON instead of a table (NDJSON, a line each, when the meetings
                    are streamed: an .ndjson file, or a .json file beyond one request's limits)
  --no-store        evaluate only; store nothing
  --as-of <instant> the moment of evaluation (RFC 3339 with an offset or Z, 1972 to 2199, such as 2026-11-23T09:00:00Z)
                    of every meeting that gives no asOf of its own, sent as the batch's ?asOf= (default: now)
  --fail-on <v>     exit 1 when any meeting is <v> (improve or go_async) or worse, or could not be evaluated
  --timeout <s>     give up when nothing is sent or received for <s> seconds (default ${DEFAULT_TIMEOUT}; 0 waits for ever)
  -h, --help        show this help

Reruns: each .json or .ics request that stores sends an Idempotency-Key derived from its bytes and --as-of, so
running the same file again (within the service's 24 hours) answers with what the first run stored instead of storing
it twice, and a rerun of an interrupted run stores only the rest; another --as-of evaluates and stores it again. Streamed NDJSON (an .ndjson file, or a .json beyond one request's
limits) cannot carry one: a rerun stores every meeting again (use --no-store for trial runs).

Exit codes: 0 done, 1 the --fail-on gate failed, 2 usage, file or connection error, a file that holds no meetings
(empty, blank lines, [], a calendar without VEVENT), or an answer that is not complete (a meeting without its
result), ${EXIT_OUTPUT_CLOSED} the output was closed before the end (as by | head).
`

/** --as-of checked as the service checks ?asOf=, so that a wrong one is a usage error before anything is sent. */
function checkAsOf (value: string): void {
  if (!isInstant(value)) throw new UsageError(`--as-of must be an RFC 3339 instant with an offset or Z, such as 2026-11-25T10:00:00Z: ${printable(value)}`)
  if (!inMeetingRange(value)) throw new UsageError(`--as-of ${MEETING_RANGE_MESSAGE}: ${printable(value)}`)
}

function options (argv: string[], env: Io['env']) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-store': { type: 'boolean', default: false },
      'fail-on': { type: 'string' },
      timeout: { type: 'string' },
      format: { type: 'string' },
      'as-of': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) return undefined
  const [command, file, ...extra] = positionals
  if (command !== 'evaluate') throw new UsageError(command === undefined ? 'a command is needed' : `unknown command "${command}"`)
  if (file === undefined || extra.length > 0) throw new UsageError('evaluate takes exactly one file')
  const format = values.format as Format | undefined
  if (format !== undefined && !FORMATS.includes(format)) throw new UsageError('--format must be json, ndjson or ics')
  if (file === '-' && format === undefined) throw new UsageError('reading standard input (-) needs --format json, ndjson or ics')
  const failOn = values['fail-on']
  if (failOn !== undefined && failOn !== 'improve' && failOn !== 'go_async') throw new UsageError('--fail-on must be improve or go_async')
  const key = values.key ?? env.MEV_API_KEY
  if (key === undefined || key === '') throw new UsageError('an API key is needed: --key or MEV_API_KEY')
  const timeout = values.timeout === undefined ? DEFAULT_TIMEOUT : Number(values.timeout)
  if (values.timeout?.trim() === '' || !Number.isFinite(timeout) || timeout < 0) throw new UsageError('--timeout must be a number of seconds (0: no timeout)')
  // An empty MEV_URL is unset (as an empty MEV_API_KEY is): `MEV_URL= meeting-evaluator …` clears it.
  const fromEnv = env.MEV_URL === '' ? undefined : env.MEV_URL
  const asOf = values['as-of']
  if (asOf !== undefined) checkAsOf(asOf)
  const target: Target = { url: values.url ?? fromEnv ?? 'http://127.0.0.1:3000', key, store: !values['no-store'], timeout, ...(asOf === undefined ? {} : { asOf }) }
  if (!URL.canParse(target.url) || !['http:', 'https:'].includes(new URL(target.url).protocol)) {
    throw new UsageError(`${values.url === undefined ? 'MEV_URL' : '--url'} is not an http or https URL: ${printable(target.url)}`)
  }
  return { file, format, json: values.json, failOn: failOn as Verdict | undefined, target }
}

/** Runs the client; resolves to the exit code. */
export async function main (argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let opts
  try {
    opts = options(argv, io.env)
  } catch (error) {
    io.stderr.write(`meeting-evaluator: ${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (opts === undefined) { io.stdout.write(USAGE); return 0 }
  // The reader of the output went away (| head): stop sending and reading, print nothing more.
  const output = new AbortController()
  io.stdout.on?.('error', error => { output.abort(error) })
  // Progress and rows on one terminal: each row is written with the progress line out of its way.
  const progress = new Progress(io.stderr, io.stdout.isTTY === true)
  const print = (text: string): void => { if (!output.signal.aborted) progress.around(() => io.stdout.write(text)) }
  const tally = new Tally()
  const table = !opts.json
  let headed = false
  const head = (): void => { if (table && !headed) { headed = true; print(HEADER) } }
  try {
    const results = await evaluateFile(opts.file, {
      target: opts.target,
      progress,
      signal: output.signal,
      keep: opts.json,
      show: (result, title, raw) => {
        tally.add(result)
        head()
        if (table) print(row(result, title))
        else if (raw !== undefined) print(`${raw}\n`)
      }
    }, { format: opts.format, ...(io.stdin === undefined ? {} : { stdin: io.stdin }) })
    if (opts.json && results !== undefined) for (const piece of resultsJson(results)) print(piece)
  } catch (error) {
    progress.end()
    if (output.signal.aborted) return closed(output.signal.reason, io)
    const known = error instanceof RequestFailed || error instanceof UsageError || ['ENOENT', 'EACCES', 'EISDIR'].includes((error as { code?: string }).code ?? '')
    io.stderr.write(`meeting-evaluator: ${known ? printable((error as Error).message) : `unexpected error: ${(error as Error).stack ?? String(error)}`}\n`)
    return 2
  }
  head()
  if (table) print(tally.line())
  if (output.signal.aborted) return closed(output.signal.reason, io)
  if (opts.failOn !== undefined) {
    const failing = tally.atOrWorse(opts.failOn)
    if (failing > 0) {
      io.stderr.write(`meeting-evaluator: ${failing} of ${tally.total} meetings are ${opts.failOn} or worse, or were not evaluated (--fail-on ${opts.failOn})\n`)
      return 1
    }
  }
  return 0
}

/** The exit code once the output failed: quiet for a closed pipe, a message for anything else. */
function closed (reason: unknown, io: Io): number {
  const code = (reason as { code?: unknown } | undefined)?.code
  if (code === 'EPIPE') return EXIT_OUTPUT_CLOSED
  io.stderr.write(`meeting-evaluator: cannot write the output: ${printable(String((reason as Error | undefined)?.message ?? reason))}\n`)
  return 2
}

function invokedDirectly (): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
  } catch {
    return false
  }
}

if (invokedDirectly()) {
  // A write that fails after main() is done (the pipe closed as the last lines went out) ends as a closed output, not an unhandled 'error'.
  let late: number | undefined
  process.stdout.on('error', error => { late = (error as { code?: unknown }).code === 'EPIPE' ? EXIT_OUTPUT_CLOSED : 2; process.exitCode = late })
  process.stderr.on('error', () => {})
  const code = await main(process.argv.slice(2))
  process.exitCode = late ?? code
}
