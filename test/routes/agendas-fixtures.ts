// Shared agenda bodies and helpers for the agenda route tests.
import type { FastifyInstance } from 'fastify'

export const AGENDA = {
  title: 'Pick the Q3 pricing option',
  meetingStart: '2026-12-01T16:00:00Z',
  durationMinutes: 45,
  timeZone: 'Europe/Berlin',
  items: [
    { title: 'Which option fits the budget?', minutes: 15, owner: 'ana@example.com' },
    { title: 'Decide and assign an owner', minutes: 20, kind: 'decision', notes: 'Pre-read: pricing.md' }
  ],
  outcomes: ['Choose option A or B'],
  participants: [
    { email: 'ana@example.com', timeZone: 'Europe/Berlin', attendance: 'required', role: 'decider' },
    { email: 'bo@example.com', timeZone: 'America/New_York' }
  ]
}

/** The stored representation of AGENDA, with the values the server chose taken from `got`. */
export function stored (got: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    id: got.id,
    version: 1,
    status: 'draft',
    title: AGENDA.title,
    meetingStart: '2026-12-01T16:00:00.000Z',
    durationMinutes: 45,
    timeZone: 'Europe/Berlin',
    items: AGENDA.items.map((item, index) => ({ index, ...item })),
    outcomes: AGENDA.outcomes,
    participants: AGENDA.participants,
    createdAt: got.createdAt,
    updatedAt: got.updatedAt,
    ...extra
  }
}

export async function create (app: FastifyInstance, headers: Record<string, string>, body: object = AGENDA) {
  const res = await app.inject({ method: 'POST', url: '/v1/agendas', headers, payload: body })
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`)
  return res.json()
}
