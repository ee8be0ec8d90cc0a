// Timebox arithmetic of a stored agenda: do the items fit in the meeting, and by how much do they overflow.

export interface TimeboxCheck {
  /** Sum of the item minutes. */
  total: number
  /** Minutes above the meeting's duration; 0 when the items fit. */
  overflow: number
}

export function checkTimeboxes (items: ReadonlyArray<{ minutes: number }>, durationMinutes: number): TimeboxCheck {
  const total = items.reduce((sum, item) => sum + item.minutes, 0)
  return { total, overflow: Math.max(0, total - durationMinutes) }
}

/** The sentence a 422 problem carries, e.g. "The items take 70 minutes, 10 more than the 60-minute meeting". */
export function overflowMessage (check: TimeboxCheck, durationMinutes: number): string {
  return `The items take ${check.total} minutes, ${check.overflow} more than the ${durationMinutes}-minute meeting.`
}
