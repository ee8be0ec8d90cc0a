// POST /v1/overlap: shared working-hour windows, ranked fair slots and, for a series, its fairness.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { DateTime } from 'luxon'
import { MEETING_RANGE_MESSAGE, MEETING_YEARS, resolveParticipants } from '../domain/resolve.js'
import { findOverlap } from '../domain/time/overlap.js'
import { seriesFairness } from '../domain/time/fairness.js'
import { parseRecurrence } from '../domain/time/recurrence.js'
import { canonicalZone } from '../domain/time/zones.js'
import { InvalidFields } from '../errors.js'
import { directoryFor } from '../services/caller.js'
import { problems } from '../schemas/common.js'
import { OverlapRequest, OverlapResponse, type OverlapRequestT } from '../schemas/overlap.js'

const MAX_DAYS = 31

function checkRange (body: OverlapRequestT): void {
  for (const field of ['from', 'to'] as const) {
    const year = Number(body[field].slice(0, 4))
    if (year < MEETING_YEARS.first || year > MEETING_YEARS.last) throw new InvalidFields([{ path: `/${field}`, message: MEETING_RANGE_MESSAGE }])
  }
  const days = Date.parse(`${body.to}T00:00:00Z`) / 86_400_000 - Date.parse(`${body.from}T00:00:00Z`) / 86_400_000 + 1
  if (days < 1) throw new InvalidFields([{ path: '/to', message: `must not be before from (${body.from})` }])
  if (days > MAX_DAYS) throw new InvalidFields([{ path: '/to', message: `the range covers ${days} days; at most ${MAX_DAYS} are searched` }])
  if (body.recurrence !== undefined) {
    const check = parseRecurrence(body.recurrence)
    if (!check.ok) throw new InvalidFields([{ path: '/recurrence', message: check.message }])
  }
}

export default async function overlapRoutes (fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = app.database.db

  app.post('/v1/overlap', {
    schema: {
      tags: ['overlap'],
      summary: 'Find shared working hours and fair slots',
      description: 'Exact across DST gaps and overlaps, 30- and 45-minute offsets and the date line. At most 31 days, from and to included.',
      body: OverlapRequest,
      response: { 200: OverlapResponse, ...problems(400, 401) }
    }
  }, async request => {
    const body = request.body
    checkRange(body)
    const policy = request.policy
    const directory = await directoryFor(db, request, body.participants.map(p => p.email))
    const assumptions: string[] = []
    const participants = resolveParticipants(body.participants, { policy, directory, withRates: false }, assumptions)
    const timeZone = body.timeZone === undefined ? 'UTC' : canonicalZone(body.timeZone)!
    const result = findOverlap({ participants, from: body.from, to: body.to, timeZone, durationMinutes: body.durationMinutes, maxSlots: body.maxSlots ?? 10 })
    const best = result.slots[0]
    if (body.recurrence === undefined || best === undefined) return { ...result, assumptions }
    const fairness = seriesFairness({
      title: 'series',
      purpose: 'other',
      start: DateTime.fromISO(best.start, { zone: 'utc' }),
      durationMinutes: body.durationMinutes,
      timeZone,
      urgency: 'normal',
      outcomes: [],
      participants,
      recurrence: body.recurrence.replace(/^RRULE:/i, ''),
      asOf: DateTime.fromISO(best.start, { zone: 'utc' })
    })
    return { ...result, ...(fairness === undefined ? {} : { fairness: { start: best.start, timeZone, ...fairness } }), assumptions }
  })
}
