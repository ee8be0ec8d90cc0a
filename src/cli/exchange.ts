// One POST to /v1/evaluations/batch over node:http(s): the upload in the background, an inactivity timeout, and every failure told as one line.
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { Socket } from 'node:net'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { BadAnswer } from './answer.js'
import { printable } from './format.js'

export interface Target {
  url: string
  key: string
  store: boolean
  /** --as-of: the batch's ?asOf=, the moment of evaluation of every meeting that gives none. */
  asOf?: string
  /** Seconds without a byte sent or received before giving up; 0 waits for ever. */
  timeout: number
}

/** The service could not be reached, refused the whole request, or answered something that is not a batch answer: exit code 2. */
export class RequestFailed extends Error {}

/** `error` as the client reports it: an answer that is not a batch answer becomes a RequestFailed naming the service. */
export function reported (url: string, error: unknown): unknown {
  return error instanceof BadAnswer ? new RequestFailed(`${url}: ${error.message}`) : error
}

const MAX_ERROR_PAGE = 65_536
/** Node's timers take at most this (about 24 days); a longer --timeout would overflow to 1 ms. */
const MAX_TIMER = 2_147_483_647

/** The batch route under `target.url`, keeping its path: a service behind a proxy at http://host/mev/api/ is asked
 * at http://host/mev/api/v1/evaluations/batch (the path given is a folder, with or without its final slash). */
export function batchUrl (target: Pick<Target, 'url'>): string {
  const base = new URL(target.url)
  base.search = ''
  base.hash = ''
  if (!base.pathname.endsWith('/')) base.pathname += '/'
  return new URL('v1/evaluations/batch', base).href
}

function endpoint (target: Target): URL {
  const url = new URL(batchUrl(target))
  if (!target.store) url.searchParams.set('store', 'false')
  if (target.asOf !== undefined) url.searchParams.set('asOf', target.asOf)
  return url
}

/** A TLS failure (EPROTO, ERR_SSL_…) is most often https spoken to a plain http port, or the reverse. */
const TLS_CODES = /^(?:EPROTO|ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT)/

const codeOf = (error: unknown): string => {
  const { code, message } = (error ?? {}) as { code?: unknown, message?: unknown }
  if (typeof code !== 'string') return printable(String(message ?? error))
  return TLS_CODES.test(code) ? `TLS failed (${code}): check http or https in --url and the service's certificate` : code
}

