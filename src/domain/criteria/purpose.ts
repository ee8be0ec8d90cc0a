// Purpose criterion: is this a kind of meeting that needs people in one room at one time?
import type { Finding, Meeting, Purpose } from '../model.js'
import { finding, scoreAfter, type CriterionContext, type CriterionOutcome } from './context.js'

const TYPICALLY_ASYNC: Partial<Record<Purpose, string>> = {
  status_update: 'status update',
  information_sharing: 'one-way briefing'
}

const SYNC_FRIENDLY: Partial<Record<Purpose, string>> = {
  one_on_one: 'A one-on-one',
  social: 'A social meeting'
}

export function purposeCriterion (meeting: Meeting, ctx: CriterionContext): CriterionOutcome {
  const findings: Finding[] = []
  const penalties: number[] = []
  const asyncLabel = TYPICALLY_ASYNC[meeting.purpose]
  const syncLabel = SYNC_FRIENDLY[meeting.purpose]
  if (meeting.purpose === 'other') {
    findings.push(finding('PURPOSE_MISSING', 'warning',
      'No purpose is given: say whether the meeting decides, solves a problem, plans, reviews or brainstorms ' +
      '(64% of workers sit in meetings with no clear goal, Atlassian 2024).'))
    penalties.push(60)
  } else if (asyncLabel !== undefined) {
    findings.push(finding('PURPOSE_TYPICALLY_ASYNC', 'warning',
      `A ${asyncLabel} usually works as well in writing or as a recording, and people can take it in when it suits them.`))
    penalties.push(80)
  } else if (syncLabel !== undefined) {
    findings.push(finding('PURPOSE_SYNC_FRIENDLY', 'info',
      `${syncLabel} is about the conversation itself, so meeting live is fine.`))
  }
  if (meeting.urgency === 'critical') findings.push(criticalFinding(ctx.policy.escalationChannel))
  return { score: scoreAfter(penalties), findings }
}

function criticalFinding (channel: string | undefined): Finding {
  const where = channel === undefined ? '' : ` (escalation channel ${channel})`
  return finding('URGENCY_CRITICAL', 'info',
    `Urgency is critical: this is the escalation path${where}, so a synchronous meeting is justified whatever else scores low.`)
}
