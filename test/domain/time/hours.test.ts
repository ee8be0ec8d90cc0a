// Tests of working intervals and minutes outside hours across DST, odd offsets, the date line and overnight shifts.
import t from 'tap'
import { DateTime } from 'luxon'
import { minutesOutside, parseHours, workingIntervals } from '../../../src/domain/time/hours.js'
import { hours, ms, person, spans } from './fixtures/builders.js'

const localHour = (value: number, zone: string) => DateTime.fromMillis(value, { zone }).toFormat('ccc HH:mm')

t.test('London clock change: Monday after is BST, Friday before is GMT (RESEARCH table)', async (t) => {
  const london = person('a@x', 'Europe/London')
  const monday = ms('2026-03-30T08:30:00Z')
  const friday = ms('2026-03-27T08:30:00Z')
  t.equal(localHour(monday, 'Europe/London'), 'Mon 09:30')
  t.same(minutesOutside(london, monday, monday + 30 * 60_000), { outside: 0, night: 0, late: 0 })
  t.equal(localHour(friday, 'Europe/London'), 'Fri 08:30')
  t.same(minutesOutside(london, friday, friday + 60 * 60_000), { outside: 30, night: 0, late: 0 })
})

t.test('Sydney and London working days start 11, 10, 9, 10, 11 hours apart through 2026', async (t) => {
  const startOn = (zone: string, date: string): number => {
    const base = ms(`${date}T00:00:00Z`)
    const found = workingIntervals(person('a@x', zone), base - 2 * 86_400_000, base + 2 * 86_400_000)
      .find(([s]) => DateTime.fromMillis(s, { zone }).toISODate() === date)
    if (found === undefined) throw new Error(`no shift in ${zone} on ${date}`)
    t.equal(DateTime.fromMillis(found[0], { zone }).toFormat('HH:mm'), '09:00', `${zone} ${date} starts 09:00`)
    return found[0]
  }
  const rows: Array<[string, number]> = [
    ['2026-03-27', 11], ['2026-04-01', 10], ['2026-06-15', 9], ['2026-10-07', 10], ['2026-10-28', 11]
  ]
  for (const [date, apart] of rows) {
    t.equal((startOn('Europe/London', date) - startOn('Australia/Sydney', date)) / 3_600_000, apart, date)
  }
})

t.test('night and late minutes count real minutes on DST days in both hemispheres', async (t) => {
  const rows: Array<[string, string, string, string, number]> = [
    ['New York spring gap', 'America/New_York', '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z', 300],
    ['New York fall overlap', 'America/New_York', '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z', 420],
    ['London spring', 'Europe/London', '2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z', 300],
    ['London autumn', 'Europe/London', '2026-10-24T23:00:00Z', '2026-10-26T00:00:00Z', 420],
    ['Sydney autumn (April)', 'Australia/Sydney', '2026-04-04T13:00:00Z', '2026-04-05T14:00:00Z', 420],
    ['Sydney spring (October)', 'Australia/Sydney', '2026-10-03T14:00:00Z', '2026-10-04T13:00:00Z', 300],
    ['Lord Howe spring, 30-minute shift', 'Australia/Lord_Howe', '2026-10-03T13:30:00Z', '2026-10-04T13:00:00Z', 330],
    ['Lord Howe autumn, 30-minute shift', 'Australia/Lord_Howe', '2026-04-04T13:00:00Z', '2026-04-05T13:30:00Z', 390]
  ]
  for (const [name, zone, from, to, night] of rows) {
    const m = minutesOutside(person('a@x', zone), ms(from), ms(to))
    t.same(m, { outside: (ms(to) - ms(from)) / 60_000, night, late: night + 240 }, name)
  }
})

t.test('a shift starting inside the New York spring gap resolves forward like luxon', async (t) => {
  const p = person('a@x', 'America/New_York', { workingHours: hours('02:30', '10:00', [6, 7]) })
  t.same(spans(workingIntervals(p, ms('2026-03-07T00:00:00Z'), ms('2026-03-09T00:00:00Z'))), [
    ['2026-03-07T07:30:00Z', '2026-03-07T15:00:00Z'],
    ['2026-03-08T07:30:00Z', '2026-03-08T14:00:00Z']
  ])
})

t.test('both 01:30s of the New York fall overlap are night, as distinct instants', async (t) => {
  const p = person('a@x', 'America/New_York')
  t.same(minutesOutside(p, ms('2026-11-01T01:30:00-04:00'), ms('2026-11-01T01:30:00-05:00')),
    { outside: 60, night: 60, late: 60 })
})

