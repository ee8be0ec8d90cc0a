// Analytics over stored evaluations, computed in SQL: totals, verdict counts, person-hours, finding codes, groups.
import { sql, type SQL } from 'drizzle-orm'
import { rows, type Executor } from '../db/client.js'

export interface Window { organizationId: string, from: Date, to: Date }
export type GroupBy = 'week' | 'purpose'

interface Figures { evaluations: number, meet: number, improve: number, go_async: number, person_hours: number, average_score: number | null }

export interface Totals {
  evaluations: number
  verdicts: { meet: number, improve: number, go_async: number }
  personHours: number
  averageScore: number | null
}

/** Person-hours of the rows `filter` keeps: their exact person-minutes summed, / 60, rounded once to two decimals
 * (summing hours already rounded drifts: three 20-minute meetings for one are 1 person-hour, not 3 x 0.33). */
const personHours = (filter?: SQL): SQL =>
  sql`round(coalesce(sum(person_minutes::numeric)${filter === undefined ? sql`` : sql` filter (where ${filter})`}, 0) / 60, 2)::float8`

const FIGURES = sql`count(*)::int as evaluations,
  (count(*) filter (where verdict = 'meet'))::int as meet,
  (count(*) filter (where verdict = 'improve'))::int as improve,
  (count(*) filter (where verdict = 'go_async'))::int as go_async,
  ${personHours()} as person_hours,
  round(avg(score)::numeric, 1)::float8 as average_score`

const where = (w: Window): SQL =>
  sql`organization_id = ${w.organizationId} and created_at >= ${w.from.toISOString()}::timestamptz and created_at < ${w.to.toISOString()}::timestamptz`

const totals = (r: Figures): Totals => ({
  evaluations: Number(r.evaluations),
  verdicts: { meet: Number(r.meet), improve: Number(r.improve), go_async: Number(r.go_async) },
  personHours: Number(r.person_hours),
  averageScore: r.average_score === null ? null : Number(r.average_score)
})

export async function summaryTotals (db: Executor, w: Window): Promise<Totals & { personHoursGoAsync: number }> {
  const [row] = await rows<Figures & { go_async_hours: number }>(db, sql`select ${FIGURES},
    ${personHours(sql`verdict = 'go_async'`)} as go_async_hours
    from evaluations where ${where(w)}`)
  return { ...totals(row!), personHoursGoAsync: Number(row!.go_async_hours) }
}

/** The most frequent finding codes: in how many evaluations each appears, most frequent first (ties by code). */
export async function topFindings (db: Executor, w: Window, limit = 10): Promise<Array<{ code: string, count: number }>> {
  const found = await rows<{ code: string, count: number }>(db, sql`select (f->>'code') collate "C" as code, count(distinct e.id)::int as count
    from evaluations e
    cross join lateral jsonb_array_elements(e.result->'criteria') c
    cross join lateral jsonb_array_elements(c->'findings') f
    where ${where(w)}
    group by 1 order by 2 desc, 1 asc limit ${limit}`)
  return found.map(f => ({ code: f.code, count: Number(f.count) }))
}

/** Figures per week (its Monday, UTC, oldest first) or per purpose (largest first). */
export async function groupedTotals (db: Executor, w: Window, by: GroupBy): Promise<Array<Totals & { key: string }>> {
  const key = by === 'week' ? sql`to_char(date_trunc('week', created_at at time zone 'UTC'), 'YYYY-MM-DD')` : sql`purpose collate "C"`
  const order = by === 'week' ? sql`key asc` : sql`evaluations desc, key asc`
  const list = await rows<Figures & { key: string }>(db, sql`select ${key} as key, ${FIGURES}
    from evaluations where ${where(w)} group by 1 order by ${order}`)
  return list.map(r => ({ key: r.key, ...totals(r) }))
}
