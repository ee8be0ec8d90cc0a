// CalendarInputError: a calendar input that cannot become a proposal, answered as a 400 problem that says why;
// NotAMeeting: an event that is not a meeting (out of office, a holiday), answered as a 422 /problems/not-a-meeting.
import type { FieldError } from '../errors.js'
import type { ProblemSlug } from '../problem-types.js'
import { quoted } from '../domain/quote.js'

export class CalendarInputError extends Error {
  readonly statusCode: number = 400
  readonly code: string = 'MEV_CALENDAR_INPUT'
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

/** An event that reads well but is no meeting to score: a status entry (out of office, focus time, where one works),
 * a special date, or an all-day event that takes nobody's time (a holiday shown as free). Scoring it as a meeting
 * gave a "Company holiday" 72 person-hours and go_async. The message says what the event is and why. */
export class NotAMeeting extends CalendarInputError {
  override readonly statusCode = 422
  override readonly code = 'MEV_NOT_A_MEETING'
  readonly problemSlug: ProblemSlug = 'not-a-meeting'

  /** `label`: the event's name in a file of several; `title`: the event's; `what` it is (where the event says so),
   * `why` that is not a meeting, and what would have it scored, when something would. */
  constructor (label: string, title: string | undefined, what: string, why: string, otherwise?: string) {
    const name = title === undefined || title.trim() === '' ? 'The event' : `The event ${quoted(title.trim())}`
    super(`${label}${name} is ${what}, not a meeting: ${why}, so it is not scored${otherwise === undefined ? '' : ` (${otherwise})`}.`)
    this.name = 'NotAMeeting'
  }
}
