// Tests of the per-zone day cache: wall-clock <-> UTC conversion agrees with luxon on every kind of day.
import t from 'tap'
import { DateTime, Settings } from 'luxon'
import fc from 'fast-check'
import { dayNumber, isoLocal, isoUtc, isoWeekday, localDay, localDayAt, localTime, plusLocalMonths, wallToMs } from '../../../src/domain/time/local-days.js'

const TRANSITION_DAYS: Array<[string, string]> = [
  ['America/New_York', '2026-03-08'], ['America/New_York', '2026-11-01'],
  ['Europe/London', '2026-03-29'], ['Europe/London', '2026-10-25'],
  ['Australia/Sydney', '2026-04-05'], ['Australia/Sydney', '2026-10-04'],
  ['Australia/Lord_Howe', '2026-04-05'], ['Australia/Lord_Howe', '2026-10-04'],
  ['America/Santiago', '2026-09-06'], ['America/Santiago', '2026-04-05'],
  ['America/St_Johns', '2026-03-08'], ['Asia/Kathmandu', '2026-03-08'], ['Pacific/Kiritimati', '2026-03-08'],
  ['Pacific/Apia', '2011-12-30'], ['Pacific/Apia', '2011-12-31']
]

/** The expected instant of a wall time: luxon's (gaps resolve forward), moved to the earliest instant showing that
 * wall time when it occurs twice (RFC 5545: the first occurrence). luxon alone picks by the offset of today's date. */
function expectedInstant (zone: string, wall: { year: number, month: number, day: number, hour: number, minute: number }): number {
  const ms = DateTime.fromObject(wall, { zone }).toMillis()
  for (const back of [3_600_000, 1_800_000]) {
    const earlier = DateTime.fromMillis(ms - back, { zone })
    if (earlier.day === wall.day && earlier.hour === wall.hour && earlier.minute === wall.minute) return ms - back
  }
  return ms
}

t.test('wall times map to the instants luxon shows them at, gaps resolving forward, repeated times to the first', async (t) => {
  for (const [zone, date] of TRANSITION_DAYS) {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number]
    const dayNum = dayNumber(year, month, day)
    for (let d = dayNum - 1; d <= dayNum + 1; d++) {
      const { year: y, month: m, day: dd } = localDay(zone, d)
      for (let minute = 0; minute < 24 * 60; minute += 15) {
        const expected = expectedInstant(zone, { year: y, month: m, day: dd, hour: Math.floor(minute / 60), minute: minute % 60 })
        if (wallToMs(zone, d, minute * 60_000) !== expected) t.fail(`${zone} ${y}-${m}-${dd} minute ${minute}`)
      }
    }
    t.pass(`${zone} around ${date}`)
  }
})

t.test('instants map back to the local day and wall time luxon shows', async (t) => {
  for (const [zone, date] of TRANSITION_DAYS) {
    const start = DateTime.fromISO(date, { zone: 'utc' }).toMillis() - 86_400_000
    for (let at = start; at < start + 3 * 86_400_000; at += 10 * 60_000) {
      const dt = DateTime.fromMillis(at, { zone })
      const { dayNum, msOfDay } = localTime(zone, at)
      if (dayNum !== dayNumber(dt.year, dt.month, dt.day) || msOfDay !== (dt.hour * 60 + dt.minute) * 60_000) {
        t.fail(`${zone} ${dt.toISO()}`)
      }
    }
    t.pass(`${zone} around ${date}`)
  }
})

t.test('a day skipped by the date line has no length (Samoa, 30 December 2011)', async (t) => {
  const skipped = dayNumber(2011, 12, 30)
  t.equal(localDay('Pacific/Apia', skipped).startMs, localDay('Pacific/Apia', skipped + 1).startMs)
  t.equal(localDayAt('Pacific/Apia', localDay('Pacific/Apia', skipped + 1).startMs), skipped + 1)
})

t.test('a midnight inside a DST gap starts the day at 01:00 (Santiago)', async (t) => {
  const day = localDay('America/Santiago', dayNumber(2026, 9, 6))
  t.equal(DateTime.fromMillis(day.startMs, { zone: 'America/Santiago' }).toISO(), '2026-09-06T01:00:00.000-03:00')
})

