// Stored evaluations: insert, read one, and list newest first with a keyset cursor.
import { randomUUID } from 'node:crypto'
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import { perHandle, type Executor } from '../db/client.js'
import { evaluations } from '../db/schema.js'
import type { Evaluation, Policy, Verdict } from '../domain/model.js'
import type { ProposalInput } from '../schemas/proposal.js'
import type { StoredEvaluation } from '../schemas/evaluation.js'
import { decodePosition, encodePosition } from '../domain/cursor.js'
import { notThisListsCursor } from '../errors.js'

/** An evaluation to store; `personMinutes` (participants x duration, see domain/cost.ts) is what analytics sum. */
export interface NewEvaluation { proposal: ProposalInput, policy: Policy, evaluation: Evaluation, personMinutes: number }

const toStored = (row: { id: string, createdAt: Date, result: unknown }): StoredEvaluation =>
  ({ id: row.id, createdAt: row.createdAt.toISOString(), ...(row.result as Evaluation) })

/** One evaluation ready to insert. The id and timestamp are chosen here rather than by the database, so a batch can
 * write each answer line (and drop the evaluation object) as soon as the meeting is scored, before the chunk's insert;
 * the documents are JSON text already, so nothing holds the object graph until then. */
export interface EvaluationRow { id: string, createdAt: Date, values: typeof evaluations.$inferInsert }

/** The columns of one evaluation, its three documents as JSON text. */
function columns (organizationId: string, item: NewEvaluation, policyJson: string, id: string = randomUUID()) {
  const { proposal, evaluation, personMinutes } = item
  return {
    id,
    organizationId,
    createdAt: new Date(),
    title: proposal.title,
    purpose: proposal.purpose ?? 'other',
    start: new Date(proposal.start),
    score: evaluation.score,
    verdict: evaluation.verdict,
    personMinutes,
    input: JSON.stringify(proposal),
    policy: policyJson,
    result: JSON.stringify(evaluation)
  }
}

const jsonb = (text: string): SQL => sql`${text}::jsonb`

/** The row of `item`; `policyJson` lets a batch serialise its one policy once. */
export function evaluationRow (organizationId: string, item: NewEvaluation, policyJson = JSON.stringify(item.policy), id?: string): EvaluationRow {
  const values = columns(organizationId, item, policyJson, id)
  return {
    id: values.id,
    createdAt: values.createdAt,
    values: { ...values, input: jsonb(values.input), policy: jsonb(values.policy), result: jsonb(values.result) }
  }
}

/** Inserts rows in one statement (one transaction: all or none). */
export async function insertRows (db: Executor, rows: EvaluationRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(evaluations).values(rows.map(r => r.values))
}

/** Inserts the rows whose ids are not stored yet (ids derived from an Idempotency-Key, see the idempotency plugin), in
 * one statement, and answers the stored evaluations of the others, by id. */
export async function insertNewRows (db: Executor, organizationId: string, rows: EvaluationRow[]): Promise<Map<string, StoredEvaluation>> {
  const stored = new Map<string, StoredEvaluation>()
  if (rows.length === 0) return stored
  const inserted = await db.insert(evaluations).values(rows.map(r => r.values))
    .onConflictDoNothing({ target: evaluations.id }).returning({ id: evaluations.id })
  if (inserted.length === rows.length) return stored
  const fresh = new Set(inserted.map(r => r.id))
  const earlier = rows.filter(r => !fresh.has(r.id)).map(r => r.id)
  const found = await db.select({ id: evaluations.id, createdAt: evaluations.createdAt, result: evaluations.result }).from(evaluations)
    .where(and(eq(evaluations.organizationId, organizationId), inArray(evaluations.id, earlier)))
  for (const row of found) stored.set(row.id, toStored(row))
  if (stored.size !== earlier.length) throw new Error('an evaluation id of this batch is taken by another organisation')
  return stored
}

const placeholder = (name: keyof typeof evaluations.$inferInsert) => sql.placeholder(name)
const jsonbPlaceholder = (name: keyof typeof evaluations.$inferInsert): SQL => sql`${sql.placeholder(name)}::jsonb`

/** The insert of one evaluation as a named prepared statement: parsed once per connection, then one round trip
 * (an unnamed statement costs a second one, to describe its parameters, on every insert). */
const insertOneQuery = perHandle(db => db.insert(evaluations).values({
  id: placeholder('id'),
  organizationId: placeholder('organizationId'),
  createdAt: placeholder('createdAt'),
  title: placeholder('title'),
  purpose: placeholder('purpose'),
  start: placeholder('start'),
  score: placeholder('score'),
  verdict: placeholder('verdict'),
  personMinutes: placeholder('personMinutes'),
  input: jsonbPlaceholder('input'),
  policy: jsonbPlaceholder('policy'),
  result: jsonbPlaceholder('result')
}).onConflictDoNothing({ target: evaluations.id }).returning({ id: evaluations.id }).prepare('insert_evaluation'))

/** Stores one evaluation. With `id` (an Idempotency-Key's) that is already stored, by an earlier run whose answer was
 * lost, nothing is inserted and the stored evaluation is the answer. */
export async function insertEvaluation (db: Executor, organizationId: string, item: NewEvaluation, id?: string): Promise<StoredEvaluation> {
  const values = columns(organizationId, item, JSON.stringify(item.policy), id)
  const inserted = await insertOneQuery(db).execute(values)
  if (inserted.length > 0) return { id: values.id, createdAt: values.createdAt.toISOString(), ...item.evaluation }
  const stored = await getEvaluation(db, organizationId, values.id)
  if (stored === undefined) throw new Error(`evaluation id ${values.id} is taken by another organisation`)
  return stored
}

export async function getEvaluation (db: Executor, organizationId: string, id: string): Promise<StoredEvaluation | undefined> {
  const [row] = await db.select({ id: evaluations.id, createdAt: evaluations.createdAt, result: evaluations.result })
    .from(evaluations).where(and(eq(evaluations.id, id), eq(evaluations.organizationId, organizationId))).limit(1)
  return row === undefined ? undefined : toStored(row)
}

export interface ListFilter { verdict?: Verdict, from?: Date, to?: Date, limit: number, cursor?: string }

export async function listEvaluations (db: Executor, organizationId: string, filter: ListFilter): Promise<{ items: StoredEvaluation[], nextCursor: string | null }> {
  const conditions: SQL[] = [eq(evaluations.organizationId, organizationId)]
  if (filter.verdict !== undefined) conditions.push(eq(evaluations.verdict, filter.verdict))
  if (filter.from !== undefined) conditions.push(gte(evaluations.createdAt, filter.from))
  if (filter.to !== undefined) conditions.push(lt(evaluations.createdAt, filter.to))
  if (filter.cursor !== undefined) {
    const after = decodePosition('evaluations', filter.cursor)
    if (after === undefined) throw notThisListsCursor('/v1/evaluations')
    conditions.push(or(lt(evaluations.createdAt, after.createdAt), and(eq(evaluations.createdAt, after.createdAt), lt(evaluations.id, after.id)))!)
  }
  const rows = await db.select({ id: evaluations.id, createdAt: evaluations.createdAt, result: evaluations.result })
    .from(evaluations).where(and(...conditions))
    .orderBy(desc(evaluations.createdAt), desc(evaluations.id)).limit(filter.limit + 1)
  const page = rows.slice(0, filter.limit)
  const last = page.at(-1)
  return {
    items: page.map(toStored),
    nextCursor: rows.length > filter.limit && last !== undefined ? encodePosition('evaluations', { createdAt: last.createdAt, id: last.id }) : null
  }
}
