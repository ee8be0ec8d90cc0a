// Tests of per-meeting time-zone facts: local starts, minutes outside, the day's overlap and suggested slots.
import t from 'tap'
import { DateTime } from 'luxon'
import { timeZoneFacts } from '../../../src/domain/time/facts.js'
import { hours, meeting, person } from './fixtures/builders.js'

const ana = person('ana@example.com', 'Europe/Berlin', { role: 'decider' })
const bo = person('bo@example.com', 'America/New_York')
const cy = person('cy@example.com', 'UTC', { attendance: 'optional' })
const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' })

t.test('DESIGN example: Berlin is outside at 17:00, New York inside, two hours of overlap', async (t) => {
  const facts = timeZoneFacts(meeting({ participants: [ana, bo, cy] }))
  t.same(facts.participants, [
    { email: 'ana@example.com', timeZone: 'Europe/Berlin', localStart: '2026-12-01T17:00:00+01:00', withinWorkingHours: false, minutesOutside: 45, minutesAtNight: 0, minutesLate: 0 },
    { email: 'bo@example.com', timeZone: 'America/New_York', localStart: '2026-12-01T11:00:00-05:00', withinWorkingHours: true, minutesOutside: 0, minutesAtNight: 0, minutesLate: 0 },
    { email: 'cy@example.com', timeZone: 'UTC', localStart: '2026-12-01T16:00:00Z', withinWorkingHours: true, minutesOutside: 0, minutesAtNight: 0, minutesLate: 0 }
  ])
  t.equal(facts.overlapMinutes, 120)
  t.same(facts.suggestedSlots, [
    { start: '2026-12-01T15:15:00Z', end: '2026-12-01T16:00:00Z', score: 1, outsideHours: [] },
    { start: '2026-12-01T15:00:00Z', end: '2026-12-01T15:45:00Z', score: 1, outsideHours: [] },
    { start: '2026-12-01T14:45:00Z', end: '2026-12-01T15:30:00Z', score: 1, outsideHours: [] }
  ], 'the three fully inside slots closest to the original start')
})

t.test('no suggestions when every required participant is inside hours', async (t) => {
  const lateForOptional = person('cy@example.com', 'Asia/Kolkata', { attendance: 'optional' })
  const facts = timeZoneFacts(meeting({ start: at('2026-12-01T14:00:00Z'), participants: [ana, bo, lateForOptional] }))
  t.equal(facts.participants[2]?.withinWorkingHours, false)
  t.same(facts.suggestedSlots, [])
})

t.test('local starts carry 30- and 45-minute offsets', async (t) => {
  const people = [person('k@x', 'Asia/Kathmandu'), person('e@x', 'Australia/Eucla'), person('s@x', 'America/St_Johns'),
    person('i@x', 'Asia/Kolkata'), person('l@x', 'Australia/Lord_Howe')]
  const facts = timeZoneFacts(meeting({ start: at('2026-12-01T12:00:00Z'), participants: people }))
  t.same(facts.participants.map(p => p.localStart), [
    '2026-12-01T17:45:00+05:45', '2026-12-01T20:45:00+08:45', '2026-12-01T08:30:00-03:30',
    '2026-12-01T17:30:00+05:30', '2026-12-01T23:00:00+11:00'
  ])
})

t.test('overlap is measured on the meeting zone local day and is zero when hours never meet', async (t) => {
  const pago = person('p@x', 'Pacific/Pago_Pago')
  const facts = timeZoneFacts(meeting({ start: at('2026-12-01T09:00:00Z'), participants: [ana, pago] }))
  t.equal(facts.overlapMinutes, 0)
  const kiritimati = person('k@x', 'Pacific/Kiritimati')
  const dateline = timeZoneFacts(meeting({
    start: at('2026-12-01T20:00:00Z'), timeZone: 'Pacific/Pago_Pago', participants: [pago, kiritimati]
  }))
  t.equal(dateline.overlapMinutes, 7 * 60, 'Pago Pago Tuesday 09:00-16:00 is Kiritimati Wednesday 10:00-17:00')
  t.equal(dateline.participants[1]?.localStart, '2026-12-02T10:00:00+14:00')
})

t.test('a Friday meeting is outside hours in Riyadh and gets a Sunday suggestion', async (t) => {
  const riyadh = person('r@x', 'Asia/Riyadh', { workingHours: hours('09:00', '17:00', [7, 1, 2, 3, 4]) })
  const facts = timeZoneFacts(meeting({
    start: at('2026-12-04T08:00:00Z'), durationMinutes: 60, timeZone: 'Asia/Riyadh', participants: [riyadh]
  }))
  t.equal(facts.participants[0]?.minutesOutside, 60)
  t.equal(facts.overlapMinutes, 0, 'nobody works on Friday')
  t.same(facts.suggestedSlots.map(s => s.start), ['2026-12-06T06:00:00Z', '2026-12-06T06:15:00Z', '2026-12-06T06:30:00Z'])
})

