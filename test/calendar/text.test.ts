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

t.test('reads an owner named after the timebox, inside its brackets or after a dash, as written', async t => {
  const lines = [
    '- Budget (15 min) - Ana', '- Budget (15 min, Ana)', '- Budget (Ana, 15 min)', '- Budget — 15 min — Ana',
    '- Budget (15 minutes) — owner: Ana', '- Budget (15 min) (Ana)', '- Budget (15 min) by Ana', '- Budget (15 min; owner: Ana)'
  ]
  for (const line of lines) t.same(agendaFromText(line), [{ title: 'Budget', minutes: 15, owner: 'Ana' }], line)
  t.same(agendaFromText('- Budget (15 min) @ana@example.com\n2. Decide (20m) — Bo Chen\n- Q&A (5 min) - @cy'), [
    { title: 'Budget', minutes: 15, owner: 'ana@example.com' }, { title: 'Decide', minutes: 20, owner: 'Bo Chen' }, { title: 'Q&A', minutes: 5, owner: 'cy' }
  ])
  t.same(agendaFromText('- Budget (15 min) - Ana de la Cruz\n- Plan (10 min, Ana & Bo)'), [
    { title: 'Budget', minutes: 15, owner: 'Ana de la Cruz' }, { title: 'Plan', minutes: 10, owner: 'Ana & Bo' }
  ])
})

t.test('text after a timebox that names no one leaves the item without an owner', async t => {
  t.same(agendaFromText('- Budget (15 min) - see the doc first\n- Plan (10 min) - owner: TBD\n- Wrap-up (5 min) notes follow'), [
    { title: 'Budget', minutes: 15 }, { title: 'Plan', minutes: 10 }, { title: 'Wrap-up', minutes: 5 }
  ])
})

t.test('reads approximate, ranged, fractional and compound timeboxes: a range plans for its upper bound', async t => {
  const text = '- A (~15 min)\n- B (15-20 min)\n- C (1.5h)\n- D (1h 30m)\n- E (1h30)\n- F - 10 to 15 minutes\n- G (approx. 25 min)\n- H (0,5 h)\n- I (20–15 min)'
  t.same(agendaFromText(text).map(i => [i.title, i.minutes]), [['A', 15], ['B', 20], ['C', 90], ['D', 90], ['E', 90], ['F', 15], ['G', 25], ['H', 30], ['I', 20]])
})

t.test('reads a timebox written first, with or without a bullet; an owner there needs an explicit mark', async t => {
  t.same(agendaFromText('[15 min] Budget\n15 min: Plan\n(10m) Intro\n- 5 min - Wrap-up\n1. [20 min] Decide - owner: Bo\n[15 min] Budget by region\n[10 min] Demo @cy'), [
    { title: 'Budget', minutes: 15 }, { title: 'Plan', minutes: 15 }, { title: 'Intro', minutes: 10 }, { title: 'Wrap-up', minutes: 5 },
    { title: 'Decide', minutes: 20, owner: 'Bo' }, { title: 'Budget by region', minutes: 15 }, { title: 'Demo', minutes: 10, owner: 'cy' }
  ])
  t.same(agendaFromText('10 min break\n15 min (Budget)\n[15 min Budget'), [], 'a leading timebox needs its bracket closed or a separator')
})

t.test('a timebox inside the title is not the item\'s; one glued to other text is no timebox', async t => {
  t.same(agendaFromText('- Review 2 hours of footage (15 min)\n- Visit https://x.example.com/x-15m\n- Budget for Q3 2h'), [{ title: 'Review 2 hours of footage', minutes: 15 }])
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
  t.same(agendaFromText(`${`- a${' '.repeat(990)}x\n`.repeat(1000)}- Found (5 min)`), [{ title: 'Found', minutes: 5 }])  // Lines full of timeboxes, brackets and owner marks: only the last timebox and one at the start are examined.
  t.same(agendaFromText(`- a${' 1m'.repeat(330)}x\n`.repeat(1000)), [])
  t.same(agendaFromText(`- ${'(1m, '.repeat(190)}\n`.repeat(1000)), [])
  t.equal(agendaFromText(`[1m] a${' - owner: a'.repeat(90)}\n`.repeat(1000)).length, 1000)
  t.equal(agendaFromText(`- a (1m) ${'- '.repeat(490)}\n`.repeat(1000)).length, 1000)
  t.equal(agendaFromText(`- ${'a, '.repeat(320)}(1m)\n`.repeat(1000)).length, 1000)
  t.equal(agendaFromText(`- a (1m) - ${'Ab '.repeat(320)}\n`.repeat(1000)).length, 1000)
  t.equal(agendaFromText(`- ${'a - '.repeat(240)}1m\n`.repeat(1000)).length, 1000)
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
