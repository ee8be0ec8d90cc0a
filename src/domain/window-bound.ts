// Bounds of a time window (from inclusive, to exclusive) read at the millisecond precision instants are stored with.

/** The last millisecond every part of the service and PostgreSQL can hold. */
const LAST_MS = Date.parse('9999-12-31T23:59:59.999Z')

/** The first millisecond at or after `text`, a valid RFC 3339 instant: stored instants have whole milliseconds, so
 * for a stored t, `t >= text` and `t < text` hold exactly when they hold against it. Date reads only the first three
 * digits of the fraction, so 10:00:00.2375Z would include (as a from) or leave out (as a to) a row of 10:00:00.237Z. */
export function windowBound (text: string): Date {
  const read = Date.parse(text)
  const beyond = /\.\d{3}(\d+)/.exec(text)?.[1] ?? ''
  return new Date(/[1-9]/.test(beyond) ? Math.min(read + 1, LAST_MS) : read)
}
