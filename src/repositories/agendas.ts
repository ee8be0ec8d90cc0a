// Stored agendas and their ordered items: create, read, keyset pages, conditional replace/delete, publish, actuals.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Db, Executor } from '../db/client.js'
import { agendaItems, agendas } from '../db/schema.js'
import { adherence } from '../domain/agenda/adherence.js'
import type { AgendaInputT, AgendaParticipantT, AgendaT } from '../schemas/agenda.js'

type Row = typeof agendas.$inferSelect
type ItemRow = typeof agendaItems.$inferSelect

/** The If-Match condition of a write: any version (`*`), or one of the listed versions. */
export type VersionMatch = { any: true } | { any: false, versions: number[] }

/** Keyset position: the (createdAt, id) of the last agenda of a page. */
export interface ListPosition { createdAt: Date, id: string }

export type WriteResult = { outcome: 'ok', agenda: AgendaT } | { outcome: 'missing' } | { outcome: 'stale' }

function toAgenda (row: Row, items: ItemRow[]): AgendaT {
  const sorted = [...items].sort((a, b) => a.position - b.position)
  const out: AgendaT = {
    id: row.id,
    version: row.version,
    status: row.status as AgendaT['status'],
    title: row.title,
    durationMinutes: row.durationMinutes,
    items: sorted.map(item => ({
      index: item.position,
      title: item.title,
      minutes: item.minutes,
      ...(item.owner === null ? {} : { owner: item.owner }),
      ...(item.kind === null ? {} : { kind: item.kind }),
      ...(item.notes === null ? {} : { notes: item.notes }),
      ...(item.actualMinutes === null ? {} : { actualMinutes: item.actualMinutes })
    })),
    outcomes: row.outcomes as string[],
    participants: row.participants as AgendaParticipantT[],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
  if (row.meetingStart !== null) out.meetingStart = row.meetingStart.toISOString()
  if (row.timeZone !== null) out.timeZone = row.timeZone
  if (row.publishedAt !== null) out.publishedAt = row.publishedAt.toISOString()
  if (row.actualsRecordedAt !== null) {
    const kept = adherence(sorted, row.actualsRecordedAt.toISOString())
    if (kept !== undefined) out.adherence = kept
  }
  return out
}

function fields (input: AgendaInputT) {
  return {
    title: input.title,
    meetingStart: input.meetingStart === undefined ? null : new Date(input.meetingStart),
    durationMinutes: input.durationMinutes,
    timeZone: input.timeZone ?? null,
    outcomes: input.outcomes ?? [],
    participants: input.participants ?? []
  }
}

function itemRows (agendaId: string, input: AgendaInputT): ItemRow[] {
  return input.items.map((item, position) => ({
    agendaId,
    position,
    title: item.title,
    minutes: item.minutes,
    owner: item.owner ?? null,
    kind: item.kind ?? null,
    notes: item.notes ?? null,
    actualMinutes: null
  }))
}

const own = (organizationId: string, id: string): SQL => and(eq(agendas.id, id), eq(agendas.organizationId, organizationId))!

function matching (organizationId: string, id: string, match: VersionMatch | undefined): SQL | undefined {
  if (match === undefined || match.any) return own(organizationId, id)
  if (match.versions.length === 0) return undefined
  return and(own(organizationId, id), inArray(agendas.version, match.versions))
}

async function itemsOf (db: Executor, ids: string[]): Promise<Map<string, ItemRow[]>> {
  const byAgenda = new Map<string, ItemRow[]>(ids.map(id => [id, []]))
  if (ids.length === 0) return byAgenda
  const list = await db.select().from(agendaItems).where(inArray(agendaItems.agendaId, ids)).orderBy(asc(agendaItems.agendaId), asc(agendaItems.position))
  for (const item of list) byAgenda.get(item.agendaId)?.push(item)
  return byAgenda
}

/** Whether the agenda exists in the organisation (another organisation's agenda does not). */
export async function agendaExists (db: Executor, organizationId: string, id: string): Promise<boolean> {
  const found = await db.select({ id: agendas.id }).from(agendas).where(own(organizationId, id)).limit(1)
  return found.length > 0
}

/** Stores a new agenda. With `id` (an Idempotency-Key's) that is already stored, by an earlier run whose answer was
 * lost, nothing is written and the stored agenda, as it is now, is the answer. */
export async function createAgenda (db: Db, organizationId: string, input: AgendaInputT, id?: string): Promise<AgendaT> {
  return db.transaction(async tx => {
    const [row] = await tx.insert(agendas).values({ ...(id === undefined ? {} : { id }), organizationId, ...fields(input) })
      .onConflictDoNothing({ target: agendas.id }).returning()
    if (row === undefined) {
      const stored = await getAgenda(tx, organizationId, id!)
      if (stored === undefined) throw new Error(`agenda id ${id!} is taken by another organisation`)
      return stored
    }
    const items = itemRows(row.id, input)
    await tx.insert(agendaItems).values(items)
    return toAgenda(row, items)
  })
}

export async function getAgenda (db: Executor, organizationId: string, id: string): Promise<AgendaT | undefined> {
  const [row] = await db.select().from(agendas).where(own(organizationId, id)).limit(1)
  if (row === undefined) return undefined
  return toAgenda(row, (await itemsOf(db, [row.id])).get(row.id) ?? [])
}

/** A page in (createdAt, id) order after `after`; `last` is the position to continue from when `more`. */
export async function listAgendas (db: Executor, organizationId: string, options: { limit: number, after?: ListPosition, status?: string }):
Promise<{ items: AgendaT[], last?: ListPosition, more: boolean }> {
  const conditions: SQL[] = [eq(agendas.organizationId, organizationId)]
  if (options.status !== undefined) conditions.push(eq(agendas.status, options.status))
  if (options.after !== undefined) {
    conditions.push(sql`(${agendas.createdAt}, ${agendas.id}) > (${options.after.createdAt.toISOString()}::timestamptz, ${options.after.id}::uuid)`)
  }
  const found = await db.select().from(agendas).where(and(...conditions))
    .orderBy(asc(agendas.createdAt), asc(agendas.id)).limit(options.limit + 1)
  const page = found.slice(0, options.limit)
  const items = await itemsOf(db, page.map(r => r.id))
  const lastRow = page[page.length - 1]
  return {
    items: page.map(row => toAgenda(row, items.get(row.id) ?? [])),
    ...(lastRow === undefined ? {} : { last: { createdAt: lastRow.createdAt, id: lastRow.id } }),
    more: found.length > options.limit
  }
}

/** Replaces the agenda and its items in one transaction if the version matches (one conditional UPDATE, so of several
 * writers holding the same version exactly one wins). Recorded actuals are cleared: they belonged to the old items. */
export async function replaceAgenda (db: Db, organizationId: string, id: string, input: AgendaInputT, match: VersionMatch): Promise<WriteResult> {
  return db.transaction(async tx => {
    const where = matching(organizationId, id, match)
    const [row] = where === undefined
      ? []
      : await tx.update(agendas).set({ ...fields(input), actualsRecordedAt: null, editedSincePublished: true, version: sql`${agendas.version} + 1`, updatedAt: sql`now()` })
        .where(where).returning()
    if (row === undefined) return { outcome: await agendaExists(tx, organizationId, id) ? 'stale' : 'missing' }
    await tx.delete(agendaItems).where(eq(agendaItems.agendaId, id))
    const items = itemRows(id, input)
    await tx.insert(agendaItems).values(items)
    return { outcome: 'ok', agenda: toAgenda(row, items) }
  })
}

/** Deletes the agenda (and its items) when it exists and, if `match` is given, has a matching version. */
export async function deleteAgenda (db: Executor, organizationId: string, id: string, match?: VersionMatch): Promise<'ok' | 'missing' | 'stale'> {
  const where = matching(organizationId, id, match)
  const deleted = where === undefined ? [] : await db.delete(agendas).where(where).returning({ id: agendas.id })
  if (deleted.length > 0) return 'ok'
  return match !== undefined && await agendaExists(db, organizationId, id) ? 'stale' : 'missing'
}

/** Marks the agenda published now and raises its version, unless it is published already and no PUT replaced it
 * since: then it is answered as it is (a retry must not move publishedAt, which the lead time is judged from). */
export async function publishAgenda (db: Db, organizationId: string, id: string): Promise<AgendaT | undefined> {
  return db.transaction(async tx => {
    const [locked] = await tx.select().from(agendas).where(own(organizationId, id)).for('update')
    if (locked === undefined) return undefined
    const unchanged = locked.status === 'published' && locked.publishedAt !== null && !locked.editedSincePublished
    const [row] = unchanged
      ? [locked]
      : await tx.update(agendas)
        .set({ status: 'published', publishedAt: sql`now()`, editedSincePublished: false, version: sql`${agendas.version} + 1`, updatedAt: sql`now()` })
        .where(own(organizationId, id)).returning()
    return toAgenda(row!, (await itemsOf(tx, [id])).get(id) ?? [])
  })
}

export type ActualsResult = { outcome: 'ok', agenda: AgendaT } | { outcome: 'missing' } | { outcome: 'stale' }
  | { outcome: 'unknown-index', positions: number[], count: number }

/** Records real minutes per item position (unlisted items lose theirs), in one transaction holding the agenda row; when
 * `match` is given the agenda's version must match it (checked under the lock, before the items are looked at). */
export async function recordActuals (db: Db, organizationId: string, id: string, actuals: ReadonlyArray<{ index: number, minutes: number }>,
  match?: VersionMatch): Promise<ActualsResult> {
  return db.transaction(async tx => {
    const [locked] = await tx.select({ id: agendas.id, version: agendas.version }).from(agendas).where(own(organizationId, id)).for('update')
    if (locked === undefined) return { outcome: 'missing' }
    if (match !== undefined && !match.any && !match.versions.includes(locked.version)) return { outcome: 'stale' }
    const [counted] = await tx.select({ n: sql<number>`count(*)::int` }).from(agendaItems).where(eq(agendaItems.agendaId, id))
    const count = counted?.n ?? 0
    const positions = actuals.map((a, i) => a.index >= count ? i : -1).filter(i => i >= 0)
    if (positions.length > 0) return { outcome: 'unknown-index', positions, count }
    const cases = sql.join(actuals.map(a => sql`when ${a.index}::int then ${a.minutes}::int`), sql` `)
    await tx.update(agendaItems).set({ actualMinutes: sql`case ${agendaItems.position} ${cases} else null end` })
      .where(eq(agendaItems.agendaId, id))
    const [row] = await tx.update(agendas)
      .set({ actualsRecordedAt: sql`now()`, version: sql`${agendas.version} + 1`, updatedAt: sql`now()` })
      .where(own(organizationId, id)).returning()
    return { outcome: 'ok', agenda: toAgenda(row!, (await itemsOf(tx, [id])).get(id) ?? []) }
  })
}
