// Reading the file given to `evaluate` and sending it the way that fits: JSON at once, iCalendar at once or cut into several
// calendars (calendar.ts), NDJSON (or a .json beyond one request's limits) streamed.
import { constants, createReadStream } from 'node:fs'
import { access, readFile, stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { BATCH_BODY_LIMIT, MAX_BATCH, MAX_BATCH_PARTICIPANTS } from '../schemas/batch-limits.js'
import { withoutBom, type Result } from './format.js'
import type { Progress } from './progress.js'
import { sendBatch, sendNdjson, TOO_LONG, type Target } from './send.js'

/** A wrong command line or a file that cannot be used: exit code 2. */
export class UsageError extends Error {}

/** A file with no meeting in it (empty, blank lines, [], { "meetings": [] }, a calendar without VEVENT): a gate on an
 * export that came out empty must not pass as if every meeting were fine. */
export const noMeetings = (file: string): UsageError => new UsageError(`${file} holds no meetings`)

/** The service's limits on one JSON or iCalendar request; beyond them a .json file is streamed as NDJSON (an .ics file
 * is cut into several calendars, calendar.ts). */
export const BATCH_LIMITS = { meetings: MAX_BATCH, participants: MAX_BATCH_PARTICIPANTS, bytes: BATCH_BODY_LIMIT }
const PROGRESS_AFTER = 1000

const titleOf = (value: unknown): string | undefined => {
  const title = (value as { title?: unknown } | null)?.title
  return typeof title === 'string' ? title : undefined
}

type Show = (result: Result, title: string | undefined, raw?: string) => void

/** What an evaluation needs: where to send, where progress goes, what stops it, and what shows each result; `keep`
 * false: the results of an .ics file are shown and dropped, not returned (only --json prints them all at the end). */
export interface Run { target: Target, progress: Progress, signal: AbortSignal, show: Show, keep?: boolean }

const participantsOf = (meetings: unknown[]): number => meetings.reduce<number>((sum, m) => {
  const participants = (m as { participants?: unknown } | null)?.participants
  return sum + (Array.isArray(participants) ? participants.length : 0)
}, 0)

export const FORMATS = ['json', 'ndjson', 'ics'] as const
export type Format = typeof FORMATS[number]
const EXTENSIONS: Record<string, Format> = { '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.ics': 'ics', '.ical': 'ics' }

/** Where the meetings come from besides a file: `-` reads `stdin`, in `format` (which also overrides an extension). */
export interface Source { format?: Format, stdin?: AsyncIterable<Buffer | string> }

/** Everything `stdin` holds; more than `limit` bytes is `undefined` (read no further). */
async function readAll (stdin: AsyncIterable<Buffer | string>, limit = Infinity): Promise<Buffer | undefined> {
  const pieces: Buffer[] = []
  let size = 0
  for await (const chunk of stdin) {
    const piece = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    size += piece.length
    if (size > limit) return undefined
    pieces.push(piece)
  }
  return Buffer.concat(pieces, size)
}

const tooLarge = (name: string, size: string): UsageError => new UsageError(`${name} is ${size}, more than the service takes in one request ` +
  `(${BATCH_LIMITS.bytes / 1_048_576} MB): split the calendar, or send its meetings as NDJSON (.ndjson, one proposal per line, streamed without an overall limit)`)

/** Reads the file (`-`: stdin) into meetings (JSON) or sends it; calls `show` for each result in order. */
export async function evaluateFile (file: string, run: Run, { format, stdin = process.stdin }: Source = {}): Promise<Iterable<Result> | undefined> {
  const { target, signal, show } = run
  const piped = file === '-'
  const name = piped ? 'stdin' : file
  const kind = format ?? EXTENSIONS[extname(file).toLowerCase()]
  if (kind === undefined) throw new UsageError(`cannot tell the format of ${file}: use .ics, .json or .ndjson, or --format`)
  if (!piped) await access(file, constants.R_OK)
  if (kind === 'ndjson') return streamed(name, piped ? stdin : createReadStream(file), run)
  if (kind === 'ics') {
    let octets: Buffer
    if (piped) {
      const read = await readAll(stdin, BATCH_LIMITS.bytes)
      if (read === undefined) throw tooLarge(name, `over ${BATCH_LIMITS.bytes} bytes`)
      octets = read
    } else {
      const { size } = await stat(file)
      if (size > BATCH_LIMITS.bytes) throw tooLarge(name, `${size} bytes`)
      octets = await readFile(file)
    }
    return (await import('./calendar.js')).evaluateCalendar(name, octets, run)
  }
  let value: unknown
  const text = withoutBom(piped ? (await readAll(stdin))!.toString('utf8') : await readFile(file, 'utf8'))
  if (text.trim() === '') throw noMeetings(name)
  try { value = JSON.parse(text) } catch (error) {
    if (error instanceof SyntaxError) throw new UsageError(`${name} is not valid JSON: ${error.message}`)
    throw error
  }
  const listed = (value as { meetings?: unknown } | null)?.meetings
  const meetings = Array.isArray(value) ? value as unknown[] : Array.isArray(listed) ? listed as unknown[] : [value]
  if (meetings.length === 0) throw noMeetings(name)
  const body = JSON.stringify({ meetings })
  // What the service would refuse as one request (413) goes as NDJSON, which has no overall limit.
  if (meetings.length > BATCH_LIMITS.meetings || participantsOf(meetings) > BATCH_LIMITS.participants || Buffer.byteLength(body) > BATCH_LIMITS.bytes) {
    return streamed(name, meetings.map(m => `${JSON.stringify(m)}\n`), run)
  }
  const results = await sendBatch(target, 'application/json', body, meetings.length, signal)
  for (const r of results) show(r, titleOf(meetings[r.index]))
  return results
}

/** NDJSON both ways, with progress on stderr once the input is large. */
async function streamed (file: string, source: AsyncIterable<Buffer | string> | string[], { target, progress: line, signal, show }: Run): Promise<undefined> {
  const titles = new Map<number, string | undefined>()
  let sent = 0
  let answered = 0
  let shownAt = 0
  const progress = (final = false): void => {
    if (sent <= PROGRESS_AFTER) return
    const now = Date.now()
    if (!final && now - shownAt < (line.tty ? 200 : 5000)) return
    shownAt = now
    line.show(`sent ${sent} lines, answered ${answered}`, final)
  }
  try {
    await sendNdjson(target, source as AsyncIterable<Buffer | string>, {
      sent: (line, index) => {
        sent++
        let title: string | undefined
        if (line !== TOO_LONG) try { title = titleOf(JSON.parse(line)) } catch {}
        titles.set(index, title)
        progress()
      },
      answered: (line, result) => {
        answered++
        show(result, titles.get(result.index), line)
        titles.delete(result.index)
        progress()
      }
    }, signal)
  } finally {
    // A progress line left open on a terminal is ended before any error message.
    if (!signal.aborted) progress(true)
  }
  // Found only once the file was read through (sent as it is read): the empty request stored nothing.
  if (sent === 0) throw noMeetings(file)
  return undefined
}
