// Reads the calendar fixtures written for these tests (modelled on Google, Outlook/Exchange, Apple and Thunderbird exports).
import { readFileSync } from 'node:fs'

const dir = new URL('../fixtures/calendar/', import.meta.url)

export const fixture = (name: string): string => readFileSync(new URL(name, dir), 'utf8')
export const jsonFixture = (name: string): Record<string, unknown> => JSON.parse(fixture(name)) as Record<string, unknown>

/** A one-event calendar around the given VEVENT lines, CRLF-terminated. */
export function ics (...lines: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tests//EN', 'BEGIN:VEVENT', 'UID:t-1', 'DTSTAMP:20261101T000000Z', ...lines, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n')
}
