// The .ics path of `evaluate`: the file's octets as text/calendar, cut into several calendars when it holds more than
// one request may (events, VEVENTs, participants), with results numbered and labelled as one request would answer.
import { calendarText } from '../calendar/decode.js'
import { splitCalendar, type EventText } from '../calendar/ical-parse.js'
import { checkCalendar } from '../calendar/ical-read.js'
import { CalendarInputError, parseICalendarEach } from '../calendar/index.js'
import { MAX_BATCH, MAX_BATCH_PARTICIPANTS, MAX_BATCH_VEVENTS } from '../schemas/batch-limits.js'
import { keeping, layoutOf, plan, readPart, uncut, type ReadEvent } from './calendar-plan.js'
import { noMeetings, UsageError, type Run } from './evaluate.js'
import type { Result } from './format.js'
import { sendBatch } from './send.js'

/** One text/calendar request and, for each event it answers (in order), that event's index in the whole file;
 * no indexes when the file cannot be read here and goes whole, for the service to say why. */
/** One request: its body, the indexes (in the whole file) of the events it answers, and the positions in the file of
 * the VEVENTs it holds. */
export interface CalendarPart { body: () => Buffer, indexes?: number[], vevents?: number[] }

/** VEVENTs (positions in the split) that go in one request, with what they count against the limits. */
interface Group { vevents: number[], indexes: number[], participants: number }

const NONE: Group = { vevents: [], indexes: [], participants: 0 }
const fits = (a: Group, b: Group = NONE): boolean => a.indexes.length + b.indexes.length <= MAX_BATCH &&
  a.vevents.length + b.vevents.length <= MAX_BATCH_VEVENTS && a.participants + b.participants <= MAX_BATCH_PARTICIPANTS

/** What precedes BEGIN: and the service drops (a byte order mark, blank lines), as latin1 characters. */
const LEADING = /^(?:\u00ef\u00bb\u00bf)?[\t\n\v\f\r ]*/

/** The file with every VEVENT left out but those in `keep`: its calendar properties and VTIMEZONEs stay where they were. */
function keepingEvents (text: string, offset: number, events: EventText[], keep: Set<number>): Buffer {
  const pieces: string[] = []
  let from = 0
  events.forEach((event, i) => {
    if (keep.has(i)) return
    pieces.push(text.slice(from, offset + event.at))
    from = offset + event.at + event.text.length
  })
  pieces.push(text.slice(from))
  return Buffer.from(pieces.join(''), 'latin1')
}

/** The requests that send `octets`, whose events (read here as the service reads them) are `events`: the whole file
 * when one request takes it, else calendars that each keep a slice of its VEVENTs. */
export function calendarParts (file: string, octets: Buffer, events: ReadEvent[] | undefined): CalendarPart[] {
  if (events === undefined) return [{ body: () => octets }]
  const whole = [{ body: () => octets, indexes: events.map((_, i) => i) }]
  // Cut as latin1, one character per octet: each VEVENT keeps its octets, so a fold inside a UTF-8 sequence reaches
  // the service as it was, and positions in the text are positions in the file.
  const text = octets.toString('latin1')
  const offset = LEADING.exec(text)?.[0].length ?? 0
  const split = splitCalendar(text.slice(offset))
  if (split === undefined) return whole
  const masters = new Set(split.events.filter(e => !e.changesOccurrence).map(e => e.uid))
  // The service skips a changed occurrence (RECURRENCE-ID) whose series is in the same calendar, and says on the
  // series how many it skipped: a series and its changed occurrences go in one request.
  const skipped = split.events.map(e => e.changesOccurrence && masters.has(e.uid))
  if (skipped.filter(s => !s).length !== events.length) return whole
  const participants = events.map(e => e instanceof CalendarInputError ? 0 : e.proposal.participants.length)
  const all: Group = { vevents: split.events.map((_, i) => i), indexes: whole[0]!.indexes, participants: participants.reduce((a, b) => a + b, 0) }
  if (fits(all)) return whole
  const series = new Set(split.events.filter((_, i) => skipped[i]).map(e => e.uid))
  const groups = new Map<string | number, Group>()
  let index = 0
  split.events.forEach((event, at) => {
    const key = series.has(event.uid) ? event.uid : at
    const group = groups.get(key) ?? { vevents: [], indexes: [], participants: 0 }
    groups.set(key, group)
    group.vevents.push(at)
    if (skipped[at]) return
    group.participants += participants[index]!
    group.indexes.push(index++)
  })
  const slices: Group[] = []
  for (const group of groups.values()) {
    if (!fits(group)) {
      const uid = Buffer.from(split.events[group.vevents[0]!]!.uid, 'latin1').toString('utf8')
      throw new UsageError(`${file}: the event at index ${group.indexes[0]} (UID ${uid})${group.vevents.length > 1 ? ' with the changed occurrences of its series' : ''} ` +
        `is more than the service takes in one request: ${group.indexes.length} events, ${group.vevents.length} VEVENTs and ${group.participants} participants ` +
        `(at most ${MAX_BATCH}, ${MAX_BATCH_VEVENTS} and ${MAX_BATCH_PARTICIPANTS})`)
    }
    const last = slices.at(-1)
    if (last === undefined || !fits(last, group)) slices.push(group)
    else {
      last.vevents.push(...group.vevents)
      last.indexes.push(...group.indexes)
      last.participants += group.participants
    }
  }
  // A series may hold VEVENTs far apart in the file: each request answers its events in file order.
  return slices.map(s => ({ body: () => keepingEvents(text, offset, split.events, new Set(s.vevents)), indexes: s.indexes.sort((a, b) => a - b), vevents: s.vevents.sort((a, b) => a - b) }))
}

