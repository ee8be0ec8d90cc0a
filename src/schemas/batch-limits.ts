// The batch route's limits, in a module of their own (no imports) so that the command-line client sizes its requests
// by the same numbers without loading the schemas.

export const MAX_BATCH = 1000
/** VEVENTs of one calendar batch, changed occurrences of its series included (they are not events of their own). */
export const MAX_BATCH_VEVENTS = 10 * MAX_BATCH
/** Participants of all the meetings of one JSON or iCalendar batch together: its answer is built in memory
 * (1000 meetings of 200 people would answer ~90 MB); NDJSON streams any number. */
export const MAX_BATCH_PARTICIPANTS = 20_000
export const MAX_LINE_BYTES = 1_048_576
/** Body limit of the JSON and text/calendar forms: 1000 meetings need more than the global 1 MB. */
export const BATCH_BODY_LIMIT = 16 * 1_048_576
