// The organisation policy document (DESIGN section 10): weights, thresholds, defaults and channels.
import { Type, type Static } from 'typebox'
import { ALTERNATIVE_KINDS, CRITERIA } from '../domain/model.js'
import { Text, TimeZone, WorkingHours } from './common.js'

const Weight = (criterion: string, example: number) =>
  Type.Number({ minimum: 0, maximum: 1000, description: `Relative weight of the ${criterion} criterion (not negative; weights need not sum to 1).`, examples: [example] })

const DEFAULT_WEIGHTS: Record<string, number> = { purpose: 0.2, agenda: 0.2, outcomes: 0.15, participants: 0.15, time_zones: 0.2, duration: 0.1 }

export const ChannelSchema = Type.Object({
  name: Text(200, 'Where that conversation happens, as people know it.', '#team-updates'),
  responseWorkingHours: Type.Optional(Type.Number({ minimum: 0, maximum: 400, description: 'Working hours within which people answer there; reply-by deadlines allow at least this.', examples: [8] }))
}, { additionalProperties: false, description: 'An agreed channel for one kind of async alternative.', examples: [{ name: '#team-updates', responseWorkingHours: 8 }] })

export const PolicySchema = Type.Object({
  weights: Type.Object(Object.fromEntries(CRITERIA.map(c => [c, Weight(c, DEFAULT_WEIGHTS[c]!)])) as Record<typeof CRITERIA[number], ReturnType<typeof Weight>>,
    { additionalProperties: false, description: 'Weight of each criterion in the overall score; at least one above zero.' }),
  thresholds: Type.Object({
    meet: Type.Integer({ minimum: 0, maximum: 100, description: 'Scores at or above this are "meet".', examples: [70] }),
    goAsync: Type.Integer({ minimum: 0, maximum: 100, description: 'Scores below this are "go_async"; not above meet.', examples: [40] })
  }, { additionalProperties: false, description: 'Verdict thresholds on the 0-100 score.' }),
  defaults: Type.Object({
    timeZone: TimeZone('Zone assumed for people with none given or in the directory.'),
    workingHours: WorkingHours,
    hourlyRate: Type.Number({ minimum: 0, maximum: 100_000, description: 'Hourly cost assumed for people with none given.', examples: [75] }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency of rates and amounts.', examples: ['USD'] })
  }, { additionalProperties: false, description: 'Values assumed when a participant lacks them (listed under assumptions).' }),
  maxUsefulGroup: Type.Integer({ minimum: 2, maximum: 200, description: 'Largest useful group of required participants (Rule of 7).', examples: [7] }),
  agendaLeadHours: Type.Number({ minimum: 0, maximum: 1000, description: 'Working hours before the meeting by which the agenda should be shared, counted for each required participant (everyone when nobody is required) in their own zone, working hours and days; fewer is the finding AGENDA_SHARED_LATE.', examples: [24] }),
  channels: Type.Optional(Type.Object(Object.fromEntries(ALTERNATIVE_KINDS.map(k => [k, Type.Optional(ChannelSchema)])) as Record<typeof ALTERNATIVE_KINDS[number], ReturnType<typeof Type.Optional<typeof ChannelSchema>>>,
    { additionalProperties: false, description: 'For each alternative kind, the channel the team agreed on; evaluations name it.' })),
  escalationChannel: Type.Optional(Text(200, 'Where critical matters go; named when urgency is critical.', '#incidents'))
}, { additionalProperties: false, description: 'Organisation policy. GET returns it whole (defaults when none is stored) so it can be edited and sent back.' })

export type PolicyDocument = Static<typeof PolicySchema>
