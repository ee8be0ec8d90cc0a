// Tests of findOverlap: windows where required people are all inside hours, and ranked 15-minute slots.
import t from 'tap'
import { findOverlap } from '../../../src/domain/time/overlap.js'
import { hours, person } from './fixtures/builders.js'

const berlin = person('ana@example.com', 'Europe/Berlin')
const newYork = person('bo@example.com', 'America/New_York')

t.test('Berlin and New York share 14:00Z-16:00Z each weekday in December', async (t) => {
  const result = findOverlap({ participants: [berlin, newYork], from: '2026-12-01', to: '2026-12-02', timeZone: 'UTC', durationMinutes: 30, maxSlots: 3 })
  t.same(result.windows, [
    { start: '2026-12-01T14:00:00Z', end: '2026-12-01T16:00:00Z' },
    { start: '2026-12-02T14:00:00Z', end: '2026-12-02T16:00:00Z' }
  ])
  t.same(result.slots, [
    { start: '2026-12-01T14:00:00Z', end: '2026-12-01T14:30:00Z', score: 1, outsideHours: [] },
    { start: '2026-12-01T14:15:00Z', end: '2026-12-01T14:45:00Z', score: 1, outsideHours: [] },
    { start: '2026-12-01T14:30:00Z', end: '2026-12-01T15:00:00Z', score: 1, outsideHours: [] }
  ])
})

t.test('the overlap shrinks to one hour in the weeks when only New York is on summer time', async (t) => {
  const result = findOverlap({ participants: [berlin, newYork], from: '2026-03-10', to: '2026-03-10', timeZone: 'UTC', durationMinutes: 30 })
  t.same(result.windows, [{ start: '2026-03-10T13:00:00Z', end: '2026-03-10T16:00:00Z' }], 'NY 09:00 EDT is 13:00Z')
  const after = findOverlap({ participants: [berlin, newYork], from: '2026-03-31', to: '2026-03-31', timeZone: 'UTC', durationMinutes: 30 })
  t.same(after.windows, [{ start: '2026-03-31T13:00:00Z', end: '2026-03-31T15:00:00Z' }], 'both on summer time')
})

t.test('a window spanning UTC midnight stays one window', async (t) => {
  const auckland = person('a@x', 'Pacific/Auckland')
  const sydney = person('s@x', 'Australia/Sydney')
  const result = findOverlap({ participants: [auckland, sydney], from: '2026-03-03', to: '2026-03-03', timeZone: 'Australia/Sydney', durationMinutes: 60 })
  t.same(result.windows, [{ start: '2026-03-02T22:00:00Z', end: '2026-03-03T04:00:00Z' }])
})

t.test('windows merge across local midnight for round-the-clock people', async (t) => {
  const always = hours('00:00', '24:00', [1, 2, 3, 4, 5, 6, 7])
  const result = findOverlap({
    participants: [person('a@x', 'Asia/Kathmandu', { workingHours: always }), person('b@x', 'UTC', { workingHours: always })],
    from: '2026-03-02',
    to: '2026-03-04',
    timeZone: 'Asia/Kathmandu',
    durationMinutes: 30,
    maxSlots: 1
  })
  t.same(result.windows, [{ start: '2026-03-01T18:15:00Z', end: '2026-03-04T18:15:00Z' }])
  t.same(result.slots.map(s => s.start), ['2026-03-01T18:15:00Z'], 'their nights are working time: the range\'s first slot')
})

t.test('date line: Kiritimati Tuesday to Friday meets Pago Pago Monday to Thursday', async (t) => {
  const result = findOverlap({
    participants: [person('k@x', 'Pacific/Kiritimati'), person('p@x', 'Pacific/Pago_Pago')],
    from: '2026-03-02',
    to: '2026-03-08',
    timeZone: 'UTC',
    durationMinutes: 60,
    maxSlots: 1
  })
  t.same(result.windows, ['02', '03', '04', '05'].map(d => ({
    start: `2026-03-${d}T20:00:00Z`, end: `2026-03-${String(Number(d) + 1).padStart(2, '0')}T03:00:00Z`
  })))
  t.same(result.slots, [{ start: '2026-03-02T20:00:00Z', end: '2026-03-02T21:00:00Z', score: 1, outsideHours: [] }])
})

t.test('no overlap: empty windows, slots ranked by weighted minutes outside and never at night', async (t) => {
  const pago = person('p@x', 'Pacific/Pago_Pago')
  const result = findOverlap({ participants: [berlin, pago], from: '2026-12-01', to: '2026-12-01', timeZone: 'UTC', durationMinutes: 60, maxSlots: 2 })
  t.same(result.windows, [])
  t.same(result.slots, [
    { start: '2026-12-01T08:00:00Z', end: '2026-12-01T09:00:00Z', score: 0.5, outsideHours: [{ email: 'p@x', minutes: 60 }] },
    { start: '2026-12-01T08:15:00Z', end: '2026-12-01T09:15:00Z', score: 0.5, outsideHours: [{ email: 'p@x', minutes: 60 }] }
  ])
})

