// The IANA zone whose clock keeps a VTIMEZONE no name identifies (Outlook's "Customized Time Zone"), over the years a
// meeting is evaluated for: a series is expanded in the meeting's zone, so the file's rules alone cannot place it.
import { IANAZone } from 'luxon'
import type { RuledZone } from '../domain/resolve.js'
import { knownZoneNames } from '../domain/time/zones.js'
import { DAY_MS } from '../domain/time/local-days.js'
import { quoted } from '../domain/quote.js'
import { vtimezoneOffset, vtimezoneOnsets, type ZoneRules } from './vtimezone.js'

/** Distinct clocks (a VTIMEZONE over some years) compared with known zones in one body at most: each costs up to a
 * few hundred offset look-ups per zone tried (20 µs each), and real files hold a handful. */
export const MAX_CLOCKS_COMPARED = 32
const WEEK_MS = 7 * DAY_MS
const CACHE_LIMIT = 10_000

/** A VTIMEZONE's clock over whole years: offsets (ms) at the instants compared. */
interface Clock { key: string, samples: number[], offsets: number[], years: string }

/** Whether a zone keeps a clock, by clock key and zone; and the first known zone that does, by clock key. */
const agreed = new Map<string, boolean>()
const firstKnown = new Map<string, string | null>()

/** The years compared for a meeting starting at `startMs`: from the day before it to 13 months after (the 12 months
 * a series is evaluated for, and a margin), as whole UTC years. */
function yearsFor (startMs: number): [number, number] {
  return [new Date(startMs - DAY_MS).getUTCFullYear(), new Date(startMs + 396 * DAY_MS).getUTCFullYear()]
}

/** The clock of `rules` from 1 January of `first` to the end of `last`, compared at each of its onsets and the instant
 * before, and once a week: a zone whose offset changes where the file's does not is caught by the weekly samples, one
 * that changes a little earlier or later than the file's by the samples either side of the file's change. */
function clockOf (rules: ZoneRules, first: number, last: number): Clock {
  const from = Date.UTC(first, 0, 1)
  const to = Date.UTC(last + 1, 0, 1)
  const onsets = vtimezoneOnsets(rules, from, to)
  const weekly: number[] = []
  for (let at = from; at < to; at += WEEK_MS) weekly.push(at)
  weekly.push(to - 1)
  const samples = [...onsets.flatMap(at => [at - 1, at]), ...weekly]
  const offsets = samples.map(at => vtimezoneOffset(rules, at))
  // Two VTIMEZONEs with the same offsets at the same onsets keep the same clock over these years.
  const changes = onsets.map(at => `${at}:${vtimezoneOffset(rules, at)}`).join(',')
  return { key: `${first}-${last}|${vtimezoneOffset(rules, from)}|${changes}`, samples, offsets, years: `${first} to ${last}` }
}

function remember<T> (cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(key, value)
  return value
}

/** Whether `zone` has the clock's offset at every sample. */
function agrees (clock: Clock, zone: string): boolean {
  const key = `${clock.key}|${zone}`
  const known = agreed.get(key)
  if (known !== undefined) return known
  const iana = IANAZone.create(zone)
  return remember(agreed, key, clock.samples.every((at, i) => iana.offset(at) * 60_000 === clock.offsets[i]))
}

/** The first zone known by name (see knownZoneNames) that keeps the clock, or undefined. */
function knownMatch (clock: Clock): string | undefined {
  let found = firstKnown.get(clock.key)
  if (found === undefined) found = remember(firstKnown, clock.key, knownZoneNames().find(zone => agrees(clock, zone)) ?? null)
  return found ?? undefined
}

/** What one body's events share: the clocks compared so far, so that at most MAX_CLOCKS_COMPARED are. */
export interface ZoneSearch { clocks: Set<string> }

export const newZoneSearch = (): ZoneSearch => ({ clocks: new Set() })

/** The zone of an event whose DTSTART is in the file's VTIMEZONE `tzid` (rules `rules`), starting at `startMs`. */
export function ruledZone (rules: ZoneRules, tzid: string, startMs: number, search: ZoneSearch): RuledZone {
  const name = `the file's VTIMEZONE ${quoted(tzid)}`
  return {
    name,
    match: preferred => {
      const clock = clockOf(rules, ...yearsFor(startMs))
      if (!search.clocks.has(clock.key) && search.clocks.size >= MAX_CLOCKS_COMPARED) {
        return { none: `${name} was not compared with known zones (one request compares at most ${MAX_CLOCKS_COMPARED} zones over a meeting's years)` }
      }
      search.clocks.add(clock.key)
      const zone = preferred.find(zone => agrees(clock, zone)) ?? knownMatch(clock)
      return zone === undefined
        ? { none: `no known zone's clock matches ${name} from ${clock.years}` }
        : { zone, years: clock.years }
    }
  }
}