t.test('an overnight shift across the fall-back night lasts nine real hours', async (t) => {
  const p = person('a@x', 'America/New_York', { workingHours: hours('22:00', '06:00', [6]) })
  t.same(spans(workingIntervals(p, ms('2026-10-31T00:00:00Z'), ms('2026-11-02T00:00:00Z'))), [
    ['2026-11-01T02:00:00Z', '2026-11-01T11:00:00Z']
  ])
})

t.test('overnight shifts end the next day and an end of 24:00 is midnight', async (t) => {
  const night = person('a@x', 'Europe/Berlin', { workingHours: hours('22:00', '06:00', [5]) })
  t.same(spans(workingIntervals(night, ms('2026-03-02T00:00:00Z'), ms('2026-03-09T00:00:00Z'))), [
    ['2026-03-06T21:00:00Z', '2026-03-07T05:00:00Z']
  ], 'Friday shift ends Saturday 06:00')
  const dst = person('a@x', 'Europe/Berlin', { workingHours: hours('22:00', '06:00', [6]) })
  t.same(spans(workingIntervals(dst, ms('2026-03-28T00:00:00Z'), ms('2026-03-30T00:00:00Z'))), [
    ['2026-03-28T21:00:00Z', '2026-03-29T04:00:00Z']
  ], 'the shift into the spring-forward Sunday is 7 hours')
  const evening = person('a@x', 'Europe/Berlin', { workingHours: hours('16:00', '24:00', [2]) })
  t.same(spans(workingIntervals(evening, ms('2026-03-02T00:00:00Z'), ms('2026-03-09T00:00:00Z'))), [
    ['2026-03-03T15:00:00Z', '2026-03-03T23:00:00Z']
  ])
  const always = person('a@x', 'Europe/Berlin', { workingHours: hours('00:00', '24:00', [1, 2, 3, 4, 5, 6, 7]) })
  t.same(spans(workingIntervals(always, ms('2026-03-02T10:00:00Z'), ms('2026-03-05T10:00:00Z'))), [
    ['2026-03-02T10:00:00Z', '2026-03-05T10:00:00Z']
  ], 'adjacent days merge into one interval')
  const roundTheClock = person('a@x', 'Europe/Berlin', { workingHours: hours('09:00', '09:00', [1]) })
  t.same(spans(workingIntervals(roundTheClock, ms('2026-03-02T00:00:00Z'), ms('2026-03-04T00:00:00Z'))), [
    ['2026-03-02T08:00:00Z', '2026-03-03T08:00:00Z']
  ], 'start equal to end is a 24-hour shift')
})

t.test('no whole-hour assumption: Kolkata, Kathmandu, Eucla and St Johns shifts', async (t) => {
  const rows: Array<[string, string, string]> = [
    ['Asia/Kolkata', '2026-03-02T03:30:00Z', '2026-03-02T11:30:00Z'],
    ['Asia/Kathmandu', '2026-03-02T03:15:00Z', '2026-03-02T11:15:00Z'],
    ['Australia/Eucla', '2026-03-02T00:15:00Z', '2026-03-02T08:15:00Z'],
    ['America/St_Johns', '2026-03-02T12:30:00Z', '2026-03-02T20:30:00Z']
  ]
  for (const [zone, start, end] of rows) {
    t.same(spans(workingIntervals(person('a@x', zone), ms('2026-03-02T00:00:00Z'), ms('2026-03-03T00:00:00Z'))),
      [[start, end]], zone)
  }
  const kathmandu = person('a@x', 'Asia/Kathmandu')
  t.same(minutesOutside(kathmandu, ms('2026-03-02T03:00:00Z'), ms('2026-03-02T04:00:00Z')),
    { outside: 15, night: 0, late: 0 }, 'Kathmandu 08:45-09:45 has 15 minutes outside')
})

t.test('Kiritimati Monday 10:00 is Pago Pago Sunday 09:00', async (t) => {
  const start = ms('2026-03-01T20:00:00Z')
  t.equal(localHour(start, 'Pacific/Kiritimati'), 'Mon 10:00')
  t.equal(localHour(start, 'Pacific/Pago_Pago'), 'Sun 09:00')
  const end = start + 60 * 60_000
  t.equal(minutesOutside(person('a@x', 'Pacific/Kiritimati'), start, end).outside, 0)
  t.equal(minutesOutside(person('b@x', 'Pacific/Pago_Pago'), start, end).outside, 60)
})

