// How the command-line client shows results: table rows, the top finding, verdict ranks for --fail-on, the closing tally.
import stringWidth from 'string-width'

export type Verdict = 'meet' | 'improve' | 'go_async'
export const VERDICTS: readonly Verdict[] = ['meet', 'improve', 'go_async']

interface Finding { code: string, severity: string }
/** One batch result as the service sends it: an evaluation or a problem, with its index. */
export interface Result {
  index: number
  verdict?: Verdict
  score?: number
  criteria?: Array<{ findings: Finding[] }>
  status?: number
  detail?: string
}

const SEVERITY: Record<string, number> = { error: 3, warning: 2, info: 1 }

/** The most severe finding (first in criteria order on a tie). */
export function topFinding (result: Result): string {
  let best: Finding | undefined
  for (const c of result.criteria ?? []) {
    for (const f of c.findings) if (best === undefined || (SEVERITY[f.severity] ?? 0) > (SEVERITY[best.severity] ?? 0)) best = f
  }
  return best?.code ?? '-'
}

// C0 controls (tab, newlines and the like are whitespace, collapsed first), DEL, C1 controls and the bidirectional
// overrides: a calendar file or an answer must not be able to move the cursor, recolour or retitle the terminal.
// Invisible characters that would make a quoted text look other than it is (a byte order mark, zero-width space,
// word joiner, soft hyphen, direction marks) are shown escaped too; the joiners (U+200C, U+200D) that emoji and
// scripts need are not.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g

/** `text` without the byte order mark that may open a file (JSON.parse refuses it; the service drops it). */
export const withoutBom = (text: string): string => text.charCodeAt(0) === 0xfeff ? text.slice(1) : text

/** Text from a file or the service on one terminal line: whitespace runs as one space, controls as \x1b or \u202e escapes. */
export function printable (text: string): string {
  return text.replace(/[^\S\ufeff]+/g, ' ').replace(CONTROLS, c => {
    const code = c.charCodeAt(0)
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** `text` as `width` terminal columns: cut (with "…") or padded by the columns characters take (a CJK character or an
 * emoji two, a combining mark none), never inside a character a person sees as one (an emoji family, "é" written as e
 * and an accent). */
export function fit (text: string, width: number): string {
  const flat = printable(text)
  const columns = stringWidth(flat)
  if (columns <= width) return flat + ' '.repeat(width - columns)
  let kept = ''
  let used = 0
  for (const { segment } of graphemes.segment(flat)) {
    const w = stringWidth(segment)
    if (used + w > width - 1) break
    kept += segment
    used += w
  }
  kept = kept.trimEnd()
  return `${kept}…${' '.repeat(width - 1 - stringWidth(kept))}`
}

/** Row numbers up to 999,999 keep the columns in line. */
const INDEX_WIDTH = 6

export const HEADER = `${'#'.padStart(INDEX_WIDTH)}  ${'verdict'.padEnd(8)} ${'score'.padStart(5)}  ${fit('title', 40)}  top finding\n`

export function row (result: Result, title: string | undefined): string {
  const failed = result.verdict === undefined
  const verdict = failed ? 'error' : result.verdict!
  const score = failed ? String(result.status ?? '-') : String(result.score)
  const finding = printable(failed ? (result.detail ?? 'not evaluated') : topFinding(result))
  return `${String(result.index).padStart(INDEX_WIDTH)}  ${verdict.padEnd(8)} ${score.padStart(5)}  ${fit(title ?? '-', 40)}  ${finding}\n`
}

/** `{ "results": [...] }` as JSON.stringify(value, null, 2) writes it, in pieces of one result each: the text of a large
 * answer is never built whole. */
export function * resultsJson (results: Iterable<Result>): Generator<string> {
  let first = true
  for (const result of results) {
    yield `${first ? '{\n  "results": [\n' : ',\n'}    ${JSON.stringify(result, null, 2).replaceAll('\n', '\n    ')}`
    first = false
  }
  yield first ? '{\n  "results": []\n}\n' : '\n  ]\n}\n'
}

/** Counts per verdict and of failed items, for the closing line and the gate. */
export class Tally {
  readonly counts: Record<Verdict | 'failed', number> = { meet: 0, improve: 0, go_async: 0, failed: 0 }

  add (result: Result): void {
    this.counts[result.verdict ?? 'failed']++
  }

  get total (): number { return this.counts.meet + this.counts.improve + this.counts.go_async + this.counts.failed }

  line (): string {
    const c = this.counts
    return `${this.total} meeting${this.total === 1 ? '' : 's'}: ${c.meet} meet, ${c.improve} improve, ${c.go_async} go_async, ${c.failed} not evaluated\n`
  }

  /** How many results have `verdict` or worse, or could not be evaluated (a gate must not pass what it could not judge). */
  atOrWorse (verdict: Verdict): number {
    return VERDICTS.slice(VERDICTS.indexOf(verdict)).reduce((sum, v) => sum + this.counts[v], this.counts.failed)
  }
}
