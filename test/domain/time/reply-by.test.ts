// Tests of the reply-by deadline: first whole working day after asOf, per required participant, the latest.
import t from 'tap'
import { DateTime } from 'luxon'
import { replyBy } from '../../../src/domain/time/reply-by.js'
import { hours, person } from './fixtures/builders.js'

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' })
const berlin = person('ana@example.com', 'Europe/Berlin')
const newYork = person('bo@example.com', 'America/New_York')

t.test('DESIGN example: Berlin and New York, asOf Wednesday 10:00Z gives Thursday 17:00 Berlin', async (t) => {
  // Berlin's Wednesday began at 08:00Z, before asOf, so Berlin's first whole day is Thursday (16:00Z). New York's
  // Wednesday begins at 14:00Z, after asOf, so it ends Wednesday 22:00Z. The latest is Berlin's.
  t.equal(replyBy([berlin, newYork], at('2026-11-25T10:00:00Z')).toISO(), '2026-11-26T16:00:00.000Z')
  t.equal(replyBy([berlin], at('2026-11-25T10:00:00Z')).toISO(), '2026-11-26T16:00:00.000Z')
  t.equal(replyBy([newYork], at('2026-11-25T10:00:00Z')).toISO(), '2026-11-25T22:00:00.000Z')
})

t.test('once New York has started its day too, the latest is Thursday 17:00 New York', async (t) => {
  t.equal(replyBy([berlin, newYork], at('2026-11-25T15:00:00Z')).toISO(), '2026-11-26T22:00:00.000Z')
})

t.test('the result is in UTC', async (t) => {
  t.equal(replyBy([berlin], DateTime.fromISO('2026-11-25T11:00:00+01:00', { setZone: true })).zoneName, 'UTC')
})

t.test('a working day that starts exactly at asOf does not count as after it', async (t) => {
  t.equal(replyBy([berlin], at('2026-11-25T08:00:00Z')).toISO(), '2026-11-26T16:00:00.000Z')
  t.equal(replyBy([berlin], at('2026-11-25T07:59:00Z')).toISO(), '2026-11-25T16:00:00.000Z')
})

t.test('skips the weekend', async (t) => {
  t.equal(replyBy([berlin], at('2026-11-27T12:00:00Z')).toISO(), '2026-11-30T16:00:00.000Z', 'Friday -> Monday')
  t.equal(replyBy([berlin], at('2026-11-28T12:00:00Z')).toISO(), '2026-11-30T16:00:00.000Z', 'Saturday -> Monday')
})

t.test('a Sunday-to-Thursday week: Thursday asOf in Riyadh gives Sunday', async (t) => {
  const riyadh = person('r@example.com', 'Asia/Riyadh', { workingHours: hours('09:00', '17:00', [7, 1, 2, 3, 4]) })
  t.equal(replyBy([riyadh], at('2026-11-26T08:00:00Z')).toISO(), '2026-11-29T14:00:00.000Z')
})

t.test('the Monday after the London clock change ends at 17:00 BST', async (t) => {
  t.equal(replyBy([person('l@x', 'Europe/London')], at('2026-03-27T12:00:00Z')).toISO(), '2026-03-30T16:00:00.000Z')
})

t.test('responseWorkingHours beyond one working day adds whole working days', async (t) => {
  const rows: Array<[number | undefined, string]> = [
    [undefined, '2026-11-26T16:00:00.000Z'],
    [4, '2026-11-26T16:00:00.000Z'],
    [8, '2026-11-26T16:00:00.000Z'],
    [9, '2026-11-27T16:00:00.000Z'],
    [20, '2026-11-30T16:00:00.000Z'],
    [40, '2026-12-02T16:00:00.000Z']
  ]
  for (const [need, expected] of rows) {
    t.equal(replyBy([berlin], at('2026-11-25T10:00:00Z'), need).toISO(), expected, `${need ?? 'default'} hours`)
  }
})

t.test('only required participants count, unless nobody is required', async (t) => {
  const optionalNewYork = { ...newYork, attendance: 'optional' as const }
  t.equal(replyBy([berlin, optionalNewYork], at('2026-11-25T15:00:00Z')).toISO(), '2026-11-26T16:00:00.000Z')
  const onlyOptional = [{ ...berlin, attendance: 'optional' as const }, optionalNewYork]
  t.equal(replyBy(onlyOptional, at('2026-11-25T15:00:00Z')).toISO(), '2026-11-26T22:00:00.000Z')
})

t.test('an overnight shift ends on the next day', async (t) => {
  const nights = person('n@x', 'Europe/Berlin', { workingHours: hours('22:00', '06:00', [1, 2, 3, 4, 5]) })
  t.equal(replyBy([nights], at('2026-11-25T10:00:00Z')).toISO(), '2026-11-26T05:00:00.000Z')
})

t.test('without any working days it falls back to asOf plus one day', async (t) => {
  const idle = person('i@x', 'Europe/Berlin', { workingHours: hours('09:00', '17:00', []) })
  t.equal(replyBy([idle], at('2026-11-25T10:00:00Z')).toISO(), '2026-11-26T10:00:00.000Z')
  t.equal(replyBy([], at('2026-11-25T10:00:00Z')).toISO(), '2026-11-26T10:00:00.000Z')
})

t.test('a response time beyond the ten-year horizon ends with the last working day in it', async (t) => {
  const end = replyBy([berlin], at('2026-11-25T10:00:00Z'), 1_000_000)
  t.ok(end.year >= 2036 && end.year <= 2037, end.toISO() ?? '')
})
