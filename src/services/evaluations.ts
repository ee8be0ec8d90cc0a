// Evaluation use cases shared by every input format: validate, resolve against directory and policy, score, store.
import { DateTime } from 'luxon'
import type { Db, Executor } from '../db/client.js'
import { evaluate } from '../domain/evaluate.js'
import { personMinutes } from '../domain/cost.js'
import type { Evaluation, Policy } from '../domain/model.js'
import { MEETING_RANGE_MESSAGE, ProposalError, inMeetingRange, resolveMeeting, type AgendaSource, type RuledZone } from '../domain/resolve.js'
import { FieldNotFound, InvalidFields, type FieldError } from '../errors.js'
import { bodyAjv } from '../plugins/validation.js'
import { fieldErrors } from '../plugins/problems.js'
import { getAgenda } from '../repositories/agendas.js'
import { directoryFor, type Caller } from './caller.js'
import { insertEvaluation } from '../repositories/evaluations.js'
import { CalendarProposal, Proposal, type ProposalInput } from '../schemas/proposal.js'
import type { EvaluationBodyT, StoredEvaluation } from '../schemas/evaluation.js'

const checkProposal = bodyAjv.compile(Proposal)
const checkCalendarProposal = bodyAjv.compile(CalendarProposal)

/** Validates a proposal built from another format (calendar inputs, batch items) exactly like a JSON body; one made
 * from a calendar event (`fromCalendar`) may name an agenda owner by a name its attendees do not match. */
export function validateProposal (value: unknown, fromCalendar = false): ProposalInput {
  const check = fromCalendar ? checkCalendarProposal : checkProposal
  if (check(value)) return value as ProposalInput
  throw new InvalidFields(fieldErrors(check.errors ?? []))
}

/** The asOf of a route's query string (a valid RFC 3339 instant by then), the default moment of evaluation of what the
 * body holds (calendar events, and JSON meetings without their own: `withAsOf`): refused (400 naming it) outside the
 * years meetings are placed in, as a JSON proposal's asOf is. */
export function queryAsOf (asOf: string | undefined): { asOf?: string } {
  if (asOf === undefined) return {}
  if (!inMeetingRange(asOf)) {
    throw new InvalidFields([{ path: '/asOf', message: MEETING_RANGE_MESSAGE, in: 'querystring' } as FieldError], `The query string is invalid: /asOf ${MEETING_RANGE_MESSAGE}`)
  }
  return { asOf }
}

/** `value` given `asOf` (a route's ?asOf=) as its asOf when it is an object without its own: a meeting's asOf wins.
 * What is no object is left for validation to refuse as it is. */
export function withAsOf (value: unknown, asOf: string | undefined): unknown {
  if (asOf === undefined || typeof value !== 'object' || value === null || Array.isArray(value) || Object.hasOwn(value, 'asOf')) return value
  return { ...value, asOf }
}

/** The 404 of an agendaId naming no agenda of the caller's organisation, naming the field. */
export function unknownAgenda (id: string): FieldNotFound {
  return new FieldNotFound([{ path: '/agendaId', message: 'names no agenda of this organisation' }], `Agenda ${id} (agendaId) was not found.`)
}

async function storedAgenda (db: Executor, organizationId: string, id: string): Promise<AgendaSource> {
  const agenda = await getAgenda(db, organizationId, id)
  if (agenda === undefined) throw unknownAgenda(id)
  return {
    items: agenda.items.map(({ title, minutes, owner, kind, notes }) => ({ title, minutes, ...(owner === undefined ? {} : { owner }), ...(kind === undefined ? {} : { kind }), ...(notes === undefined ? {} : { notes }) })),
    ...(agenda.publishedAt === undefined ? {} : { sharedAt: agenda.publishedAt })
  }
}

export interface Prepared { proposal: ProposalInput, policy: Policy, evaluation: Evaluation, personMinutes: number }

/** Resolves and scores a valid proposal against the caller's policy and directory; stores nothing. `ruledZone`: the
 * start's zone when a calendar gave it only by its rules. */
export async function prepare (db: Executor, caller: Caller, proposal: ProposalInput, extraAssumptions: string[] = [], ruledZone?: RuledZone): Promise<Prepared> {
  if (proposal.agenda !== undefined && proposal.agendaId !== undefined) {
    throw new InvalidFields([{ path: '/agendaId', message: 'send either agenda or agendaId, not both' }])
  }
  const { organizationId, policy } = caller
  const [directory, agenda] = await Promise.all([
    directoryFor(db, caller, proposal.participants.filter(p => p.timeZone === undefined || p.workingHours === undefined || p.hourlyRate === undefined).map(p => p.email)),
    proposal.agendaId === undefined ? undefined : storedAgenda(db, organizationId, proposal.agendaId)
  ])
  let resolved
  try {
    resolved = resolveMeeting(proposal, {
      policy, directory, now: DateTime.utc(), ...(agenda === undefined ? {} : { storedAgenda: agenda }), ...(ruledZone === undefined ? {} : { ruledZone })
    }, [...extraAssumptions])
  } catch (error) {
    if (error instanceof ProposalError) throw new InvalidFields([{ path: error.path, message: error.message }])
    throw error
  }
  return { proposal, policy, evaluation: evaluate(resolved.meeting, policy, resolved.assumptions), personMinutes: personMinutes(resolved.meeting) }
}

export async function evaluatePreview (db: Db, caller: Caller, proposal: ProposalInput, extraAssumptions: string[] = [], ruledZone?: RuledZone): Promise<EvaluationBodyT> {
  return (await prepare(db, caller, proposal, extraAssumptions, ruledZone)).evaluation
}

export async function evaluateAndStore (db: Db, caller: Caller, proposal: ProposalInput, extraAssumptions: string[] = [], ruledZone?: RuledZone): Promise<StoredEvaluation> {
  const prepared = await prepare(db, caller, proposal, extraAssumptions, ruledZone)
  return insertEvaluation(db, caller.organizationId, prepared, caller.idempotentId ?? undefined)
}