t.test('Riyadh with days [7,1,2,3,4] works Sunday to Thursday', async (t) => {
  const riyadh = person('a@x', 'Asia/Riyadh', { workingHours: hours('09:00', '17:00', [7, 1, 2, 3, 4]) })
  const rows: Array<[string, string, number]> = [
    ['Sunday', '2026-03-01T07:00:00Z', 0],
    ['Thursday', '2026-03-05T07:00:00Z', 0],
    ['Friday', '2026-03-06T07:00:00Z', 60],
    ['Saturday', '2026-03-07T07:00:00Z', 60]
  ]
  for (const [day, start, outside] of rows) {
    t.equal(minutesOutside(riyadh, ms(start), ms(start) + 3_600_000).outside, outside, day)
  }
})

t.test('a meeting across local midnight counts outside, night and late minutes', async (t) => {
  const berlin = person('a@x', 'Europe/Berlin')
  t.same(minutesOutside(berlin, ms('2026-03-03T22:30:00Z'), ms('2026-03-03T23:30:00Z')),
    { outside: 60, night: 30, late: 60 })
  t.same(minutesOutside(berlin, ms('2026-03-03T18:30:00Z'), ms('2026-03-03T19:30:00Z')),
    { outside: 60, night: 0, late: 30 }, '19:30-20:30 local is half late')
})

t.test('empty spans, no working days and malformed hours', async (t) => {
  const berlin = person('a@x', 'Europe/Berlin')
  t.same(minutesOutside(berlin, ms('2026-03-03T10:00:00Z'), ms('2026-03-03T10:00:00Z')), { outside: 0, night: 0, late: 0 })
  t.same(workingIntervals(berlin, ms('2026-03-03T10:00:00Z'), ms('2026-03-03T09:00:00Z')), [])
  const idle = person('a@x', 'Europe/Berlin', { workingHours: hours('09:00', '17:00', []) })
  t.same(workingIntervals(idle, ms('2026-03-02T00:00:00Z'), ms('2026-03-09T00:00:00Z')), [])
  t.equal(minutesOutside(idle, ms('2026-03-03T10:00:00Z'), ms('2026-03-03T11:00:00Z')).outside, 60)
  t.throws(() => parseHours(hours('9am', '17:00')), RangeError)
  t.throws(() => parseHours(hours('09:00', '24:30')), RangeError)
  t.throws(() => parseHours(hours('09:60', '17:00')), RangeError)
  t.same(parseHours(hours('22:00', '06:00', [1, 8, 0])).endMin, 30 * 60, 'overnight end is next-day minutes')
  t.throws(() => workingIntervals(person('a@x', 'Mars/Olympus'), 0, 86_400_000), RangeError)
})

t.test('a part of a minute outside hours counts as a whole minute, so it agrees with being outside', async (t) => {
  const london = person('a@x', 'Europe/London')
  t.same(minutesOutside(london, ms('2026-12-01T08:59:30Z'), ms('2026-12-01T09:29:30Z')), { outside: 1, night: 0, late: 0 })
  t.same(minutesOutside(london, ms('2026-12-01T16:30:00.500Z'), ms('2026-12-01T17:00:00.500Z')), { outside: 1, night: 0, late: 0 })
  t.same(minutesOutside(london, ms('2026-12-02T05:59:59Z'), ms('2026-12-02T06:29:59Z')), { outside: 30, night: 1, late: 1 })
  t.same(minutesOutside(london, ms('2026-12-01T09:00:00Z'), ms('2026-12-01T09:30:00Z')), { outside: 0, night: 0, late: 0 })
})

t.test('night and late minutes inside the person\'s own working hours are no burden', async (t) => {
  const evenings = person('e@x', 'Europe/Berlin', { workingHours: hours('14:00', '22:00') })
  t.same(minutesOutside(evenings, ms('2026-12-01T21:00:00+01:00'), ms('2026-12-01T21:30:00+01:00')), { outside: 0, night: 0, late: 0 },
    'their day ends at 22:00: 21:00 is not their late evening')
  t.same(minutesOutside(evenings, ms('2026-12-01T21:30:00+01:00'), ms('2026-12-01T22:30:00+01:00')), { outside: 30, night: 0, late: 30 },
    'the half hour after 22:00 is late')
  const nights = person('n@x', 'Europe/Berlin', { workingHours: hours('22:00', '06:00') })
  t.same(minutesOutside(nights, ms('2026-12-02T02:00:00+01:00'), ms('2026-12-02T03:00:00+01:00')), { outside: 0, night: 0, late: 0 },
    'a night shift at 02:00 is its working time')
  t.same(minutesOutside(nights, ms('2026-12-02T05:30:00+01:00'), ms('2026-12-02T06:30:00+01:00')), { outside: 30, night: 0, late: 0 },
    'after 06:00 it is outside hours but neither night nor late')
})
