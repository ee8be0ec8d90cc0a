// Batch evaluation: policy once per batch, directory and agendas once per chunk, one bulk insert, a result per item.
import { isUtf8 } from 'node:buffer'
import { setImmediate } from 'node:timers/promises'
import { and, asc, eq, inArray } from 'drizzle-orm'
import { DateTime } from 'luxon'
import type { FastifyBaseLogger } from 'fastify'
import type { Executor } from '../db/client.js'
import { agendaItems, agendas } from '../db/schema.js'
import { personMinutes } from '../domain/cost.js'
import { evaluate } from '../domain/evaluate.js'
import type { Evaluation } from '../domain/model.js'
import { ProposalError, resolveMeeting, type AgendaSource, type DirectoryEntry, type RuledZone } from '../domain/resolve.js'
import { InvalidFields, type FieldError } from '../errors.js'
import { unstorableStrings } from '../plugins/nul.js'
import { isSlug, problem, problemType, type Problem } from '../plugins/problems.js'
import { evaluationRow, insertNewRows, insertRows, type EvaluationRow, type NewEvaluation } from '../repositories/evaluations.js'
import { derivedId } from '../repositories/idempotency.js'
import { emailKey } from '../repositories/people.js'
import { directoryFor, type Caller } from './caller.js'
import type { BatchResult } from '../schemas/batch.js'
import type { ProposalInput } from '../schemas/proposal.js'
import { unknownAgenda, validateProposal, withAsOf } from './evaluations.js'

/** One input item: a value to check as a proposal (with assumptions, and the start's zone when given only by its rules,
 * from a calendar), or a problem found while reading it. */
export type Candidate = { value: unknown, assumptions?: string[], ruledZone?: RuledZone, fromCalendar?: boolean } | { problem: Problem }

interface Valid { kind: 'valid', proposal: ProposalInput, assumptions: string[], ruledZone?: RuledZone }
interface Failed { kind: 'failed', problem: Problem }
const failed = (p: Problem): Failed => ({ kind: 'failed', problem: p })

const DIRECTORY_CACHE_LIMIT = 50_000
/** Longest stretch of scoring before the event loop gets a turn. */
const TURN_MS = 10

const invalid = (errors: FieldError[], detail?: string): Problem => {
  const error = new InvalidFields(errors, detail)
  return problem(400, error.message, { type: problemType(400, 'validation-error'), errors })
}

/** The problem object a failed item gets: the same type/title/status/detail/errors a single request would answer. */
export function problemFor (error: unknown): Problem {
  const e = error as { statusCode?: number, message?: string, errors?: FieldError[], problemSlug?: unknown }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const errors = Array.isArray(e.errors) ? e.errors : undefined
    const slug = isSlug(e.problemSlug) ? { type: problemType(e.statusCode, e.problemSlug) } : {}
    return problem(e.statusCode, e.message ?? 'The meeting could not be evaluated.',
      errors === undefined ? slug : { errors, ...(e.statusCode === 400 ? { type: problemType(400, 'validation-error') } : {}) })
  }
  return problem(500, 'An unexpected error occurred while evaluating this meeting. The request id identifies it in our logs.')
}

function check (candidate: Candidate): Valid | Failed {
  if ('problem' in candidate) return failed(candidate.problem)
  // Strings that cannot be stored are named together with every field the schema refuses, as a single request is.
  const unstorable = unstorableStrings(candidate.value)
  let proposal: ProposalInput
  try {
    proposal = validateProposal(candidate.value, candidate.fromCalendar === true)
  } catch (error) {
    if (unstorable.length > 0 && error instanceof InvalidFields) return failed(invalid([...unstorable, ...error.errors]))
    if (!(error instanceof InvalidFields) || candidate.fromCalendar !== true) return failed(problemFor(error))
    return failed(invalid(error.errors, `The proposal made from the event is invalid (paths are proposal fields): ${error.errors.map(e => `${e.path || '/'} ${e.message}`).join('; ')}`))
  }
  if (unstorable.length > 0) return failed(invalid(unstorable))
  if (proposal.agenda !== undefined && proposal.agendaId !== undefined) return failed(invalid([{ path: '/agendaId', message: 'send either agenda or agendaId, not both' }]))
  return { kind: 'valid', proposal, assumptions: candidate.assumptions ?? [], ...(candidate.ruledZone === undefined ? {} : { ruledZone: candidate.ruledZone }) }
}

