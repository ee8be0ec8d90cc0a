// Plain text from calendar descriptions: HTML to text, and agenda items read from lines such as "- Topic (10 min)".
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'', nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', bull: '•' }

function decodeEntities (text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10)
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole
    }
    return ENTITIES[name.toLowerCase()] ?? whole
  })
}

/** Elements dropped with their content (a style sheet, a script, the page title are not text). */
const HIDDEN = /^(head|style|script|title)\b/i
const CLOSING: Record<string, RegExp> = Object.fromEntries(['head', 'style', 'script', 'title'].map(n => [n, new RegExp(`<\\/${n}\\s*>`, 'gi')]))
const BLOCK_END = /^\/(p|div|li|ul|ol|h[1-6]|tr|table|blockquote)\s*$/i

/** What a tag (its text between "<" and ">") leaves in the text: a line break, a list item's "- " or nothing. */
function tagText (tag: string): string {
  if (/^br(?=[\s/]|$)/i.test(tag)) return '\n'
  if (/^li\b/i.test(tag)) return '\n- '
  return BLOCK_END.test(tag) ? '\n' : ''
}

/** The text of `html` without comments, tags and hidden elements, in one pass of indexOf searches, none repeated
 * over the same text: patterns such as <!--[\s\S]*?--> rescan the rest of the text from every unclosed "<!--"
 * (40,000 of them took 6 s). An unclosed comment runs to the end, as in browsers; a "<" with no ">" after it is
 * text; a hidden element that is never closed loses only its tag. */
function stripMarkup (html: string): string {
  const out: string[] = []
  const text = (from: number, to: number) => out.push(html.slice(from, to).replace(/\r?\n/g, ' '))
  /** Once a search finds nothing after one position, it finds nothing after any later one either. */
  let noTagEnd = false
  const unclosed = new Set<string>()
  let at = 0
  for (let lt = html.indexOf('<'); lt !== -1; lt = html.indexOf('<', at)) {
    text(at, lt)
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4)
      at = end === -1 ? html.length : end + 3
      continue
    }
    // As in browsers, only "<" and a letter, "/", "!" or "?" open a tag: "if a < b" is text.
    const opens = /[a-z/!?]/i.test(html[lt + 1] ?? '')
    const gt = opens && !noTagEnd ? html.indexOf('>', lt + 1) : -1
    if (gt === -1) {
      if (opens) noTagEnd = true
      out.push('<')
      at = lt + 1
      continue
    }
    const tag = html.slice(lt + 1, gt)
    at = gt + 1
    const hidden = HIDDEN.exec(tag)?.[1]?.toLowerCase()
    if (hidden !== undefined && !unclosed.has(hidden)) {
      const closing = CLOSING[hidden] as RegExp
      closing.lastIndex = at
      if (closing.exec(html) !== null) {
        at = closing.lastIndex
        continue
      }
      unclosed.add(hidden)
    }
    out.push(tagText(tag))
  }
  text(at, html.length)
  return out.join('')
}

/** Readable text from an HTML body (Google descriptions, Outlook bodies): block ends become line breaks, list items "- ". */
export function htmlToText (html: string): string {
  return decodeEntities(stripMarkup(html))
    .replace(/\u00a0/g, ' ')
    .split('\n').map(line => line.replace(/[ \t]+/g, ' ').trim()).join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n+(?=- )/g, '\n')
    .trim()
}

/** Element names whose tags mark a description as HTML; an address in angle brackets ("Ana <ana@example.com>") is not one.
 * Linear: [^<>]* stops at the next "<", where the next attempt starts. */
const HTML_MARKUP = /<!--|<\/?(?:a|abbr|b|big|blockquote|body|br|center|code|del|div|em|font|h[1-6]|head|hr|html|i|img|ins|li|meta|ol|p|pre|s|small|span|strike|strong|style|sub|sup|table|tbody|td|th|thead|title|tr|tt|u|ul)(?=[\s/>])[^<>]*>/i

/** A description that may be HTML or plain text (Google descriptions are either): HTML markup is read as HTML, plain
 * text keeps its lines as they are. */
export function descriptionText (text: string): string {
  return HTML_MARKUP.test(text) ? htmlToText(text) : text
}

export interface AgendaLine { title: string, minutes: number }

const BULLET = String.raw`^\s*(?:[-*•–+]|\d{1,2}[.)])\s+`
const UNIT = String.raw`(\d{1,3})\s*(m|mins?|minutes?|h|hrs?|hours?)\.?`
const IN_PARENS = new RegExp(`${BULLET}(.+?)\\s*[([]\\s*${UNIT}\\s*[)\\]]\\s*$`, 'i')
const AFTER_DASH = new RegExp(`${BULLET}(.+?)(?:\\s+[-–—]|\\s*[:,])\\s*${UNIT}\\s*$`, 'i')

/** Longest line read as an agenda item: a title is cut to 500 characters, and nobody types a 1000-character one. */
const MAX_LINE = 1000

/** Agenda items from description lines like "- Topic (10 min)", "* Topic (10 minutes)" or "1. Topic - 15m". */
export function agendaFromText (text: string): AgendaLine[] {
  const items: AgendaLine[] = []
  for (const written of text.split(/\r?\n/)) {
    if (written.length > MAX_LINE) continue
    // Runs of white space become one space: each \s* of the patterns then takes at most one character, so the lazy
    // title tries a suffix of bounded length at each position (linear) instead of rescanning a run of spaces from each
    // (quadratic: "- a", 80,000 spaces and "x" took 20 s).
    const line = written.replace(/\s+/g, ' ')
    const match = IN_PARENS.exec(line) ?? AFTER_DASH.exec(line)
    if (match === null) continue
    const [, title, amount, unit] = match as unknown as [string, string, string, string]
    const minutes = Number(amount) * (unit.toLowerCase().startsWith('h') ? 60 : 1)
    const clean = title.trim().slice(0, 500)
    if (clean !== '' && minutes >= 1 && minutes <= 480) items.push({ title: clean, minutes })
  }
  return items
}
