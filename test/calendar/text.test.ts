// Description helpers: HTML to plain text, agenda items from bulleted lines with timeboxes.
import t from 'tap'
import { agendaFromText, descriptionText, htmlToText } from '../../src/calendar/text.js'

t.test('reads the agenda line forms calendar users type', async t => {
  const text = 'Agenda\n- Topic (10 min)\n* Other (10 minutes)\n1. Third - 15m\n2) Fourth: 1h\n• Wrap-up [5m]\n+ Q&A (5 mins.)'
  t.same(agendaFromText(text), [
    { title: 'Topic', minutes: 10 }, { title: 'Other', minutes: 10 }, { title: 'Third', minutes: 15 },
    { title: 'Fourth', minutes: 60 }, { title: 'Wrap-up', minutes: 5 }, { title: 'Q&A', minutes: 5 }
  ])
})

t.test('ignores lines without a bullet or a timebox, and timeboxes out of bounds', async t => {
  t.same(agendaFromText('Topic (10 min)\n- No time here\n- Too long (9 hours)\n- Zero (0 min)\nJoin: https://meet.example.com/x-15m'), [])
})

t.test('turns HTML into lines, lists into "- " items, entities into characters', async t => {
  const html = '<html><head><style>p{margin:0}</style></head><body><p>Hi &amp; welcome</p><ul><li>One (5&nbsp;min)</li><li>Two</li></ul>A<br/>B &#8211; C &#x263A; &unknown;<!-- note --></body></html>'
  t.equal(htmlToText(html), 'Hi & welcome\n- One (5 min)\n- Two\n\nA\nB – C ☺ &unknown;')
})

t.test('a description is read as HTML only when it holds HTML markup; plain text keeps its lines', async t => {
  t.equal(descriptionText('- Budget (15 min)\n- Decide (20 min)'), '- Budget (15 min)\n- Decide (20 min)')
  t.equal(descriptionText('Ask Ana <ana@example.com> & Bo\n- Budget (15 min)'), 'Ask Ana <ana@example.com> & Bo\n- Budget (15 min)', 'an address in angle brackets is not markup')
  t.equal(descriptionText('if a < b and c > d\nnext line'), 'if a < b and c > d\nnext line')
  t.equal(descriptionText('Agenda<br>- Budget (15 min)<br/>- Decide (20 min)'), 'Agenda\n- Budget (15 min)\n- Decide (20 min)')
  t.equal(descriptionText('<ul>\n<li>Budget (15 min)</li>\n<li>Decide (20 min)</li></ul>'), '- Budget (15 min)\n- Decide (20 min)')
  t.equal(descriptionText('<b>Agenda</b>\n- one\n- two'), 'Agenda - one - two', 'in HTML a line break is a space')
})

t.test('runs of white space in an agenda line are one space; a line over 1000 characters is not an agenda item', async t => {
  t.same(agendaFromText('-   Budget \t review   ( 15  min )\n1.\tDecide  -  20m'), [{ title: 'Budget review', minutes: 15 }, { title: 'Decide', minutes: 20 }])
  const title = 'x'.repeat(1000 - '-  (10 min)'.length)
  t.same(agendaFromText(`- ${title} (10 min)`), [{ title: title.slice(0, 500), minutes: 10 }], '1000 characters are read')
  t.same(agendaFromText(`- ${title}x (10 min)`), [], '1001 are not')
})

t.test('agenda lines are matched in time linear in their length (each once held the event loop for seconds)', async t => {
  // tap's per-test timeout fails these if the patterns rescan a run of spaces from each position again.
  t.same(agendaFromText(`- a${' '.repeat(1_000_000)}x`), [])
  t.same(agendaFromText(`- a${' '.repeat(1_000_000)}(10 min)`), [], 'too long to be an item, however it ends')
  t.same(agendaFromText(`- a${' '.repeat(990)}x\n`.repeat(1000)), [], '1000 lines just under the bound')
  t.same(agendaFromText(`- a (${' '.repeat(990)}\n- b -${' -'.repeat(490)}\n`.repeat(500)), [])
  t.same(agendaFromText(`${`- a${' '.repeat(990)}x\n`.repeat(1000)}- Found (5 min)`), [{ title: 'Found', minutes: 5 }])
})

t.test('unclosed markup: a comment runs to the end, a "<" without ">" is text, a hidden element never closed loses only its tag', async t => {
  t.equal(htmlToText('<p>Agenda</p><!-- draft <li>Old (5 min)'), 'Agenda')
  t.equal(htmlToText('<p>if a < b</p><p>a <3 you & 1<2</p>'), 'if a < b\na <3 you & 1<2', 'only "<" and a letter, "/", "!" or "?" open a tag')
  t.equal(htmlToText('<b>a</b> < b <!-- c'), 'a < b')
  t.equal(htmlToText('<b>a</b> << b'), 'a << b')
  t.equal(htmlToText('<title>Invite<br>Budget'), 'Invite\nBudget')
  t.equal(htmlToText('<style>p{}</style>A<style>B'), 'AB')
  t.equal(htmlToText('A<br class="x">B<BR/>C<br\n/>D<bravo>E'), 'A\nB\nC\nDE', 'a <br> with attributes is a line break too')
})

t.test('HTML is read in time linear in its length, whatever is left unclosed (each once took seconds)', async t => {
  // 40,000 repeats took 1.8 s to 6 s when patterns rescanned the rest of the text from each unclosed opening.
  const n = 250_000
  t.equal(htmlToText('<!--'.repeat(n)), '')
  t.equal(htmlToText('<br'.repeat(n)), '<br'.repeat(n))
  t.equal(htmlToText('<'.repeat(n)), '<'.repeat(n))
  t.equal(htmlToText('<head>'.repeat(n)), '')
  t.equal(htmlToText(`${'<style>'.repeat(n)}x`), 'x')
  t.equal(htmlToText(`${'<style></style '.repeat(n)}x`), '</style x', 'the closing tag is looked for once')
  t.equal(htmlToText(`<li${' '.repeat(1_000_000)}x`), `<li${' '.repeat(1_000_000)}x`.replace(/ +/, ' '))
  t.equal(htmlToText(`${'&#1'.repeat(n)};`), `${'&#1'.repeat(n - 1)}\u0001`)
  t.equal(descriptionText(`${'<b '.repeat(n)}x`), `${'<b '.repeat(n)}x`, 'no complete tag: plain text')
  t.equal(descriptionText(`<b${' '.repeat(1_000_000)}>x`), 'x')
})