async function storedAgendas (db: Executor, organizationId: string, ids: string[]): Promise<Map<string, AgendaSource>> {
  const found = new Map<string, AgendaSource>()
  if (ids.length === 0) return found
  const heads = await db.select({ id: agendas.id, publishedAt: agendas.publishedAt }).from(agendas)
    .where(and(eq(agendas.organizationId, organizationId), inArray(agendas.id, ids)))
  if (heads.length === 0) return found
  for (const head of heads) found.set(head.id, { items: [], ...(head.publishedAt === null ? {} : { sharedAt: head.publishedAt.toISOString() }) })
  const items = await db.select().from(agendaItems).where(inArray(agendaItems.agendaId, heads.map(h => h.id)))
    .orderBy(asc(agendaItems.agendaId), asc(agendaItems.position))
  for (const i of items) found.get(i.agendaId)?.items.push({ title: i.title, minutes: i.minutes, ...(i.owner === null ? {} : { owner: i.owner }) })
  return found
}

/** Evaluates chunks of one batch (or stream) for one organisation: the policy and `now` are read once. */
export class BatchEvaluator {
  private readonly directory = new Map<string, DirectoryEntry>()
  private readonly unknownPeople = new Set<string>()
  private readonly policyJson: string

  private constructor (private readonly db: Executor, private readonly caller: Caller, private readonly now: DateTime) {
    this.policyJson = JSON.stringify(caller.policy)
  }

  /** Uses the policy and directory flag the auth step read with the key. */
  static open (db: Executor, caller: Caller): BatchEvaluator {
    return new BatchEvaluator(db, {
      organizationId: caller.organizationId, policy: caller.policy, hasDirectory: caller.hasDirectory, idempotentId: caller.idempotentId ?? null
    }, DateTime.utc())
  }

  /** Directory entries for every email of the chunk not seen before, in one query. */
  private async loadPeople (valid: Valid[]): Promise<void> {
    const wanted = new Set<string>()
    for (const { proposal } of valid) {
      for (const p of proposal.participants) {
        if (p.timeZone !== undefined && p.workingHours !== undefined && p.hourlyRate !== undefined) continue
        const key = emailKey(p.email)
        if (!this.directory.has(key) && !this.unknownPeople.has(key)) wanted.add(key)
      }
    }
    if (wanted.size === 0) return
    if (this.directory.size + this.unknownPeople.size + wanted.size > DIRECTORY_CACHE_LIMIT) { this.directory.clear(); this.unknownPeople.clear() }
    const found = await directoryFor(this.db, this.caller, [...wanted])
    for (const key of wanted) {
      const person = found.get(key)
      if (person === undefined) this.unknownPeople.add(key)
      else this.directory.set(key, person)
    }
  }

  private score (item: Valid, agendaSources: Map<string, AgendaSource>, log?: FastifyBaseLogger): NewEvaluation | Failed {
    const { proposal } = item
    const storedAgenda = proposal.agendaId === undefined ? undefined : agendaSources.get(proposal.agendaId)
    if (proposal.agendaId !== undefined && storedAgenda === undefined) return failed(problemFor(unknownAgenda(proposal.agendaId)))
    try {
      const resolved = resolveMeeting(proposal, {
        policy: this.caller.policy,
        directory: this.directory,
        now: this.now,
        ...(storedAgenda === undefined ? {} : { storedAgenda }),
        ...(item.ruledZone === undefined ? {} : { ruledZone: item.ruledZone })
      }, [...item.assumptions])
      const evaluation: Evaluation = evaluate(resolved.meeting, this.caller.policy, resolved.assumptions)
      return { proposal, policy: this.caller.policy, evaluation, personMinutes: personMinutes(resolved.meeting) }
    } catch (error) {
      if (error instanceof ProposalError) return failed(invalid([{ path: error.path, message: error.message }]))
      log?.error({ err: error }, 'batch item failed')
      return failed(problemFor(error))
    }
  }

