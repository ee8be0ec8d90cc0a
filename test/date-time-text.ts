// fast-check text shaped like RFC 3339 date-times, with every part sometimes out of range: valid and invalid alike.
import fc from 'fast-check'

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

export const dateTimeText = fc.record({
  year: fc.integer({ min: 0, max: 9999 }),
  month: fc.integer({ min: 0, max: 13 }),
  day: fc.integer({ min: 0, max: 32 }),
  hour: fc.integer({ min: 0, max: 24 }),
  minute: fc.integer({ min: 0, max: 60 }),
  second: fc.integer({ min: 0, max: 60 }),
  fraction: fc.constantFrom('', '.5', '.123', '.1239', '.999999', '.123456789'),
  offset: fc.constantFrom('Z', 'z', '+00:00', '-00:00', '+05:30', '+05:45', '-03:30', '+14:00', '-12:00', '+23:59', '+24:00', ''),
  separator: fc.constantFrom('T', 't', ' ')
}).map(v => `${pad(v.year, 4)}-${pad(v.month)}-${pad(v.day)}${v.separator}${pad(v.hour)}:${pad(v.minute)}:${pad(v.second)}${v.fraction}${v.offset}`)
