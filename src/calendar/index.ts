// The calendar input parsers (pure: no Fastify, no database), each returning proposals with their assumptions.
export { CalendarInputError, NotAMeeting } from './errors.js'
export { parseICalendar, parseICalendarEach, singleEventProposal } from './icalendar.js'
export { parseGoogleEvent } from './google.js'
export { parseMicrosoftEvent } from './microsoft.js'
export type { ParsedEvent, ReadOptions } from './proposal.js'