/** The service names a VEVENT it cannot read by its position among the request's VEVENTs ("VEVENT 2 (UID b@x): ",
 * nothing when the request holds one event): `detail` named as the whole file would name it, `vevents` being the
 * positions in the file of the request's VEVENTs, in order. `whole` is that problem as read here. */
export function relabel (detail: string, vevents: readonly number[], count: number, whole: string | undefined): string {
  if (count === 1) return whole?.endsWith(detail) === true ? whole : detail
  const m = /^VEVENT (\d+)(?= \(UID |: )/.exec(detail)
  const at = m === null ? undefined : vevents[Number(m[1]) - 1]
  return at === undefined ? detail : `VEVENT ${at + 1}${detail.slice(m![0].length)}`
}

/** A request of `evaluateCalendar`: its body, the indexes of its events in the file, the positions of its VEVENTs,
 * and its events as read here (for titles and the problems' labels), read when it is about to be sent. */
interface Request extends CalendarPart { read?: () => ReadEvent[] }

/** The requests for a file that one request does not take and that can be cut from its text: planned from the text
 * (layout and plan, calendar-plan.ts) and each read only when sent; undefined when the file is better read whole. */
function cut (file: string, octets: Buffer, text: string, offset: number, asOf: string | undefined): { requests: Request[], events: number } | undefined {
  const layout = layoutOf(text, offset)
  if (layout === undefined) return undefined
  if (layout.events <= MAX_BATCH && layout.starts.length <= MAX_BATCH_VEVENTS) return undefined
  try {
    checkCalendar(text.slice(offset), keeping(layout, []).toString('latin1').slice(offset))
  } catch {
    // Refused whatever its events: sent whole, for the service to say why.
    return { requests: [{ body: () => octets }], events: layout.events }
  }
  const requests = plan(file, layout, asOf).map(vevents => {
    const indexes = vevents.map(v => layout.index[v]!).filter(i => i !== -1)
    return {
      body: () => keeping(layout, vevents),
      indexes,
      vevents,
      read: () => {
        const events = readPart(layout, vevents, asOf)
        if (events.length !== indexes.length) throw uncut(file, indexes.length, events.length)
        return events
      }
    }
  })
  return { requests, events: layout.events }
}

/** The requests of an .ics file read whole (one request takes it, or its text cannot be cut): as calendarParts sends it. */
function whole (file: string, octets: Buffer, asOf: string | undefined): { requests: Request[], events: number } {
  let events: ReadEvent[] | undefined
  try { events = parseICalendarEach(calendarText(octets), undefined, asOf === undefined ? {} : { asOf }) } catch {}
  if (events?.length === 0) throw noMeetings(file)
  const requests = calendarParts(file, octets, events).map(part => ({ ...part, read: () => part.indexes?.map(i => events![i]!) ?? [] }))
  return { requests, events: events?.length ?? 0 }
}

/** Sends an .ics file (its `octets`), in as many requests as its size needs, and shows the results in file order; when it takes
 * several requests, a progress line on stderr after each (rewritten in place on a terminal). A file cut into several
 * requests is read a request at a time; results are kept only when `keep` asks for them. */
export async function evaluateCalendar (file: string, octets: Buffer, { target, signal, show, progress, keep = true }: Run): Promise<Iterable<Result> | undefined> {
  // Sent as the file's octets: the service removes a fold inside a UTF-8 sequence before decoding (calendar/decode.ts),
  // where decoding here first turned each half into U+FFFD. Cut as latin1, one character per octet: each VEVENT keeps
  // its octets, and positions in the text are positions in the file.
  const text = octets.toString('latin1')
  const { requests, events: count } = cut(file, octets, text, LEADING.exec(text)?.[0].length ?? 0, target.asOf) ?? whole(file, octets, target.asOf)
  // Kept as their JSON text, a fraction of the memory the objects take.
  const kept: string[] | undefined = keep ? [] : undefined
  /** Results answered before one of an earlier event (a series far from its place in the file), with their titles. */
  const waiting = new Map<number, { result: Result, title: string | undefined }>()
  let shown = 0
  let answered = 0
  try {
    for (const [part, { body, indexes, vevents, read }] of requests.entries()) {
      const events = read?.()
      for (const result of await sendBatch(target, 'text/calendar', body(), indexes?.length, signal)) {
        const index = indexes?.[result.index] ?? result.index
        const event = events?.[result.index]
        const detail = result.detail === undefined || requests.length === 1
          ? result.detail
          : relabel(result.detail, vevents ?? [], indexes!.length, event instanceof CalendarInputError ? event.message : undefined)
        waiting.set(index, { result: { ...result, index, ...(detail === undefined ? {} : { detail }) }, title: event === undefined || event instanceof CalendarInputError ? undefined : event.proposal.title })
      }
      for (let next = waiting.get(shown); next !== undefined; next = waiting.get(++shown)) {
        waiting.delete(shown)
        kept?.push(JSON.stringify(next.result))
        show(next.result, next.title)
      }
      if (requests.length > 1) {
        answered += indexes!.length
        progress.show(`answered ${answered} of ${count} events (request ${part + 1} of ${requests.length})`, part === requests.length - 1)
      }
    }
  } finally {
    // A progress line left open on a terminal is ended before any error message.
    progress.end()
  }
  return kept === undefined ? undefined : { * [Symbol.iterator] () { for (const text of kept) yield JSON.parse(text) as Result } }
}