  /** Checks the chunk, loads what its meetings need (directory entries, stored agendas) in one query each, then
   * scores each item in input order and hands it to `visit` straight away. */
  private async scoreChunk (candidates: Candidate[], log: FastifyBaseLogger | undefined,
    visit: (scored: NewEvaluation | Failed, position: number) => void): Promise<void> {
    const checked = candidates.map(check)
    const valid = checked.filter((c): c is Valid => c.kind === 'valid')
    const agendaIds = [...new Set(valid.flatMap(v => v.proposal.agendaId === undefined ? [] : [v.proposal.agendaId]))]
    const [agendaSources] = await Promise.all([storedAgendas(this.db, this.caller.organizationId, agendaIds), this.loadPeople(valid)])
    let turn = performance.now()
    for (let i = 0; i < checked.length; i++) {
      // Scoring is CPU work (a large group on a frequent series takes tens of milliseconds): give the event loop a
      // turn every few milliseconds so other requests are not held up by a large batch.
      if (performance.now() - turn >= TURN_MS) {
        await setImmediate()
        turn = performance.now()
      }
      const c = checked[i]!
      visit(c.kind === 'valid' ? this.score(c, agendaSources, log) : c, i)
    }
  }

  /** The result of one scored item at `index`; a stored one gets its row (id and timestamp) added to `rows`. */
  private result (scored: NewEvaluation | Failed, index: number, store: boolean, rows: EvaluationRow[]): BatchResult {
    if ('kind' in scored) return { index, ...scored.problem } as BatchResult
    if (!store) return { index, ...scored.evaluation }
    // Under an Idempotency-Key each item's id derives from the key's, so a rerun finds what an earlier run stored.
    const id = this.caller.idempotentId == null ? undefined : derivedId(`${this.caller.idempotentId}\n${index}`)
    const row = evaluationRow(this.caller.organizationId, scored, this.policyJson, id)
    rows.push(row)
    return { index, id: row.id, createdAt: row.createdAt.toISOString(), ...scored.evaluation }
  }

  /** Results in input order, `index` counted from `firstIndex`; the evaluations of the chunk stored with one insert unless `store` is false. */
  async run (candidates: Candidate[], firstIndex: number, store: boolean, log?: FastifyBaseLogger): Promise<BatchResult[]> {
    const results: BatchResult[] = []
    const rows: EvaluationRow[] = []
    await this.scoreChunk(candidates, log, (s, i) => { results.push(this.result(s, firstIndex + i, store, rows)) })
    // A run that follows one whose answer was lost (ids from an Idempotency-Key) answers with what that run stored.
    const earlier = await insertNewRows(this.db, this.caller.organizationId, rows)
    if (earlier.size === 0) return results
    return results.map(r => {
      const stored = 'id' in r && typeof r.id === 'string' ? earlier.get(r.id) : undefined
      return stored === undefined ? r : { index: r.index, ...stored } as BatchResult
    })
  }

  /** The answer lines of a chunk (each ending in a newline), written as each meeting is scored so that only text
   * outlives it: a stream of any length keeps a small heap. Stored chunks answer once their one insert commits. */
  async runLines (candidates: Candidate[], firstIndex: number, store: boolean, serialize: (result: BatchResult) => string,
    log?: FastifyBaseLogger): Promise<string> {
    let out = ''
    const rows: EvaluationRow[] = []
    await this.scoreChunk(candidates, log, (s, i) => { out += `${serialize(this.result(s, firstIndex + i, store, rows))}\n` })
    await insertRows(this.db, rows)
    return out
  }
}

const TOO_LONG = Symbol('line too long')
/** A line whose bytes are not UTF-8: decoding would put U+FFFD in place of them and store that. */
const NOT_UTF8 = Symbol('line not UTF-8')
/** Every line of one piece of the source has been given: the next line may have to wait for the sender. */
const READ_ALL = Symbol('read all that arrived')

/** Whether the bytes are ASCII whitespace only (tab to CR, space): what a blank line over the size limit holds. */
function blankBytes (bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && (byte < 0x09 || byte > 0x0d)) return false
  return true
}

/** Lines of a byte stream (split on LF, so multi-byte UTF-8 is never cut); a line over `maxBytes` is skipped and
 * reported as TOO_LONG (or as an empty line when it is blank, so it is skipped as any blank line is), one that is not
 * UTF-8 as NOT_UTF8; READ_ALL follows the lines of each piece the source gave. */
