// Microsoft Graph patternedRecurrence (pattern + range) to an RFC 5545 RRULE.
import { CalendarInputError } from './errors.js'
import { isObject, type Json } from './json.js'

const DAYS: Record<string, string> = { sunday: 'SU', monday: 'MO', tuesday: 'TU', wednesday: 'WE', thursday: 'TH', friday: 'FR', saturday: 'SA' }
const INDEX: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 }

function fail (path: string, message: string): never {
  throw new CalendarInputError(`/recurrence/${path} ${message}.`, `/recurrence/${path}`)
}

function integer (value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(path, `must be an integer from ${min} to ${max}`)
  return value
}

function byDay (pattern: Json): string {
  const days = pattern.daysOfWeek
  if (!Array.isArray(days) || days.length === 0) fail('pattern/daysOfWeek', 'must list at least one day such as "tuesday"')
  return days.map((d, i) => DAYS[String(d).toLowerCase()] ?? fail(`pattern/daysOfWeek/${i}`, 'must be a day name such as "tuesday"')).join(',')
}

function setPos (pattern: Json): string {
  const index = pattern.index ?? 'first'
  const pos = INDEX[String(index).toLowerCase()]
  if (pos === undefined) fail('pattern/index', 'must be first, second, third, fourth or last')
  return `BYSETPOS=${pos}`
}

function patternParts (pattern: Json): string[] {
  // Graph writes lower camel case ("absoluteMonthly"); exports from other tools capitalise ("AbsoluteMonthly").
  const type = String(pattern.type ?? '').toLowerCase()
  const interval = pattern.interval === undefined ? 1 : integer(pattern.interval, 'pattern/interval', 1, 99)
  const every = interval > 1 ? [`INTERVAL=${interval}`] : []
  const month = () => `BYMONTH=${integer(pattern.month, 'pattern/month', 1, 12)}`
  const dayOfMonth = () => `BYMONTHDAY=${integer(pattern.dayOfMonth, 'pattern/dayOfMonth', 1, 31)}`
  switch (type) {
    case 'daily': return ['FREQ=DAILY', ...every]
    case 'weekly': {
      const first = DAYS[String(pattern.firstDayOfWeek ?? 'sunday').toLowerCase()]
      return ['FREQ=WEEKLY', ...every, `BYDAY=${byDay(pattern)}`, ...(interval === 1 || first === undefined || first === 'MO' ? [] : [`WKST=${first}`])]
    }
    case 'absolutemonthly': return ['FREQ=MONTHLY', ...every, dayOfMonth()]
    case 'relativemonthly': return ['FREQ=MONTHLY', ...every, `BYDAY=${byDay(pattern)}`, setPos(pattern)]
    case 'absoluteyearly': return ['FREQ=YEARLY', ...every, month(), dayOfMonth()]
    case 'relativeyearly': return ['FREQ=YEARLY', ...every, month(), `BYDAY=${byDay(pattern)}`, setPos(pattern)]
    default: return fail('pattern/type', 'must be daily, weekly, absoluteMonthly, relativeMonthly, absoluteYearly or relativeYearly')
  }
}

function rangeParts (range: Json | undefined): string[] {
  const type = String(range?.type ?? 'noEnd').toLowerCase()
  if (type === 'noend') return []
  if (type === 'numbered') return [`COUNT=${integer(range?.numberOfOccurrences, 'range/numberOfOccurrences', 1, 999_999)}`]
  if (type === 'enddate') {
    const end = String(range?.endDate ?? '')
    if (!/^\d{4}-\d{2}-\d{2}$/.test(end)) fail('range/endDate', 'must be a date YYYY-MM-DD')
    return [`UNTIL=${end.replaceAll('-', '')}`]
  }
  return fail('range/type', 'must be endDate, noEnd or numbered')
}

/** The RRULE for a Graph recurrence; the end date is inclusive, a date in the meeting's zone as Graph means it. */
export function graphRecurrenceToRrule (recurrence: unknown): string {
  if (!isObject(recurrence) || !isObject(recurrence.pattern)) throw new CalendarInputError('/recurrence/pattern is required in a recurrence.', '/recurrence/pattern')
  const range = isObject(recurrence.range) ? recurrence.range : undefined
  return [...patternParts(recurrence.pattern), ...rangeParts(range)].join(';')
}
