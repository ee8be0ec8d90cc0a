// GET /v1/analytics/summary: what the caller's organisation evaluated in a window, computed in SQL.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { emptyWindow } from '../errors.js'
import { groupedTotals, summaryTotals, topFindings } from '../repositories/analytics.js'
import { SummaryQuery, SummarySchema, type Summary } from '../schemas/analytics.js'
import { problems } from '../schemas/common.js'
import { windowBound } from '../domain/window-bound.js'

const DAY_MS = 86_400_000
/** 0001-01-01T00:00:00Z: a default window starts no earlier (PostgreSQL has no year 0). */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00Z')

export default async function analyticsRoutes (fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = app.database.db

  app.get('/v1/analytics/summary', {
    schema: {
      tags: ['analytics'],
      summary: 'Summarise the stored evaluations of a window',
      description: 'Counts, verdicts, person-hours proposed and what the go_async verdicts would free, average score and the most ' +
        'frequent finding codes of the evaluations made in [from, to) (default: the last 30 days), optionally per week or purpose.',
      querystring: SummaryQuery,
      response: { 200: SummarySchema, ...problems(400, 401) }
    }
  }, async request => {
    const q = request.query
    const to = q.to === undefined ? new Date() : windowBound(q.to)
    const from = q.from === undefined ? new Date(Math.max(to.getTime() - 30 * DAY_MS, FIRST_INSTANT)) : windowBound(q.from)
    if (to < from) throw emptyWindow(q.to !== undefined)
    const window = { organizationId: request.organizationId, from, to }
    const [totals, findings, groups] = await Promise.all([
      summaryTotals(db, window),
      topFindings(db, window),
      q.groupBy === undefined ? undefined : groupedTotals(db, window, q.groupBy)
    ])
    const summary: Summary = {
      from: from.toISOString(),
      to: to.toISOString(),
      evaluations: totals.evaluations,
      verdicts: totals.verdicts,
      personHoursProposed: totals.personHours,
      personHoursGoAsync: totals.personHoursGoAsync,
      averageScore: totals.averageScore,
      topFindings: findings,
      ...(groups === undefined ? {} : { groups: groups.map(g => ({ key: g.key, evaluations: g.evaluations, verdicts: g.verdicts, personHours: g.personHours, averageScore: g.averageScore })) })
    }
    return summary
  })
}
