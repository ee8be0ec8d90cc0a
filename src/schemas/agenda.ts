// Stored timeboxed agendas (DESIGN section 9): what callers send, and the agenda, lead time and adherence they get back.
import { Type, type Static } from 'typebox'
import { ROLES } from '../domain/model.js'
import { AgendaItemInput } from './proposal.js'
import { Cursor, Email, Instant, Limit, StringEnum, Text, TimeZone, Uuid, WorkingHours } from './common.js'

export const AGENDA_STATUSES = ['draft', 'published'] as const

export const AgendaParticipant = Type.Object({
  email: Email('Email address of the participant.'),
  timeZone: Type.Optional(TimeZone('IANA zone of the participant. Missing: the people directory, then the policy default.')),
  workingHours: Type.Optional(WorkingHours),
  attendance: Type.Optional(StringEnum(['required', 'optional'] as const, { description: 'Whether the meeting needs this person (default required).', examples: ['required'] })),
  role: Type.Optional(StringEnum(ROLES, { description: 'Role in the meeting (used when the agenda is evaluated).', examples: ['decider'] }))
}, { additionalProperties: false, description: 'A person the agenda is for.' })

export const AgendaInput = Type.Object({
  title: Text(300, 'Title of the meeting the agenda is for.', 'Pick the Q3 pricing option'),
  meetingStart: Type.Optional(Instant('Start of the meeting, with an offset or Z, between 1972-01-01 and 2199-12-31 (UTC). Needed to publish with a lead-time check and to evaluate.')),
  durationMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'Length of the meeting in minutes (1 to 1440); the timeboxes must fit in it.', examples: [45] }),
  timeZone: Type.Optional(TimeZone('Zone of the organiser.')),
  items: Type.Array(AgendaItemInput, { minItems: 1, maxItems: 50, description: 'Agenda items in order (1 to 50); their minutes must not add up to more than durationMinutes.' }),
  outcomes: Type.Optional(Type.Array(Text(500, 'An expected outcome.', 'Choose option A or B'), { maxItems: 20, description: 'What the meeting must produce (at most 20).' })),
  participants: Type.Optional(Type.Array(AgendaParticipant, { maxItems: 200, description: 'Who the agenda is for (at most 200).' }))
}, {
  additionalProperties: false,
  description: 'A timeboxed agenda.',
  examples: [{
    title: 'Pick the Q3 pricing option',
    meetingStart: '2026-12-01T16:00:00Z',
    durationMinutes: 45,
    timeZone: 'Europe/Berlin',
    items: [{ title: 'Which option fits the budget?', minutes: 15, owner: 'ana@example.com' }, { title: 'Decide and assign an owner', minutes: 20 }],
    outcomes: ['Choose option A or B'],
    participants: [{ email: 'ana@example.com', timeZone: 'Europe/Berlin' }, { email: 'bo@example.com', timeZone: 'America/New_York' }]
  }]
})

const StoredParticipant = Type.Object({
  email: Type.String({ description: 'Email address of the participant.', examples: ['ana@example.com'] }),
  timeZone: Type.Optional(Type.String({ description: 'IANA zone as sent, properly cased (europe/berlin is stored as Europe/Berlin).', examples: ['Europe/Berlin'] })),
  workingHours: Type.Optional(Type.Object({
    start: Type.String({ description: 'Local start of the working day, HH:MM.', examples: ['09:00'] }),
    end: Type.String({ description: 'Local end of the working day, HH:MM.', examples: ['17:00'] }),
    days: Type.Array(Type.Integer(), { description: 'ISO weekdays: 1 = Monday ... 7 = Sunday.', examples: [[1, 2, 3, 4, 5]] })
  }, { additionalProperties: false, description: 'Working hours in the person\'s own zone.' })),
  attendance: Type.Optional(Type.String({ description: 'required or optional (default required).', examples: ['required'] })),
  role: Type.Optional(Type.String({ description: 'Role in the meeting.', examples: ['decider'] }))
}, { additionalProperties: false, description: 'A participant as stored.' })

