// The meeting a stored agenda describes, as a proposal for the evaluation engine.
import type { ProposalInput } from '../../schemas/proposal.js'
import type { AgendaT } from '../../schemas/agenda.js'
import { assumedPurpose } from '../purpose-inference.js'
import { notSharedAsOf } from '../resolve.js'

/** What a stored agenda must have to be evaluated. */
export type AgendaLack = 'meetingStart' | 'participants'

export type AgendaProposal = { ok: true, proposal: ProposalInput, assumptions: string[] } | { ok: false, missing: AgendaLack[] }

type Extra = Pick<ProposalInput, 'purpose' | 'urgency' | 'asOf'>

/** Title, start, duration, zone, outcomes, participants and the items inline, shared when it was published (unless that
 * is after `extra.asOf`). Without a
 * purpose in `extra`, the title gives one as a calendar event's does (else other), listed under `assumptions`. */
export function agendaProposal (agenda: AgendaT, extra: Extra = {}): AgendaProposal {
  const missing: AgendaLack[] = [
    ...(agenda.meetingStart === undefined ? ['meetingStart' as const] : []),
    ...(agenda.participants.length === 0 ? ['participants' as const] : [])
  ]
  if (missing.length > 0 || agenda.meetingStart === undefined) return { ok: false, missing }
  const assumptions: string[] = []
  const sharedAt = agenda.publishedAt !== undefined && !notSharedAsOf(agenda.publishedAt, extra.asOf, assumptions) ? agenda.publishedAt : undefined
  const proposal: ProposalInput = {
    title: agenda.title,
    start: agenda.meetingStart,
    durationMinutes: agenda.durationMinutes,
    outcomes: agenda.outcomes,
    participants: agenda.participants.map(p => ({ ...p }) as ProposalInput['participants'][number]), // validated when stored
    agenda: {
      items: agenda.items.map(({ title, minutes, owner, kind, notes }) => ({
        title,
        minutes,
        ...(owner === undefined ? {} : { owner }),
        ...(kind === undefined ? {} : { kind: kind as NonNullable<ProposalInput['agenda']>['items'][number]['kind'] }),
        ...(notes === undefined ? {} : { notes })
      })),
      ...(sharedAt === undefined ? {} : { sharedAt })
    },
    ...extra
  }
  if (agenda.timeZone !== undefined) proposal.timeZone = agenda.timeZone
  if (extra.purpose === undefined) {
    const inferred = assumedPurpose(agenda.title)
    proposal.purpose = inferred.purpose
    assumptions.push(inferred.assumption)
  }
  return { ok: true, proposal, assumptions }
}
