// Duration criterion: short status updates, no long meetings, speedy defaults, series that end, enough time for heavy work.
import type { Finding, Meeting, Purpose } from '../model.js'
import { finding, scoreAfter, type CriterionContext, type CriterionOutcome } from './context.js'

export const STATUS_UPDATE_MAX = 15
/** Viva Insights: a meeting is "long" above an hour. */
export const LONG_MEETING = 60
export const SPEEDY: Readonly<Record<number, number>> = { 30: 25, 60: 50 }
const HEAVY_MIN = 15
const HEAVY: ReadonlySet<Purpose> = new Set<Purpose>(['decision', 'problem_solving', 'brainstorm', 'planning'])

interface Hit { finding: Finding, penalty: number }

export function durationCriterion (meeting: Meeting, _ctx: CriterionContext): CriterionOutcome {
  const hits = [statusTooLong(meeting), tooLong(meeting), speedy(meeting), seriesWithoutEnd(meeting), tooShort(meeting)]
    .filter((hit) => hit !== undefined)
  return { score: scoreAfter(hits.map((hit) => hit.penalty)), findings: hits.map((hit) => hit.finding) }
}

function statusTooLong (meeting: Meeting): Hit | undefined {
  if (meeting.purpose !== 'status_update' || meeting.durationMinutes <= STATUS_UPDATE_MAX) return undefined
  return {
    penalty: 30,
    finding: finding('STATUS_UPDATE_TOO_LONG', 'warning',
      `A ${meeting.durationMinutes}-minute status update: keep it to ${STATUS_UPDATE_MAX} minutes, or write it.`)
  }
}

function tooLong (meeting: Meeting): Hit | undefined {
  const minutes = meeting.durationMinutes
  if (minutes <= LONG_MEETING) return undefined
  const penalty = minutes > 240 ? 60 : minutes > 120 ? 40 : 20
  return {
    penalty,
    finding: finding('MEETING_TOO_LONG', minutes > 120 ? 'error' : 'warning',
      `${minutes} minutes is a long meeting (over ${LONG_MEETING} minutes, Viva Insights): split it or move parts to writing.`)
  }
}

function speedy (meeting: Meeting): Hit | undefined {
  const shorter = SPEEDY[meeting.durationMinutes]
  if (shorter === undefined) return undefined
  return {
    penalty: 10,
    finding: finding('SPEEDY_MEETING_POSSIBLE', 'info',
      `${meeting.durationMinutes} minutes is a calendar default: ${shorter} minutes leaves people a break before their next meeting.`)
  }
}

function seriesWithoutEnd (meeting: Meeting): Hit | undefined {
  const rule = meeting.recurrence
  if (rule === undefined || /(^|;)\s*(COUNT|UNTIL)=/i.test(rule)) return undefined
  const freq = /FREQ=(\w+)/i.exec(rule)?.[1]?.toLowerCase() ?? 'recurring'
  return {
    penalty: 15,
    finding: finding('SERIES_WITHOUT_END', 'warning',
      `The ${freq} series has no end (no COUNT or UNTIL): give it an end date and decide then whether it is still needed (Fellow).`)
  }
}

function tooShort (meeting: Meeting): Hit | undefined {
  if (!HEAVY.has(meeting.purpose) || meeting.durationMinutes >= HEAVY_MIN) return undefined
  return {
    penalty: 10,
    finding: finding('TOO_SHORT_FOR_PURPOSE', 'info',
      `${meeting.durationMinutes} minutes is short for ${meeting.purpose.replace('_', ' ')}: allow at least ${HEAVY_MIN} ` +
      'minutes, or settle it in writing.')
  }
}