const StoredItem = Type.Object({
  index: Type.Integer({ minimum: 0, description: 'Position of the item, from 0; actuals refer to it.', examples: [0] }),
  title: Type.String({ description: 'What the item is about, exactly as sent.', examples: ['Which option fits the budget?'] }),
  minutes: Type.Integer({ description: 'Timebox in minutes.', examples: [15] }),
  owner: Type.Optional(Type.String({ description: 'Who leads the item.', examples: ['ana@example.com'] })),
  kind: Type.Optional(Type.String({ description: 'What kind of item it is.', examples: ['decision'] })),
  notes: Type.Optional(Type.String({ description: 'Notes or pre-reading.' })),
  actualMinutes: Type.Optional(Type.Integer({ description: 'Minutes it really took, once actuals are recorded for it.', examples: [18] }))
}, { additionalProperties: false })

const AdherenceItem = Type.Object({
  index: Type.Integer({ minimum: 0, description: 'Position of the item.', examples: [0] }),
  title: Type.String({ description: 'Title of the item.' }),
  planned: Type.Integer({ description: 'Timebox in minutes.', examples: [15] }),
  actual: Type.Integer({ description: 'Minutes it really took.', examples: [18] }),
  delta: Type.Integer({ description: 'actual - planned: an overrun is positive, slack negative.', examples: [3] }),
  withinTimebox: Type.Boolean({ description: 'Whether it took no more than its timebox.' })
}, { additionalProperties: false })

export const AdherenceSchema = Type.Object({
  items: Type.Array(AdherenceItem, { description: 'Each item with recorded actuals, in agenda order.' }),
  totals: Type.Object({
    planned: Type.Integer({ description: 'Timeboxes of the recorded items, in minutes.', examples: [35] }),
    actual: Type.Integer({ description: 'Minutes the recorded items really took.', examples: [41] }),
    delta: Type.Integer({ description: 'actual - planned (overrun positive).', examples: [6] })
  }, { additionalProperties: false, description: 'Totals over the recorded items.' }),
  keptShare: Type.Number({ minimum: 0, maximum: 1, description: 'Share of recorded items kept within their timebox (0 to 1, 2 decimals).', examples: [0.5] }),
  recordedAt: Type.String({ format: 'date-time', description: 'When the actuals were last recorded (UTC).' })
}, { additionalProperties: false, description: 'How the meeting kept to its timeboxes.' })

export const AgendaSchema = Type.Object({
  id: Uuid('Agenda id.'),
  version: Type.Integer({ minimum: 1, description: 'Version, raised by every change; the ETag is this number in quotes.', examples: [1] }),
  status: StringEnum(AGENDA_STATUSES, { description: 'draft until published.', examples: ['draft'] }),
  title: Type.String({ description: 'Title, exactly as sent.', examples: ['Pick the Q3 pricing option'] }),
  meetingStart: Type.Optional(Type.String({ format: 'date-time', description: 'Start of the meeting (UTC).', examples: ['2026-12-01T16:00:00.000Z'] })),
  durationMinutes: Type.Integer({ description: 'Length of the meeting in minutes.', examples: [45] }),
  timeZone: Type.Optional(Type.String({ description: 'Zone of the organiser, properly cased.', examples: ['Europe/Berlin'] })),
  items: Type.Array(StoredItem, { description: 'Items in order.' }),
  outcomes: Type.Array(Type.String(), { description: 'Expected outcomes.' }),
  participants: Type.Array(StoredParticipant, { description: 'Who the agenda is for, as sent.' }),
  publishedAt: Type.Optional(Type.String({ format: 'date-time', description: 'When it was last published (UTC).' })),
  adherence: Type.Optional(AdherenceSchema),
  createdAt: Type.String({ format: 'date-time', description: 'When it was created (UTC).' }),
  updatedAt: Type.String({ format: 'date-time', description: 'When it last changed (UTC).' })
}, { additionalProperties: false, description: 'A stored agenda.' })

