// The people directory: upserts, lookups and keyset pages, every query scoped by organisation.
import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { people } from '../db/schema.js'
import type { WorkingHours } from '../domain/model.js'
import type { PersonRecord } from '../schemas/person.js'
import { changingKeyOwners } from './organizations.js'

/** What the evaluation needs to complete a participant. */
export interface Person { email: string, name?: string, timeZone: string, workingHours?: WorkingHours, hourlyRate?: number }

/** A person to store; timeZone must already be a normalised IANA name. */
export type PersonWrite = Person

export const emailKey = (email: string): string => email.toLowerCase()

type Row = typeof people.$inferSelect

function toPerson (row: Row): Person {
  const out: Person = { email: row.email, timeZone: row.timeZone }
  if (row.name !== null) out.name = row.name
  if (row.workingHours !== null) out.workingHours = row.workingHours as WorkingHours
  if (row.hourlyRate !== null) out.hourlyRate = row.hourlyRate
  return out
}

function toRecord (row: Row): PersonRecord {
  return { ...toPerson(row), createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() }
}

function values (organizationId: string, person: PersonWrite) {
  return {
    organizationId,
    emailKey: emailKey(person.email),
    email: person.email,
    name: person.name ?? null,
    timeZone: person.timeZone,
    workingHours: person.workingHours ?? null,
    hourlyRate: person.hourlyRate ?? null
  }
}

const onConflict = {
  target: [people.organizationId, people.emailKey],
  set: {
    email: sql`excluded.email`,
    name: sql`excluded.name`,
    timeZone: sql`excluded.time_zone`,
    workingHours: sql`excluded.working_hours`,
    hourlyRate: sql`excluded.hourly_rate`,
    updatedAt: sql`now()`
  }
}

/** People of the organisation with these emails, keyed by lower-cased email; unknown emails are absent. */
export async function findPeople (db: Executor, organizationId: string, emails: string[]): Promise<Map<string, Person>> {
  const keys = [...new Set(emails.map(emailKey))]
  const found = new Map<string, Person>()
  if (keys.length === 0) return found
  const list = await db.select().from(people).where(and(eq(people.organizationId, organizationId), inArray(people.emailKey, keys)))
  for (const row of list) found.set(row.emailKey, toPerson(row))
  return found
}

export async function getPerson (db: Executor, organizationId: string, email: string): Promise<PersonRecord | undefined> {
  const [row] = await db.select().from(people)
    .where(and(eq(people.organizationId, organizationId), eq(people.emailKey, emailKey(email)))).limit(1)
  return row === undefined ? undefined : toRecord(row)
}

/** Creates or replaces a person; `created` tells which. */
export async function upsertPerson (db: Executor, organizationId: string, person: PersonWrite): Promise<{ person: PersonRecord, created: boolean }> {
  const [row] = await changingKeyOwners(() => db.insert(people).values(values(organizationId, person)).onConflictDoUpdate(onConflict)
    .returning({ ...getTableColumns(people), created: sql<boolean>`(xmax = 0)` }))
  return { person: toRecord(row!), created: row!.created }
}

/** Upserts many people in one statement (so all or none); emails must be distinct case-insensitively. */
export async function upsertPeople (db: Executor, organizationId: string, list: PersonWrite[]): Promise<Map<string, boolean>> {
  const created = new Map<string, boolean>()
  if (list.length === 0) return created
  const result = await changingKeyOwners(() => db.insert(people).values(list.map(p => values(organizationId, p))).onConflictDoUpdate(onConflict)
    .returning({ key: people.emailKey, created: sql<boolean>`(xmax = 0)` }))
  for (const r of result) created.set(r.key, r.created)
  return created
}

export async function deletePerson (db: Executor, organizationId: string, email: string): Promise<boolean> {
  const deleted = await changingKeyOwners(() => db.delete(people)
    .where(and(eq(people.organizationId, organizationId), eq(people.emailKey, emailKey(email)))).returning({ key: people.emailKey }))
  return deleted.length > 0
}

/** Byte order, so pages are the same on every database whatever its default collation. */
const byKey = sql`${people.emailKey} collate "C"`

/** One page in email_key order, starting after `afterKey`; `more` when another page follows. */
export async function listPeople (db: Executor, organizationId: string, limit: number, afterKey?: string): Promise<{ items: PersonRecord[], lastKey?: string, more: boolean }> {
  const scope = eq(people.organizationId, organizationId)
  const list = await db.select().from(people)
    .where(afterKey === undefined ? scope : and(scope, sql`${byKey} > ${afterKey}`))
    .orderBy(byKey).limit(limit + 1)
  const more = list.length > limit
  const page = list.slice(0, limit)
  return { items: page.map(toRecord), lastKey: page.at(-1)?.emailKey, more }
}
