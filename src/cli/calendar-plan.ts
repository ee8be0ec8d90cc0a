// Where a large .ics file is cut, read from its text: its VEVENTs' places, which go together and which go in each
// request, parsing only the events whose participants decide a cut, so that memory does not grow with the events.
import { calendarText } from '../calendar/decode.js'
import { scanCalendar } from '../calendar/ical-parse.js'
import { CalendarInputError, parseICalendarEach, type ParsedEvent } from '../calendar/index.js'
import { MAX_BATCH, MAX_BATCH_PARTICIPANTS, MAX_BATCH_VEVENTS } from '../schemas/batch-limits.js'
import { UsageError } from './evaluate.js'

export type ReadEvent = ParsedEvent | CalendarInputError

/** The VEVENTs of a calendar's text (positions in the file's VEVENTs): where each is, the index of those that are
 * events of their own (-1 for a changed occurrence the service skips, its series being in the file), an upper bound of
 * each one's participants (its ATTENDEE and ORGANIZER lines), and the VEVENTs of each series that has skipped ones. */
export interface Layout {
  text: string
  starts: number[]
  ends: number[]
  index: number[]
  invitees: number[]
  uids: string[]
  series: Map<string, number[]>
  events: number
}

/** The layout of `text` (latin1, one character per octet) from `offset` on; undefined when its components do not nest.
 * Only the UIDs of VEVENTs that change an occurrence, and of those of their series, are kept. */
export function layoutOf (text: string, offset: number): Layout | undefined {
  const body = text.slice(offset)
  const layout: Layout = { text, starts: [], ends: [], index: [], invitees: [], uids: [], series: new Map(), events: 0 }
  const changing = new Set<string>()
  const changes: boolean[] = []
  const nests = scanCalendar(body, e => {
    layout.starts.push(offset + e.at)
    layout.ends.push(offset + e.at + e.text.length)
    layout.invitees.push(e.invitees)
    changes.push(e.changesOccurrence)
    if (e.changesOccurrence) changing.add(e.uid)
  })
  if (!nests) return undefined
  // A second pass only when some VEVENT changes an occurrence: its series (same UID) may come before or after it.
  const members = new Map<string, number[]>()
  const mastered = new Set<string>()
  if (changing.size > 0) {
    let at = 0
    scanCalendar(body, e => {
      if (changing.has(e.uid)) {
        const list = members.get(e.uid) ?? []
        members.set(e.uid, list)
        list.push(at)
        if (!e.changesOccurrence) mastered.add(e.uid)
      }
      at++
    })
  }
  for (const [uid, positions] of members) {
    if (!mastered.has(uid)) continue
    layout.series.set(uid, positions)
    for (const p of positions) layout.uids[p] = uid
  }
  changes.forEach((changed, p) => { layout.index.push(changed && layout.uids[p] !== undefined ? -1 : layout.events++) })
  return layout
}

/** The file with every VEVENT left out but those in `keep` (in file order): its calendar properties and VTIMEZONEs
 * stay where they were. */
export function keeping ({ text, starts, ends }: Layout, keep: readonly number[]): Buffer {
  const kept = new Set(keep)
  const pieces: string[] = []
  let from = 0
  starts.forEach((start, p) => {
    if (kept.has(p)) return
    if (start > from) pieces.push(text.slice(from, start))
    from = ends[p]!
  })
  pieces.push(text.slice(from))
  return Buffer.from(pieces.join(''), 'latin1')
}

/** The events of the VEVENTs `vevents` (in file order) read as the whole file reads them, named by their place in it. */
export function readPart (layout: Layout, vevents: readonly number[], asOf: string | undefined): ReadEvent[] {
  return parseICalendarEach(calendarText(keeping(layout, vevents)), undefined, asOf === undefined ? {} : { asOf }, vevents)
}

/** The VEVENTs that go in one request, and what they count against the limits. */
interface Group { vevents: number[], events: number, participants: number }

/** The groups in file order (of their first VEVENT): a series with its changed occurrences, or one VEVENT. */
function * groups (layout: Layout): Generator<Group> {
  for (let p = 0; p < layout.starts.length; p++) {
    const uid = layout.uids[p]
    const vevents = uid === undefined ? [p] : layout.series.get(uid)!
    if (vevents[0] !== p) continue
    const own = vevents.filter(v => layout.index[v] !== -1)
    yield { vevents, events: own.length, participants: own.reduce((sum, v) => sum + layout.invitees[v]!, 0) }
  }
}

