// CalendarInputError: a calendar input that cannot become a proposal, answered as a 400 problem that says why.
import type { FieldError } from '../errors.js'

export class CalendarInputError extends Error {
  readonly statusCode = 400
  readonly code = 'MEV_CALENDAR_INPUT'
  /** Field errors for the problem body: given, or the one at `path` when it is a JSON pointer into a JSON resource. */
  readonly errors?: FieldError[]

  /** `path`: the iCalendar property (DTSTART) or JSON pointer (/start/timeZone) at fault, when one is; `errors`: the
   * proposal fields at fault, when the event is refused as a proposal would be. */
  constructor (message: string, readonly path?: string, errors?: FieldError[]) {
    super(message)
    this.name = 'CalendarInputError'
    if (errors !== undefined) this.errors = errors
    else if (path?.startsWith('/') === true) this.errors = [{ path, message }]
  }
}
