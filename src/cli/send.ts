// The command-line client's batch protocol: JSON or iCalendar at once, or NDJSON streamed both ways, each answer checked against what was sent.
import { createHash } from 'node:crypto'
import { StringDecoder } from 'node:string_decoder'
import { BadAnswer, batchResults, resultAt } from './answer.js'
import { Exchange, megabytes, reported, RequestFailed, type Target } from './exchange.js'
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

/** The Idempotency-Key of a batch that stores: derived from the body's bytes, so sending the same request again (a
 * rerun after an interrupted run, each request of a cut .ics) replays what the first one stored instead of storing
 * it twice. 72 characters, within the service's 255. */
export const idempotencyKey = (body: string | Buffer): string => `mev-cli-${createHash('sha256').update(body).digest('hex')}`

/** A JSON or text/calendar batch: every result at once, one for each of `count` meetings (undefined: not known here). */
export async function sendBatch (target: Target, contentType: 'application/json' | 'text/calendar', body: string | Buffer, count: number | undefined,
  signal?: AbortSignal): Promise<Result[]> {
  const exchange = new Exchange(target, contentType, piecesOf(body), signal, target.store ? idempotencyKey(body) : undefined)
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
      throw new RequestFailed(`${target.url}: the answer is not a batch answer: it is not JSON (${printable(text.slice(0, 60))})`)
    }
    return batchResults(value, count)
  } catch (error) {
    throw reported(target.url, error)
  } finally {
    exchange.close()
  }
}

/** Lines of a byte stream, decoded as UTF-8 across chunk boundaries; a line longer than `maxChars` is a BadAnswer. */
export async function * lines (source: AsyncIterable<Buffer | Uint8Array | string>, maxChars = Infinity): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8')
  let rest = ''
  for await (const chunk of source) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)))
    const parts = text.split('\n')
    rest = parts.pop() ?? ''
    if (rest.length > maxChars) throw new BadAnswer(`the answer is not a batch answer: a line is longer than ${maxChars} characters`)
    yield * parts
  }
  rest += decoder.end()
  if (rest !== '') yield rest
}

/** Passes the bytes through unchanged, telling `onLine` about each non-empty line as it goes by (its index counted as the service does). */
async function * watched (source: AsyncIterable<Buffer | Uint8Array | string>, onLine: (line: string, index: number) => void): AsyncGenerator<Uint8Array> {
  const decoder = new StringDecoder('utf8')
  let rest = ''
  let index = 0
  let start = true
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    let text = decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    // A byte order mark opening the file is not part of its first line (the service drops it too).
    if (start && text !== '') { text = withoutBom(text); start = false }
    const parts = (rest + text).split('\n')
    rest = parts.pop() ?? ''
    for (const line of parts) if (line.trim() !== '') onLine(line, index++)
    yield bytes
  }
  rest += decoder.end()
  if (rest.trim() !== '') onLine(rest, index)
}

export interface NdjsonHandlers {
  /** A non-empty line was handed to the connection. */
  sent: (line: string, index: number) => void
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
        throw new RequestFailed(`${target.url}: the answer is not a batch answer: line ${answered + 1} is not JSON (${printable(next.value.slice(0, 60))})`)
      }
      const result = resultAt(value, answered)
      answered++
      on.answered(next.value, result)
    }
    if (!exchange.allSent) throw new RequestFailed(`${target.url}: the answer ended${progress()}, before the whole file was sent`)
    if (answered !== sent) throw new RequestFailed(`${target.url}: the answer ended${progress()}`)
  } catch (error) {
    throw reported(target.url, error)
  } finally {
    exchange.close()
  }
}