const fitsCount = (a: Group, b: Group): boolean => a.events + b.events <= MAX_BATCH && a.vevents.length + b.vevents.length <= MAX_BATCH_VEVENTS
const fits = (a: Group, b: Group): boolean => fitsCount(a, b) && a.participants + b.participants <= MAX_BATCH_PARTICIPANTS
const EMPTY: Group = { vevents: [], events: 0, participants: 0 }

/** The VEVENTs of each request, packed in file order as many as fit (a group never split), as calendarParts packs
 * them. Participants are counted by ATTENDEE and ORGANIZER lines, never fewer than the service reads; only where that
 * count would cut earlier are the groups read (parsed, a request's worth at a time) for their real count. An event
 * that alone is more than a request takes is refused here, before anything is sent. */
export function plan (file: string, layout: Layout, asOf: string | undefined): number[][] {
  const source = groups(layout)
  const ahead: Group[] = []
  const take = (): Group | undefined => ahead.shift() ?? source.next().value ?? undefined
  /** Groups whose participants are what their events read as. */
  const exact = new WeakSet<Group>()
  /** Reads the groups of `list` not read yet, with as many of the next groups as one request may hold. */
  const count = (list: Group[]): void => {
    let events = 0
    for (const g of ahead) events += g.events
    for (let g: Group | undefined; events < MAX_BATCH && (g = source.next().value ?? undefined) !== undefined;) { ahead.push(g); events += g.events }
    const unread = [...list, ...ahead].filter(g => !exact.has(g))
    if (unread.length === 0) return
    const vevents = unread.flatMap(g => g.vevents).sort((a, b) => a - b)
    const read = readPart(layout, vevents, asOf)
    const own = vevents.filter(v => layout.index[v] !== -1)
    if (read.length !== own.length) throw uncut(file, own.length, read.length)
    const people = new Map(own.map((v, i) => [v, read[i] instanceof CalendarInputError ? 0 : (read[i] as ParsedEvent).proposal.participants.length]))
    for (const g of unread) {
      g.participants = g.vevents.reduce((sum, v) => sum + (people.get(v) ?? 0), 0)
      exact.add(g)
    }
  }
  const slices: number[][] = []
  let current: Group[] = []
  let sum: Group = { vevents: [], events: 0, participants: 0 }
  for (let group = take(); group !== undefined; group = take()) {
    if (!fits(EMPTY, group)) count([group])
    if (!fits(EMPTY, group)) throw tooLarge(file, layout, group)
    if (current.length > 0 && !fits(sum, group) && fitsCount(sum, group)) {
      count([...current, group])
      sum.participants = current.reduce((n, g) => n + g.participants, 0)
    }
    if (current.length > 0 && !fits(sum, group)) {
      slices.push(sum.vevents.sort((a, b) => a - b))
      current = []
      sum = { vevents: [], events: 0, participants: 0 }
    }
    current.push(group)
    sum.vevents.push(...group.vevents)
    sum.events += group.events
    sum.participants += group.participants
  }
  if (current.length > 0) slices.push(sum.vevents.sort((a, b) => a - b))
  return slices
}

function tooLarge (file: string, layout: Layout, group: Group): UsageError {
  const first = group.vevents[0]!
  let uid = ''
  scanCalendar(layout.text.slice(layout.starts[first], layout.ends[first]), e => { uid = e.uid })
  const index = group.vevents.map(v => layout.index[v]!).find(i => i !== -1)
  return new UsageError(`${file}: the event at index ${index} (UID ${Buffer.from(uid, 'latin1').toString('utf8')})${group.vevents.length > 1 ? ' with the changed occurrences of its series' : ''} ` +
    `is more than the service takes in one request: ${group.events} events, ${group.vevents.length} VEVENTs and ${group.participants} participants ` +
    `(at most ${MAX_BATCH}, ${MAX_BATCH_VEVENTS} and ${MAX_BATCH_PARTICIPANTS})`)
}

/** Events read here otherwise than the file's text counts them (UIDs that differ only in their escapes): the client
 * cannot tell which results are whose. */
export const uncut = (file: string, counted: number, read: number): UsageError =>
  new UsageError(`${file}: cannot cut this calendar into requests: ${counted} events were counted in a part of it where ${read} were read; split the file`)
