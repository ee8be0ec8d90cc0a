// Analytics in SQL: person-hours summed from exact person-minutes and rounded once, over many stored evaluations.
import t from 'tap'
import { sql } from 'drizzle-orm'
import { groupedTotals, summaryTotals } from '../../src/repositories/analytics.js'
import { createOrganization } from '../../src/repositories/organizations.js'
import { resetDatabase, testDatabase } from '../helper.js'

t.test('5 000 evaluations of 25 person-minutes are 2 083.33 person-hours, not 5 000 x 0.42', async t => {
  const database = await testDatabase()
  await resetDatabase(database)
  const { db } = database
  const org = await createOrganization(db, 'Acme')
  // Every fifth is go_async; odd ones are planning, even ones status updates.
  await db.execute(sql`insert into evaluations (organization_id, created_at, title, purpose, start, score, verdict, person_minutes, input, policy, result)
    select ${org.id}, '2026-11-25T10:00:00Z'::timestamptz, 'Sync', case when i % 2 = 1 then 'planning' else 'status_update' end,
      '2026-12-01T10:00:00Z', 50, case when i % 5 = 0 then 'go_async' else 'improve' end, 25, '{}', '{}', '{}'
    from generate_series(1, 5000) as i`)
  const window = { organizationId: org.id, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') }
  const totals = await summaryTotals(db, window)
  t.equal(totals.evaluations, 5000)
  t.equal(totals.personHours, 2083.33, '125 000 minutes / 60')
  t.equal(totals.personHoursGoAsync, 416.67, '1 000 x 25 minutes / 60 (not 1 000 x 0.42 = 420)')
  const byPurpose = await groupedTotals(db, window, 'purpose')
  t.same(byPurpose.map(g => [g.key, g.evaluations, g.personHours]), [['planning', 2500, 1041.67], ['status_update', 2500, 1041.67]])
  const byWeek = await groupedTotals(db, window, 'week')
  t.same(byWeek.map(g => [g.key, g.personHours]), [['2026-11-23', 2083.33]])
})
