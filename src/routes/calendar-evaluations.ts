// POST /v1/evaluations/google and /microsoft: a calendar's own event resource evaluated as a proposal (DESIGN section 11).
import { Type, type TSchema } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { parseGoogleEvent, parseMicrosoftEvent, type ParsedEvent } from '../calendar/index.js'
import { InvalidFields } from '../errors.js'
import { problems } from '../schemas/common.js'
import { EvaluationSchema, StoredEvaluationSchema } from '../schemas/evaluation.js'
import { CalendarAsOf } from '../schemas/proposal.js'
import { evaluateAndStore, evaluatePreview, queryAsOf, validateProposal } from '../services/evaluations.js'

const open = (properties: Record<string, TSchema>, description: string) =>
  Type.Object(properties, { additionalProperties: true, description })
const text = (description: string, example?: string, maxLength = 1000) => Type.Optional(Type.String({ maxLength, description, ...(example === undefined ? {} : { examples: [example] }) }))
/** Descriptions and bodies may be long HTML; the 1 MB body limit bounds them further. */
const LONG_TEXT = 1_000_000

const GoogleTime = (which: string) => open({
  dateTime: text(`${which} instant, RFC 3339 with an offset (or local, read in timeZone).`, '2026-12-01T17:00:00+01:00'),
  date: text(`${which} date of an all-day event, YYYY-MM-DD.`, '2026-12-01'),
  timeZone: text('IANA zone the event is anchored to (recurrences expand in it).', 'Europe/Berlin')
}, `${which} of the event.`)

const GoogleEvent = open({
  summary: text('Title.', 'Weekly sync'),
  eventType: text('default is a meeting; outOfOffice, focusTime, workingLocation, birthday and fromGmail are not (422).', 'default', 40),
  transparency: text('transparent on an all-day event: it is not a meeting (422); opaque, or any timed event, is scored.', 'opaque', 40),
  description: text('Description, HTML allowed; lines like "- Topic (10 min)" become agenda items.', undefined, LONG_TEXT),
  updated: text('When the event was last changed: a description agenda counts as shared then, when that is before asOf.', '2026-11-20T09:00:00.000Z', 40),
  created: text('When the event was created: the sharing time of a description agenda when updated is missing.', '2026-11-18T09:00:00.000Z', 40),
  start: Type.Optional(GoogleTime('Start')),
  end: Type.Optional(GoogleTime('End')),
  endTimeUnspecified: Type.Optional(Type.Boolean({ description: 'No end: 30 minutes are assumed.' })),
  attendees: Type.Optional(Type.Array(open({
    email: text('Attendee email.', 'ana@example.com'),
    displayName: text('Attendee name.', 'Ana Lima'),
    optional: Type.Optional(Type.Boolean({ description: 'Optional attendee.' })),
    resource: Type.Optional(Type.Boolean({ description: 'A room or resource: left out.' })),
    organizer: Type.Optional(Type.Boolean({ description: 'This attendee organises the event.' })),
    responseStatus: text('needsAction, declined (left out), tentative or accepted, in any letter case.', 'accepted')
  }, 'An attendee.'), { maxItems: 1000, description: 'Attendees.' })),
  organizer: Type.Optional(open({ email: text('Organiser email: added as a required participant when not an attendee.'), displayName: text('Organiser name.') }, 'The organiser.')),
  recurrence: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100, description: 'RFC 5545 lines; the first RRULE is evaluated, EXDATE/RDATE are not.', examples: [['RRULE:FREQ=WEEKLY;BYDAY=TU']] }))
}, 'A Google Calendar API Event resource, as is; fields not listed here are ignored.')

const GraphTime = (which: string) => open({
  dateTime: Type.String({ maxLength: 40, description: `${which}, local to timeZone, without offset.`, examples: ['2026-12-01T16:00:00.0000000'] }),
  timeZone: text('Windows or IANA zone name, or UTC. Graph always sends it; without it, dateTime is refused unless it carries an offset.', 'W. Europe Standard Time')
}, `${which} of the event (dateTimeTimeZone).`)

const GraphAddress = open({ address: text('Email address.', 'ana@example.com'), name: text('Name.', 'Ana Lima') }, 'emailAddress.')

