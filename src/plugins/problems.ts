// One error handler for the whole service: every 4xx/5xx leaves as RFC 9457 application/problem+json.
import { STATUS_CODES, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import fp from 'fastify-plugin'
import FindMyWay from 'find-my-way'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { FieldError } from '../errors.js'
import { PROBLEM_TYPES, STATUS_TYPES, type ProblemSlug } from '../problem-types.js'
import { cut, quoted } from '../domain/quote.js'
import { EMAIL_PARAM_MAX_LENGTH } from '../schemas/person.js'

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  errors?: FieldError[]
  [extension: string]: unknown
}

export function problemType (status: number, slug?: ProblemSlug): string {
  return `/problems/${slug ?? STATUS_TYPES.get(status) ?? 'error'}`
}

export const isSlug = (value: unknown): value is ProblemSlug => typeof value === 'string' && Object.hasOwn(PROBLEM_TYPES, value)

export function problem (status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: problemType(status), title: STATUS_CODES[status] ?? 'Error', status, detail, ...extra }
}

export function sendProblem (reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json').send(body)
}

interface AjvError { instancePath: string, keyword: string, message?: string, params: Record<string, unknown> }

/** What Ajv's 'must match format "uuid"' means, said with an example (an integrator should not need the document). */
const FORMAT_MESSAGES: Record<string, string> = {
  email: 'must be an email address such as ana@example.com (ASCII: internationalised addresses are not accepted)',
  uuid: 'must be a UUID such as 3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a69',
  date: 'must be a calendar date YYYY-MM-DD that exists, such as 2026-12-01'
}

/** Ajv's 'must NOT have fewer than 1 characters' in plain words: 'must not be empty', 'must have at most 200 items'. */
const SIZE_WORDS: Record<string, [string, string]> = {
  minLength: ['at least', 'character'], maxLength: ['at most', 'character'], minItems: ['at least', 'item'], maxItems: ['at most', 'item']
}

function sizeMessage (keyword: string, limit: number): string {
  const [bound, unit] = SIZE_WORDS[keyword] as [string, string]
  if (bound === 'at least' && limit === 1) return 'must not be empty'
  return `must have ${bound} ${limit} ${limit === 1 ? unit : `${unit}s`}`
}

