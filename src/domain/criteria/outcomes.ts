// Outcomes criterion: does the meeting say what it will produce, and who decides when it is a decision?
import type { Finding, Meeting } from '../model.js'
import { finding, listNames, quote, scoreAfter, type CriterionContext, type CriterionOutcome } from './context.js'

const LIGHT_PURPOSES = new Set(['social', 'one_on_one'])
const VAGUE = /\b(discuss(ion)?|talk( about)?|sync|align(ment)?|catch[- ]?up|touch base|go over|thoughts|chat|misc(ellaneous)?|tbd|various|stuff|general)\b/i
const MIN_WORDS = 3

export function outcomesCriterion (meeting: Meeting, _ctx: CriterionContext): CriterionOutcome {
  const findings: Finding[] = []
  const penalties: number[] = []
  const outcomes = meeting.outcomes.map((o) => o.trim()).filter((o) => o !== '')
  if (outcomes.length === 0) {
    const light = LIGHT_PURPOSES.has(meeting.purpose)
    findings.push(finding('OUTCOMES_MISSING', light ? 'info' : 'error',
      'No expected outcomes: say what will exist after the meeting (a decision, an owner, a plan, a list).'))
    penalties.push(light ? 30 : 100)
  } else {
    const vague = outcomes.filter(isVague)
    if (vague.length > 0) {
      findings.push(finding('OUTCOME_VAGUE', 'warning',
        `${listNames(vague.map(quote))} ${vague.length === 1 ? 'is' : 'are'} vague: name the decision, ` +
        'owner or artefact the meeting will produce.'))
      penalties.push(Math.round(50 * vague.length / outcomes.length))
    }
  }
  if (meeting.purpose === 'decision' && !meeting.participants.some((p) => p.role === 'decider')) {
    findings.push(finding('DECIDER_MISSING', 'warning',
      'A decision meeting without a decider: mark the one person who makes the call with role "decider".'))
    penalties.push(25)
  }
  return { score: scoreAfter(penalties), findings }
}

/** Short or generic phrases ("Discuss pricing", "Alignment") say nothing about the result. */
export function isVague (outcome: string): boolean {
  return outcome.split(/\s+/).length < MIN_WORDS || VAGUE.test(outcome)
}
