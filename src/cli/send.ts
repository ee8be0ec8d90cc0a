// The command-line client's batch protocol: JSON or iCalendar at once, or NDJSON streamed both ways, each answer checked against what was sent.
import { createHash } from 'node:crypto'
import { StringDecoder } from 'node:string_decoder'
import { BadAnswer, batchResults, resultAt } from './answer.js'
import { batchUrl, Exchange, megabytes, reported, RequestFailed, type Target } from './exchange.js'
import { MAX_LINE_BYTES } from '../schemas/batch-limits.js'
import { printable, withoutBom, type Result } from './format.js'

export { RequestFailed, type Target } from './exchange.js'

/** Bodies go out in pieces of this size, so that a slow upload keeps the inactivity timer running. */
const PIECE = 65_536
/** No answer line is held beyond this; a longer one is not from the service. */
const MAX_ANSWER_LINE = 64 * 1_048_576
/** A JSON batch answer is bounded by the batch limits (1000 meetings, 20,000 participants): far below this. */
const MAX_BATCH_ANSWER = 512 * 1_048_576

function * piecesOf (body: string | Buffer): Generator<Uint8Array> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  for (let at = 0; at < bytes.length; at += PIECE) yield bytes.subarray(at, at + PIECE)
}

/** The Idempotency-Key of a batch that stores: derived from the body's bytes and the ?asOf= sent with them (when
 * given), so sending the same request again (a rerun after an interrupted run, each request of a cut .ics) replays
 * what the first one stored instead of storing it twice, while the same file as of another moment is evaluated again
 * (the service refuses a key seen with another query). 72 characters, within the service's 255. */
export function idempotencyKey (body: string | Buffer, asOf?: string): string {
  const hash = createHash('sha256').update(body)
  if (asOf !== undefined) hash.update(`\nasOf=${asOf}`)
  return `mev-cli-${hash.digest('hex')}`
}

/** A JSON or text/calendar batch: every result at once, one for each of `count` meetings (undefined: not known here). */
export async function sendBatch (target: Target, contentType: 'application/json' | 'text/calendar', body: string | Buffer, count: number | undefined,
  signal?: AbortSignal): Promise<Result[]> {
  const exchange = new Exchange(target, contentType, piecesOf(body), signal, target.store ? idempotencyKey(body, target.asOf) : undefined)
  try {
    const response = await exchange.head()
    const pieces: Buffer[] = []
    let size = 0
    try {
      for await (const piece of response as AsyncIterable<Buffer>) {
        size += piece.length
        if (size > MAX_BATCH_ANSWER) throw new BadAnswer(`the answer is not a batch answer: it is larger than ${megabytes(MAX_BATCH_ANSWER)}`)
        pieces.push(piece)
      }
    } catch (error) {
      throw exchange.failed(error, ' while the answer came in')
    }
    const text = Buffer.concat(pieces, size).toString('utf8')
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw new RequestFailed(`${batchUrl(target)}: the answer is not a batch answer: it is not JSON (${printable(text.slice(0, 60))})`)
    }
    return batchResults(value, count)
  } catch (error) {
    throw reported(batchUrl(target), error)
  } finally {
    exchange.close()
  }
}

/** A line that grew past the limit it was read with: its text was dropped as soon as it did. */
export const TOO_LONG = Symbol('line too long')

/** Splits text that comes in pieces into lines, looking at each character once: a line's pieces are joined when it
 * ends, never rescanned (joining the rest to each new piece and splitting again took quadratic time on a long line),
 * and one longer than `maxChars` is dropped as it grows past it and given as TOO_LONG. */
export class LineSplitter {
  private pieces: string[] = []
  private length = 0
  /** The line under way is past `maxChars`. */
  overflowing = false

  constructor (private readonly maxChars = Infinity) {}

  /** The lines that `text` ends, in order. */
  push (text: string): Array<string | typeof TOO_LONG> {
    const ended: Array<string | typeof TOO_LONG> = []
    for (let start = 0; ;) {
      const nl = text.indexOf('\n', start)
      this.add(text.slice(start, nl === -1 ? text.length : nl))
      if (nl === -1) return ended
      ended.push(this.take())
      start = nl + 1
    }
  }

  /** The last line, when the text did not end with a newline. */
  end (): string | typeof TOO_LONG | undefined {
    return this.length > 0 || this.overflowing ? this.take() : undefined
  }

  private add (piece: string): void {
    if (this.overflowing || piece === '') return
    if (this.length + piece.length > this.maxChars) { this.overflowing = true; this.pieces = []; this.length = 0; return }
    this.pieces.push(piece)
    this.length += piece.length
  }

