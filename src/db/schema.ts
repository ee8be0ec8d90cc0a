// Drizzle table definitions: the single schema behind every migration in drizzle/.
import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

const createdAt = () => timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: text('name').notNull(),
  createdAt: createdAt()
})

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  hash: text('hash').notNull(),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true, precision: 3 })
}, t => [uniqueIndex('api_keys_hash_idx').on(t.hash), index('api_keys_org_idx').on(t.organizationId)])

export const policies = pgTable('policies', {
  organizationId: uuid('organization_id').primaryKey().references(() => organizations.id, { onDelete: 'cascade' }),
  document: jsonb('document').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
})

export const evaluations = pgTable('evaluations', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
  title: text('title').notNull(),
  purpose: text('purpose').notNull(),
  start: timestamp('start', { withTimezone: true, precision: 3 }).notNull(),
  score: integer('score').notNull(),
  verdict: text('verdict').notNull(),
  /** Participants x duration in minutes: exact, so analytics sum it and round once. */
  personMinutes: integer('person_minutes').notNull(),
  input: jsonb('input').notNull(),
  policy: jsonb('policy').notNull(),
  result: jsonb('result').notNull()
}, t => [index('evaluations_org_created_idx').on(t.organizationId, t.createdAt.desc(), t.id.desc())])

export const people = pgTable('people', {
  organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  /** Lower-cased email: the directory compares emails case-insensitively. */
  emailKey: text('email_key').notNull(),
  email: text('email').notNull(),
  name: text('name'),
  timeZone: text('time_zone').notNull(),
  workingHours: jsonb('working_hours'),
  hourlyRate: real('hourly_rate'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
}, t => [primaryKey({ columns: [t.organizationId, t.emailKey] })])

export const agendas = pgTable('agendas', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  version: integer('version').notNull().default(1),
  status: text('status').notNull().default('draft'),
  title: text('title').notNull(),
  meetingStart: timestamp('meeting_start', { withTimezone: true, precision: 3 }),
  durationMinutes: integer('duration_minutes').notNull(),
  timeZone: text('time_zone'),
  outcomes: jsonb('outcomes').notNull().default(sql`'[]'::jsonb`),
  participants: jsonb('participants').notNull().default(sql`'[]'::jsonb`),
  publishedAt: timestamp('published_at', { withTimezone: true, precision: 3 }),
  /** Whether a PUT replaced it since it was last published (or created): publishing again re-shares it only then. */
  editedSincePublished: boolean('edited_since_published').notNull().default(false),
  actualsRecordedAt: timestamp('actuals_recorded_at', { withTimezone: true, precision: 3 }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
}, t => [index('agendas_org_created_idx').on(t.organizationId, t.createdAt, t.id), index('agendas_org_status_idx').on(t.organizationId, t.status)])

export const agendaItems = pgTable('agenda_items', {
  agendaId: uuid('agenda_id').notNull().references(() => agendas.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  title: text('title').notNull(),
  minutes: integer('minutes').notNull(),
  owner: text('owner'),
  kind: text('kind'),
  notes: text('notes'),
  actualMinutes: integer('actual_minutes')
}, t => [primaryKey({ columns: [t.agendaId, t.position] })])

/** The columns of a remembered Idempotency-Key, whoever's key it is. */
const idempotencyColumns = () => ({
  key: text('key').notNull(),
  /** Hash of method, route and body: the same key with another request is refused. */
  fingerprint: text('fingerprint').notNull(),
  /** Null while the first request is still being processed. */
  statusCode: integer('status_code'),
  headers: jsonb('headers'),
  body: text('body'),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull()
})

export const idempotencyKeys = pgTable('idempotency_keys', {
  organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  ...idempotencyColumns()
}, t => [primaryKey({ columns: [t.organizationId, t.key] }), index('idempotency_keys_expires_idx').on(t.expiresAt)])

/** Idempotency keys of provisioning requests, which belong to no organisation. Their bodies are stored encrypted
 * under a key derived from ADMIN_API_KEY: an issued API key is in them. */
export const adminIdempotencyKeys = pgTable('admin_idempotency_keys', idempotencyColumns(),
  t => [primaryKey({ columns: [t.key] }), index('admin_idempotency_keys_expires_idx').on(t.expiresAt)])
