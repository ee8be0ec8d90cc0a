// Async alternatives matched to the meeting's purpose, each with the policy channel and a reply-by deadline.
import type { DateTime } from 'luxon'
import type { Alternative, AlternativeKind, Meeting, Policy, Purpose } from './model.js'
import { replyBy } from './time/reply-by.js'
import { listNames, quote } from './criteria/context.js'
import { isoUtc as isoUtcMs } from './time/local-days.js'

export const ALTERNATIVES_BY_PURPOSE: Readonly<Record<Purpose, AlternativeKind[]>> = {
  status_update: ['written_update', 'recorded_video'],
  information_sharing: ['recorded_video', 'written_update'],
  decision: ['decision_doc'],
  brainstorm: ['async_brainstorm'],
  review: ['async_review'],
  planning: ['collaborative_doc', 'decision_doc'],
  problem_solving: ['collaborative_doc', 'decision_doc'],
  one_on_one: ['written_update'],
  social: [],
  other: ['written_update']
}

/** The alternative with its article, for sentences: "Try a written update first". */
export const KIND_LABEL: Readonly<Record<AlternativeKind, string>> = {
  written_update: 'a written update',
  recorded_video: 'a recorded video',
  decision_doc: 'a decision doc',
  async_brainstorm: 'an async brainstorm',
  async_review: 'an async review',
  collaborative_doc: 'a shared document'
}

const THEN_MEET = 'meet only if three back-and-forths leave it open (GitLab).'

export function alternatives (meeting: Meeting, policy: Policy): Alternative[] {
  const people = meeting.participants.filter((p) => p.attendance === 'required')
  const repliers = people.length > 0 ? people : meeting.participants
  return ALTERNATIVES_BY_PURPOSE[meeting.purpose].map((kind) => {
    const channel = policy.channels?.[kind]
    const deadline = isoUtc(replyBy(repliers, meeting.asOf, channel?.responseWorkingHours))
    const alternative: Alternative = { kind, description: describe(kind, meeting, deadline, channel?.name), replyBy: deadline }
    if (channel !== undefined) alternative.channel = channel
    return alternative
  })
}

function describe (kind: AlternativeKind, meeting: Meeting, deadline: string, channel: string | undefined): string {
  const where = channel === undefined ? '' : ` in ${channel}`
  const title = quote(meeting.title)
  const reply = `replies${where} by ${deadline}`
  switch (kind) {
    case 'written_update':
      if (meeting.purpose === 'one_on_one') {
        return `If there is little to talk through this time, share notes on ${title} in writing${where} and keep the next one-on-one.`
      }
      return `Post a written update on ${title}${where}${covering(meeting)}; ask for questions and ${reply}; ${THEN_MEET}`
    case 'recorded_video':
      return `Record a short video on ${title}${covering(meeting)} and share it${where}; collect questions by ${deadline}.`
    case 'decision_doc':
      return `Write a decision doc for ${title}${asking(meeting)}${decider(meeting)}; collect comments and ${reply}; ${THEN_MEET}`
    case 'async_brainstorm':
      return `Open an async brainstorm on ${title}${where}${asking(meeting)}; everyone adds ideas by ${deadline}, then vote.`
    case 'async_review':
      return `Share the material for ${title}${where} for an async review${asking(meeting)}; comments by ${deadline}.`
    case 'collaborative_doc':
      return `Work on ${title} in a shared document${where}${covering(meeting)}${asking(meeting)}; contributions by ${deadline}; ${THEN_MEET}`
  }
}

function covering (meeting: Meeting): string {
  const items = meeting.agenda?.items ?? []
  return items.length === 0 ? '' : ` covering ${listNames(items.map((item) => quote(item.title)), 5)}`
}

function asking (meeting: Meeting): string {
  return meeting.outcomes.length === 0 ? '' : ` that asks for ${listNames(meeting.outcomes.map(quote), 5)}`
}

function decider (meeting: Meeting): string {
  const who = meeting.participants.find((p) => p.role === 'decider')
  return who === undefined ? '' : ` and names ${who.email} as the decider`
}

/** ISO instant in UTC without milliseconds, e.g. "2026-11-26T16:00:00Z". */
export function isoUtc (instant: DateTime): string {
  return isoUtcMs(instant.toMillis())
}