/** A size for people: bytes under a kilobyte, kilobytes under a megabyte ("0.0 MB" said nothing about a small file). */
export const megabytes = (bytes: number): string =>
  bytes < 1024 ? `${bytes} bytes` : bytes < 1_048_576 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1_048_576).toFixed(1)} MB`

/** How long a connection whose write failed is kept for an answer already on its way (it is in the system's buffers). */
const LAST_WORDS = 1000

const resetCodes = new Set(['EPIPE', 'ECONNRESET'])
const isReset = (error: unknown): error is Error => resetCodes.has((error as { code?: string } | null | undefined)?.code ?? '')

type WriteDone = (error?: Error | null) => void

/** `socket`, made to outlive a failed write. A service that refuses a request before reading its body (401, 429)
 * answers and closes while the client is still uploading: the next write fails (EPIPE, ECONNRESET), and Node would
 * then close the connection with the answer unread in the system's buffers (and stop delivering what it had read).
 * Here such a write never completes, which stops the upload, while the socket reads on: the answer comes out as a
 * response, and the read side then ends or fails (the reset) and closes the socket. */
function patient<S extends Socket> (socket: S): S {
  const writable = socket as unknown as {
    _write: (chunk: unknown, encoding: BufferEncoding, done: WriteDone) => void
    _writev: (chunks: unknown, done: WriteDone) => void
  }
  const held = (done: WriteDone): WriteDone => error => {
    if (!isReset(error)) { done(error); return }
    // Only if the read side never ends: what the system holds is read within this time.
    setTimeout(() => socket.destroy(error), LAST_WORDS).unref()
  }
  const write = writable._write.bind(socket)
  const writev = writable._writev.bind(socket)
  writable._write = (chunk, encoding, done) => { write(chunk, encoding, held(done)) }
  writable._writev = (chunks, done) => { writev(chunks, held(done)) }
  return socket
}

/** Agents (one per exchange, as `agent: false` would make) whose connections outlive a failed write: `Base` is
 * node:http's Agent or node:https's, which extends it. */
function patientAgent (Base: typeof HttpAgent): typeof HttpAgent {
  return class PatientAgent extends Base {
    override createConnection (...args: Parameters<HttpAgent['createConnection']>): Socket {
      return patient(super.createConnection(...args) as Socket)
    }
  }
}
const PatientHttpAgent = patientAgent(HttpAgent)
const PatientHttpsAgent = patientAgent(HttpsAgent)

/** The problem (or first line of an error page) the service sent with a refusal; empty when it could not be read. */
async function refusal (response: IncomingMessage): Promise<string> {
  let text = ''
  response.setEncoding('utf8')
  try {
    for await (const piece of response) {
      text += piece as string
      if (text.length > MAX_ERROR_PAGE) break
    }
  } catch {}
  try {
    const { title, detail } = JSON.parse(text) as { title?: unknown, detail?: unknown }
    const said = typeof detail === 'string' ? detail : typeof title === 'string' ? title : ''
    if (said !== '') return printable(said)
  } catch {}
  // A proxy's error page (502 from nginx, a load balancer's 503): its title says it, its first line is "<html>".
  if (/^\s*<(?:!doctype|html|head|body|title|h1)\b/i.test(text)) {
    const heading = /<(title|h1)\b[^>]*>([^<]*)</i.exec(text)?.[2]?.trim() ?? ''
    return heading === '' ? 'an HTML page, not the service\'s answer (a proxy in between?)' : `an HTML page saying "${printable(heading).slice(0, 200)}" (a proxy in between?)`
  }
  return printable(text.trim().split('\n')[0] ?? '').slice(0, 200)
}

/** Where a redirect points, said so that --url can be corrected (the client does not follow redirects: a POST body
 * would have to be sent again). */
function redirected (response: IncomingMessage): string {
  const location = response.headers.location
  return location === undefined || location === '' ? 'a redirect without a Location' : `it moved to ${printable(location).slice(0, 200)}; give that address with --url`
}

/** One POST: the body is uploaded in the background while `head()` waits for the answer's status. */
export class Exchange {
  private readonly request: ClientRequest
  private readonly answer: Promise<IncomingMessage>
  private connected = false
  private answered = false
  private timedOut = false
  private sourceFailure: Error | undefined
  /** The whole body was handed to the connection. */
  allSent = false
  bytes = 0

  /** `idempotencyKey`: sent as Idempotency-Key (JSON and iCalendar bodies; the service refuses it on NDJSON). */
  constructor (private readonly target: Target, private readonly contentType: string,
    body: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, private readonly signal?: AbortSignal, idempotencyKey?: string) {
    const url = endpoint(target)
    const https = url.protocol === 'https:'
    const request = (https ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      agent: https ? new PatientHttpsAgent() : new PatientHttpAgent(),
      signal,
      headers: { authorization: `Bearer ${target.key}`, 'content-type': contentType, ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }) },
      ...(target.timeout > 0 ? { timeout: Math.min(target.timeout * 1000, MAX_TIMER) } : {})
    })
    this.request = request
    // Over https the service is reached once TLS is set up: a handshake refused is "cannot reach", not a cut upload.
    request.on('socket', socket => socket.once(https ? 'secureConnect' : 'connect', () => { this.connected = true }))
    request.on('timeout', () => { this.timedOut = true; request.destroy(new Error('inactivity timeout')) })
    // Later errors (the upload failing after the answer came) surface through the answer's stream, or not at all.
    request.on('error', () => {})
    this.answer = new Promise((resolve, reject) => {
      request.once('response', response => { this.answered = true; resolve(response) })
      request.once('error', reject)
    })
    pipeline(Readable.from(this.counted(body), { objectMode: false }), request).catch(() => {})
  }

  private async * counted (body: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    // A failing connection is thrown into this generator at `yield` (the pipeline tears it down): that is not the file's fault.
    let handedOver = false
    try {
      for await (const piece of body) {
        this.bytes += piece.byteLength
        handedOver = true
        yield piece
        handedOver = false
      }
      this.allSent = true
    } catch (error) {
      if (!handedOver) this.sourceFailure = error as Error
      throw error
    }
  }

  /** The answer's head when it is a success; otherwise what went wrong, as RequestFailed. */
  async head (): Promise<IncomingMessage> {
    let response: IncomingMessage
    try {
      response = await this.answer
    } catch (error) {
      throw this.failed(error, '')
    }
    const status = response.statusCode ?? 0
    if (status >= 200 && status < 300) return response
    let said = status >= 300 && status < 400 ? redirected(response) : await refusal(response)
    if (status === 413 && this.contentType !== 'application/x-ndjson' && !said.includes('NDJSON')) {
      said += `${said === '' ? '' : ' '}(${megabytes(this.bytes)} sent; NDJSON, one proposal per line, is streamed without an overall limit)`
    }
    this.close()
    throw new RequestFailed(`the service at ${batchUrl(this.target)} answered ${status} ${printable(response.statusMessage ?? '')}${said === '' ? '' : `: ${said}`}`)
  }

  /** `error` explained: the file that could not be read, the output that closed, a timeout, or the connection. */
  failed (error: unknown, progress: string): Error {
    if (this.sourceFailure !== undefined) return this.sourceFailure
    if (this.signal?.aborted === true) return this.signal.reason as Error
    const url = batchUrl(this.target)
    if (error instanceof BadAnswer) return reported(url, error) as RequestFailed
    if (this.timedOut) return new RequestFailed(`${url} sent nothing for ${this.target.timeout} second${this.target.timeout === 1 ? '' : 's'}${progress}; giving up (--timeout)`)
    if (!this.connected) return new RequestFailed(`cannot reach ${url}: ${codeOf(error)}`)
    if (!this.answered) {
      const refused = this.allSent ? '' : ': the service may refuse requests this large'
      return new RequestFailed(`${url} closed the connection after ${megabytes(this.bytes)} of the request, without answering (${codeOf(error)})${refused}`)
    }
    return new RequestFailed(`the connection to ${url} was lost${progress}: ${codeOf(error)}`)
  }

  /** Stops the upload and frees the connection. */
  close (): void {
    this.request.destroy()
  }
}
