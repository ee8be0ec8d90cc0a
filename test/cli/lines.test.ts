// Splitting streamed text into lines: linear in the text's length however long a line is, and a line past the limit dropped as it grows.
import t from 'tap'
import { LineSplitter, lines, TOO_LONG } from '../../src/cli/send.js'

async function * pieces (text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size)
}

t.test('lines end at each LF whatever the pieces; the last one without LF is given at the end; blank lines are kept', async t => {
  const splitter = new LineSplitter()
  t.same(splitter.push('a'), [])
  t.same(splitter.push('b\n\nc'), ['ab', ''])
  t.same(splitter.push('d\ne'), ['cd'])
  t.equal(splitter.end(), 'e')
  t.equal(splitter.end(), undefined)
})

t.test('a line past the limit is dropped as soon as it is, given as TOO_LONG, and the next line is read as usual', async t => {
  const splitter = new LineSplitter(5)
  t.same(splitter.push('12345'), [])
  t.notOk(splitter.overflowing)
  t.same(splitter.push('6'), [])
  t.ok(splitter.overflowing, 'known before the line ends')
  t.same(splitter.push('789\nok\n'), [TOO_LONG, 'ok'])
  t.same([splitter.push('1234567'), splitter.end()], [[], TOO_LONG])
})

t.test('one 24 MB line in 64 KB pieces is read whole (the splitter keeps pieces and joins them once: joining and re-splitting the rest took minutes)', async t => {
  const long = 'x'.repeat(24 * 1_048_576)
  const read: string[] = []
  for await (const line of lines(pieces(`${long}\nshort\n`, 65_536))) read.push(line)
  t.same(read.map(l => l.length), [long.length, 5])
})

t.test('an answer line past the limit is a bad answer as soon as it is', async t => {
  await t.rejects(async () => { for await (const line of lines(pieces('x'.repeat(100), 10), 50)) t.fail(line) },
    /the answer is not a batch answer: a line is longer than 50 characters/)
})
