// A large .ics file cut from its text (layoutOf, plan, readPart): the same requests as reading the whole file gives, each
// read alone as the whole file reads its events.
import t from 'tap'
import { calendarText } from '../../src/calendar/decode.js'
import { CalendarInputError, parseICalendarEach } from '../../src/calendar/index.js'
import { calendarParts } from '../../src/cli/calendar.js'
import { keeping, layoutOf, plan, readPart } from '../../src/cli/calendar-plan.js'
import { UsageError } from '../../src/cli/evaluate.js'

const people = (n: number) => Array.from({ length: n }, (_, i) => `ATTENDEE:mailto:p${i}@example.com`)
const vevent = (uid: string, ...lines: string[]) => ['BEGIN:VEVENT', `UID:${uid}`, ...lines, 'END:VEVENT']
const plain = (i: number, ...lines: string[]) => vevent(`e${i}@x`, `SUMMARY:Meeting ${i}`, 'DTSTART:20261201T100000Z', 'DURATION:PT30M', ...people(2), ...lines)
const change = (uid: string, day: number) => vevent(uid, 'SUMMARY:Moved', `RECURRENCE-ID:202612${day}T100000Z`, `DTSTART:202612${day}T110000Z`, 'DURATION:PT30M', ...people(2))
const BOM = '\u00ef\u00bb\u00bf'
const calendar = (...lines: string[][]): Buffer =>
  Buffer.from(`${BOM}\r\n${['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'X-WR-TIMEZONE:Europe/Berlin', ...lines.flat(), 'END:VCALENDAR', ''].join('\r\n')}`, 'latin1')
const offsetOf = (text: string) => /^(?:\u00ef\u00bb\u00bf)?[\t\n\v\f\r ]*/.exec(text)![0].length

/** The VEVENTs of each request as calendarParts cuts the file, having read it whole; and as plan cuts it from its text. */
function both (name: string, octets: Buffer) {
  const whole = parseICalendarEach(calendarText(octets))
  const text = octets.toString('latin1')
  const layout = layoutOf(text, offsetOf(text))!
  return { whole, layout, expected: calendarParts(name, octets, whole), planned: plan(name, layout, undefined) }
}

t.test('the requests planned from the text are those of the whole file read: series across a cut, before and after it', async t => {
  const events = Array.from({ length: 2500 }, (_, i) => i === 998 ? [...plain(i, 'RRULE:FREQ=WEEKLY'), ...change('e998@x', 8)] : plain(i))
  // A change before its series (at 2100), one at the end, one whose series is not in the file.
  const octets = calendar(change('e2100@x', 15), ...events, change('e998@x', 22), change('gone@x', 8))
  const { whole, layout, expected, planned } = both('series.ics', octets)
  t.same(planned, expected.map(p => p.vevents))
  t.equal(layout.events, whole.length)
  t.same(planned.map(p => p.length), [1003, 1000, 501])
  for (const [i, vevents] of planned.entries()) {
    t.equal(keeping(layout, vevents).toString('latin1'), expected[i]!.body().toString('latin1'), `request ${i + 1} sends the same octets`)
  }
})

t.test('where participants cut, the events are read for their count: ATTENDEE lines of people left out do not count', async t => {
  // 30 ATTENDEE lines, of which 10 declined: 20 participants each, 1000 events a request; by lines it would be 666.
  const declined = Array.from({ length: 10 }, (_, i) => `ATTENDEE;PARTSTAT=DECLINED:mailto:d${i}@example.com`)
  const { expected, planned } = both('crowded.ics', calendar(...Array.from({ length: 1500 }, (_, i) => plain(i, ...people(20).slice(2), ...declined))))
  t.same(planned, expected.map(p => p.vevents))
  t.same(planned.map(p => p.length), [1000, 500])
  const { expected: tight, planned: cut } = both('tight.ics', calendar(...Array.from({ length: 1200 }, (_, i) => plain(i, ...people(30).slice(2)))))
  t.same(cut, tight.map(p => p.vevents))
  t.same(cut.map(p => p.length), [666, 534])
})

t.test('an event that alone is more than a request takes is refused as calendarParts refuses it', async t => {
  const octets = calendar(...Array.from({ length: 1200 }, (_, i) => plain(i)), plain(1200, ...people(20_001)))
  const text = octets.toString('latin1')
  const message = 'huge.ics: the event at index 1200 (UID e1200@x) is more than the service takes in one request: ' +
    '1 events, 1 VEVENTs and 20001 participants (at most 1000, 10000 and 20000)'
  t.throws(() => calendarParts('huge.ics', octets, parseICalendarEach(calendarText(octets))), new UsageError(message))
  t.throws(() => plan('huge.ics', layoutOf(text, offsetOf(text))!, undefined), new UsageError(message))
})

t.test('a part read alone names its events as the whole file names them', async t => {
  const octets = calendar(change('e1@x', 8), plain(0), plain(1, 'RRULE:FREQ=WEEKLY'), vevent('bad@x', 'SUMMARY:No start', ...people(2)))
  const text = octets.toString('latin1')
  const layout = layoutOf(text, offsetOf(text))!
  t.same(layout.index, [-1, 0, 1, 2])
  const [bad] = readPart(layout, [3], undefined)
  t.equal((bad as CalendarInputError).message, 'VEVENT 4 (UID bad@x): The event has no DTSTART: a meeting needs a start.')
  t.equal(layoutOf('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n', 0), undefined, 'components that do not nest')
})