const MicrosoftEvent = open({
  subject: text('Title.', 'Weekly sync'),
  body: Type.Optional(open({ contentType: text('text or html.', 'html'), content: text('Body; lines like "- Topic (10 min)" become agenda items.', undefined, LONG_TEXT) }, 'The body.')),
  lastModifiedDateTime: text('When the event was last changed (UTC): a body agenda counts as shared then, when that is before asOf.', '2026-11-20T09:31:40.6123451Z', 40),
  createdDateTime: text('When the event was created (UTC): the sharing time of a body agenda when lastModifiedDateTime is missing.', '2026-11-18T09:00:00.0000000Z', 40),
  start: GraphTime('Start'),
  end: GraphTime('End'),
  originalStartTimeZone: text('Zone the organiser created the event in; used when start is given in UTC. tzone://Microsoft/Utc is UTC; other tzone:// values (Custom: a zone made in desktop Outlook) fall back to recurrence.range.recurrenceTimeZone, else to the zone of start, with an assumption.', 'W. Europe Standard Time'),
  isAllDay: Type.Optional(Type.Boolean({ description: 'All-day event: evaluated as 24 hours from local midnight, unless it shows its attendees away or free (showAs).' })),
  showAs: text('oof, workingElsewhere or free on an all-day event: it is not a meeting (422); busy, tentative, or any timed event, is scored.', 'busy', 40),
  importance: text('low, normal or high: low and high set the urgency.', 'high'),
  attendees: Type.Optional(Type.Array(open({
    emailAddress: Type.Optional(GraphAddress),
    type: text('required, optional, or resource (left out), in any letter case.', 'required'),
    status: Type.Optional(open({ response: text('declined attendees (in any letter case) are left out.', 'accepted') }, 'Response.'))
  }, 'An attendee.'), { maxItems: 1000, description: 'Attendees.' })),
  organizer: Type.Optional(open({ emailAddress: Type.Optional(GraphAddress) }, 'The organiser: added as a required participant when not an attendee.')),
  recurrence: Type.Optional(Type.Union([open({
    pattern: open({}, 'type (daily, weekly, absoluteMonthly, relativeMonthly, absoluteYearly, relativeYearly; any letter case), interval, daysOfWeek, dayOfMonth, index, month, firstDayOfWeek.'),
    range: Type.Optional(open({
      recurrenceTimeZone: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], {
        description: 'Windows or IANA zone of the range\'s dates: the series is expanded in it when start is in UTC and originalStartTimeZone names no zone (missing, or tzone://Microsoft/Custom).',
        examples: ['W. Europe Standard Time']
      }))
    }, 'type (endDate, noEnd, numbered; any letter case), endDate, numberOfOccurrences, recurrenceTimeZone.'))
  }, 'patternedRecurrence: converted to an RRULE.'), Type.Null()]))
}, 'A Microsoft Graph event resource, as is; fields not listed here are ignored.')

const Query = Type.Object({
  preview: Type.Optional(Type.Boolean({ default: false, description: 'true: answer 200 with the evaluation and store nothing.' })),
  asOf: Type.Optional(CalendarAsOf)
}, { additionalProperties: false })

/** The parsed proposal, checked like a JSON proposal (bounds, zones); its problems say they come from the event. */
function checked (parsed: ParsedEvent): ParsedEvent {
  try {
    return { proposal: validateProposal(parsed.proposal, true), assumptions: parsed.assumptions }
  } catch (error) {
    if (!(error instanceof InvalidFields)) throw error
    throw new InvalidFields(error.errors, `The proposal made from the event is invalid (paths are proposal fields): ${error.errors.map(e => `${e.path || '/'} ${e.message}`).join('; ')}`)
  }
}

export default async function calendarEvaluationRoutes (fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = app.database.db
  const sources = [
    {
      path: '/v1/evaluations/google',
      name: 'Google Calendar',
      body: GoogleEvent,
      parse: parseGoogleEvent,
      notMeetings: 'eventType outOfOffice, focusTime, workingLocation, birthday or fromGmail, or an all-day event with transparency "transparent" (timed transparent events are scored)'
    },
    {
      path: '/v1/evaluations/microsoft',
      name: 'Microsoft Graph',
      body: MicrosoftEvent,
      parse: parseMicrosoftEvent,
      notMeetings: 'an all-day event (isAllDay) with showAs oof, workingElsewhere or free (timed events are scored whatever they show)'
    }
  ]
  for (const source of sources) {
    app.post(source.path, {
      config: { idempotent: true },
      schema: {
        tags: ['evaluations'],
        summary: `Evaluate a ${source.name} event`,
        description: `Converts the ${source.name} event into a proposal (rooms, resources and declined attendees left out, ` +
          'purpose inferred, agenda read from the description and counted as shared at the event\'s last change when that is before asOf; ' +
          'each listed under assumptions) and evaluates it like POST /v1/evaluations. ' +
          '201 with the stored evaluation, or 200 and nothing stored with ?preview=true. ?asOf= sets the moment the evaluation is made (default now). ' +
          `An event that is no meeting is a 422 /problems/not-a-meeting saying what it is: ${source.notMeetings}.`,
        querystring: Query,
        body: source.body,
        response: { 200: EvaluationSchema, 201: StoredEvaluationSchema, ...problems(400, 401, 403, 404, 422) }
      }
    }, async (request, reply) => {
      const { proposal, assumptions } = checked(source.parse(request.body, queryAsOf(request.query.asOf)))
      if (request.query.preview === true) return reply.code(200).send(await evaluatePreview(db, request, proposal, assumptions))
      const stored = await evaluateAndStore(db, request, proposal, assumptions)
      return reply.code(201).header('location', `/v1/evaluations/${stored.id}`).send(stored)
    })
  }
}
