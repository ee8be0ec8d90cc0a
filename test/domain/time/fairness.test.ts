// Tests of series fairness: per-person bad occurrences, DST shifts across hemispheres (against the meeting's clock) and rotation advice.
import t from 'tap'
import { DateTime } from 'luxon'
import { occurrenceLimit, seriesFairness } from '../../../src/domain/time/fairness.js'
import { hours, meeting, person } from './fixtures/builders.js'

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' })
const sydney = person('syd@example.com', 'Australia/Sydney')
const newYork = person('nyc@example.com', 'America/New_York', { workingHours: hours('10:00', '18:00') })

t.test('no recurrence, no fairness', async (t) => {
  t.equal(seriesFairness(meeting()), undefined)
})

t.test('a New York series moves twice for Sydney across March and April, and Sydney carries every bad one', async (t) => {
  const series = meeting({
    start: at('2026-02-24T22:00:00Z'),
    durationMinutes: 60,
    timeZone: 'America/New_York',
    recurrence: 'FREQ=WEEKLY',
    participants: [newYork, sydney]
  })
  const fairness = seriesFairness(series)
  t.match(fairness, { occurrences: 12, from: '2026-02-24T22:00:00Z', to: '2026-05-12T21:00:00Z' })
  t.same(fairness?.participants[0], { email: 'nyc@example.com', outsideHours: 0, atNight: 0, shifted: [] })
  const syd = fairness?.participants[1]
  t.equal(syd?.outsideHours, 10)
  t.equal(syd?.atNight, 0)
  t.same(syd?.shifted.map(s => s.shiftMinutes), [-60, -60, -60, -60, -120, -120, -120, -120, -120, -120])
  t.same(syd?.shifted[0], { start: '2026-03-10T21:00:00Z', localStart: '2026-03-11T08:00:00+11:00', shiftMinutes: -60 })
  t.same(syd?.shifted[4], { start: '2026-04-07T21:00:00Z', localStart: '2026-04-08T07:00:00+10:00', shiftMinutes: -120 })
  t.match(fairness?.rotation, { email: 'syd@example.com', emails: ['syd@example.com'], badOccurrences: 10, totalBad: 10, message: /^syd@example.com carries 10 of 10/ })
})

t.test('a shift across local midnight reads as an hour earlier, and night minutes count', async (t) => {
  const series = meeting({
    start: at('2026-02-24T13:30:00Z'),
    durationMinutes: 60,
    timeZone: 'America/New_York',
    recurrence: 'FREQ=WEEKLY',
    participants: [newYork, sydney]
  })
  const syd = seriesFairness(series, 4)?.participants[1]
  t.equal(syd?.atNight, 4, '00:30-01:30 twice, then 23:30-00:30 twice')
  t.same(syd?.shifted.map(s => [s.localStart, s.shiftMinutes]), [
    ['2026-03-10T23:30:00+11:00', -60], ['2026-03-17T23:30:00+11:00', -60]
  ])
})

t.test('no rotation when bad occurrences are shared evenly', async (t) => {
  const riyadh = person('r@example.com', 'Asia/Riyadh', { workingHours: hours('09:00', '17:00', [7, 1, 2, 3, 4]) })
  const berlin = person('b@example.com', 'Europe/Berlin')
  const series = meeting({
    start: at('2026-03-06T10:00:00Z'),
    durationMinutes: 60,
    timeZone: 'UTC',
    recurrence: 'FREQ=WEEKLY;BYDAY=FR,SU',
    participants: [riyadh, berlin]
  })
  const fairness = seriesFairness(series)
  t.equal(fairness?.occurrences, 24)
  t.same(fairness?.participants.map(p => p.outsideHours), [12, 12])
  t.equal(fairness?.rotation, undefined)
  t.equal(fairness?.participants[1]?.shifted.length, 17, 'Berlin moves an hour later after March 29')
})

t.test('optional participants are reported but do not make occurrences bad', async (t) => {
  const kolkata = person('k@example.com', 'Asia/Kolkata', { attendance: 'optional' })
  const berlin = person('b@example.com', 'Europe/Berlin')
  const other = person('o@example.com', 'America/New_York')
  const series = meeting({
    start: at('2026-12-01T21:00:00Z'), durationMinutes: 30, recurrence: 'FREQ=WEEKLY;COUNT=3', participants: [kolkata, berlin, other]
  })
  const fairness = seriesFairness(series)
  t.match(fairness?.participants[0], { email: 'k@example.com', outsideHours: 3, atNight: 3 })
  t.match(fairness?.rotation, { email: 'b@example.com', badOccurrences: 3, totalBad: 3 }, 'not Kolkata, at night but optional')
  const onlyOptionalBad = seriesFairness(meeting({
    start: at('2026-12-01T14:00:00Z'), recurrence: 'FREQ=WEEKLY;COUNT=3', participants: [kolkata, berlin, other]
  }))
  t.equal(onlyOptionalBad?.participants[0]?.outsideHours, 3)
  t.equal(onlyOptionalBad?.rotation, undefined)
})

