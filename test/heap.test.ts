// The server's garbage-collector tuning: applied by default, left alone when the operator chose a growing factor.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { tuneHeap } from '../src/heap.js'

t.test('an operator flag on the command line wins', async t => {
  t.equal(tuneHeap(['--enable-source-maps', '--heap-growing-percent=300']), false)
  t.equal(tuneHeap(['--heap_growing_percent=50']), false)
})

t.test('otherwise V8 is told the growing factor', async t => {
  // A child process, so this test runner's own heap keeps its defaults; the flag must parse (V8 ignores unknown ones
  // with a warning on stderr, which would show here).
  const script = `import { tuneHeap } from ${JSON.stringify(new URL('../src/heap.ts', import.meta.url).href)}; ` +
    'process.stdout.write(String(tuneHeap([])))'
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })
  t.equal(run.status, 0, run.stderr)
  t.equal(run.stdout, 'true')
  t.equal(run.stderr, '')
})