/** Turns Ajv errors into { path, message } pairs, each naming the bad field as a JSON pointer. */
export function fieldErrors (errors: AjvError[]): FieldError[] {
  const out: FieldError[] = []
  const seen = new Set<string>()
  for (const e of errors) {
    let path = e.instancePath
    let message = e.message ?? 'is invalid'
    if (e.keyword === 'additionalProperties') {
      path = `${path}/${String(e.params.additionalProperty)}`
      message = 'is not a known field'
    } else if (e.keyword === 'required') {
      path = `${path}/${String(e.params.missingProperty)}`
      message = 'is required'
    } else if (e.keyword === 'format' && e.params.format === 'time-zone') {
      message = 'must be an IANA time zone name such as Europe/Berlin'
    } else if (e.keyword === 'format' && e.params.format === 'date-time') {
      message = 'must be an RFC 3339 date-time with an offset or Z, such as 2026-12-01T16:00:00Z (T between date and time, seconds 00-59)'
    } else if (e.keyword === 'format' && e.params.format === 'hh-mm') {
      message = 'must be a time of day HH:MM between 00:00 and 24:00'
    } else if (e.keyword === 'format' && e.params.format === 'hh-mm-start') {
      message = 'must be a time of day HH:MM between 00:00 and 23:59 (24:00 ends a day, it does not start one)'
    } else if (e.keyword === 'format' && typeof e.params.format === 'string' && e.params.format in FORMAT_MESSAGES) {
      message = FORMAT_MESSAGES[e.params.format] as string
    } else if (e.keyword in SIZE_WORDS && typeof e.params.limit === 'number') {
      message = sizeMessage(e.keyword, e.params.limit)
    } else if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues)) {
      // Ajv says "must be equal to one of the allowed values" without naming them; an integrator should not need the document.
      message = `must be one of ${(e.params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}`
    } else if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      if (errors.some(o => o !== e && o.instancePath.startsWith(e.instancePath))) continue
    }
    const key = `${path}|${message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ path, message })
  }
  return out
}

/** postgres.js connection failures, and PostgreSQL refusing service (shutdown, starting up, too many clients). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
  '57P01', '57P02', '57P03', '53300', '57014'
])

/** True when an error (or its cause, as drizzle wraps driver errors) means the database cannot serve right now. */
export function isDatabaseUnavailable (error: unknown): boolean {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true
    if ((e as { message?: unknown }).message === 'PGlite is closed') return true
  }
  return false
}

/** PostgreSQL class 22 (data exception): a value from the request the database cannot represent, e.g. a float underflow. */
function isDataException (error: unknown): boolean {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return true
  }
  return false
}

/** The media types the route's body schema names (one schema without `content`: JSON; no body schema: none). */
export function bodyTypes (request: FastifyRequest): string[] {
  const body = request.routeOptions.schema?.body as { content?: Record<string, unknown> } | undefined
  if (body === undefined) return []
  return body.content === undefined ? ['application/json'] : Object.keys(body.content)
}

/** What a 415 says: the type sent and what the route reads, which may be no body at all (Fastify's own message named
 * neither; a DELETE sent with text/plain was told to send application/json, which it does not read either). */
export function mediaTypeDetail (request: FastifyRequest): string {
  const sent = request.headers['content-type']
  const types = bodyTypes(request)
  if (types.length === 0) return `This route reads no body: send the request without one${sent === undefined ? '' : ` (it came with Content-Type ${quoted(sent)})`}.`
  const send = `send ${types.join(' or ')}${request.routeOptions.config.optionalBody === true ? ', or no body' : ''}`
  if (sent === undefined) return `The request has a body but no Content-Type; ${send}.`
  return `Content-Type ${quoted(sent)} is not one this route reads; ${send}.`
}

/** The subject of a validation problem's detail, by the part of the request Fastify validated. */
const PARTS: Record<string, string> = {
  body: 'The request body is',
  querystring: 'The query string is',
  params: 'The path parameters are',
  headers: 'The request headers are'
}

function render (error: FastifyError & { errors?: FieldError[] }, request: FastifyRequest): Problem {
  if (isDatabaseUnavailable(error)) {
    return problem(503, 'The database is unavailable; retry after the time in Retry-After.', { instance: `urn:request:${request.id}` })
  }
  if (isDataException(error)) {
    return problem(400, 'A value in the request is outside what the service can store (out of range or not representable).')
  }
  const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
  if (error.validation !== undefined) {
    const errors = fieldErrors(error.validation as unknown as AjvError[])
    const list = errors.map(e => `${e.path || '/'} ${e.message}`).join('; ')
    return problem(400, `${PARTS[error.validationContext ?? ''] ?? 'The request is'} invalid: ${list}`, {
      type: problemType(400, 'validation-error'),
      errors: errors.map(e => error.validationContext === 'body' ? e : { ...e, in: error.validationContext } as FieldError)
    })
  }
  if (status >= 500) {
    return problem(status, status === 503 ? error.message : 'An unexpected error occurred. The request id identifies it in our logs.', { instance: `urn:request:${request.id}` })
  }
  const extra: Partial<Problem> = {}
  const slug = (error as { problemSlug?: unknown }).problemSlug
  if (isSlug(slug)) extra.type = problemType(status, slug)
  if (Array.isArray(error.errors)) {
    extra.errors = error.errors
    extra.type ??= problemType(400, 'validation-error')
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return problem(status, mediaTypeDetail(request), extra)
  const detail = (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code?.startsWith('MEV_') === true || status < 500)
    ? error.message
    : 'The request could not be processed.'
  return problem(status, detail, extra)
}

/** Fastify's `frameworkErrors`: errors raised while routing (a bad or too long URL) leave as problems too. */
export function frameworkErrors (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400
  // Fastify's messages quote the whole parameter (a 15 KB path came back whole): say what is wrong, quoting it cut.
  const path = quoted(request.url.split('?')[0] ?? '/')
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(reply, problem(status, `A path parameter of ${path} is longer than the ${EMAIL_PARAM_MAX_LENGTH} characters any resource id or email takes.`))
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    const why = /%(?![0-9a-f]{2})/i.test(request.url.split('?')[0] ?? '')
      ? 'a % is not followed by two hexadecimal digits (write % itself as %25)'
      : 'a percent-encoded sequence is not UTF-8'
    return sendProblem(reply, problem(status, `The path ${path} is not a valid URL: ${why}.`))
  }
  return sendProblem(reply, problem(status, cut(error.message)))
}

/** The problem for an error Node's HTTP parser or its timers raise before a request reaches Fastify. */
export function clientErrorProblem (error: Error & { code?: string, reason?: string }): Problem {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem(408, 'The request was not received in time: its headers or its body stopped arriving.')
    case 'HPE_HEADER_OVERFLOW':
      return problem(431, 'The request\'s header section is larger than the server reads (16 KiB in all).')
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return problem(413, 'The request\'s chunk extensions are larger than the server reads.')
    default: {
      const reason = error.reason ?? error.message
      return problem(400, `The request is not valid HTTP/1.1${reason === '' ? '' : ` (${reason.replace(/\.$/, '')})`}.`)
    }
  }
}

/**
 * Fastify's `clientErrorHandler`: a request Node cannot parse (bad request line, oversized headers, malformed chunk)
 * or that timed out was answered in Fastify's own JSON shape; it is a problem like every other 4xx. As Node does, the
 * answer is written only when no response has started on the connection, and the connection is then closed.
 */
export function clientErrorHandler (this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const body = clientErrorProblem(error)
  this.log.debug({ err: error, status: body.status }, 'client error')
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage
  if (socket.writable && (inFlight == null || !inFlight.headersSent)) {
    const json = JSON.stringify(body)
    socket.write(`HTTP/1.1 ${body.status} ${body.title}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`)
  }
  socket.destroy(error)
}

async function problems (app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = render(error, request)
    if (body.status >= 500 && body.status !== 503) request.log.error({ err: error }, 'request failed')
    else if (body.status !== error.statusCode && body.status !== 400) request.log.warn({ err: error }, 'database unavailable')
    else if (body.status !== error.statusCode) request.log.warn({ err: error }, 'a value could not be stored')
    else request.log.info({ status: body.status, code: error.code, detail: body.detail }, 'request rejected')
    const headers = (error as { headers?: Record<string, string> }).headers
    if (headers !== undefined) reply.headers(headers)
    if (body.status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '5')
    if (body.status === 401) reply.header('www-authenticate', 'Bearer realm="meeting-evaluator"')
    return sendProblem(reply, body)
  })
  // Which methods each path answers, to tell a path that exists (405 with Allow, RFC 9110 15.5.6) from one that
  // does not (404). Fastify's own router answers 404 for both.
  const paths = FindMyWay({ maxParamLength: Number.MAX_SAFE_INTEGER })
  const methods = new Map<string, Set<string>>()
  app.addHook('onRoute', route => {
    let allowed = methods.get(route.url)
    if (allowed === undefined) {
      allowed = new Set()
      methods.set(route.url, allowed)
      paths.on('GET', route.url, () => {}, { url: route.url })
    }
    for (const method of [route.method].flat()) allowed.add(method)
  })
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/'
    const found = paths.find('GET', path) as { store: { url: string } } | null
    const allowed = found === null ? undefined : methods.get(found.store.url)
    if (allowed !== undefined && !allowed.has(request.method)) {
      const allow = [...allowed].sort().join(', ')
      const resource = found!.store.url.replace(/:(\w+)/g, '{$1}')
      return sendProblem(reply.header('allow', allow), problem(405, `${resource} answers ${allow}, not ${request.method.slice(0, 20)}.`))
    }
    return sendProblem(reply, problem(404, `No route matches ${request.method.slice(0, 20)} ${cut(path)}`))
  })
}

export default fp(problems, { name: 'problems' })
