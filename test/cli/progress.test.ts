// The progress line on stderr when stdout is the same terminal: rows never continue it, and it stays one line rewritten in place.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { main } from '../../src/cli/main.js'
import { Progress } from '../../src/cli/progress.js'
import { fake, indexes, meet, ndjson } from '../fake-server.js'

/** What a terminal shows after `text`: \r goes to the line's start, ESC [2K erases the line, other text overwrites. */
function screen (text: string): string[] {
  const lines = ['']
  let column = 0
  // eslint-disable-next-line no-control-regex
  for (const [token] of text.matchAll(/\x1b\[2K|\r|\n|[^\r\n\x1b]+/g)) {
    const row = lines.length - 1
    if (token === '\r') column = 0
    else if (token === '\n') { lines.push(''); column = 0 } else if (token === '\x1b[2K') lines[row] = ''
    else {
      lines[row] = lines[row]!.slice(0, column).padEnd(column) + token + lines[row]!.slice(column + token.length)
      column += token.length
    }
  }
  return lines
}

t.test('the terminal model: \\r rewrites, ESC [2K erases', async t => {
  t.same(screen('sent 10\r\x1b[2Kok\nnext'), ['ok', 'next'])
  t.same(screen('sent 1000\rsent 9'), ['sent 9000'])
})

t.test('Progress: a line each off a terminal; in place on one; erased around stdout only when stdout shares the terminal', async t => {
  let log = ''
  const plain = new Progress({ write: s => { log += s } }, true)
  plain.show('a')
  plain.around(() => { log += 'row\n' })
  plain.show('b', true)
  t.equal(log, 'a\nrow\nb\n')

  let shared = ''
  const both = new Progress({ write: s => { shared += s }, isTTY: true }, true)
  both.show('sent 1')
  both.around(() => { shared += 'row 1\n' })
  both.show('sent 2')
  both.end()
  both.end()
  t.same(screen(shared), ['row 1', 'sent 2', ''])

  let separate = ''
  const apart = new Progress({ write: s => { separate += s }, isTTY: true }, false)
  apart.show('sent 1')
  apart.around(() => {})
  t.equal(separate, '\r\x1b[2Ksent 1', 'stdout elsewhere (a file, a pipe): the line stays as it is')
})

t.test('stdout and stderr on one terminal: every row is a line of its own, the progress line ends up after the rows', async t => {
  const { url } = await fake(t, async (req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' })
    for await (const index of indexes(req)) res.write(`${meet(index)}\n`)
    res.end()
  })
  const path = join(t.testdir(), 'many.ndjson')
  await writeFile(path, ndjson(1500))
  let terminal = ''
  const tty = { write: (s: string) => { terminal += s }, isTTY: true }
  const code = await main(['evaluate', path, '--url', url, '--key', 'mev_test'], { stdout: tty, stderr: tty, env: {} })
  t.equal(code, 0)
  t.match(terminal, /sent 1001 lines, answered \d+/, 'progress was shown while rows came in')
  const shown = screen(terminal)
  t.match(shown[0], /^ {5}# {2}verdict {2}score {2}title/)
  t.same(shown.slice(1, 1501).filter(l => !/^ {0,5}\d+ {2}meet {8}90 {2}Meeting \d+ +-$/.test(l)), [], 'no row shares a line with progress')
  t.same(shown.slice(1501), ['sent 1500 lines, answered 1500', '1500 meetings: 1500 meet, 0 improve, 0 go_async, 0 not evaluated', ''])
})