t.test('nobody is singled out when everyone carries the same bad hours', async (t) => {
  const utc = ['a@x.com', 'b@x.com', 'c@x.com'].map(email => person(email, 'UTC'))
  const evening = seriesFairness(meeting({
    start: at('2026-12-01T18:00:00Z'), timeZone: 'UTC', recurrence: 'FREQ=WEEKLY;COUNT=10', participants: utc
  }))
  t.same(evening?.participants.map(p => p.outsideHours), [10, 10, 10])
  t.equal(evening?.rotation, undefined, 'one region: rotating cannot help')

  const london = person('a@x.com', 'Europe/London')
  const sydney = person('s@x.com', 'Australia/Sydney')
  const both = seriesFairness(meeting({
    start: at('2026-03-02T08:00:00Z'), durationMinutes: 60, timeZone: 'Europe/London', recurrence: 'FREQ=WEEKLY', participants: [london, sydney]
  }))
  t.same(both?.participants.map(p => [p.outsideHours, p.atNight]), [[12, 0], [12, 0]], 'London before 09:00, Sydney after 17:00')
  t.equal(both?.rotation, undefined, 'shared equally: more than half each, but no more than the other')
})

t.test('a heavier burden is singled out only when someone lighter is on another clock', async (t) => {
  const early = person('early@x.com', 'UTC')
  const late = person('late@x.com', 'UTC', { workingHours: hours('13:00', '21:00') })
  const sameClock = seriesFairness(meeting({
    start: at('2026-12-01T18:00:00Z'), timeZone: 'UTC', recurrence: 'FREQ=WEEKLY;COUNT=4', participants: [early, late]
  }))
  t.same(sameClock?.participants.map(p => p.outsideHours), [4, 0])
  t.equal(sameClock?.rotation, undefined, 'rotating between regions cannot help people on one clock')

  const second = person('second@x.com', 'UTC')
  const newYork = person('ny@x.com', 'America/New_York')
  const elsewhere = seriesFairness(meeting({
    start: at('2026-12-01T18:00:00Z'), timeZone: 'UTC', recurrence: 'FREQ=WEEKLY;COUNT=4', participants: [early, second, newYork]
  }))
  t.same(elsewhere?.participants.map(p => p.outsideHours), [4, 4, 0], 'New York is at 13:00')
  t.same(elsewhere?.rotation, {
    email: 'early@x.com',
    emails: ['early@x.com', 'second@x.com'],
    badOccurrences: 4,
    totalBad: 4,
    message: 'early@x.com and second@x.com each carry 4 of 4 occurrences that fall outside working hours or at night; ' +
      'rotate the meeting time so that no one carries more than half of them.'
  }, 'two share it: both are named, not only the first listed')
})

t.test('a single person cannot rotate with anyone', async (t) => {
  const series = meeting({ start: at('2026-12-01T21:00:00Z'), recurrence: 'FREQ=DAILY', participants: [person('b@x', 'Europe/Berlin')] })
  const fairness = seriesFairness(series, 2)
  t.equal(fairness?.occurrences, 14)
  t.equal(fairness?.rotation, undefined)
})

t.test('zero weeks analyse nothing', async (t) => {
  const fairness = seriesFairness(meeting({ recurrence: 'FREQ=WEEKLY', participants: [newYork, sydney] }), 0)
  t.match(fairness, { occurrences: 0, from: '2026-12-01T16:00:00Z', to: '2026-12-01T16:00:00Z' })
  t.same(fairness?.participants.map(p => p.outsideHours), [0, 0])
})

t.test('with nobody required, everyone counts towards bad occurrences', async (t) => {
  const kolkata = person('k@example.com', 'Asia/Kolkata', { attendance: 'optional' })
  const berlin = person('b@example.com', 'Europe/Berlin', { attendance: 'optional' })
  const newYork = person('n@example.com', 'America/New_York', { attendance: 'optional' })
  const fairness = seriesFairness(meeting({
    start: at('2026-12-01T21:00:00Z'), durationMinutes: 30, recurrence: 'FREQ=WEEKLY;COUNT=4', participants: [berlin, kolkata, newYork]
  }))
  t.match(fairness?.rotation, {
    email: 'k@example.com',
    emails: ['k@example.com', 'b@example.com'],
    badOccurrences: 4,
    totalBad: 4,
    message: /^k@example.com and b@example.com each carry 4 of 4 /
  }, 'the one at night first; Berlin (22:00, outside hours) carries as many and is named too')
})

