// Migration 0005: agendas remember whether a PUT replaced them since they were published; existing ones are backfilled.
import t from 'tap'
import { sql } from 'drizzle-orm'
import { rows } from '../../src/db/client.js'
import { migrate } from '../../src/db/migrate.js'
import { createOrganization } from '../../src/repositories/organizations.js'
import { emptyDatabase } from '../helper.js'
import { firstMigrations } from './first-migrations.js'

t.test('published agendas written after their last publish count as edited; drafts and untouched ones do not', async t => {
  const { db } = await emptyDatabase()
  t.equal(await migrate(db, await firstMigrations(t, 5)), 5, 'the schema as it was before 0005')
  const org = await createOrganization(db, 'Acme')
  await db.execute(sql`insert into agendas (organization_id, title, duration_minutes, status, published_at, updated_at) values
    (${org.id}, 'draft', 30, 'draft', null, now()),
    (${org.id}, 'untouched', 30, 'published', now() - interval '1 day', now() - interval '1 day'),
    (${org.id}, 'written since', 30, 'published', now() - interval '1 day', now())`)
  t.equal(await migrate(db, await firstMigrations(t, 6)), 1, 'only 0005 is applied')
  const after = await rows<{ title: string, edited: boolean }>(db, sql`select title, edited_since_published as edited from agendas order by title`)
  t.same(after, [{ title: 'draft', edited: false }, { title: 'untouched', edited: false }, { title: 'written since', edited: true }])
})