const LeadTimeParticipant = Type.Object({
  email: Type.String({ description: 'Participant email.', examples: ['bo@example.com'] }),
  timeZone: Type.String({ description: 'Zone the working hours were counted in.', examples: ['America/New_York'] }),
  met: Type.Boolean({ description: 'Whether the lead time is met in this person\'s working hours.' }),
  workingHoursAvailable: Type.Number({ minimum: 0, description: 'Working hours of this person between publishedAt and meetingStart (2 decimals).', examples: [31.5] }),
  required: Type.Number({ minimum: 0, description: 'Working hours of notice the policy asks for (agendaLeadHours).', examples: [24] })
}, { additionalProperties: false })

export const LeadTimeSchema = Type.Object({
  required: Type.Number({ minimum: 0, description: 'Working hours of notice the policy asks for (agendaLeadHours).', examples: [24] }),
  met: Type.Boolean({ description: 'Whether every required participant (everyone when nobody is required) gets the lead time, as the AGENDA_SHARED_LATE finding of an evaluation judges it. An agenda without participants is judged by the policy\'s default working hours in its zone (else the policy\'s default zone), so one published after the meeting is never in time.' }),
  participants: Type.Array(LeadTimeParticipant, { description: 'Each participant, counted in their own zone, hours and working days.' })
}, { additionalProperties: false, description: 'Whether the agenda reaches everyone the policy lead time before the meeting.' })

export const PublishedAgendaSchema = Type.Object({
  ...AgendaSchema.properties,
  leadTime: Type.Union([LeadTimeSchema, Type.Null()], { description: 'Lead-time check; null when the agenda has no meetingStart.' })
}, { additionalProperties: false, description: 'The published agenda and its lead-time check.' })

export const ActualsInput = Type.Object({
  items: Type.Array(Type.Object({
    index: Type.Integer({ minimum: 0, maximum: 49, description: 'Position of the item (from 0).', examples: [0] }),
    minutes: Type.Integer({ minimum: 0, maximum: 1440, description: 'Whole minutes the item really took (0 if skipped).', examples: [18] })
  }, { additionalProperties: false }), { minItems: 1, maxItems: 50, description: 'Real minutes per item; items not listed have no actuals afterwards.' })
}, { additionalProperties: false, description: 'What each item really took.', examples: [{ items: [{ index: 0, minutes: 18 }, { index: 1, minutes: 20 }] }] })

export const PublishInput = Type.Object({}, {
  additionalProperties: false,
  description: 'Publishing takes no fields: omit the body or send {}.',
  examples: [{}]
})

export const AgendaParams = Type.Object({ id: Uuid('Agenda id.') })

export const AgendaListQuery = Type.Object({
  limit: Type.Optional(Limit),
  cursor: Type.Optional(Cursor),
  status: Type.Optional(StringEnum(AGENDA_STATUSES, { description: 'Only agendas with this status.' }))
}, { additionalProperties: false })

export const IfMatchHeaders = (required: boolean) => Type.Object({
  'if-match': Type.Optional(Type.String({
    maxLength: 1000,
    description: required
      ? 'Required: the ETag of the version being replaced ("3"), or * for any version. Missing: 428; stale: 412.'
      : 'Optional: the ETag the change applies to ("3", compared exactly), or * for any version; stale: 412.',
    examples: ['"3"']
  }))
})

export type AgendaInputT = Static<typeof AgendaInput>
export type AgendaParticipantT = Static<typeof AgendaParticipant>
export type AgendaT = Static<typeof AgendaSchema>
export type Adherence = Static<typeof AdherenceSchema>
export type LeadTime = Static<typeof LeadTimeSchema>
export type ActualsInputT = Static<typeof ActualsInput>
