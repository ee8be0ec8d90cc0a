// The client's table rows and JSON: terminal controls from a calendar file or an answer are shown escaped, never printed raw; --json output written a result at a time.
import t from 'tap'
import stringWidth from 'string-width'
import { fit, printable, resultsJson, row, type Result } from '../../src/cli/format.js'

t.test('controls (C0, DEL, C1, bidirectional overrides) are shown as escapes; whitespace runs are one space', async t => {
  t.equal(printable('a\u001b]0;owned\u0007b\u007fc\u009b31md\u202ee'), 'a\\x1b]0;owned\\x07b\\x7fc\\x9b31md\\u202ee')
  t.equal(printable('two\r\nlines\tand  tabs'), 'two lines and tabs')
  t.equal(printable('Café – 会議 ✓'), 'Café – 会議 ✓')
  t.equal(printable('\ufeff[ a\u200bb\u00adc\u2060d\u200fe'), '\\ufeff[ a\\u200bb\\xadc\\u2060d\\u200fe', 'invisible characters are shown')
  t.equal(printable('👨\u200d👩\u200d👧 family'), '👨\u200d👩\u200d👧 family', 'the joiners emoji need are kept')
})

t.test('a row escapes the title, the problem detail and the finding code', async t => {
  const title = 'Standup\u001b[2J\u001b[31mred\u0007'
  const evaluated = row({ index: 0, verdict: 'meet', score: 90, criteria: [{ findings: [{ code: 'X\u001b[0m', severity: 'info' }] }] }, title)
  t.equal(evaluated, `     0  meet        90  ${'Standup\\x1b[2J\\x1b[31mred\\x07'.padEnd(40)}  X\\x1b[0m\n`)
  const failed = row({ index: 1, status: 400, detail: 'VEVENT 2 (UID \u009b6n): no DTSTART' }, undefined)
  t.equal(failed, '     1  error      400  -                                         VEVENT 2 (UID \\x9b6n): no DTSTART\n')
  t.notMatch(evaluated + failed, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/) // eslint-disable-line no-control-regex
})

t.test('titles fit their 40 columns by what a terminal shows: wide characters take two, marks none, nothing is cut in half', async t => {
  t.equal(fit('会議', 6), '会議  ', 'two CJK characters are four columns, padded by two')
  t.equal(fit('e\u0301te\u0301', 4), 'e\u0301te\u0301 ', 'a combining accent takes no column')
  t.equal(fit('週次の全社ミーティング：第三四半期の価格設定について決める会議です', 40), '週次の全社ミーティング：第三四半期の価… ',
    '19 wide characters (38 columns), the ellipsis and one space make 40')
  const family = '👨\u200d👩\u200d👧'
  t.equal(fit(`${'a'.repeat(38)}${family} more`, 40), `${'a'.repeat(38)}… `, 'an emoji family is kept whole or left out whole')
  t.equal(fit(`${'a'.repeat(36)}${family} more`, 40), `${'a'.repeat(36)}${family}… `, 'no space is left before the ellipsis')
  for (const title of ['Weekly status', '週次ステータス会議', 'Café résumé e\u0301', `🎉 ${family} launch`, 'x'.repeat(60), '会'.repeat(30)]) {
    const line = row({ index: 123456, verdict: 'improve', score: 55, criteria: [] }, title)
    t.equal(stringWidth(line.slice(0, line.lastIndexOf('  -'))), 6 + 2 + 8 + 1 + 5 + 2 + 40, `${title}: the finding starts in the same column`)
  }
})

t.test('resultsJson writes { results } as JSON.stringify(value, null, 2) does, a result at a time', async t => {
  const results: Result[] = [
    { index: 0, verdict: 'meet', score: 87, criteria: [{ findings: [{ code: 'AGENDA_SHARED_LATE', severity: 'info' }] }] },
    { index: 1, status: 400, detail: 'VEVENT 2: "quoted"\nand a line break' },
    { index: 2, verdict: 'go_async', score: 34, criteria: [] }
  ]
  const pieces = [...resultsJson(results)]
  t.equal(pieces.length, 4, 'one piece for each result, and the end')
  t.equal(pieces.join(''), `${JSON.stringify({ results }, null, 2)}\n`)
  t.equal([...resultsJson([])].join(''), `${JSON.stringify({ results: [] }, null, 2)}\n`)
})
