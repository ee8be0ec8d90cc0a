// Agenda criterion: present, timeboxed to fit with a buffer, owned, phrased as questions and shared in time.
import type { Agenda, Finding, Meeting } from '../model.js'
import { finding, listNames, plural, quote, scoreAfter, type CriterionContext, type CriterionOutcome } from './context.js'
import { MINUTE_MS } from '../time/local-days.js'
import { countLead, countsForLead, isRequired, type LeadCount } from '../agenda/lead-time.js'

/** Items longer than this should be split (10-20 minutes an item is the norm in practice). */
export const MAX_ITEM_MINUTES = 20
const LIGHT_PURPOSES = new Set(['social', 'one_on_one'])
const QUESTION_START = /^(who|what|when|where|why|how|which|whether|should|shall|can|could|do|does|did|is|are|will|would|must|decide|choose|pick|agree|approve|confirm|select|prioriti[sz]e|estimate|assign|name|settle|vote|resolve|commit)\b/i

type Check = (agenda: Agenda, meeting: Meeting, ctx: CriterionContext) => { finding: Finding, penalty: number } | undefined

export function agendaCriterion (meeting: Meeting, ctx: CriterionContext): CriterionOutcome {
  const agenda = meeting.agenda
  if (agenda === undefined || agenda.items.length === 0) return missing(meeting)
  const hits = CHECKS.map((check) => check(agenda, meeting, ctx)).filter((hit) => hit !== undefined)
  return { score: scoreAfter(hits.map((hit) => hit.penalty)), findings: hits.map((hit) => hit.finding) }
}

function missing (meeting: Meeting): CriterionOutcome {
  if (LIGHT_PURPOSES.has(meeting.purpose)) {
    return {
      score: 60,
      findings: [finding('AGENDA_MISSING', 'info', 'No agenda: even a light meeting goes better with a few shared topics.')]
    }
  }
  return {
    score: 0,
    findings: [finding('AGENDA_MISSING', 'error',
      'No agenda: "no agenda, no attenda" (GitLab). List the questions to answer, each with minutes and an owner.')]
  }
}

const overDuration: Check = (agenda, meeting) => {
  const total = sum(agenda)
  if (total <= meeting.durationMinutes) return undefined
  return {
    penalty: 30,
    finding: finding('AGENDA_OVER_DURATION', 'error',
      `The agenda timeboxes add up to ${total} minutes, ${total - meeting.durationMinutes} more than the ` +
      `${meeting.durationMinutes}-minute meeting.`)
  }
}

const noBuffer: Check = (agenda, meeting) => {
  const total = sum(agenda)
  const wanted = bufferWanted(meeting.durationMinutes)
  const left = meeting.durationMinutes - total
  if (left < 0 || left >= wanted) return undefined
  return {
    penalty: 10,
    finding: finding('AGENDA_NO_BUFFER', 'warning',
      `The timeboxes fill ${total} of ${meeting.durationMinutes} minutes, leaving ${plural(left, 'minute')} of buffer; ` +
      `leave about ${wanted}.`)
  }
}

const longItems: Check = (agenda) => {
  const long = agenda.items.filter((item) => item.minutes > MAX_ITEM_MINUTES)
  if (long.length === 0) return undefined
  const named = long.map((item) => `${quote(item.title)} (${item.minutes} min)`)
  return {
    penalty: Math.min(20, 10 * long.length),
    finding: finding('AGENDA_ITEM_TOO_LONG', 'warning',
      `${listNames(named)} ${long.length === 1 ? 'is' : 'are'} longer than ${MAX_ITEM_MINUTES} minutes: split ` +
      `${long.length === 1 ? 'it' : 'them'} into questions of 10-20 minutes.`)
  }
}

const ownerless: Check = (agenda) => {
  const items = agenda.items.filter((item) => item.owner === undefined || item.owner.trim() === '')
  if (items.length === 0) return undefined
  return {
    penalty: Math.min(20, 10 * items.length),
    finding: finding('AGENDA_ITEM_NO_OWNER', 'warning',
      `${items.length} of ${plural(agenda.items.length, 'agenda item')} ${items.length === 1 ? 'has' : 'have'} no owner: ` +
      `${listNames(items.map((item) => quote(item.title)))}.`)
  }
}

/** Items whose owner is not on the invite (an empty invite list judges nobody), and those owners once each (emails
 * compare case-insensitively; the first spelling is kept). An owner that is a name, not an email ("Ana" in a calendar
 * description, matching no attendee; JSON proposals and stored agendas take emails only), is not judged: nothing says
 * who it is. */
