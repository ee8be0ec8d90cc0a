// Microsoft Graph recurrence patterns and ranges as RRULEs.
import t from 'tap'
import { CalendarInputError } from '../../src/calendar/errors.js'
import { graphRecurrenceToRrule } from '../../src/calendar/graph-recurrence.js'

/** The path of the CalendarInputError the conversion throws. */
function pathOf (recurrence: unknown): string | undefined {
  try {
    graphRecurrenceToRrule(recurrence)
  } catch (error) {
    if (error instanceof CalendarInputError) return error.path
    throw error
  }
  return undefined
}

const noEnd = { type: 'noEnd', startDate: '2026-12-01' }

t.test('converts each pattern type', async t => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ type: 'daily', interval: 2 }, 'FREQ=DAILY;INTERVAL=2'],
    [{ type: 'weekly', interval: 1, daysOfWeek: ['monday', 'Wednesday'], firstDayOfWeek: 'sunday' }, 'FREQ=WEEKLY;BYDAY=MO,WE'],
    [{ type: 'weekly', interval: 2, daysOfWeek: ['tuesday'], firstDayOfWeek: 'sunday' }, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=SU'],
    [{ type: 'absoluteMonthly', interval: 1, dayOfMonth: 15 }, 'FREQ=MONTHLY;BYMONTHDAY=15'],
    [{ type: 'relativeMonthly', interval: 3, daysOfWeek: ['friday'], index: 'last' }, 'FREQ=MONTHLY;INTERVAL=3;BYDAY=FR;BYSETPOS=-1'],
    [{ type: 'absoluteYearly', interval: 1, month: 6, dayOfMonth: 30 }, 'FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30'],
    [{ type: 'relativeYearly', interval: 1, month: 11, daysOfWeek: ['thursday'], index: 'fourth' }, 'FREQ=YEARLY;BYMONTH=11;BYDAY=TH;BYSETPOS=4']
  ]
  for (const [pattern, rule] of cases) t.equal(graphRecurrenceToRrule({ pattern, range: noEnd }), rule, String(pattern.type))
})

t.test('converts each range type', async t => {
  const pattern = { type: 'daily', interval: 1 }
  t.equal(graphRecurrenceToRrule({ pattern, range: { type: 'endDate', endDate: '2027-03-31' } }), 'FREQ=DAILY;UNTIL=20270331')
  t.equal(graphRecurrenceToRrule({ pattern, range: { type: 'numbered', numberOfOccurrences: 10 } }), 'FREQ=DAILY;COUNT=10')
  t.equal(graphRecurrenceToRrule({ pattern }), 'FREQ=DAILY')
})

t.test('names the field of a bad pattern or range', async t => {
  t.equal(pathOf({ pattern: { type: 'absoluteMonthly', dayOfMonth: 32 } }), '/recurrence/pattern/dayOfMonth')
  t.equal(pathOf({ pattern: { type: 'relativeMonthly', daysOfWeek: ['monday'], index: 'fifth' } }), '/recurrence/pattern/index')
  t.equal(pathOf({ pattern: { type: 'daily', interval: 0 } }), '/recurrence/pattern/interval')
  t.equal(pathOf({ pattern: { type: 'daily' }, range: { type: 'numbered', numberOfOccurrences: 0 } }), '/recurrence/range/numberOfOccurrences')
  t.equal(pathOf({ pattern: { type: 'daily' }, range: { type: 'endDate', endDate: 'soon' } }), '/recurrence/range/endDate')
  t.equal(pathOf({ pattern: { type: 'daily' }, range: { type: 'forever' } }), '/recurrence/range/type')
  t.equal(pathOf('weekly'), '/recurrence/pattern')
})

t.test('pattern and range types are read in any letter case, as some tools export them', async t => {
  t.equal(graphRecurrenceToRrule({ pattern: { type: 'RelativeMonthly', daysOfWeek: ['Tuesday'], index: 'First' }, range: { type: 'EndDate', endDate: '2027-06-30' } }),
    'FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1;UNTIL=20270630')
  t.equal(graphRecurrenceToRrule({ pattern: { type: 'WEEKLY', daysOfWeek: ['MONDAY'] }, range: { type: 'Numbered', numberOfOccurrences: 4 } }), 'FREQ=WEEKLY;BYDAY=MO;COUNT=4')
  t.equal(graphRecurrenceToRrule({ pattern: { type: 'Daily' }, range: { type: 'NoEnd' } }), 'FREQ=DAILY')
  t.equal(pathOf({ pattern: { type: 'fortnightly' }, range: noEnd }), '/recurrence/pattern/type')
})
