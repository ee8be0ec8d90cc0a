// Participants criterion: group size (Rule of 7, Fellow's 8+), optional readers and informed people marked required.
import type { Finding, Meeting } from '../model.js'
import { finding, listNames, optional, plural, required, scoreAfter, type CriterionContext, type CriterionOutcome } from './context.js'

/** Fellow prompts to remove people or mark them optional at this many attendees. */
export const LARGE_ATTENDANCE = 8
/** Bain: groups of this size or more rarely decide. */
export const NO_DECISION_GROUP = 17

interface Hit { finding: Finding, penalty: number }

export function participantsCriterion (meeting: Meeting, ctx: CriterionContext): CriterionOutcome {
  const hits = [
    groupTooLarge(meeting, ctx.policy.maxUsefulGroup),
    largeAttendance(meeting),
    optionalReaders(meeting),
    informedRequired(meeting)
  ].filter((hit) => hit !== undefined)
  return { score: scoreAfter(hits.map((hit) => hit.penalty)), findings: hits.map((hit) => hit.finding) }
}

function groupTooLarge (meeting: Meeting, max: number): Hit | undefined {
  const count = required(meeting).length
  const above = count - max
  if (above <= 0) return undefined
  const rarely = count >= NO_DECISION_GROUP ? `; groups of ${NO_DECISION_GROUP} or more rarely decide anything` : ''
  return {
    penalty: 10 * above + (rarely === '' ? 0 : 20),
    finding: finding('GROUP_TOO_LARGE', rarely === '' ? 'warning' : 'error',
      `${count} required participants, ${above} above the useful group of ${max}: each person above seven lowers ` +
      `decision effectiveness by about 10% (Bain)${rarely}.`)
  }
}

function largeAttendance (meeting: Meeting): Hit | undefined {
  const count = meeting.participants.length
  if (count < LARGE_ATTENDANCE) return undefined
  return {
    penalty: 10,
    finding: finding('LARGE_ATTENDANCE', 'warning',
      `${count} attendees: at ${LARGE_ATTENDANCE} or more, remove people or mark them optional (Fellow).`)
  }
}

function optionalReaders (meeting: Meeting): Hit | undefined {
  if (meeting.purpose === 'social') return undefined
  const names = optional(meeting).map((p) => p.email)
  if (names.length === 0) return undefined
  return {
    penalty: Math.min(15, 3 * names.length),
    finding: finding('OPTIONAL_COULD_READ_NOTES', 'info',
      `${plural(names.length, 'optional participant')} (${listNames(names)}) could read the notes instead of attending.`)
  }
}

function informedRequired (meeting: Meeting): Hit | undefined {
  const names = required(meeting).filter((p) => p.role === 'informed').map((p) => p.email)
  if (names.length === 0) return undefined
  return {
    penalty: Math.min(30, 10 * names.length),
    finding: finding('INFORMED_MARKED_REQUIRED', 'warning',
      `${listNames(names)} ${names.length === 1 ? 'is' : 'are'} only to be informed but marked required: ` +
      'make them optional and send the notes.')
  }
}
