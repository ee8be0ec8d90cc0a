#!/usr/bin/env node
// meeting-evaluator evaluate <file>: sends .ics, .json or .ndjson meetings to a running service, prints a table or JSON, gates on verdicts.
import { constants, createReadStream, realpathSync } from 'node:fs'
import { access, readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { HEADER, row, Tally, type Result, type Verdict } from './format.js'
import { RequestFailed, sendBatch, sendNdjson, type Target } from './send.js'

export interface Io {
  stdout: { write: (text: string) => unknown }
  stderr: { write: (text: string) => unknown, isTTY?: boolean }
  env: Record<string, string | undefined>
}

const MAX_JSON_BATCH = 1000
const PROGRESS_AFTER = 1000

export const USAGE = `Usage: meeting-evaluator evaluate <file> [options]

Sends the meetings in <file> to a running meeting-evaluator and prints each verdict.
  <file>            .ics (every VEVENT), .json (one proposal, an array, or { "meetings": [...] }) or .ndjson (one proposal per line, streamed)

Options:
  --url <url>       service address (default $MEV_URL, else http://127.0.0.1:3000)
  --key <key>       organisation API key (default $MEV_API_KEY)
  --json            print the service's results as JSON (NDJSON for an .ndjson file) instead of a table
  --no-store        evaluate only; store nothing
  --fail-on <v>     exit 1 when any meeting is <v> (improve or go_async) or worse, or could not be evaluated
  -h, --help        show this help

Exit codes: 0 done, 1 the --fail-on gate failed, 2 usage, file or connection error.
`

class UsageError extends Error {}

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
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) return undefined
  const [command, file, ...extra] = positionals
  if (command !== 'evaluate') throw new UsageError(command === undefined ? 'a command is needed' : `unknown command "${command}"`)
  if (file === undefined || extra.length > 0) throw new UsageError('evaluate takes exactly one file')
  const failOn = values['fail-on']
  if (failOn !== undefined && failOn !== 'improve' && failOn !== 'go_async') throw new UsageError('--fail-on must be improve or go_async')
  const key = values.key ?? env.MEV_API_KEY
  if (key === undefined || key === '') throw new UsageError('an API key is needed: --key or MEV_API_KEY')
  const target: Target = { url: values.url ?? env.MEV_URL ?? 'http://127.0.0.1:3000', key, store: !values['no-store'] }
  if (!URL.canParse(target.url)) throw new UsageError(`--url is not a URL: ${target.url}`)
  return { file, json: values.json, failOn: failOn as Verdict | undefined, target }
}

const titleOf = (value: unknown): string | undefined => {
  const title = (value as { title?: unknown } | null)?.title
  return typeof title === 'string' ? title : undefined
}

/** Reads the file into meetings (JSON) or sends it; calls `show` for each result in order. */
async function evaluateFile (file: string, target: Target, io: Io, show: (result: Result, title: string | undefined, raw?: string) => void): Promise<Result[] | undefined> {
  const kind = extname(file).toLowerCase()
  await access(file, constants.R_OK)
  if (kind === '.ndjson' || kind === '.jsonl') return streamed(createReadStream(file), target, io, show)
  if (kind === '.ics' || kind === '.ical') {
    const text = await readFile(file, 'utf8')
    const { parseICalendar } = await import('../calendar/index.js')
    let titles: Array<string | undefined> = []
    try { titles = parseICalendar(text).map(e => titleOf(e.proposal)) } catch {}
    const results = await sendBatch(target, 'text/calendar', text)
    for (const r of results) show(r, titles[r.index])
    return results
  }
  if (kind !== '.json') throw new UsageError(`cannot tell the format of ${file}: use .ics, .json or .ndjson`)
  let value: unknown
  try { value = JSON.parse(await readFile(file, 'utf8')) } catch (error) {
    if (error instanceof SyntaxError) throw new UsageError(`${file} is not valid JSON: ${error.message}`)
    throw error
  }
  const listed = (value as { meetings?: unknown } | null)?.meetings
  const meetings = Array.isArray(value) ? value as unknown[] : Array.isArray(listed) ? listed as unknown[] : [value]
  if (meetings.length > MAX_JSON_BATCH) return streamed(meetings.map(m => `${JSON.stringify(m)}\n`), target, io, show)
  const results = await sendBatch(target, 'application/json', JSON.stringify({ meetings }))
  for (const r of results) show(r, titleOf(meetings[r.index]))
  return results
}

/** NDJSON both ways, with progress on stderr once the input is large. */
async function streamed (source: AsyncIterable<Buffer | string> | string[], target: Target, io: Io, show: (result: Result, title: string | undefined, raw?: string) => void): Promise<undefined> {
  const titles = new Map<number, string | undefined>()
  let sent = 0
  let answered = 0
  let shownAt = 0
  const progress = (final = false): void => {
    if (sent <= PROGRESS_AFTER) return
    const now = Date.now()
    if (!final && now - shownAt < (io.stderr.isTTY === true ? 200 : 5000)) return
    shownAt = now
    io.stderr.write(`${io.stderr.isTTY === true ? '\r' : ''}sent ${sent} lines, answered ${answered}${final || io.stderr.isTTY !== true ? '\n' : ''}`)
  }
  await sendNdjson(target, source as AsyncIterable<Buffer | string>, {
    sent: (line, index) => {
      sent++
      let title: string | undefined
      try { title = titleOf(JSON.parse(line)) } catch {}
      titles.set(index, title)
      progress()
    },
    answered: (line, result) => {
      answered++
      show(result, titles.get(result.index), line)
      titles.delete(result.index)
      progress()
    }
  })
  progress(true)
  return undefined
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
  const tally = new Tally()
  const table = !opts.json
  let headed = false
  const head = (): void => { if (table && !headed) { headed = true; io.stdout.write(HEADER) } }
  try {
    const results = await evaluateFile(opts.file, opts.target, io, (result, title, raw) => {
      tally.add(result)
      head()
      if (table) io.stdout.write(row(result, title))
      else if (raw !== undefined) io.stdout.write(`${raw}\n`)
    })
    if (opts.json && results !== undefined) io.stdout.write(`${JSON.stringify({ results }, null, 2)}\n`)
  } catch (error) {
    const known = error instanceof RequestFailed || error instanceof UsageError || ['ENOENT', 'EACCES', 'EISDIR'].includes((error as { code?: string }).code ?? '')
    io.stderr.write(`meeting-evaluator: ${known ? (error as Error).message : `unexpected error: ${(error as Error).stack ?? String(error)}`}\n`)
    return 2
  }
  head()
  if (table) io.stdout.write(tally.line())
  if (opts.failOn !== undefined) {
    const failing = tally.atOrWorse(opts.failOn)
    if (failing > 0) {
      io.stderr.write(`meeting-evaluator: ${failing} of ${tally.total} meetings are ${opts.failOn} or worse, or were not evaluated (--fail-on ${opts.failOn})\n`)
      return 1
    }
  }
  return 0
}

function invokedDirectly (): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
  } catch {
    return false
  }
}

if (invokedDirectly()) process.exitCode = await main(process.argv.slice(2))
