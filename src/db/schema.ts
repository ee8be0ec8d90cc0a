// Drizzle table definitions: the single schema behind every migration in drizzle/.
import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

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
  personHours: real('person_hours').notNull(),
  input: jsonb('input').notNull(),
  policy: jsonb('policy').notNull(),
  result: jsonb('result').notNull()
}, t => [index('evaluations_org_created_idx').on(t.organizationId, t.createdAt.desc(), t.id.desc())])
