// The command-line client's HTTP side: POST /v1/evaluations/batch as JSON or iCalendar, or NDJSON streamed both ways.
import { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { Result } from './format.js'

export interface Target { url: string, key: string, store: boolean }

/** The service could not be reached, or refused the whole request: exit code 2. */
export class RequestFailed extends Error {}

function endpoint (target: Target): URL {
  const url = new URL('/v1/evaluations/batch', target.url)
  if (!target.store) url.searchParams.set('store', 'false')
  return url
}

async function post (target: Target, contentType: string, body: string | AsyncIterable<Uint8Array>): Promise<Response> {
  let response: Response
  try {
    response = await fetch(endpoint(target), {
      method: 'POST',
      headers: { authorization: `Bearer ${target.key}`, 'content-type': contentType },
      body,
      duplex: 'half'
    } as unknown as RequestInit)
  } catch (error) {
    const cause = (error as { cause?: { code?: string, message?: string } }).cause
    throw new RequestFailed(`cannot reach ${target.url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`)
  }
  if (response.ok) return response
  const text = await response.text()
  let detail = text
  try { detail = (JSON.parse(text) as { detail?: string }).detail ?? text } catch {}
  throw new RequestFailed(`the service answered ${response.status} ${response.statusText}: ${detail}`)
}

/** A JSON or text/calendar batch: every result at once. */
export async function sendBatch (target: Target, contentType: 'application/json' | 'text/calendar', body: string): Promise<Result[]> {
  const response = await post(target, contentType, body)
  return ((await response.json()) as { results: Result[] }).results
}

/** Lines of a byte stream, decoded as UTF-8 across chunk boundaries. */
export async function * lines (source: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8')
  let rest = ''
  for await (const chunk of source) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)))
    const parts = text.split('\n')
    rest = parts.pop() ?? ''
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
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    const parts = (rest + decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))).split('\n')
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
  /** An answer line arrived (raw text and parsed). */
  answered: (line: string, result: Result) => void
}

/** Streams NDJSON to the service and reads the answer while still sending, so neither side buffers the whole file. */
export async function sendNdjson (target: Target, source: AsyncIterable<Buffer | Uint8Array | string>, on: NdjsonHandlers): Promise<void> {
  const response = await post(target, 'application/x-ndjson', watched(source, on.sent))
  if (response.body === null) return
  for await (const line of lines(Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>))) {
    if (line.trim() === '') continue
    on.answered(line, JSON.parse(line) as Result)
  }
}
