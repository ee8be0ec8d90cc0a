// IANA zone-name validation and normalisation, plus Windows zone names mapped to IANA.
// Links are kept as given, properly cased ("us/pacific" -> "US/Pacific", "Asia/Calcutta" stays "Asia/Calcutta"):
// Node's ICU canonicalises to CLDR ids (Asia/Calcutta, Europe/Kiev), which are themselves IANA links, so "the
// canonical target" would depend on the runtime; the name the caller chose is stable and just as valid.
import { IANAZone } from 'luxon'
import { IANA_ALIAS_MAP, WINDOWS_TO_IANA_MAP } from 'windows-iana'
import { windowsIdFromDisplay } from './windows-display.js'

/** Zone names without a "/" that are IANA names (etcetera, backward and the legacy POSIX-style rules). */
const SINGLE_NAMES = ['CET', 'CST6CDT', 'Cuba', 'EET', 'EST', 'EST5EDT', 'Egypt', 'Eire', 'GB', 'GB-Eire', 'GMT',
  'GMT+0', 'GMT-0', 'GMT0', 'Greenwich', 'HST', 'Hongkong', 'Iceland', 'Iran', 'Israel', 'Jamaica', 'Japan',
  'Kwajalein', 'Libya', 'MET', 'MST', 'MST7MDT', 'NZ', 'NZ-CHAT', 'Navajo', 'PRC', 'PST8PDT', 'Poland', 'Portugal',
  'ROC', 'ROK', 'Singapore', 'Turkey', 'UCT', 'UTC', 'Universal', 'W-SU', 'WET', 'Zulu']

/** First segments of IANA names with a "/" (SystemV/ and ICU's own ids are not accepted). */
const AREAS = new Set(['africa', 'america', 'antarctica', 'arctic', 'asia', 'atlantic', 'australia', 'europe',
  'indian', 'pacific', 'etc', 'brazil', 'canada', 'chile', 'mexico', 'us'])

/** Recent IANA names that older CLDR alias lists lack. */
const RECENT = ['Europe/Kyiv', 'America/Nuuk', 'America/Ciudad_Juarez', 'Pacific/Kanton', 'Asia/Qostanay']

/** CLDR ids that windows-iana returns for Windows zones, with their current IANA names. */
const RENAMED: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Europe/Kiev': 'Europe/Kyiv',
  'America/Godthab': 'America/Nuuk',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'Pacific/Enderbury': 'Pacific/Kanton'
}

const SINGLE_LOWER = new Set(SINGLE_NAMES.map(n => n.toLowerCase()))
const CACHE_LIMIT = 10_000
const zoneCache = new Map<string, string | undefined>()
let casing: Map<string, string> | undefined
let windowsIndex: Map<string, string> | undefined

function knownCasing (): Map<string, string> {
  if (casing === undefined) {
    casing = new Map()
    const names = [...Intl.supportedValuesOf('timeZone'), ...IANA_ALIAS_MAP.flatMap(a => a.alias), ...SINGLE_NAMES,
      ...RECENT]
    for (const n of names) casing.set(n.toLowerCase(), n)
  }
  return casing
}

function titleCase (name: string): string {
  return name.toLowerCase().replace(/(^|[/_-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase())
}

/** Casing from the known names; else the caller's own mixed casing; else title case ("america/montreal"). */
function properCase (name: string): string {
  const lower = name.toLowerCase()
  const known = knownCasing().get(lower)
  if (known !== undefined) return known
  if (name !== lower && name !== name.toUpperCase()) return name
  return titleCase(name)
}

function looksIana (name: string): boolean {
  const lower = name.toLowerCase()
  const slash = lower.indexOf('/')
  if (slash === -1) return SINGLE_LOWER.has(lower)
  return AREAS.has(lower.slice(0, slash)) && /^[a-z0-9/_+-]+$/.test(lower)
}

function computeZone (name: string): string | undefined {
  const trimmed = name.trim()
  if (trimmed === '' || !looksIana(trimmed) || !IANAZone.isValidZone(trimmed)) return undefined
  return properCase(trimmed)
}

/** The properly cased IANA name (links kept as links), or undefined when `name` is not an IANA zone. */
export function canonicalZone (name: string): string | undefined {
  if (zoneCache.has(name)) return zoneCache.get(name)
  const zone = typeof name === 'string' ? computeZone(name) : undefined
  if (zoneCache.size >= CACHE_LIMIT) zoneCache.clear()
  zoneCache.set(name, zone)
  return zone
}

function windowsIds (): Map<string, string> {
  if (windowsIndex === undefined) {
    windowsIndex = new Map()
    for (const row of WINDOWS_TO_IANA_MAP) {
      const first = row.iana[0]
      if (row.territory === '001' && first !== undefined) {
        windowsIndex.set(row.windowsName.toLowerCase(), RENAMED[first] ?? first)
      }
    }
  }
  return windowsIndex
}

/** The IANA zone for a Windows zone id ("W. Europe Standard Time") or display name ("(UTC-05:00) Eastern Time ..."):
 * the zone CLDR maps to territory 001, under its current IANA name (Asia/Kolkata rather than Asia/Calcutta). */
export function windowsToIana (name: string): string | undefined {
  const ids = windowsIds()
  const trimmed = name.trim().replace(/\s+/g, ' ').toLowerCase()
  const id = ids.has(trimmed) ? trimmed : windowsIdFromDisplay(name)?.toLowerCase()
  const iana = id === undefined ? undefined : ids.get(id)
  return iana === undefined ? undefined : canonicalZone(iana)
}

/** An IANA name (see canonicalZone), else the IANA zone of a Windows name, else undefined. */
export function resolveZone (name: string): string | undefined {
  return canonicalZone(name) ?? windowsToIana(name)
}

let knownZones: string[] | undefined

/** Every zone known by name, once each under its current IANA name: first the zone of each Windows zone (the
 * zone CLDR maps to territory 001, in CLDR's order), then the rest of the runtime's canonical zones, in its
 * (alphabetical) order. For a zone given only by its rules, these are the names to try. */
export function knownZoneNames (): string[] {
  if (knownZones === undefined) {
    const names = [...windowsIds().values(), ...Intl.supportedValuesOf('timeZone').map(zone => RENAMED[zone] ?? zone)]
    knownZones = [...new Set(names.map(name => canonicalZone(name)).filter((zone): zone is string => zone !== undefined))]
  }
  return knownZones
}
