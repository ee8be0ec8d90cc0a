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

/** An agenda item read from a description line; `owner` as written there: an email, or a name the calendar parsers
 * resolve against the attendees. */
export interface AgendaLine { title: string, minutes: number, owner?: string }

/** What an email address looks like in an invite: one "@" and a dot in the domain, nothing that delimits addresses. */
export const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/

// The patterns below run on a line whose white space is collapsed to single spaces, so " ?" stands for any run of it.
const BULLET = /^(?:[-*•–+]|\d{1,2}[.)]) /
const MINUTES_UNIT = 'm|mins?|minutes?'
const HOURS_UNIT = 'h|hrs?|hours?'
const AMOUNT = String.raw`\d{1,3}(?:[.,]\d{1,2})?`
/** A timebox: "15 min", "~15m", "15-20 minutes" (a range), "1.5h", "1h 30m", "1h30". Every part is bounded, so one
 * attempt costs at most a few dozen steps wherever it starts, and a scan of a line is linear in its length. */
const TIMEBOX = String.raw`(?<![\p{L}\p{N}.,])(?:(?:~|≈|about |approx\.? |approximately |ca\.? |circa ) ?)?` +
  String.raw`(?:(\d{1,2}) ?(?:${HOURS_UNIT}) ?(\d{1,2}) ?(?:${MINUTES_UNIT})|(\d{1,2})h(\d{2})|(${AMOUNT})(?: ?(?:-|–|to) ?(${AMOUNT}))? ?(${MINUTES_UNIT}|${HOURS_UNIT}))\.?(?![\p{L}\p{N}])`
const TIMEBOXES = new RegExp(TIMEBOX, 'giu')
/** A timebox at the start of a line, in brackets or not: "[15 min] Topic", "(15 min) Topic", "15 min: Topic". */
const LEADING = new RegExp(String.raw`^([([] ?)?${TIMEBOX}`, 'iu')
/** What follows a leading timebox before the title: its closing bracket, or a separator ("15 min - Topic"). */
const AFTER_BRACKET = /^ ?[)\]] ?(?:[-–—:|] ?)?(.+)$/
const AFTER_BARE = /^ ?[-–—:|] ?(.+)$/
/** The title before a timebox that is not in brackets: "Topic - 15m", "Topic: 1h", "Topic, 10 min". */
const TITLE_THEN_SEPARATOR = /^(.+?)(?: [-–—|]| ?[:,]) ?$/
/** What separates a timebox from an owner named inside the same brackets: "(15 min, Ana)", "(Ana; 15 min)". */
const INNER_AFTER = /^ ?(?:[,;|/]| ?[-–—]) ?(.+?) ?$/
const INNER_BEFORE = /^ ?(.+?) ?(?:[,;|/]| [-–—]) ?$/
/** What separates a timebox from an owner after it: "(15 min) - Ana", "- 15 min — Ana", "(15 min) | owner: Ana". */
const TAIL_SEPARATOR = /^(?:[-–—:|,/]) ?(.+)$/
/** A tail without a separator still names an owner when it starts like one: "@ana", "(Ana)", "owner: Ana", "by Ana". */
const TAIL_OWNER_START = /^(?:@|\(|(?:owners?|owned by|leads?|led by|by)\b)/i
const OWNER_LABEL = /^(?:owners?|owned by|leads?|led by|by)(?: ?[:\-–—] ?| )/i
/** Where a title that follows its timebox names its owner: only explicit marks, a title may hold " - " or " by ". */
const OWNER_MARKS = / (?:[-–—|,] ?)?(?:(?:owners?|leads?|led by)(?: ?[:\-–—] ?| )|@)/giu
/** A name as people write one in an agenda: up to six words of letters (initials, "O'Neil", "Anne-Marie"), several
 * people joined ("Ana & Bo", "Ana, Bo"). */
const NAME = /^\p{L}[\p{L}\p{M}'’.-]*(?:(?:, | ?[&/+] | )\p{L}[\p{L}\p{M}'’.-]*){0,5}$/u
/** Words of a name of several that may start in lower case ("Ana de la Cruz"); the others are capitalised, so that
 * "- Budget (15 min) - see the doc" does not read "see the doc" as a person. */
const PARTICLES = new Set(['de', 'da', 'das', 'do', 'dos', 'di', 'del', 'della', 'der', 'den', 'van', 'von', 'la', 'le', 'du', 'bin', 'al', 'el', 'y', 'and', 'e', 'und', 'et'])

function isName (text: string): boolean {
  if (text.length > 100 || !NAME.test(text)) return false
  const words = text.split(/[ ,&/+]+/)
  return words.length === 1 || words.every(word => PARTICLES.has(word) || !/^\p{Ll}/u.test(word))
}
/** Owners that say there is none yet. */
const NO_OWNER = /^(?:tbd|tbc|tba|none|n\/a|nobody|\?+)$/i

/** Longest line read as an agenda item: a title is cut to 500 characters, and nobody types a 1000-character one. */
const MAX_LINE = 1000

/** The minutes a timebox match plans for: the upper bound of a range, hours in minutes, fractions rounded up. */
function minutesOf (groups: Array<string | undefined>): number {
  const [hours, minutes, compactHours, compactMinutes, low, high, unit] = groups
  if (hours !== undefined) return Number(hours) * 60 + Number(minutes)
  if (compactHours !== undefined) return Number(compactHours) * 60 + Number(compactMinutes)
  const amount = Math.max(...[low, high].filter(a => a !== undefined).map(a => Number(a.replace(',', '.'))))
  return Math.ceil(amount * ((unit ?? '').toLowerCase().startsWith('h') ? 60 : 1) - 1e-9)
}

