// Tests of the per-zone day cache: wall-clock <-> UTC conversion agrees with luxon on every kind of day.
import t from 'tap'
import { DateTime } from 'luxon'
import { dayNumber, isoWeekday, localDay, localDayAt, localTime, wallToMs } from '../../../src/domain/time/local-days.js'

const TRANSITION_DAYS: Array<[string, string]> = [
  ['America/New_York', '2026-03-08'], ['America/New_York', '2026-11-01'],
  ['Europe/London', '2026-03-29'], ['Europe/London', '2026-10-25'],
  ['Australia/Sydney', '2026-04-05'], ['Australia/Sydney', '2026-10-04'],
  ['Australia/Lord_Howe', '2026-04-05'], ['Australia/Lord_Howe', '2026-10-04'],
  ['America/Santiago', '2026-09-06'], ['America/Santiago', '2026-04-05'],
  ['America/St_Johns', '2026-03-08'], ['Asia/Kathmandu', '2026-03-08'], ['Pacific/Kiritimati', '2026-03-08'],
  ['Pacific/Apia', '2011-12-30'], ['Pacific/Apia', '2011-12-31']
]

t.test('wall times map to the same instants as luxon, gaps resolving forward', async (t) => {
  for (const [zone, date] of TRANSITION_DAYS) {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number]
    const dayNum = dayNumber(year, month, day)
    for (let d = dayNum - 1; d <= dayNum + 1; d++) {
      const { year: y, month: m, day: dd } = localDay(zone, d)
      for (let minute = 0; minute < 24 * 60; minute += 15) {
        const expected = DateTime.fromObject({ year: y, month: m, day: dd, hour: Math.floor(minute / 60), minute: minute % 60 }, { zone }).toMillis()
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

t.test('ISO weekdays of day numbers', async (t) => {
  t.equal(isoWeekday(0), 4, '1970-01-01 was a Thursday')
  t.equal(isoWeekday(dayNumber(2026, 11, 29)), 7)
  t.equal(isoWeekday(dayNumber(1969, 12, 29)), 1, 'before 1970 too')
})

t.test('an unknown zone is a RangeError', async (t) => {
  t.throws(() => localDay('Mars/Olympus', 0), RangeError)
})