  private take (): string | typeof TOO_LONG {
    const line = this.overflowing ? TOO_LONG : this.pieces.join('')
    this.pieces = []
    this.length = 0
    this.overflowing = false
    return line
  }
}

const chunkText = (decoder: StringDecoder, chunk: Buffer | Uint8Array | string): string =>
  typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))

/** Lines of a byte stream, decoded as UTF-8 across chunk boundaries; a line longer than `maxChars` is a BadAnswer. */
export async function * lines (source: AsyncIterable<Buffer | Uint8Array | string>, maxChars = Infinity): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8')
  const splitter = new LineSplitter(maxChars)
  const checked = (line: string | typeof TOO_LONG | undefined): string | undefined => {
    if (line === TOO_LONG || splitter.overflowing) throw new BadAnswer(`the answer is not a batch answer: a line is longer than ${maxChars} characters`)
    return line
  }
  for await (const chunk of source) {
    for (const line of splitter.push(chunkText(decoder, chunk))) yield checked(line)!
    checked(undefined)
  }
  splitter.push(decoder.end())
  const last = checked(splitter.end())
  if (last !== undefined) yield last
}

/** Passes the bytes through unchanged, telling `onLine` about each non-empty line as it goes by (its index counted
 * as the service does). A line over the service's limit is still sent, for the service to answer with its problem
 * (413, skipped) at the index it counts; here it is given as TOO_LONG, its text dropped as soon as it is too long. */
async function * watched (source: AsyncIterable<Buffer | Uint8Array | string>,
  onLine: (line: string | typeof TOO_LONG, index: number) => void): AsyncGenerator<Uint8Array> {
  const decoder = new StringDecoder('utf8')
  // Characters, not bytes: a line over the limit in characters is over it in bytes too.
  const splitter = new LineSplitter(MAX_LINE_BYTES)
  let index = 0
  let start = true
  const told = (line: string | typeof TOO_LONG | undefined): void => {
    if (line === TOO_LONG || (line !== undefined && line.trim() !== '')) onLine(line, index++)
  }
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    let text = chunkText(decoder, bytes)
    // A byte order mark opening the file is not part of its first line (the service drops it too).
    if (start && text !== '') { text = withoutBom(text); start = false }
    splitter.push(text).forEach(told)
    yield bytes
  }
  splitter.push(decoder.end())
  told(splitter.end())
}

export interface NdjsonHandlers {
  /** A non-empty line was handed to the connection (TOO_LONG: one over the service's line limit). */
  sent: (line: string | typeof TOO_LONG, index: number) => void
  /** An answer line arrived (raw text and checked result, in input order). */
  answered: (line: string, result: Result) => void
}

/** Streams NDJSON to the service and reads the answer while still sending, so neither side buffers the whole file.
 * Resolves only when every line sent has its answer; `signal` stops both directions. */
export async function sendNdjson (target: Target, source: AsyncIterable<Buffer | Uint8Array | string>, on: NdjsonHandlers, signal?: AbortSignal): Promise<void> {
  let sent = 0
  let answered = 0
  const exchange = new Exchange(target, 'application/x-ndjson', watched(source, (line, index) => { sent = index + 1; on.sent(line, index) }), signal)
  const progress = (): string => ` after ${answered} answer${answered === 1 ? '' : 's'}, with ${sent} meeting${sent === 1 ? '' : 's'} sent`
  try {
    const answers = lines(await exchange.head(), MAX_ANSWER_LINE)[Symbol.asyncIterator]()
    for (;;) {
      let next: IteratorResult<string>
      try {
        next = await answers.next()
      } catch (error) {
        throw exchange.failed(error, progress())
      }
      if (next.done === true) break
      if (next.value.trim() === '') continue
      let value: unknown
      try {
        value = JSON.parse(next.value)
      } catch {
        throw new RequestFailed(`${batchUrl(target)}: the answer is not a batch answer: line ${answered + 1} is not JSON (${printable(next.value.slice(0, 60))})`)
      }
      const result = resultAt(value, answered)
      answered++
      on.answered(next.value, result)
    }
    if (!exchange.allSent) throw new RequestFailed(`${batchUrl(target)}: the answer ended${progress()}, before the whole file was sent`)
    if (answered !== sent) throw new RequestFailed(`${batchUrl(target)}: the answer ended${progress()}`)
  } catch (error) {
    throw reported(batchUrl(target), error)
  } finally {
    exchange.close()
  }
}