t.test('suggestions avoid anyone\'s night and are ranked by weighted minutes outside', async (t) => {
  const pago = person('p@x', 'Pacific/Pago_Pago')
  const facts = timeZoneFacts(meeting({ start: at('2026-12-01T12:00:00Z'), durationMinutes: 60, participants: [ana, pago] }))
  t.ok(facts.suggestedSlots.length > 0)
  for (const slot of facts.suggestedSlots) {
    t.equal(slot.score, 0.5, `${slot.start} has one of two people outside`)
    for (const zone of ['Europe/Berlin', 'Pacific/Pago_Pago']) {
      const start = DateTime.fromISO(slot.start, { zone })
      const end = DateTime.fromISO(slot.end, { zone })
      t.ok(start.hour >= 6 && (end.hour >= 6 || (end.hour === 0 && end.minute === 0)), `${slot.start} not at night in ${zone}`)
    }
  }
})

t.test('among suggestions as costly as each other, those that keep everyone out of their late evening come first', async (t) => {
  const tokyo = person('b@x.com', 'Asia/Tokyo')
  const facts = timeZoneFacts(meeting({
    start: at('2026-12-01T16:00:00Z'), timeZone: 'UTC', participants: [person('a@x.com', 'UTC'), tokyo, person('c@x.com', 'UTC')]
  }))
  t.same(facts.suggestedSlots, [
    { start: '2026-12-01T10:15:00Z', end: '2026-12-01T11:00:00Z', score: 0.67, outsideHours: [{ email: 'b@x.com', minutes: 45 }] },
    { start: '2026-12-01T10:00:00Z', end: '2026-12-01T10:45:00Z', score: 0.67, outsideHours: [{ email: 'b@x.com', minutes: 45 }] },
    { start: '2026-12-01T09:45:00Z', end: '2026-12-01T10:30:00Z', score: 0.67, outsideHours: [{ email: 'b@x.com', minutes: 45 }] }
  ], 'Tokyo ends by 20:00; 14:15Z, closer to 16:00Z and as costly, would keep Tokyo until midnight')
  const later = timeZoneFacts(meeting({
    start: at('2026-12-01T16:00:00Z'),
    timeZone: 'UTC',
    participants: [person('a@x.com', 'UTC'), tokyo],
    asOf: at('2026-12-01T11:00:00Z')
  }))
  t.same(later.suggestedSlots.map(s => s.start), ['2026-12-02T06:00:00Z', '2026-12-02T06:15:00Z', '2026-12-02T06:30:00Z'],
    'after 11:00Z every slot that day runs into the evening in Tokyo: the next morning in UTC costs as little and does not')
})

t.test('a meeting nobody joins at night gets no suggestion at night, however few minutes it has outside hours', async (t) => {
  // London 22:15 and Santiago 18:15 are outside hours, Pago Pago 10:15 inside; every start with fewer minutes outside
  // is before 06:00 in Pago Pago, so nothing better exists.
  const people = [person('p0@x', 'America/Santiago', { attendance: 'optional' }), person('p1@x', 'Europe/London'), person('p2@x', 'Pacific/Pago_Pago')]
  const facts = timeZoneFacts(meeting({ start: at('2026-10-23T21:15:00Z'), durationMinutes: 15, participants: people }))
  t.equal(facts.participants[1]?.minutesOutside, 15)
  t.same(facts.participants.map(p => p.minutesAtNight), [0, 0, 0])
  t.same(facts.suggestedSlots, [])
  // Tokyo and Kiritimati: the same rule on another pair (a 05:00 Tokyo slot was offered).
  const pacific = timeZoneFacts(meeting({ start: at('2026-06-11T21:15:00Z'), participants: [person('t@x', 'Asia/Tokyo'), person('k@x', 'Pacific/Kiritimati')] }))
  t.same(pacific.participants.map(p => p.minutesAtNight), [0, 0])
  for (const slot of pacific.suggestedSlots) {
    for (const zone of ['Asia/Tokyo', 'Pacific/Kiritimati']) {
      t.ok(DateTime.fromISO(slot.start, { zone }).hour >= 6, `${slot.start} not at night in ${zone}`)
    }
  }
})

t.test('night minutes show for a participant in the small hours', async (t) => {
  const kolkata = person('k@x', 'Asia/Kolkata')
  const facts = timeZoneFacts(meeting({ start: at('2026-12-01T20:00:00Z'), participants: [kolkata] }))
  t.match(facts.participants[0], { localStart: '2026-12-02T01:30:00+05:30', minutesOutside: 45, minutesAtNight: 45, minutesLate: 45 })
})

