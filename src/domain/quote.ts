// Quoting what the input said in a message (a problem, a finding, an assumption) without echoing all of it.

/** The longest quoted value a message shows; longer ones are cut with an ellipsis. */
export const QUOTE_LIMIT = 80

/** `value` cut to `QUOTE_LIMIT` characters, with an ellipsis when it was longer. */
export function cut (value: string): string {
  return value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT - 1)}…` : value
}

/** `value` in double quotes, cut to `QUOTE_LIMIT` characters (a 500 KB TZID must not come back in the problem). */
export function quoted (value: string): string {
  return `"${cut(value)}"`
}