t.test('ISO strings are formatted exactly as luxon formats them, across transitions and odd offsets', async (t) => {
  const zones = ['UTC', 'utc', 'GMT', 'Etc/UTC', 'Europe/London', 'Etc/GMT+5', 'Asia/Kathmandu', 'America/St_Johns',
    'Australia/Lord_Howe', 'Pacific/Chatham', 'Africa/Casablanca', 'Antarctica/Troll', 'Pacific/Apia', ...new Set(TRANSITION_DAYS.map(([z]) => z))]
  const luxon = (ms: number, zone: string): string | null => DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone }).toISO({ suppressMilliseconds: true })
  for (const [zone, date] of TRANSITION_DAYS) {
    const from = DateTime.fromISO(date, { zone }).toMillis() - 3_600_000
    for (let ms = from; ms < from + 27 * 3_600_000; ms += 59_999) {
      if (isoLocal(ms, zone) !== luxon(ms, zone)) t.fail(`${zone} at ${ms}: ${isoLocal(ms, zone)} != ${luxon(ms, zone) ?? ''}`)
    }
  }
  fc.assert(fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2099, 0, 1) }), (zone, ms) =>
    isoLocal(ms, zone) === luxon(ms, zone) && isoUtc(ms) === luxon(ms, 'utc')), { numRuns: 5000 })
  t.equal(isoLocal(Date.UTC(2026, 2, 8, 7, 0, 0, 999), 'America/New_York'), '2026-03-08T03:00:00-04:00')
  t.equal(isoLocal(Date.UTC(2026, 0, 1), 'Etc/UTC'), '2026-01-01T00:00:00+00:00')
  t.equal(isoLocal(Date.UTC(2026, 0, 1), 'UTC'), '2026-01-01T00:00:00Z')
  t.equal(isoUtc(Date.UTC(2026, 0, 1, 12, 30, 15, 500)), '2026-01-01T12:30:15Z')
})

t.test('a repeated wall time is its first occurrence whatever the date today (RFC 5545)', async (t) => {
  // Fresh days (the day cache is per process) computed with luxon's clock in summer and then in winter: luxon's own
  // fromObject would pick EDT in summer and EST in winter.
  const cases: Array<[number, string, number]> = [
    [Date.UTC(2026, 6, 1), '2030-11-03', Date.UTC(2030, 10, 3, 5, 30)],
    [Date.UTC(2027, 0, 15), '2031-11-02', Date.UTC(2031, 10, 2, 5, 30)]
  ]
  const saved = Settings.now
  try {
    for (const [now, date, expected] of cases) {
      Settings.now = () => now
      const [year, month, day] = date.split('-').map(Number) as [number, number, number]
      t.equal(wallToMs('America/New_York', dayNumber(year, month, day), 90 * 60_000), expected, `01:30 on ${date} is 01:30 EDT`)
    }
    Settings.now = () => Date.UTC(2027, 0, 15)
    t.equal(wallToMs('America/New_York', dayNumber(2032, 3, 14), 150 * 60_000), Date.UTC(2032, 2, 14, 7, 30), '02:30 in the gap is 03:30 EDT')
    t.equal(wallToMs('America/Santiago', dayNumber(2032, 4, 3), (23 * 60 + 30) * 60_000), Date.UTC(2032, 3, 4, 2, 30), 'Santiago\'s repeated 23:30 is the first one (-03)')
    t.equal(localDay('America/Santiago', dayNumber(2032, 4, 4)).startMs, Date.UTC(2032, 3, 4, 4), 'and the next day starts after the repeated hour')
  } finally {
    Settings.now = saved
  }
})

t.test('months are added on the wall clock as luxon adds them, a missing day becoming the month\'s last', async (t) => {
  const rows: Array<[string, string, number, string]> = [
    ['Europe/Berlin', '2026-12-01T17:00:00', 12, '2027-12-01T17:00:00.000+01:00'],
    ['Europe/Berlin', '2026-06-01T09:00:00', 12, '2027-06-01T09:00:00.000+02:00'],
    ['Europe/Berlin', '2026-03-01T09:00:00', 3, '2026-06-01T09:00:00.000+02:00'],
    ['UTC', '2028-02-29T10:00:00', 12, '2029-02-28T10:00:00.000Z'],
    ['UTC', '2026-01-31T10:00:00', 1, '2026-02-28T10:00:00.000Z'],
    ['UTC', '2026-11-30T10:00:00', 3, '2027-02-28T10:00:00.000Z'],
    ['America/New_York', '2026-11-01T01:30:00-04:00', 12, '2027-11-01T01:30:00.000-04:00']
  ]
  for (const [zone, text, months, expected] of rows) {
    const from = DateTime.fromISO(text, { zone })
    const ms = plusLocalMonths(zone, from.toMillis(), months)
    t.equal(DateTime.fromMillis(ms, { zone }).toISO(), expected, `${zone} ${text} + ${months} months`)
    t.equal(ms, from.plus({ months }).toMillis(), 'as luxon')
  }
  // 02:30 on 28 March 2027 does not exist in Berlin (clocks go forward that night; in 2026 they did a day later).
  const beforeGap = DateTime.fromISO('2026-03-28T02:30:00', { zone: 'Europe/Berlin' }).toMillis()
  t.equal(DateTime.fromMillis(plusLocalMonths('Europe/Berlin', beforeGap, 12), { zone: 'Europe/Berlin' }).toISO(),
    '2027-03-28T03:30:00.000+02:00', 'a wall time in a gap resolves forward, as wallToMs does')
})

t.test('ISO weekdays of day numbers', async (t) => {
  t.equal(isoWeekday(0), 4, '1970-01-01 was a Thursday')
  t.equal(isoWeekday(dayNumber(2026, 11, 29)), 7)
  t.equal(isoWeekday(dayNumber(1969, 12, 29)), 1, 'before 1970 too')
})

t.test('an unknown zone is a RangeError', async (t) => {
  t.throws(() => localDay('Mars/Olympus', 0), RangeError)
})