export function uninvitedOwners (meeting: Meeting): { items: Agenda['items'], owners: string[] } {
  if (meeting.participants.length === 0) return { items: [], owners: [] }
  const invited = new Set(meeting.participants.map((p) => p.email.toLowerCase()))
  const items = (meeting.agenda?.items ?? []).filter((item) => {
    const owner = item.owner?.trim() ?? ''
    return owner.includes('@') && !invited.has(owner.toLowerCase())
  })
  const owners = new Map<string, string>()
  for (const item of items) {
    const owner = item.owner!.trim()
    if (!owners.has(owner.toLowerCase())) owners.set(owner.toLowerCase(), owner)
  }
  return { items, owners: [...owners.values()] }
}

const ownersNotInvited: Check = (_, meeting) => {
  const { items, owners } = uninvitedOwners(meeting)
  if (items.length === 0) return undefined
  return {
    penalty: Math.min(20, 10 * items.length),
    finding: finding('AGENDA_OWNER_NOT_INVITED', 'warning',
      `${listNames(items.map((item) => `${quote(item.title)} (${item.owner!.trim()})`))} ${items.length === 1 ? 'is' : 'are'} ` +
      `owned by ${owners.length === 1 ? 'someone who is' : 'people who are'} not invited: nobody in the room would drive ` +
      `${items.length === 1 ? 'it' : 'them'}.`)
  }
}

const topics: Check = (agenda) => {
  const items = agenda.items.filter((item) => !isQuestion(item.title))
  if (items.length === 0) return undefined
  return {
    penalty: Math.min(10, 3 * items.length),
    finding: finding('AGENDA_ITEM_TOPIC', 'info',
      `${listNames(items.map((item) => quote(item.title)))} ${items.length === 1 ? 'reads' : 'read'} as ` +
      `${items.length === 1 ? 'a topic' : 'topics'}, not as questions to answer; what an agenda asks matters more than having one.`)
  }
}

const sharedLate: Check = (agenda, meeting, ctx) => {
  const shared = (agenda.sharedAt ?? meeting.asOf).toMillis()
  const start = meeting.start.toMillis()
  const hours = ctx.policy.agendaLeadHours
  const judged = [...countsForLead(meeting.participants)]
  const lead = countLead(judged, shared, start, hours)
  if (lead.met) return undefined
  const when = agenda.sharedAt === undefined ? 'is not shared yet; shared now it would arrive' : 'was shared'
  const short = lead.counts.filter((c) => !c.met).sort((a, b) => a.workingMs - b.workingMs)
  const who = judged.some(isRequired) ? 'required participants' : 'participants'
  return {
    penalty: 20,
    finding: finding('AGENDA_SHARED_LATE', 'warning',
      `The agenda ${when} ${describeLead(start - shared)}${start > shared ? `, ${leaving(short, who)}` : ''}; ` +
      `share it at least ${plural(hours, 'working hour')} ahead (GitLab: 72 hours is better).`)
  }
}

const CHECKS: Check[] = [overDuration, noBuffer, longItems, ownerless, ownersNotInvited, topics, sharedLate]

export function isQuestion (title: string): boolean {
  const text = title.trim()
  return text.endsWith('?') || QUESTION_START.test(text)
}

/** About 10% of the meeting, at most 10 minutes. */
export function bufferWanted (durationMinutes: number): number {
  return Math.min(10, Math.ceil(durationMinutes / 10))
}

function sum (agenda: Agenda): number {
  return agenda.items.reduce((total, item) => total + item.minutes, 0)
}

/** How far before (or after) the start sharing falls, in whole days, hours and minutes rounded down. */
function describeLead (ms: number): string {
  if (ms === 0) return 'at the start'
  return ms > 0 ? `${span(ms)} before the start` : `${span(-ms)} after the start`
}

/** Who gets less working time than the policy asks for, with how much each has, fewest first. */
function leaving (short: LeadCount[], who: string): string {
  const [first] = short
  if (short.length === 1 && first !== undefined) {
    return `leaving ${first.participant.email} ${first.workingMs < MINUTE_MS ? 'no working time' : `${workingTime(first.workingMs)} of working time`}`
  }
  const named = short.map((c) => `${c.participant.email} ${c.workingMs < MINUTE_MS ? 'none' : workingTime(c.workingMs)}`)
  return `leaving ${short.length} ${who} short of working time (${listNames(named)})`
}

/** Days, hours and minutes, the two largest units, rounded down: 23 h 59 min never reads as 24 hours. */
function span (ms: number): string {
  const minutes = Math.floor(ms / MINUTE_MS)
  if (minutes < 24 * 60) return workingTime(ms)
  const days = Math.floor(minutes / (24 * 60))
  const hours = Math.floor(minutes / 60) % 24
  return hours === 0 ? plural(days, 'day') : `${plural(days, 'day')} ${plural(hours, 'hour')}`
}

/** Hours and minutes, rounded down to the minute: "9 hours", "23 hours 59 minutes", "45 minutes". */
function workingTime (ms: number): string {
  const minutes = Math.floor(ms / MINUTE_MS)
  const hours = Math.floor(minutes / 60)
  if (hours === 0) return plural(minutes, 'minute')
  return minutes % 60 === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(minutes % 60, 'minute')}`
}