t.test('among slots as costly as each other, those that keep everyone out of their late evening come before earlier ones', async (t) => {
  const utc = person('a@x.com', 'UTC')
  const tokyo = person('b@x.com', 'Asia/Tokyo')
  const result = findOverlap({ participants: [utc, tokyo], from: '2026-12-01', to: '2026-12-01', timeZone: 'Pacific/Pago_Pago', durationMinutes: 45, maxSlots: 8 })
  t.same(result.slots.map(s => [s.start, s.score]), [
    ['2026-12-02T06:00:00Z', 0.5], ['2026-12-02T06:15:00Z', 0.5], ['2026-12-02T06:30:00Z', 0.5], ['2026-12-02T06:45:00Z', 0.5],
    ['2026-12-02T07:00:00Z', 0.5], ['2026-12-02T07:15:00Z', 0.5], ['2026-12-02T09:00:00Z', 0.5], ['2026-12-02T09:15:00Z', 0.5]
  ], 'Tokyo at 15:00-17:00 or 18:00-19:00, not the earlier 20:00-24:00 from 11:00Z on 1 December')
})

t.test('optional participants weigh a third of required ones', async (t) => {
  const optionalTokyo = person('t@x', 'Asia/Tokyo', { attendance: 'optional' })
  const result = findOverlap({ participants: [berlin, optionalTokyo], from: '2026-12-01', to: '2026-12-01', timeZone: 'UTC', durationMinutes: 60, maxSlots: 1 })
  t.same(result.windows, [{ start: '2026-12-01T08:00:00Z', end: '2026-12-01T16:00:00Z' }], 'only the required person shapes windows')
  t.same(result.slots, [
    { start: '2026-12-01T08:00:00Z', end: '2026-12-01T09:00:00Z', score: 0.75, outsideHours: [{ email: 't@x', minutes: 60 }] }
  ], 'an hour outside for optional Tokyo costs less than an hour outside for required Berlin')
})

t.test('night slots appear only when nothing else exists', async (t) => {
  const result = findOverlap({ participants: [berlin], from: '2026-12-01', to: '2026-12-01', timeZone: 'Europe/Berlin', durationMinutes: 24 * 60 })
  t.same(result.slots, [{ start: '2026-11-30T23:00:00Z', end: '2026-12-01T23:00:00Z', score: 0.33, outsideHours: [{ email: 'ana@example.com', minutes: 960 }] }])
})

t.test('short windows are kept, windows under a minute are not', async (t) => {
  const shortDay = person('s@x', 'UTC', { workingHours: hours('10:00', '10:20') })
  const result = findOverlap({ participants: [shortDay], from: '2026-12-01', to: '2026-12-01', timeZone: 'UTC', durationMinutes: 60 })
  t.same(result.windows, [{ start: '2026-12-01T10:00:00Z', end: '2026-12-01T10:20:00Z' }])
})

t.test('slots sit on UTC quarter hours inside the range, for 45-minute offsets too', async (t) => {
  for (const timeZone of ['Asia/Kathmandu', 'Australia/Eucla', 'America/St_Johns', 'Australia/Lord_Howe']) {
    const result = findOverlap({ participants: [person('x@x', timeZone), berlin], from: '2026-10-02', to: '2026-10-05', timeZone, durationMinutes: 50, maxSlots: 50 })
    for (const slot of result.slots) {
      const start = Date.parse(slot.start)
      t.equal(start % (15 * 60_000), 0, `${timeZone} ${slot.start}`)
      t.equal(Date.parse(slot.end) - start, 50 * 60_000)
    }
    t.equal(result.slots.length, 50)
  }
})

t.test('malformed dates and reversed ranges are RangeErrors', async (t) => {
  const base = { participants: [berlin], timeZone: 'UTC', durationMinutes: 30 }
  t.throws(() => findOverlap({ ...base, from: '2026-02-30', to: '2026-03-01' }), RangeError)
  t.throws(() => findOverlap({ ...base, from: 'tomorrow', to: '2026-03-01' }), RangeError)
  t.throws(() => findOverlap({ ...base, from: '2026-03-02', to: '2026-03-01' }), RangeError)
})

