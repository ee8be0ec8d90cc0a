// The meeting proposal (DESIGN section 6): what a calendar tool sends to be evaluated.
import { Type, type Static } from 'typebox'
import { PURPOSES, ROLES, URGENCIES } from '../domain/model.js'
import { Email, Instant, StringEnum, Text, TimeZone, Uuid, WorkingHours } from './common.js'

export const ParticipantInput = Type.Object({
  email: Email('Email address of the participant; also the key into the people directory.'),
  name: Type.Optional(Text(200, 'Display name.', 'Ana Lima')),
  timeZone: Type.Optional(TimeZone('IANA zone of the participant. Missing: from the people directory, then the policy default (listed under assumptions).')),
  attendance: Type.Optional(StringEnum(['required', 'optional'] as const, { default: 'required', description: 'Whether the meeting needs this person (default required).' })),
  role: Type.Optional(StringEnum(ROLES, { description: 'Role in the meeting.' })),
  workingHours: Type.Optional(WorkingHours),
  hourlyRate: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000, description: 'Cost of an hour of this person\'s time, in the policy currency. Missing: directory, then policy default.', examples: [90] }))
}, { additionalProperties: false, description: 'A person invited to the meeting.' })

const PARTICIPANTS_DESCRIPTION = 'Everyone invited (1 to 200). An email listed more than once (case-insensitively) is one ' +
  'participant: required if any listing is, each other field from the first listing that gives it, said under assumptions.'

export const AgendaItemInput = Type.Object({
  title: Text(500, 'What the item is about; a question to answer works best.', 'Which option fits the budget?'),
  minutes: Type.Integer({ minimum: 1, maximum: 480, description: 'Timebox in whole minutes (1 to 480).', examples: [15] }),
  owner: Type.Optional(Email('Who leads the item.')),
  kind: Type.Optional(StringEnum(['discussion', 'decision', 'information', 'brainstorm', 'review', 'other'] as const, { description: 'What kind of item it is.' })),
  notes: Type.Optional(Type.String({ maxLength: 4000, description: 'Notes or pre-reading for the item.', examples: ['Pricing sheet: see the Q3 folder'] }))
}, { additionalProperties: false })

export const InlineAgenda = Type.Object({
  items: Type.Array(AgendaItemInput, { minItems: 0, maxItems: 50, description: 'Agenda items in order (at most 50).', examples: [[{ title: 'Which option fits the budget?', minutes: 15, owner: 'ana@example.com' }]] }),
  sharedAt: Type.Optional(Instant('When the agenda was shared with participants (1972 to 2199). The policy lead time (agendaLeadHours) is counted in working hours from it, or from asOf when it is missing.', '2026-11-28T09:00:00Z'))
}, { additionalProperties: false, description: 'The agenda, inline. A timebox sum above the duration is a finding, not an error.', examples: [{ items: [{ title: 'Which option fits the budget?', minutes: 15, owner: 'ana@example.com' }], sharedAt: '2026-11-28T09:00:00Z' }] })

