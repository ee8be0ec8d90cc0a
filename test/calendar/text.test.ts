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
