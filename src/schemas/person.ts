// People directory schemas (DESIGN section 10): a person's zone, working hours and rate, keyed by email.
import { Type, type Static } from 'typebox'
import type { Problem } from '../plugins/problems.js'
import { CURSOR_TAGS } from '../domain/cursor.js'
import { CURSOR_DESCRIPTION, Email, EMAIL_MAX_LENGTH, Instant, StringEnum, Text, TimeZone, WorkingHours } from './common.js'

/**
 * Longest {email} path segment the router must let through: emails are ASCII, so even with every character
 * percent-encoded (%XX) a valid email fits, whether the router measures the raw or the decoded segment.
 */
export const EMAIL_PARAM_MAX_LENGTH = 3 * EMAIL_MAX_LENGTH

/** ?cursor= of GET /v1/people (base64url of its tag and the lower-cased email of the page's last person): as long as
 * the cursor of the longest email (ASCII: one byte a character, no padding). */
export const PeopleCursor = Type.String({
  minLength: 1,
  maxLength: Math.ceil((CURSOR_TAGS.people.length + EMAIL_MAX_LENGTH) * 4 / 3),
  description: CURSOR_DESCRIPTION
})

const personFields = {
  name: Type.Optional(Text(200, 'Display name.', 'Ana Lima')),
  timeZone: TimeZone('IANA zone of the person (links such as US/Pacific accepted; stored properly cased).'),
  workingHours: Type.Optional(WorkingHours),
  hourlyRate: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000, description: 'Cost of an hour of this person\'s time, in the policy currency.', examples: [90] }))
}

/** Body of PUT /v1/people/{email}. */
export const PersonInput = Type.Object(personFields, { additionalProperties: false, description: 'What the directory knows about a person.' })

/** One entry of POST /v1/people/import: a person with its email. */
export const PersonImportItem = Type.Object({
  email: Email('Email address of the person; compared case-insensitively.'),
  ...personFields
}, { additionalProperties: false, description: 'A person to create or update.' })

/** Working hours as stored: already checked on the way in, so plain strings (custom formats only validate input). */
const StoredWorkingHours = Type.Object({
  start: Type.String({ description: 'Local start of the working day, HH:MM.', examples: ['09:00'] }),
  end: Type.String({ description: 'Local end of the working day, HH:MM.', examples: ['17:00'] }),
  days: WorkingHours.properties.days
}, { additionalProperties: false, description: 'Working hours in the person\'s own time zone.' })

/** A stored person as answered by the API. */
export const PersonSchema = Type.Object({
  email: Email('Email address as last sent; compared case-insensitively.'),
  name: personFields.name,
  timeZone: Type.String({ description: 'IANA zone of the person.', examples: ['Europe/Berlin'] }),
  workingHours: Type.Optional(StoredWorkingHours),
  hourlyRate: personFields.hourlyRate,
  createdAt: Instant('When the person was added (UTC).'),
  updatedAt: Instant('When the person was last changed (UTC).')
}, { additionalProperties: false, description: 'A person in the directory.' })

export const EmailParams = Type.Object({ email: Email('Email address of the person (case-insensitive).') })

/** Body of POST /v1/people/import: items are checked one by one against PersonImportItem by the route. */
export const PeopleImportBody = Type.Object({
  people: Type.Array(Type.Unsafe<unknown>({ description: 'A person: email, timeZone and optionally name, workingHours, hourlyRate (checked per item).', examples: [{ email: 'ana@example.com', timeZone: 'Europe/Berlin' }] }),
    { minItems: 1, maxItems: 1000, description: 'People to store (1 to 1000).' })
}, { additionalProperties: false })

export const ImportResult = Type.Union([
  Type.Object({
    index: Type.Integer({ description: 'Position of the item in the request.', examples: [0] }),
    email: Email('Email of the person as sent.'),
    status: StringEnum(['created', 'updated'] as const, { description: 'Whether the person was added or replaced.' })
  }, { additionalProperties: false }),
  Type.Object({
    index: Type.Integer({ description: 'Position of the item in the request.', examples: [3] }),
    problem: Type.Unsafe<Problem>({ ...Type.Ref('Problem'), description: 'Why this item was not stored: problem details whose errors name the bad fields, paths relative to the item.' })
  }, { additionalProperties: false })
], { description: 'Outcome for one item.' })

/** 200 answer of POST /v1/people/import. */
export const PeopleImportOk = Type.Object({
  results: Type.Array(ImportResult, { description: 'One result per item, in request order.' })
}, { additionalProperties: false, description: 'What happened to each item.' })

export type PersonInputT = Static<typeof PersonInput>
export type PersonImportItemT = Static<typeof PersonImportItem>
export type PersonRecord = Static<typeof PersonSchema>
export type ImportResultT = Static<typeof ImportResult>