t.test('an hourly series in one zone moves nobody\'s clock', async (t) => {
  const fairness = seriesFairness(meeting({
    start: at('2026-12-01T16:00:00Z'), timeZone: 'UTC', recurrence: 'FREQ=HOURLY;COUNT=48', participants: [person('a@x.com', 'UTC'), person('b@x.com', 'UTC')]
  }))
  t.equal(fairness?.occurrences, 48)
  t.same(fairness?.participants.map(p => p.shifted), [[], []])
})

t.test('a daily London series moves for New York, Sydney and UTC only when their clock gap to London changes', async (t) => {
  const fairness = seriesFairness(meeting({
    start: at('2026-03-02T09:00:00Z'),
    durationMinutes: 30,
    timeZone: 'Europe/London',
    recurrence: 'FREQ=DAILY;COUNT=40',
    participants: [person('l@x.com', 'Europe/London'), newYork, sydney, person('u@x.com', 'UTC')]
  }))
  const [london, nyc, syd, utc] = fairness?.participants ?? []
  t.same(london?.shifted, [], 'on the meeting\'s clock')
  t.same(nyc?.shifted.map(s => s.localStart.slice(0, 16)).filter((_, i, all) => i === 0 || i === all.length - 1),
    ['2026-03-08T05:00', '2026-03-28T05:00'], 'an hour later from 8 March, back on London\'s gap from 29 March')
  t.ok(nyc?.shifted.every(s => s.shiftMinutes === 60))
  t.equal(nyc?.shifted.length, 21)
  t.same(syd?.shifted[0], { start: '2026-03-29T08:00:00Z', localStart: '2026-03-29T19:00:00+11:00', shiftMinutes: -60 })
  t.same(syd?.shifted.find(s => s.start.startsWith('2026-04-05')), { start: '2026-04-05T08:00:00Z', localStart: '2026-04-05T18:00:00+10:00', shiftMinutes: -120 })
  t.equal(syd?.shifted.length, 13, 'every day from 29 March to the last, 10 April')
  t.same(utc?.shifted[0], { start: '2026-03-29T08:00:00Z', localStart: '2026-03-29T08:00:00Z', shiftMinutes: -60 })
  t.equal(utc?.shifted.length, 13)
})

t.test('a large group on a frequent series is judged on its first occurrences: 10,000 person-occurrences at most', async (t) => {
  const group = Array.from({ length: 200 }, (_, i) => person(`p${i}@example.com`, i % 2 === 0 ? 'Europe/Berlin' : 'Asia/Kolkata'))
  const hourly = meeting({ start: at('2026-12-01T08:00:00Z'), durationMinutes: 1440, timeZone: 'Europe/Berlin', recurrence: 'FREQ=HOURLY', participants: group })
  const fairness = seriesFairness(hourly)
  t.equal(occurrenceLimit(200), 50)
  t.match(fairness, { occurrences: 50, from: '2026-12-01T08:00:00Z', to: '2026-12-03T09:00:00Z' })
  t.ok(fairness?.participants.every(p => p.outsideHours <= 50 && p.atNight <= 50))
  const weekly = seriesFairness(meeting({ start: at('2026-12-01T08:00:00Z'), recurrence: 'FREQ=WEEKLY', participants: group }))
  t.equal(weekly?.occurrences, 12, 'twelve weeks of a weekly series stay whole for 200 people')
  const few = seriesFairness(meeting({ start: at('2026-12-01T08:00:00Z'), recurrence: 'FREQ=HOURLY', participants: group.slice(0, 4) }))
  t.equal(few?.occurrences, 2016, 'four people: every hour of the twelve weeks')
})

t.test('a night shift at work in the small hours is neither at night nor a bad occurrence', async (t) => {
  const nights = person('n@example.com', 'Asia/Kolkata', { workingHours: hours('22:00', '06:00') })
  const london = person('l@example.com', 'Europe/London')
  const series = meeting({
    start: at('2026-12-01T21:00:00Z'), timeZone: 'UTC', recurrence: 'FREQ=WEEKLY;COUNT=4', participants: [nights, london]
  })
  const fairness = seriesFairness(series)
  t.same(fairness?.participants[0], { email: 'n@example.com', outsideHours: 0, atNight: 0, shifted: [] }, '02:30 in Kolkata is their working time')
  t.match(fairness?.rotation, { email: 'l@example.com', badOccurrences: 4, totalBad: 4 }, 'London, at 21:00, carries every bad one')
})
