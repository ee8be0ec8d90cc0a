// Stored evaluations: insert, read one, and list newest first with a keyset cursor.
import { and, desc, eq, gte, lt, or, type SQL } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { evaluations } from '../db/schema.js'
import type { Evaluation, Policy, Verdict } from '../domain/model.js'
import type { ProposalInput } from '../schemas/proposal.js'
import type { StoredEvaluation } from '../schemas/evaluation.js'
import { decodeCursor, encodeCursor } from '../domain/cursor.js'
import { InvalidFields, type FieldError } from '../errors.js'

export interface NewEvaluation { proposal: ProposalInput, policy: Policy, evaluation: Evaluation }

const toStored = (row: { id: string, createdAt: Date, result: unknown }): StoredEvaluation =>
  ({ id: row.id, createdAt: row.createdAt.toISOString(), ...(row.result as Evaluation) })

function values (organizationId: string, item: NewEvaluation) {
  const { proposal, policy, evaluation } = item
  return {
    organizationId,
    title: proposal.title,
    purpose: proposal.purpose ?? 'other',
    start: new Date(proposal.start),
    score: evaluation.score,
    verdict: evaluation.verdict,
    personHours: evaluation.cost.personHours,
    input: proposal,
    policy,
    result: evaluation
  }
}

/** The stored document is the evaluation just computed: only the id and timestamp come back from the database. */
const stored = (row: { id: string, createdAt: Date }, item: NewEvaluation): StoredEvaluation =>
  ({ id: row.id, createdAt: row.createdAt.toISOString(), ...item.evaluation })

export async function insertEvaluation (db: Executor, organizationId: string, item: NewEvaluation): Promise<StoredEvaluation> {
  const [row] = await db.insert(evaluations).values(values(organizationId, item))
    .returning({ id: evaluations.id, createdAt: evaluations.createdAt })
  return stored(row!, item)
}

/** Inserts many evaluations in one statement; results in input order (PostgreSQL returns rows of a multi-row
 * VALUES insert in the order given). */
export async function insertEvaluations (db: Executor, organizationId: string, items: NewEvaluation[]): Promise<StoredEvaluation[]> {
  if (items.length === 0) return []
  const rows = await db.insert(evaluations).values(items.map(item => values(organizationId, item)))
    .returning({ id: evaluations.id, createdAt: evaluations.createdAt })
  return rows.map((row, i) => stored(row, items[i]!))
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
    const after = decodeCursor(filter.cursor)
    if (after === undefined) throw new InvalidFields([{ path: '/cursor', message: 'is not a cursor this API issued', in: 'querystring' } as FieldError])
    conditions.push(or(lt(evaluations.createdAt, after.createdAt), and(eq(evaluations.createdAt, after.createdAt), lt(evaluations.id, after.id)))!)
  }
  const rows = await db.select({ id: evaluations.id, createdAt: evaluations.createdAt, result: evaluations.result })
    .from(evaluations).where(and(...conditions))
    .orderBy(desc(evaluations.createdAt), desc(evaluations.id)).limit(filter.limit + 1)
  const page = rows.slice(0, filter.limit)
  const last = page.at(-1)
  return {
    items: page.map(toStored),
    nextCursor: rows.length > filter.limit && last !== undefined ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null
  }
}
