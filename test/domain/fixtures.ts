// Builders for meetings, participants and criterion contexts used by the domain tests.
import { DateTime } from 'luxon'
import { DEFAULT_POLICY, type Meeting, type Participant, type ParticipantTime, type Policy, type TimeZoneFacts } from '../../src/domain/model.js'
import type { CriterionContext } from '../../src/domain/criteria/context.js'
import type { SeriesFairness } from '../../src/domain/time/fairness.js'

export const utc = (iso: string): DateTime => DateTime.fromISO(iso, { zone: 'utc' })

export function person (email: string, over: Partial<Participant> = {}): Participant {
  return {
    email,
    timeZone: 'UTC',
    workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    attendance: 'required',
    hourlyRate: 75,
    ...over
  }
}

export function people (count: number, over: Partial<Participant> = {}): Participant[] {
  return Array.from({ length: count }, (_, i) => person(`p${i + 1}@example.com`, over))
}

/** A good 45-minute decision meeting on Tuesday 2026-12-01 10:00 UTC, evaluated on the Wednesday before. */
export function meeting (over: Partial<Meeting> = {}): Meeting {
  return {
    title: 'Pick the Q3 pricing option',
    purpose: 'decision',
    start: utc('2026-12-01T10:00:00Z'),
    durationMinutes: 45,
    timeZone: 'UTC',
    urgency: 'normal',
    outcomes: ['Choose option A or B', 'Name an owner for the rollout'],
    agenda: {
      items: [
        { title: 'Which option fits the budget?', minutes: 15, owner: 'ana@example.com' },
        { title: 'Decide and assign an owner', minutes: 20, owner: 'bo@example.com' }
      ],
      sharedAt: utc('2026-11-26T09:00:00Z')
    },
    participants: [
      person('ana@example.com', { role: 'decider' }),
      person('bo@example.com'),
      person('cy@example.com')
    ],
    asOf: utc('2026-11-25T10:00:00Z'),
    ...over
  }
}

export function inside (p: Participant, localStart = '2026-12-01T10:00:00+00:00'): ParticipantTime {
  return { email: p.email, timeZone: p.timeZone, localStart, withinWorkingHours: true, minutesOutside: 0, minutesAtNight: 0, minutesLate: 0 }
}

export function facts (m: Meeting, over: Partial<TimeZoneFacts> = {}): TimeZoneFacts {
  return { overlapMinutes: 480, participants: m.participants.map((p) => inside(p)), suggestedSlots: [], ...over }
}

export function context (m: Meeting, over: { policy?: Policy, timeZones?: TimeZoneFacts, fairness?: SeriesFairness } = {}): CriterionContext {
  return { policy: over.policy ?? DEFAULT_POLICY, timeZones: over.timeZones ?? facts(m), fairness: over.fairness }
}