export async function * splitLines (source: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<string | typeof TOO_LONG | typeof NOT_UTF8 | typeof READ_ALL> {
  let parts: Buffer[] = []
  let size = 0
  let skipping = false
  /** While skipping: whether the line has held only whitespace so far. */
  let blank = false
  const take = (): string | typeof NOT_UTF8 => {
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size)
    parts = []
    size = 0
    return isUtf8(bytes) ? bytes.toString('utf8') : NOT_UTF8
  }
  for await (const data of source) {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data
    let start = 0
    while (start <= chunk.length) {
      const nl = chunk.indexOf(10, start)
      const end = nl === -1 ? chunk.length : nl
      if (!skipping && size + end - start > maxBytes) {
        skipping = true
        blank = parts.every(blankBytes)
        parts = []
        size = 0
      }
      if (skipping) blank &&= blankBytes(chunk.subarray(start, end))
      else if (end > start) { parts.push(chunk.subarray(start, end)); size += end - start }
      if (nl === -1) break
      start = nl + 1
      if (skipping) { skipping = false; yield blank ? '' : TOO_LONG } else yield take()
    }
    yield READ_ALL
  }
  if (skipping) yield blank ? '' : TOO_LONG
  else if (size > 0) yield take()
}

/** A candidate from one NDJSON line (`asOf`: the batch's, for a meeting without one), or undefined for a blank line. */
function fromLine (line: string | typeof TOO_LONG | typeof NOT_UTF8, maxBytes: number, asOf: string | undefined): Candidate | undefined {
  if (line === TOO_LONG) return { problem: problem(413, `The line is longer than ${maxBytes} bytes; it was skipped.`) }
  if (line === NOT_UTF8) return { problem: problem(400, 'The line is not valid UTF-8, which JSON requires (RFC 8259 section 8.1).', { type: problemType(400, 'invalid-json') }) }
  const text = line.trim()
  if (text === '') return undefined
  try {
    return { value: withAsOf(JSON.parse(text), asOf) }
  } catch (error) {
    return { problem: problem(400, `The line is not valid JSON: ${(error as Error).message}`, { type: problemType(400, 'invalid-json') }) }
  }
}

export interface StreamOptions {
  store: boolean
  chunkSize: number
  maxLineBytes: number
  /** The batch's ?asOf=: the asOf of each meeting that gives none. */
  asOf?: string
  serialize: (result: BatchResult) => string
  log: FastifyBaseLogger
}

/** Whether `next` is still waiting once the event loop has had a turn: data the source already holds is handed over
 * within the turn, so a wait means the sender has sent nothing more for now. */
async function waiting (next: Promise<unknown>): Promise<boolean> {
  return await Promise.race([next.then(() => false, () => false), setImmediate(true)])
}

/** NDJSON in, NDJSON out: one output line per non-empty input line, in order, evaluated and stored a chunk at a time.
 * While a chunk is being stored, the next one is read and scored (at most two in flight). When the sender pauses
 * (a client that sends a line and waits for its answer), everything read so far is answered before reading on. */
export async function * ndjsonResults (evaluator: BatchEvaluator, source: AsyncIterable<Buffer | string>, options: StreamOptions): AsyncGenerator<string> {
  let chunk: Candidate[] = []
  let index = 0
  // Never rejects: a failure becomes problem lines, so an abandoned chunk cannot raise an unhandled rejection.
  const flush = async (): Promise<string> => {
    const items = chunk
    const first = index
    chunk = []
    index += items.length
    try {
      return await evaluator.runLines(items, first, options.store, options.serialize, options.log)
    } catch (error) {
      // The database failed for this chunk: every line of it gets a 500 problem and the stream goes on.
      options.log.error({ err: error }, 'batch chunk failed')
      let out = ''
      for (let i = 0; i < items.length; i++) out += `${options.serialize({ index: first + i, ...problemFor(error) } as BatchResult)}\n`
      return out
    }
  }
  let pending: Promise<string> | undefined
  const lines = splitLines(source, options.maxLineBytes)
  let upcoming = lines.next()
  try {
    for (let read = await upcoming; read.done !== true; read = await upcoming) {
      upcoming = lines.next()
      const line = read.value
      if (line === READ_ALL) {
        if ((chunk.length === 0 && pending === undefined) || !await waiting(upcoming)) continue
        const last = chunk.length > 0 ? flush() : undefined
        if (pending !== undefined) yield await pending
        pending = undefined
        if (last !== undefined) yield await last
        continue
      }
      const candidate = fromLine(line, options.maxLineBytes, options.asOf)
      if (candidate === undefined) continue
      chunk.push(candidate)
      if (chunk.length < options.chunkSize) continue
      const next = flush()
      if (pending !== undefined) yield await pending
      pending = next
    }
  } finally {
    // Left early (the client went away): the line read already asked for may still fail with the request.
    upcoming.catch(() => {})
    lines.return(undefined).catch(() => {})
  }
  const last = chunk.length > 0 ? flush() : undefined
  if (pending !== undefined) yield await pending
  if (last !== undefined) yield await last
}