t.test('20 participants in 10 zones over 31 days: windows sorted and disjoint, slots on the grid', async (t) => {
  const zones = ['America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Kathmandu',
    'Australia/Eucla', 'America/St_Johns', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Riyadh']
  const participants = Array.from({ length: 20 }, (_, i) =>
    person(`p${i}@x`, zones[i % zones.length] as string, { attendance: i % 3 === 0 ? 'optional' : 'required' }))
  const result = findOverlap({ participants, from: '2026-03-01', to: '2026-03-31', timeZone: 'UTC', durationMinutes: 30 })
  for (let i = 1; i < result.windows.length; i++) t.ok(result.windows[i - 1]!.end < result.windows[i]!.start)
  t.equal(result.slots.length, 10)
  for (const slot of result.slots) t.equal(Date.parse(slot.start) % (15 * 60_000), 0)
  for (let i = 1; i < result.slots.length; i++) t.ok(result.slots[i - 1]!.score >= result.slots[i]!.score, 'ranked')
})

t.test('with nobody required every participant shapes the windows', async (t) => {
  const optional = [{ ...berlin, attendance: 'optional' as const }, { ...newYork, attendance: 'optional' as const }]
  const result = findOverlap({ participants: optional, from: '2026-12-01', to: '2026-12-01', timeZone: 'UTC', durationMinutes: 30, maxSlots: 1 })
  t.same(result.windows, [{ start: '2026-12-01T14:00:00Z', end: '2026-12-01T16:00:00Z' }])
})

t.test('no participants: the whole range is a window and every slot scores 1', async (t) => {
  const result = findOverlap({ participants: [], from: '2026-12-01', to: '2026-12-01', timeZone: 'UTC', durationMinutes: 30, maxSlots: 1 })
  t.same(result, {
    windows: [{ start: '2026-12-01T00:00:00Z', end: '2026-12-02T00:00:00Z' }],
    slots: [{ start: '2026-12-01T00:00:00Z', end: '2026-12-01T00:30:00Z', score: 1, outsideHours: [] }]
  })
})

t.test('a zero duration gives windows but no slots', async (t) => {
  const result = findOverlap({ participants: [berlin], from: '2026-12-01', to: '2026-12-01', timeZone: 'UTC', durationMinutes: 0 })
  t.equal(result.windows.length, 1)
  t.same(result.slots, [])
})

t.test('the small hours inside someone\'s working hours are no night for them', async (t) => {
  const early = person('e@x', 'UTC', { workingHours: hours('04:00', '12:00') })
  const result = findOverlap({ participants: [early], from: '2026-12-01', to: '2026-12-01', timeZone: 'UTC', durationMinutes: 60, maxSlots: 1 })
  t.same(result.slots, [{ start: '2026-12-01T04:00:00Z', end: '2026-12-01T05:00:00Z', score: 1, outsideHours: [] }],
    'their day starts at 04:00: the first hour of it is theirs')
})

t.test('an optional participant\'s night does not push out slots that keep every required one inside hours', async (t) => {
  const optionalAuckland = person('o@x', 'Pacific/Auckland', { attendance: 'optional' })
  const result = findOverlap({ participants: [berlin, optionalAuckland], from: '2026-12-01', to: '2026-12-01', timeZone: 'UTC', durationMinutes: 240, maxSlots: 1 })
  t.same(result.slots, [
    { start: '2026-12-01T08:00:00Z', end: '2026-12-01T12:00:00Z', score: 0.75, outsideHours: [{ email: 'o@x', minutes: 240 }] }
  ], 'Berlin 09:00-13:00 runs past midnight in Auckland; 07:00Z, an hour outside for Berlin, was chosen instead')
})

t.test('among as costly slots, an optional participant at night comes after one late in the evening', async (t) => {
  const optionalAuckland = person('o@x', 'Pacific/Auckland', { attendance: 'optional' })
  const result = findOverlap({ participants: [berlin, optionalAuckland], from: '2026-12-01', to: '2026-12-01', timeZone: 'UTC', durationMinutes: 60, maxSlots: 20 })
  t.same(result.slots.slice(8, 10).map(s => s.start), ['2026-12-01T10:00:00Z', '2026-12-01T10:15:00Z'],
    'Auckland 21:00-24:00 first (08:00Z to 10:00Z), then the slots that run into its night, earliest first')
  t.ok(result.slots.every(s => s.score === 0.75))
})

t.test('a slot with anyone outside hours scores below 1, however few the minutes', async (t) => {
  const team = Array.from({ length: 20 }, (_, i) => person(`p${i}@x`, 'UTC'))
  const leavesEarly = person('early@x', 'UTC', { workingHours: hours('09:00', '16:45') })
  const result = findOverlap({ participants: [...team, leavesEarly], from: '2026-12-01', to: '2026-12-01', timeZone: 'UTC', durationMinutes: 480, maxSlots: 1 })
  t.same(result.slots, [
    { start: '2026-12-01T09:00:00Z', end: '2026-12-01T17:00:00Z', score: 0.99, outsideHours: [{ email: 'early@x', minutes: 15 }] }
  ], '45 of 30,240 weighted minutes outside were rounded to 1, as if everyone were inside')
})
