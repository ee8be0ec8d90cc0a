// POST /v1/overlap: request and answer (DESIGN section 8).
import { Type, type Static } from 'typebox'
import { TimeZone } from './common.js'
import { ParticipantInput } from './proposal.js'

const LocalDate = (description: string, example: string) => Type.String({ format: 'date', description, examples: [example] })

export const OverlapRequest = Type.Object({
  participants: Type.Array(ParticipantInput, { minItems: 1, maxItems: 200, description: 'People to fit (1 to 200); gaps filled from the directory, then the policy.' }),
  from: LocalDate('First calendar date of the search, in timeZone (included), 1972 to 2199.', '2026-12-01'),
  to: LocalDate('Last calendar date of the search, in timeZone (included); the range from..to covers at most 31 days (to at most 30 days after from).', '2026-12-05'),
  timeZone: Type.Optional(TimeZone('Zone in which from and to are dates (default UTC).')),
  durationMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'Length of the meeting to place.', examples: [30] }),
  maxSlots: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'How many ranked slots to return (default 10).' })),
  recurrence: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'RRULE of a series held at the best slot: the answer then carries its fairness over 12 weeks.', examples: ['FREQ=WEEKLY'] }))
}, { additionalProperties: false })

const Interval = Type.Object({
  start: Type.String({ format: 'date-time', description: 'Start (UTC).' }),
  end: Type.String({ format: 'date-time', description: 'End (UTC).' })
}, { additionalProperties: false })

const SlotSchema = Type.Object({
  start: Type.String({ format: 'date-time', description: 'Slot start (UTC), on a 15-minute grid.' }),
  end: Type.String({ format: 'date-time', description: 'Slot end (UTC).' }),
  score: Type.Number({ minimum: 0, maximum: 1, description: '0 to 1, two decimals: 1 minus the weighted minutes outside working hours (required 3, optional 1) over those of everyone outside for the whole slot. 1 only when everyone is inside working hours; anyone outside, for however few minutes, makes it at most 0.99.', examples: [0.75] }),
  outsideHours: Type.Array(Type.Object({
    email: Type.String({ description: 'Participant.' }),
    minutes: Type.Integer({ minimum: 1, description: 'Minutes of the slot outside their working hours.' })
  }, { additionalProperties: false }), { description: 'Everyone with minutes outside working hours in this slot.' })
}, { additionalProperties: false })

export const FairnessSchema = Type.Object({
  start: Type.String({ format: 'date-time', description: 'First occurrence analysed (the best slot).' }),
  timeZone: Type.String({ description: 'Zone whose wall-clock time the series keeps: the request\'s timeZone (default UTC), as an IANA name. Occurrences recur at the best slot\'s local time there, and shiftMinutes measure each participant\'s clock against it.', examples: ['America/New_York'] }),
  occurrences: Type.Integer({ description: 'Occurrences analysed: those of the next 12 weeks, at most 10,000 divided by the number of participants (a large group on a frequent series is judged on its first occurrences).' }),
  from: Type.String({ description: 'First occurrence start (UTC).' }),
  to: Type.String({ description: 'Last occurrence start (UTC).' }),
  participants: Type.Array(Type.Object({
    email: Type.String({ description: 'Participant.' }),
    outsideHours: Type.Integer({ description: 'Occurrences with minutes outside their working hours.' }),
    atNight: Type.Integer({ description: 'Occurrences with minutes between 00:00 and 06:00 local outside their working hours.' }),
    shifted: Type.Array(Type.Object({
      start: Type.String({ description: 'Occurrence start (UTC).' }),
      localStart: Type.String({ description: 'Local start for this participant.' }),
      shiftMinutes: Type.Integer({ description: 'Signed move of their local start, in minutes, against the first occurrence: the change in (their UTC offset - the meeting zone\'s UTC offset); positive is later on their clock.' })
    }, { additionalProperties: false }), { description: 'Occurrences that clock changes move for this person: the series keeps its wall time in the meeting\'s zone, so an occurrence counts when the gap between their UTC offset and the meeting zone\'s differs from the first occurrence\'s. An hourly or daily series starting at other local times of day does not count.' })
  }, { additionalProperties: false })),
  rotation: Type.Optional(Type.Object({
    email: Type.String({ description: 'Who carries most bad occurrences (then most at night, then first listed); the first of emails.', examples: ['syd@example.com'] }),
    emails: Type.Array(Type.String(), { minItems: 1, description: 'Everyone singled out who carries as many bad occurrences as email (email first, then those with more of them at night, then as listed): a burden two people share alike names both, whether their occurrences are at night or only outside hours.', examples: [['syd@example.com', 'mel@example.com']] }),
    badOccurrences: Type.Integer({ description: 'Bad occurrences each of them carries.', examples: [10] }),
    totalBad: Type.Integer({ description: 'Bad occurrences in all.', examples: [10] }),
    message: Type.String({ description: 'The rotation suggestion, naming everyone in emails.', examples: ['syd@example.com and mel@example.com each carry 10 of 10 occurrences that fall outside working hours or at night; rotate the meeting time so that no one carries more than half of them.'] })
  }, { additionalProperties: false, description: 'Present when rotating the time between regions would take bad occurrences (outside hours or at night for a required person; everyone counts when nobody is required) off one required person: they carry more than half of them and more than some other required person whose UTC offset differs from theirs on some occurrence. A burden shared equally, or one only people on the same clock could take over, singles out no one.' }))
}, { additionalProperties: false, description: 'Fairness of the series held at the best slot.' })

export const OverlapResponse = Type.Object({
  windows: Type.Array(Interval, { description: 'Maximal intervals (UTC, merged across midnight) where every required participant (everyone when nobody is required) is inside working hours.' }),
  slots: Type.Array(SlotSchema, { description: 'Candidate starts ranked by minutes outside working hours (required weigh 3x), then those that put nobody into their late evening (20:00-06:00 local, outside their own working hours) first and an optional participant into their night (00:00-06:00 local) last, then the earliest; never 00:00-06:00 local outside the working hours of a required participant (of anyone when nobody is required) unless nothing else exists.' }),
  fairness: Type.Optional(FairnessSchema),
  assumptions: Type.Array(Type.String(), { description: 'Values taken from the directory or the policy.' })
}, { additionalProperties: false })

export type OverlapRequestT = Static<typeof OverlapRequest>
