// RFC 3339 instants as the whole service reads them: the check behind the date-time format, pure for the client too.
import { daysInMonth } from './local-days.js'

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/

/** RFC 3339 date-time as every part of the service reads it (Date.parse, luxon, PostgreSQL): "T" between date and
 * time (not a space), no leap second (no clock here has one), a real day of the month, years 0001-9999 as written and
 * in UTC (0001-01-01T00:00:00+14:00 is in year 0, which PostgreSQL has not; 9999-12-31T23:00:00-14:00 in 10000). */
export function isInstant (value: string): boolean {
  const m = DATE_TIME.exec(value)
  if (m === null) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (year < 1 || day < 1 || day > daysInMonth(year, month)) return false
  const utcYear = new Date(value).getUTCFullYear()
  return utcYear >= 1 && utcYear <= 9999
}