export const Proposal = Type.Object({
  title: Text(300, 'Meeting title as on the invite.', 'Pick the Q3 pricing option'),
  description: Type.Optional(Type.String({ maxLength: 20_000, description: 'Invite description (kept for context; calendar inputs infer purpose and agenda items from it).', examples: ['Decide between the two pricing options from the pilot.'] })),
  purpose: Type.Optional(StringEnum(PURPOSES, { default: 'other', description: 'Why the meeting exists (default other).' })),
  start: Instant('Start instant with an offset or Z, between 1972-01-01 and 2199-12-31 (UTC).'),
  durationMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'Length in minutes (1 to 1440).', examples: [45] }),
  timeZone: Type.Optional(TimeZone('Zone of the organiser: the series is anchored to its wall clock, and slots are searched in its days. Default: the first required participant\'s zone.')),
  urgency: Type.Optional(StringEnum(URGENCIES, { default: 'normal', description: 'critical is the escalation path: a synchronous meeting is then justified.' })),
  outcomes: Type.Optional(Type.Array(Text(500, 'An expected outcome.', 'Choose option A or B'), { maxItems: 20, description: 'What the meeting must produce.', examples: [['Choose option A or B', 'Name an owner for the rollout']] })),
  agenda: Type.Optional(InlineAgenda),
  agendaId: Type.Optional(Uuid('Id of a stored agenda to use instead of an inline one: its items, shared at its publishedAt when published (not shared yet when that is after asOf).')),
  participants: Type.Array(ParticipantInput, { minItems: 1, maxItems: 200, description: PARTICIPANTS_DESCRIPTION, examples: [[{ email: 'ana@example.com', timeZone: 'Europe/Berlin', role: 'decider' }, { email: 'bo@example.com', timeZone: 'America/New_York' }]] }),
  recurrence: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'RFC 5545 RRULE, with or without the RRULE: prefix, in the wall clock of timeZone. FREQ=HOURLY is the most frequent accepted (MINUTELY and SECONDLY are not meeting series), a rule no date can satisfy (BYMONTH=2;BYMONTHDAY=30) is refused, and so are BYWEEKNO outside FREQ=YEARLY and BYSETPOS without another BY part. A rule whose INTERVAL never meets its BY parts from start (FREQ=DAILY;INTERVAL=7;BYDAY=WE from a Tuesday) is a series of one occurrence.', examples: ['FREQ=WEEKLY;BYDAY=TU'] })),
  asOf: Type.Optional(Instant('The moment the evaluation is made (default now; 1972 to 2199): reply-by deadlines and the agenda lead time count from it.', '2026-11-25T10:00:00Z'))
}, { additionalProperties: false, description: 'A proposed meeting.' })

/** The proposal a calendar event becomes, checked like a JSON one except that an agenda item's owner may be a name as
 * the description wrote it ("- Budget (15 min) - Ana"), when it names no attendee: JSON proposals name owners by email.
 * Not part of the API document. */
export const CalendarProposal = Type.Object({
  ...Proposal.properties,
  agenda: Type.Optional(Type.Object({
    ...InlineAgenda.properties,
    items: Type.Array(Type.Object({
      ...AgendaItemInput.properties,
      owner: Type.Optional(Type.String({ minLength: 1, maxLength: 254 }))
    }, { additionalProperties: false }), { maxItems: 50 })
  }, { additionalProperties: false }))
}, { additionalProperties: false })

/** asOf in the query string of the routes that read only calendar events (Google, Microsoft Graph), whose bodies have no field for it. */
export const CalendarAsOf = Instant('The moment the evaluation of the event is made (default now; 1972 to 2199), as a JSON proposal\'s asOf: ' +
  'reply-by deadlines and the agenda lead time count from it, so the same event and asOf give the same evaluation.', '2026-11-25T10:00:00Z')

/** asOf in the query string of the routes that take JSON meetings as well as calendar events: the default of each meeting. */
export const DefaultAsOf = Instant('The moment the evaluation is made (default now; 1972 to 2199) for each meeting that gives no asOf of its own: ' +
  'every event read from a calendar (it has no field for it) and every JSON meeting without asOf (a meeting\'s own asOf wins). Reply-by deadlines ' +
  'and the agenda lead time count from it; the answer\'s meeting.asOf is the one used, so sending it back gives the same evaluation.', '2026-11-25T10:00:00Z')

export type ProposalInput = Static<typeof Proposal>
export type ParticipantInputT = Static<typeof ParticipantInput>

export const EXAMPLE_PROPOSAL: ProposalInput = {
  title: 'Pick the Q3 pricing option',
  purpose: 'decision',
  start: '2026-12-01T16:00:00Z',
  durationMinutes: 45,
  timeZone: 'Europe/Berlin',
  urgency: 'normal',
  outcomes: ['Choose option A or B', 'Name an owner for the rollout'],
  agenda: {
    items: [
      { title: 'Which option fits the budget?', minutes: 15, owner: 'ana@example.com' },
      { title: 'Decide and assign an owner', minutes: 20, owner: 'bo@example.com' }
    ],
    sharedAt: '2026-11-28T09:00:00Z'
  },
  participants: [
    { email: 'ana@example.com', timeZone: 'Europe/Berlin', attendance: 'required', role: 'decider', workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] }, hourlyRate: 90 },
    { email: 'bo@example.com', timeZone: 'America/New_York', attendance: 'required' },
    { email: 'cy@example.com', attendance: 'optional' }
  ],
  recurrence: 'FREQ=WEEKLY;BYDAY=TU',
  asOf: '2026-11-25T10:00:00Z'
}
