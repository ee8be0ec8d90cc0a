// Time-zone criterion: nobody at night, late or outside hours, a shared overlap, and a fair, stable series.
import type { Finding, Meeting, ParticipantTime } from '../model.js'
import { namesCarry, type SeriesFairness } from '../time/fairness.js'
import { finding, plural, required, scoreAfter, type CriterionContext, type CriterionOutcome } from './context.js'
import { localDateText } from '../time/local-days.js'

interface Hit { finding: Finding, penalty: number }

const PENALTY = { night: 40, late: 25, outside: 15 }
const OPTIONAL_FACTOR = 1 / 3

export function timeZonesCriterion (meeting: Meeting, ctx: CriterionContext): CriterionOutcome {
  const requiredEmails = new Set(required(meeting).map((p) => p.email))
  const hits: Hit[] = [
    ...ctx.timeZones.participants.map((p) => personHit(p, meeting.durationMinutes, requiredEmails.has(p.email))),
    overlapHit(meeting, ctx.timeZones.overlapMinutes, [...requiredEmails]),
    ...seriesHits(ctx.fairness)
  ].filter((hit) => hit !== undefined)
  return { score: scoreAfter(hits.map((hit) => hit.penalty)), findings: hits.map((hit) => hit.finding) }
}

/** One finding per person, for the worst of night, late evening and outside working hours. */
function personHit (p: ParticipantTime, duration: number, isRequired: boolean): Hit | undefined {
  const factor = isRequired ? 1 : OPTIONAL_FACTOR
  const range = localRange(p.localStart, duration)
  if (p.minutesAtNight > 0) {
    return {
      penalty: PENALTY.night * factor,
      finding: finding('NIGHT_MEETING', 'error',
        `${p.email} would be in the meeting at night: ${plural(p.minutesAtNight, 'minute')} between 00:00 and 06:00 ` +
        `(${range} local, ${p.timeZone}).`)
    }
  }
  const evening = p.minutesLate - p.minutesAtNight
  if (evening > 0) {
    return {
      penalty: PENALTY.late * factor,
      finding: finding('LATE_EVENING', 'warning',
        `${p.email} would be in the meeting late in the evening: ${plural(evening, 'minute')} after 20:00 ` +
        `(${range} local, ${p.timeZone}).`)
    }
  }
  if (p.minutesOutside > 0) {
    return {
      penalty: PENALTY.outside * factor,
      finding: finding('OUTSIDE_WORKING_HOURS', 'warning',
        `${p.email} would be in the meeting ${plural(p.minutesOutside, 'minute')} outside working hours ` +
        `(${range} local, ${p.timeZone}).`)
    }
  }
  return undefined
}

/** The working time of that day (meeting.timeZone) when every required participant is inside hours: none is an error
 * (and a hard rule, also for a single required participant on a day off), less than the meeting a warning. */
function overlapHit (meeting: Meeting, overlap: number, requiredEmails: string[]): Hit | undefined {
  const [only] = requiredEmails
  if (only === undefined) return undefined
  const day = localDateText(meeting.timeZone, meeting.start.toMillis())
  if (overlap === 0) {
    return {
      penalty: 40,
      finding: finding('NO_SHARED_OVERLAP', 'error', requiredEmails.length === 1
        ? `${only}, the only required participant, has no working hours on ${day} (${meeting.timeZone}).`
        : `The ${requiredEmails.length} required participants share no working hours on ${day} (${meeting.timeZone}): ` +
          'someone joins outside their day whenever it is held.')
    }
  }
  if (overlap >= meeting.durationMinutes || requiredEmails.length === 1) return undefined
  return {
    penalty: 15,
    finding: finding('OVERLAP_SHORTER_THAN_MEETING', 'warning',
      `The required participants share only ${plural(overlap, 'minute')} of working hours on ${day}, ` +
      `less than the ${meeting.durationMinutes}-minute meeting.`)
  }
}

function seriesHits (fairness: SeriesFairness | undefined): Hit[] {
  if (fairness === undefined) return []
  const hits: Hit[] = []
  const rotation = fairness.rotation
  if (rotation !== undefined) {
    hits.push({
      penalty: 20,
      finding: finding('SERIES_BURDEN_UNFAIR', 'warning',
        `${namesCarry(rotation.emails)} ${rotation.badOccurrences} of the ${rotation.totalBad} out-of-hours occurrences ` +
        `between ${fairness.from.slice(0, 10)} and ${fairness.to.slice(0, 10)}; no one should carry more than half, so rotate the time.`)
    })
  }
  for (const p of fairness.participants) {
    const first = p.shifted[0]
    if (first === undefined) continue
    const most = Math.max(...p.shifted.map((s) => Math.abs(s.shiftMinutes)))
    const hurts = p.outsideHours > 0
    hits.push({
      penalty: hurts ? 10 : 3,
      finding: finding('SERIES_DST_SHIFT', hurts ? 'warning' : 'info',
        `Clock changes move the series for ${p.email}: ${p.shifted.length} of ${fairness.occurrences} occurrences ` +
        `start up to ${plural(most, 'minute')} off the usual local time (first on ${first.localStart.slice(0, 10)} at ` +
        `${first.localStart.slice(11, 16)} local)` +
        (hurts ? `; ${plural(p.outsideHours, 'occurrence')} ${p.outsideHours === 1 ? 'falls' : 'fall'} outside working hours.` : '.'))
    })
  }
  return hits
}

/** "18:00-18:45" from the participant's local start. */
export function localRange (localStart: string, durationMinutes: number): string {
  const m = /T(\d\d):(\d\d)/.exec(localStart)
  if (m === null) return localStart
  const end = (Number(m[1]) * 60 + Number(m[2]) + durationMinutes) % 1440
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${m[1]}:${m[2]}-${pad(Math.floor(end / 60))}:${pad(end % 60)}`
}