t.test('suggestions reach the next days on which everyone required works, however far that is within two weeks', async (t) => {
  const london = person('ana@example.com', 'Europe/London')
  const mondaysAndTuesdays = person('pt@example.com', 'Europe/London', { workingHours: hours('09:00', '17:00', [1, 2]) })
  const wednesday = meeting({ start: at('2026-12-02T10:00:00Z'), durationMinutes: 60, timeZone: 'Europe/London', participants: [london, mondaysAndTuesdays] })
  const facts = timeZoneFacts(wednesday)
  t.equal(facts.participants[1]?.withinWorkingHours, false)
  t.same(facts.suggestedSlots.map(s => s.start), ['2026-12-07T09:00:00Z', '2026-12-07T09:15:00Z', '2026-12-07T09:30:00Z'],
    'Monday, the first day both work (Thursday to Sunday were all that was searched before: no slot at all)')
  const onlyWednesdays = person('we@example.com', 'UTC', { workingHours: hours('10:00', '12:00', [3]) })
  const saturday = meeting({ start: at('2026-12-05T10:00:00Z'), durationMinutes: 60, timeZone: 'UTC', participants: [onlyWednesdays] })
  t.same(timeZoneFacts(saturday).suggestedSlots.map(s => s.start), ['2026-12-09T10:00:00Z', '2026-12-09T10:15:00Z', '2026-12-09T10:30:00Z'])
  const nobodyShares = meeting({ start: at('2026-12-05T10:00:00Z'), durationMinutes: 60, timeZone: 'UTC', participants: [onlyWednesdays, mondaysAndTuesdays] })
  t.same(timeZoneFacts(nobodyShares).suggestedSlots.map(s => s.start).filter(s => s > '2026-12-20'), [], 'the search stops after two weeks')
})

t.test('no suggestion starts before asOf, for a meeting still ahead or one already past', async (t) => {
  const ahead = timeZoneFacts(meeting({ participants: [ana, bo, cy], asOf: at('2026-12-01T15:10:00Z') }))
  t.same(ahead.suggestedSlots.map(s => s.start), ['2026-12-01T15:15:00Z', '2026-12-02T14:00:00Z', '2026-12-02T14:15:00Z'],
    'the 15:00 and 14:45 slots had begun by asOf; the next best are the next day')
  const past = timeZoneFacts(meeting({ participants: [ana, bo, cy], asOf: at('2026-12-08T00:00:00Z') }))
  t.same(past.suggestedSlots.map(s => s.start), ['2026-12-08T14:00:00Z', '2026-12-08T14:15:00Z', '2026-12-08T14:30:00Z'],
    'a week later the slots of 1 December are gone: the search starts on the day of asOf')
  const sameDay = timeZoneFacts(meeting({ participants: [ana, bo, cy], asOf: at('2026-12-01T17:00:00Z') }))
  t.same(sameDay.suggestedSlots.map(s => s.start), ['2026-12-02T14:00:00Z', '2026-12-02T14:15:00Z', '2026-12-02T14:30:00Z'],
    'an hour after the meeting, nothing better is left that day')
})

t.test('someone whose day runs to 22:00 is not in their late evening at 21:00', async (t) => {
  const evenings = person('e@x', 'Europe/Berlin', { workingHours: hours('14:00', '22:00') })
  const facts = timeZoneFacts(meeting({ start: at('2026-12-01T20:00:00Z'), participants: [evenings] }))
  t.match(facts.participants[0], { localStart: '2026-12-01T21:00:00+01:00', withinWorkingHours: true, minutesOutside: 0, minutesAtNight: 0, minutesLate: 0 })
})

t.test('suggestions keep every required participant inside hours even when an optional one is then at night', async (t) => {
  const optionalAuckland = person('o@x', 'Pacific/Auckland', { attendance: 'optional' })
  const facts = timeZoneFacts(meeting({ start: at('2026-12-01T17:00:00Z'), durationMinutes: 240, participants: [ana, optionalAuckland] }))
  t.same(facts.suggestedSlots, [
    { start: '2026-12-01T12:00:00Z', end: '2026-12-01T16:00:00Z', score: 0.75, outsideHours: [{ email: 'o@x', minutes: 240 }] },
    { start: '2026-12-01T11:45:00Z', end: '2026-12-01T15:45:00Z', score: 0.75, outsideHours: [{ email: 'o@x', minutes: 240 }] },
    { start: '2026-12-01T11:30:00Z', end: '2026-12-01T15:30:00Z', score: 0.75, outsideHours: [{ email: 'o@x', minutes: 240 }] }
  ], 'Berlin 13:00-17:00 is 02:00-06:00 in Auckland: the optional participant costs their minutes, not the slot')
})
