// Keyword-based purpose inference for calendar inputs that carry only a title and a description.
import type { Purpose } from './model.js'
import { quoted } from './quote.js'

/** First match wins, so the more specific kinds come first. */
const RULES: ReadonlyArray<[Purpose, RegExp]> = [
  ['one_on_one', /(?<![\w:])1\s*:\s*1(?![\w:])|\bone[- ]on[- ]one\b|\b1-on-1\b/i],
  ['social', /\b(lunch|social|coffee|happy hour|drinks|team dinner|offsite party)\b/i],
  ['problem_solving', /\b(incident|debug(ging)?|outage|post-?mortem|troubleshoot(ing)?|root cause)\b/i],
  ['decision', /\b(decide|decision|decisions|choose|pick|approve|approval|sign-?off)\b/i],
  ['brainstorm', /\b(brainstorm(ing)?|ideation|ideas? session)\b/i],
  ['review', /\b(retro|retrospective|review|demo|walkthrough)\b/i],
  ['planning', /\b(planning|roadmap|sprint planning|plan)\b/i],
  ['information_sharing', /\b(all[- ]hands|town ?hall|announcement|briefing|webinar)\b/i],
  ['status_update', /\b(stand-?up|stand up|status|sync|check-?in|daily|weekly update)\b/i]
]

export function inferPurpose (title: string, description?: string): { purpose: Purpose, matched?: string } {
  for (const text of [title, description ?? '']) {
    for (const [purpose, pattern] of RULES) {
      const match = pattern.exec(text)
      if (match !== null) return { purpose, matched: match[0] }
    }
  }
  return { purpose: 'other' }
}

/** The purpose the title, else the description, gives, and the assumption saying where it was found (or that nothing
 * was: other). Without a description only the title is read. */
export function assumedPurpose (title: string, description?: string): { purpose: Purpose, matched: boolean, assumption: string } {
  const inferred = inferPurpose(title, description)
  if (inferred.matched === undefined) {
    return { purpose: inferred.purpose, matched: false, assumption: `purpose: not recognised from the title${description === undefined ? '' : ' or description'}; other assumed` }
  }
  const where = description === undefined || inferPurpose(title).matched !== undefined ? 'title' : 'description'
  return { purpose: inferred.purpose, matched: true, assumption: `purpose: ${inferred.purpose}, inferred from ${quoted(inferred.matched)} in the ${where}` }
}
