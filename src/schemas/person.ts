// People directory schemas (DESIGN section 10): a person's zone, working hours and rate, keyed by email.
import { Type, type Static } from 'typebox'
import { Email, Instant, Text, TimeZone, WorkingHours } from './common.js'

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

export type PersonInputT = Static<typeof PersonInput>
export type PersonImportItemT = Static<typeof PersonImportItem>
export type PersonRecord = Static<typeof PersonSchema>