/** The owner named by `text`: an email or a name as written; undefined for "TBD" and the like, and for text that
 * names no one ("see the doc": the item is read, without an owner). */
function ownerOf (text: string): string | undefined {
  const owner = text.trim().replace(OWNER_LABEL, '').replace(/^@/, '').trim()
  if (NO_OWNER.test(owner)) return undefined
  if (owner.length <= 254 && EMAIL.test(owner)) return owner
  return isName(owner) ? owner : undefined
}

/** The owner after a timebox and its brackets ("- Ana", "@ana@example.com", "— owner: Ana", "(Ana)"); undefined when
 * the tail names none. */
function tailOwner (tail: string): string | undefined {
  const text = tail.trim()
  const separated = TAIL_SEPARATOR.exec(text)?.[1]
  if (separated === undefined && !TAIL_OWNER_START.test(text)) return undefined
  const owner = separated ?? text
  const inParens = /^\((.+)\)$/.exec(owner)?.[1]
  return ownerOf(inParens ?? owner)
}

/** The owner inside the brackets of a timebox, beside it ("15 min, Ana", "Ana, 15 min"). */
function innerOwner (before: string, after: string): string | undefined {
  const text = before.trim() === '' ? INNER_AFTER.exec(after)?.[1] : after.trim() === '' ? INNER_BEFORE.exec(before)?.[1] : undefined
  return text === undefined ? undefined : ownerOf(text)
}

const item = (title: string, minutes: number, owner: string | undefined): AgendaLine | undefined => {
  const clean = title.trim().slice(0, 500)
  if (clean === '' || minutes < 1 || minutes > 480) return undefined
  return { title: clean, minutes, ...(owner === undefined ? {} : { owner }) }
}

/** "Topic (15 min)", "Topic (15 min, Ana)", "Topic (Ana, 15 min) - ...", "Topic - 15m - Ana": the last timebox of the
 * line, with the title before it and an owner beside or after it. */
function titleFirst (rest: string): AgendaLine | undefined {
  let last: RegExpExecArray | undefined
  TIMEBOXES.lastIndex = 0
  for (let match = TIMEBOXES.exec(rest); match !== null; match = TIMEBOXES.exec(rest)) last = match
  if (last === undefined || last.index === 0) return undefined
  const start = last.index
  const end = start + last[0].length
  const minutes = minutesOf(last.slice(1))
  const open = Math.max(rest.lastIndexOf('(', start - 1), rest.lastIndexOf('[', start - 1))
  const closedBetween = open !== -1 && Math.max(rest.lastIndexOf(')', start - 1), rest.lastIndexOf(']', start - 1)) > open
  const close = open === -1 || closedBetween ? -1 : rest.indexOf(rest[open] === '(' ? ')' : ']', end)
  if (close !== -1) {
    const title = rest.slice(0, open).replace(/ ?[-–—:,|]? ?$/, '')
    return item(title, minutes, innerOwner(rest.slice(open + 1, start), rest.slice(end, close)) ?? tailOwner(rest.slice(close + 1)))
  }
  const title = TITLE_THEN_SEPARATOR.exec(rest.slice(0, start))?.[1]
  return title === undefined ? undefined : item(title, minutes, tailOwner(rest.slice(end)))
}

/** "[15 min] Topic", "15 min: Topic - owner: Ana": the timebox first; an owner only after an explicit mark. */
function timeboxFirst (rest: string): AgendaLine | undefined {
  const lead = LEADING.exec(rest)
  if (lead === null) return undefined
  const bracket = lead[1]?.trim()
  const after = rest.slice(lead[0].length)
  const text = bracket === undefined ? AFTER_BARE.exec(after)?.[1] : after.trimStart()[0] === (bracket === '(' ? ')' : ']') ? AFTER_BRACKET.exec(after)?.[1] : undefined
  if (text === undefined) return undefined
  let mark: RegExpExecArray | undefined
  OWNER_MARKS.lastIndex = 0
  for (let found = OWNER_MARKS.exec(text); found !== null; found = OWNER_MARKS.exec(text)) mark = found
  const owner = mark === undefined ? undefined : ownerOf(text.slice(mark.index).replace(/^ (?:[-–—|,] ?)?/, ''))
  return item(owner === undefined ? text : text.slice(0, mark!.index), minutesOf(lead.slice(2)), owner)
}

/** Agenda items from description lines: "- Topic (10 min)", "* Topic (10 minutes) - Ana", "1. Topic - 15m",
 * "- Topic (Ana, 15-20 min)", "[15 min] Topic", "15 min: Topic". A line that starts with its title needs a bullet. */
export function agendaFromText (text: string): AgendaLine[] {
  const items: AgendaLine[] = []
  for (const written of text.split(/\r?\n/)) {
    if (written.length > MAX_LINE) continue
    // Runs of white space become one space: each " ?" of the patterns then takes the whole run, so a lazy title tries a
    // suffix of bounded length at each position (linear) instead of rescanning a run of spaces from each (quadratic:
    // "- a", 80,000 spaces and "x" took 20 s). Only the last timebox of a line and one at its start are examined.
    const line = written.replace(/\s+/g, ' ').trim()
    const bullet = BULLET.exec(line)
    const rest = bullet === null ? line : line.slice(bullet[0].length)
    const found = (bullet === null ? undefined : titleFirst(rest)) ?? timeboxFirst(rest)
    if (found !== undefined) items.push(found)
  }
  return items
}
