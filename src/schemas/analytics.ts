// GET /v1/analytics/summary: the query window and the summary of the organisation's stored evaluations.
import { Type, type Static } from 'typebox'
import { StringEnum } from './common.js'

export const SummaryQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Evaluations made at or after this instant (default: 30 days before to, not before 0001-01-01T00:00:00Z). Instants are RFC 3339, in the years 0001-9999 also in UTC.', examples: ['2026-11-01T00:00:00Z'] })),
  to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Evaluations made before this instant (default: now).', examples: ['2026-12-01T00:00:00Z'] })),
  groupBy: Type.Optional(StringEnum(['week', 'purpose'] as const, { description: 'Also break the figures down per ISO week (UTC, keyed by its Monday) or per purpose.' }))
}, { additionalProperties: false })

const Verdicts = Type.Object({
  meet: Type.Integer({ minimum: 0, description: 'Evaluations with the verdict meet.' }),
  improve: Type.Integer({ minimum: 0, description: 'Evaluations with the verdict improve.' }),
  go_async: Type.Integer({ minimum: 0, description: 'Evaluations with the verdict go_async.' })
}, { additionalProperties: false, description: 'Evaluations per verdict.' })

const AverageScore = Type.Union([Type.Number(), Type.Null()], { description: 'Mean score, one decimal; null when there are no evaluations.', examples: [61.5] })

const Group = Type.Object({
  key: Type.String({ description: 'The Monday of the week (YYYY-MM-DD, UTC) or the purpose.', examples: ['2026-11-23'] }),
  evaluations: Type.Integer({ minimum: 0, description: 'Evaluations in the group.' }),
  verdicts: Verdicts,
  personHours: Type.Number({ description: 'Person-hours of the meetings in the group, summed like personHoursProposed.' }),
  averageScore: AverageScore
}, { additionalProperties: false })

export const SummarySchema = Type.Object({
  from: Type.String({ format: 'date-time', description: 'Start of the window (inclusive).' }),
  to: Type.String({ format: 'date-time', description: 'End of the window (exclusive).' }),
  evaluations: Type.Integer({ minimum: 0, description: 'Evaluations made in the window.' }),
  verdicts: Verdicts,
  personHoursProposed: Type.Number({ description: 'Person-hours of every evaluated meeting (one occurrence each): participants x minutes summed exactly, then divided by 60 and rounded once to two decimals (three 20-minute meetings for one are 1, not 3 x 0.33).', examples: [42.75] }),
  personHoursGoAsync: Type.Number({ description: 'Person-hours of the go_async meetings, summed like personHoursProposed: what going async would free.', examples: [12] }),
  averageScore: AverageScore,
  topFindings: Type.Array(Type.Object({
    code: Type.String({ description: 'Finding code.', examples: ['AGENDA_MISSING'] }),
    count: Type.Integer({ minimum: 1, description: 'Evaluations with at least one finding of this code.' })
  }, { additionalProperties: false }), { description: 'The 10 most frequent finding codes, most frequent first.' }),
  groups: Type.Optional(Type.Array(Group, { description: 'Per week (oldest first) or per purpose (largest first), when groupBy is given.' }))
}, { additionalProperties: false, description: 'Summary of the organisation\'s evaluations in the window.' })

export type Summary = Static<typeof SummarySchema>
