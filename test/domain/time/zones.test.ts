// Tests of IANA zone validation, casing, links and Windows zone names.
import t from 'tap'
import { WINDOWS_TO_IANA_MAP } from 'windows-iana'
import { canonicalZone, resolveZone, windowsToIana } from '../../../src/domain/time/zones.js'
import { displayTargets } from '../../../src/domain/time/windows-display.js'

t.test('accepts IANA names and links, returning them properly cased', async (t) => {
  const rows: Array<[string, string]> = [
    ['Europe/London', 'Europe/London'],
    ['europe/london', 'Europe/London'],
    ['US/Pacific', 'US/Pacific'],
    ['us/pacific', 'US/Pacific'],
    ['Asia/Calcutta', 'Asia/Calcutta'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['Europe/Kiev', 'Europe/Kiev'],
    ['europe/kyiv', 'Europe/Kyiv'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Etc/GMT+5', 'Etc/GMT+5'],
    ['etc/gmt+5', 'Etc/GMT+5'],
    ['america/port-au-prince', 'America/Port-au-Prince'],
    ['AMERICA/ARGENTINA/BUENOS_AIRES', 'America/Argentina/Buenos_Aires'],
    ['Australia/Lord_Howe', 'Australia/Lord_Howe'],
    ['Pacific/Kiritimati', 'Pacific/Kiritimati'],
    ['America/Montreal', 'America/Montreal'],
    ['america/montreal', 'America/Montreal']
  ]
  for (const [input, expected] of rows) t.equal(canonicalZone(input), expected, input)
})

t.test('accepts the legacy IANA names without a slash', async (t) => {
  for (const name of ['EST', 'MST', 'HST', 'CET', 'EET', 'WET', 'MET', 'EST5EDT', 'PST8PDT', 'GB', 'NZ-CHAT', 'Zulu']) {
    t.equal(canonicalZone(name), name, name)
  }
  t.equal(canonicalZone('est5edt'), 'EST5EDT')
  t.equal(canonicalZone('gb-eire'), 'GB-Eire')
})

t.test('rejects unknown zones and abbreviations ICU accepts but IANA does not name', async (t) => {
  for (const name of ['Mars/Olympus', 'Nowhere/City', 'PST', 'AET', 'IST', 'BST', 'JST', 'GMT+5', 'SystemV/AST4',
    '+05:00', '', 'Europe', 'Europe/London/Extra', 'Factory']) {
    t.equal(canonicalZone(name), undefined, JSON.stringify(name))
  }
})

t.test('gives the same answer from the cache on repeated calls', async (t) => {
  t.equal(canonicalZone('asia/kathmandu'), 'Asia/Kathmandu')
  t.equal(canonicalZone('asia/kathmandu'), 'Asia/Kathmandu')
  t.equal(canonicalZone('Nowhere/City'), undefined)
  t.equal(canonicalZone('Nowhere/City'), undefined)
})

t.test('maps Windows zone ids and display names to IANA', async (t) => {
  const rows: Array<[string, string | undefined]> = [
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['w. europe standard time', 'Europe/Berlin'],
    ['Eastern Standard Time', 'America/New_York'],
    ['(UTC-05:00) Eastern Time (US & Canada)', 'America/New_York'],
    ['(UTC-05:00) Eastern Time (US and Canada)', 'America/New_York'],
    ['Eastern Time (US & Canada)', 'America/New_York'],
    ['(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna', 'Europe/Berlin'],
    ['(UTC) Coordinated Universal Time', 'Etc/UTC'],
    ['India Standard Time', 'Asia/Kolkata'],
    ['(UTC+05:45) Kathmandu', 'Asia/Kathmandu'],
    ['(UTC+08:45) Eucla', 'Australia/Eucla'],
    ['(UTC-03:30) Newfoundland', 'America/St_Johns'],
    ['(UTC+10:30) Lord Howe Island', 'Australia/Lord_Howe'],
    ['Line Islands Standard Time', 'Pacific/Kiritimati'],
    ['Pacific Standard Time', 'America/Los_Angeles'],
    ['Middle Earth Standard Time', undefined],
    ['(UTC+01:00) Gondor', undefined]
  ]
  for (const [input, expected] of rows) t.equal(windowsToIana(input), expected, input)
})

t.test('every Windows display name maps to a Windows id the package knows and a valid zone', async (t) => {
  const known = new Set<string>(WINDOWS_TO_IANA_MAP.map(r => r.windowsName))
  for (const id of displayTargets()) {
    t.ok(known.has(id), `${id} is a Windows id`)
    t.ok(windowsToIana(id) !== undefined, `${id} maps to a valid IANA zone`)
  }
})

t.test('resolveZone prefers IANA and falls back to Windows names', async (t) => {
  t.equal(resolveZone('Europe/Berlin'), 'Europe/Berlin')
  t.equal(resolveZone('us/pacific'), 'US/Pacific')
  t.equal(resolveZone('W. Europe Standard Time'), 'Europe/Berlin')
  t.equal(resolveZone('Mars/Olympus'), undefined)
  t.equal(resolveZone('PST'), undefined)
})

t.test('survives non-string input and floods of distinct names', async (t) => {
  t.equal(canonicalZone(42 as unknown as string), undefined)
  for (let i = 0; i < 10_050; i++) canonicalZone(`Nowhere/City${i}`)
  t.equal(canonicalZone('Europe/London'), 'Europe/London')
})
