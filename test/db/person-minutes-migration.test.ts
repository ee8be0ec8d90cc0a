// Migration 0004: person_hours (rounded to cents, stored as real) becomes exact person_minutes, backfilled exactly.
import t from 'tap'
import { sql } from 'drizzle-orm'
import { rows } from '../../src/db/client.js'
import { migrate } from '../../src/db/migrate.js'
import { createOrganization } from '../../src/repositories/organizations.js'
import { emptyDatabase } from '../helper.js'
import { firstMigrations } from './first-migrations.js'

t.test('rows stored before the migration get their exact person-minutes; person_hours is gone', async t => {
  const { db } = await emptyDatabase()
  t.equal(await migrate(db, await firstMigrations(t, 4)), 4, 'the schema as it was before 0004')
  const org = await createOrganization(db, 'Acme')
  // Every person-minutes figure up to 3000, then every 97th up to the largest meeting (200 people x 1440 minutes),
  // stored as the service stored them: hours rounded to cents, in a real column. The title keeps the exact figure.
  await db.execute(sql`insert into evaluations (organization_id, title, purpose, start, score, verdict, person_hours, input, policy, result)
    select ${org.id}, k::text, 'other', now(), 50, 'improve', round(k / 60.0, 2)::real, '{}', '{}', '{}'
    from (select generate_series(1, 3000) as k union select generate_series(3001, 288000, 97) union select 288000) as figures`)
  const [stored] = await rows<{ n: number, drift: number }>(db, sql`select count(*)::int as n,
    max(abs(person_hours::numeric * 60 - title::int))::float8 as drift from evaluations`)
  t.equal(stored!.n, 5940)
  t.ok(stored!.drift > 0.19 && stored!.drift < 0.21, 'the stored hours are up to 0.2 minutes off the exact figure')
  t.equal(await migrate(db, await firstMigrations(t, 5)), 1, 'only 0004 is applied')
  const [after] = await rows<{ n: number, wrong: number, largest: number }>(db, sql`select count(*)::int as n,
    (count(*) filter (where person_minutes <> title::int))::int as wrong, max(person_minutes)::int as largest from evaluations`)
  t.same(after, { n: 5940, wrong: 0, largest: 288000 })
  const columns = await rows<{ column_name: string, data_type: string, is_nullable: string }>(db, sql`select column_name, data_type, is_nullable
    from information_schema.columns where table_name = 'evaluations' and column_name like 'person%' order by 1`)
  t.same(columns, [{ column_name: 'person_minutes', data_type: 'integer', is_nullable: 'NO' }])
})
