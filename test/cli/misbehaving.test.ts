// meeting-evaluator evaluate <file> against fake servers that fail: lost connections, answers that are not batch answers
// or miss meetings, refused uploads, silence, and a reader that closes the output. Each ends in one line and the right exit code.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { writeFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { BATCH_LIMITS } from '../../src/cli/evaluate.js'
import { EXIT_OUTPUT_CLOSED, main, type Io } from '../../src/cli/main.js'
import { BATCH_BODY_LIMIT, MAX_BATCH, MAX_BATCH_PARTICIPANTS } from '../../src/schemas/batch.js'
import { fake, indexes, meet, meeting, ndjson } from '../fake-server.js'

type Test = import('tap').Test
interface Run { code: number, stdout: string, stderr: string }

/** One event and 12 MB of padding: a large request the client sends whole. */
const LARGE_CALENDAR = `BEGIN:VCALENDAR\r\nX-PAD:${'x'.repeat(12 * 1_048_576)}\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261201T100000Z\r\n` +
  'ATTENDEE:mailto:a@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'
const URL_ = 'http:\\/\\/127\\.0\\.0\\.1:\\d+\\/v1\\/evaluations\\/batch'
async function cli (argv: string[], stdout: Io['stdout'] | undefined = undefined): Promise<Run> {
  let out = ''
  let stderr = ''
  const code = await main([...argv, '--key', 'mev_test'], { stdout: stdout ?? { write: s => { out += s } }, stderr: { write: s => { stderr += s } }, env: {} })
  return { code, stdout: out, stderr }
}

async function file (t: Test, name: string, text: string): Promise<string> {
  const path = join(t.testdir(), name)
  await writeFile(path, text)
  return path
}

/** One line on stderr, prefixed, never a stack trace. */
function oneLine (t: Test, run: Run, message: RegExp): void {
  t.equal(run.code, 2)
  t.match(run.stderr, /^meeting-evaluator: [^\n]+\n$/)
  t.match(run.stderr, message)
}

t.test('the client\'s batch limits are the service\'s', async t => {
  t.same(BATCH_LIMITS, { meetings: MAX_BATCH, participants: MAX_BATCH_PARTICIPANTS, bytes: BATCH_BODY_LIMIT })
})

t.test('a connection lost while NDJSON answers stream in is one line naming how far it got, exit 2', async t => {
  const { url } = await fake(t, async (req, res) => {
    let count = 0
    for await (const index of indexes(req)) count = index + 1
    res.writeHead(200, { 'content-type': 'application/x-ndjson' })
    res.write(`${meet(0)}\n${meet(1)}\n${meet(2)}\n`, () => res.socket?.destroy())
    t.equal(count, 10)
  })
  const run = await cli(['evaluate', await file(t, 'ten.ndjson', ndjson(10)), '--url', url])
  oneLine(t, run, new RegExp(`^meeting-evaluator: the connection to ${URL_} was lost after 3 answers, with 10 meetings sent: ECONNRESET\\n$`))
  t.match(run.stdout, /^ {5}2 {2}meet/m)
  t.notMatch(run.stdout, /meetings:/)
})

t.test('a connection reset while the client is still uploading is one line too, not the file\'s error', async t => {
  const { url } = await fake(t, async (req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' })
    for await (const index of indexes(req)) {
      // Destroyed with most of the upload unread: the client sees a reset (or EPIPE) while sending.
      if (index === 3) return res.socket?.destroy()
      res.write(`${meet(index)}\n`)
    }
  })
  const run = await cli(['evaluate', await file(t, 'long.ndjson', ndjson(100_000)), '--url', url])
  const lost = `the connection to ${URL_} was lost after \\d+ answers?, with \\d+ meetings? sent: (ECONNRESET|EPIPE)`
  const unanswered = `${URL_} closed the connection after [\\d.]+ (?:bytes|KB|MB) of the request, without answering \\((ECONNRESET|EPIPE)\\)[^\\n]*`
  oneLine(t, { ...run, stderr: run.stderr.replace(/^sent \d+ lines, answered \d+\n/gm, '') }, new RegExp(`^meeting-evaluator: (${lost}|${unanswered})\\n$`))
})

t.test('a 200 that is not a batch answer, or holds too few results, is one line and exit 2; the gate never passes', async t => {
  const answers = [
    ['<html>gateway</html>', /the answer is not a batch answer: it is not JSON \(<html>gateway<\/html>\)/],
    ['{"foo":1}', /the answer is not a batch answer: it has no "results" list/],
    ['{"results":[null]}', /the answer is not a batch answer: result 1 is not an object/],
    ['{"results":[{"index":0,"verdict":"maybe","score":1}]}', /the answer is not a batch answer: result 1 has an unknown verdict/],
    ['{"results":[{"index":0,"verdict":"meet","score":90,"criteria":[{}]}]}', /the answer is not a batch answer: result 1 has criteria without findings/],
    [`{"results":[${meet(0)}]}`, /the answer holds 1 result for 3 meetings/],
    [`{"results":[${meet(0)},${meet(2)},${meet(1)}]}`, /the answer has a result for meeting 2 where the one for meeting 1 was due/],
    [`{"results":[${meet(0)},${meet(1)},${meet(2)},${meet(3)}]}`, /the answer holds 4 results for 3 meetings/]
  ] as const
  let next = 0
  const { url } = await fake(t, (req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(answers[next++]![0]))
  })
  const path = await file(t, 'three.json', JSON.stringify([meeting(0), meeting(1), meeting(2)]))
  for (const [, message] of answers) {
    const run = await cli(['evaluate', path, '--url', url, '--fail-on', 'go_async'])
    oneLine(t, run, new RegExp(`^meeting-evaluator: ${URL_}: ${message.source}`))
    t.equal(run.stdout, '', 'nothing shown from a bad answer')
  }
})

t.test('NDJSON answers must be one per line sent, in order: a missing, repeated or malformed one is exit 2', async t => {
  const answers = [
    [[meet(0), meet(1)], /the answer ended after 2 answers, with 3 meetings sent/],
    [[meet(0), meet(0), meet(1)], /the answer has a result for meeting 0 where the one for meeting 1 was due/],
    [[meet(0), meet(2)], /the answer has a result for meeting 2 where the one for meeting 1 was due/],
    [[meet(0), 'oops'], /the answer is not a batch answer: line 2 is not JSON \(oops\)/],
    [['{"index":0}'], /the answer is not a batch answer: result 1 is neither an evaluation \(verdict\) nor a problem \(status\)/]
  ] as const
  let next = 0
  const { url } = await fake(t, (req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(answers[next++]![0].map(l => `${l}\n`).join('')))
  })
  const path = await file(t, 'three.ndjson', ndjson(3))
  for (const [, message] of answers) {
    const run = await cli(['evaluate', path, '--url', url, '--fail-on', 'go_async', '--json'])
    oneLine(t, run, new RegExp(`^meeting-evaluator: ${URL_}: ${message.source}`))
  }
})

t.test('a closed output stops the client: it drops the connection and exits 141, quietly', { timeout: 30_000 }, async t => {
  let upload = 0
  const { url } = await fake(t, (req, res) => {
    // One answer, then nothing read and nothing sent: only the client can end this exchange.
    res.writeHead(200, { 'content-type': 'application/x-ndjson' }).write(`${meet(0)}\n`)
    req.on('data', (chunk: Buffer) => { upload += chunk.length }).pause()
  })
  const big = ndjson(100_000)
  const closed = new Writable({ write: (_chunk, _encoding, done) => { done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })) } })
  const run = await cli(['evaluate', await file(t, 'big.ndjson', big), '--url', url, '--json'], closed)
  t.equal(run.code, EXIT_OUTPUT_CLOSED)
  t.match(run.stderr, /^(sent \d+ lines, answered \d+\n)*$/, 'progress only, no message')
  t.ok(upload < big.length, 'the upload stopped')
})

t.test('the executable exits 141 without a stack trace when the reader of its output goes away (| head -1)', { timeout: 60_000 }, async t => {
  let answer: ServerResponse | undefined
  const { url } = await fake(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' }).write(`${meet(0)}\n`)
    answer = res
  })
  const entry = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'evaluate', await file(t, 'many.ndjson', ndjson(1000)), '--json', '--url', url, '--key', 'k'])
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk })
  child.stdout.once('data', () => {
    child.stdout.destroy()
    for (let i = 1; i < 1000; i++) answer?.write(`${meet(i)}\n`)
  })
  const [code] = await once(child, 'exit') as [number]
  t.same({ code, stderr }, { code: EXIT_OUTPUT_CLOSED, stderr: '' })
})

t.test('a .json file beyond 16 MB is streamed as NDJSON rather than refused', async t => {
  const types: string[] = []
  const { url } = await fake(t, async (req, res) => {
    types.push(req.headers['content-type'] ?? '')
    if (req.headers['content-type'] !== 'application/x-ndjson') {
      req.resume()
      return res.writeHead(413, { 'content-type': 'application/problem+json' }).end('{"status":413,"detail":"Request body is too large"}')
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' })
    for await (const index of indexes(req)) res.write(`${meet(index)}\n`)
    res.end()
  })
  const meetings = Array.from({ length: 900 }, (_, i) => ({ ...meeting(i), description: 'x'.repeat(20_000) }))
  const run = await cli(['evaluate', await file(t, 'wordy.json', JSON.stringify({ meetings })), '--url', url])
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /900 meetings: 900 meet, 0 improve, 0 go_async, 0 not evaluated\n$/)
  t.same(types, ['application/x-ndjson'])
})

t.test('an .ics file beyond 16 MB is refused before sending, pointing to NDJSON', async t => {
  const { url, requests } = await fake(t, (req, res) => { req.resume(); res.writeHead(413).end() })
  const run = await cli(['evaluate', await file(t, 'huge.ics', `BEGIN:VCALENDAR\r\nX-PAD:${'x'.repeat(BATCH_LIMITS.bytes)}\r\nEND:VCALENDAR\r\n`), '--url', url])
  oneLine(t, run, /huge\.ics is 16777\d{3} bytes, more than the service takes in one request \(16 MB\): split the calendar, or send its meetings as NDJSON/)
  t.equal(requests.length, 0)
})

t.test('an .ics cut into several requests: a refusal of a later one is one line and exit 2, after the results already answered', async t => {
  const types: string[] = []
  const { url } = await fake(t, async (req, res) => {
    types.push(req.headers['content-type'] ?? '')
    let body = ''
    for await (const chunk of req) body += chunk
    if (types.length > 1) return res.writeHead(503, { 'content-type': 'application/problem+json' }).end('{"status":503,"detail":"The service is busy"}')
    const count = body.split('BEGIN:VEVENT').length - 1
    res.writeHead(200, { 'content-type': 'application/json' }).end(`{"results":[${Array.from({ length: count }, (_, i) => meet(i)).join(',')}]}`)
  })
  const events = Array.from({ length: 1001 }, (_, i) => `BEGIN:VEVENT\r\nUID:e${i}@x\r\nDTSTART:20261201T100000Z\r\nATTENDEE:mailto:a@example.com\r\nEND:VEVENT\r\n`)
  const path = await file(t, 'big.ics', `BEGIN:VCALENDAR\r\n${events.join('')}END:VCALENDAR\r\n`)
  const run = await cli(['evaluate', path, '--url', url, '--fail-on', 'go_async'])
  const progress = 'answered 1000 of 1001 events \\(request 1 of 2\\)'
  const refused = `meeting-evaluator: the service at ${URL_} answered 503 Service Unavailable: The service is busy\\n`
  t.equal(run.code, 2)
  t.match(run.stderr, new RegExp(`^${progress}\\n${refused}$`), 'the progress of the first request, then one line')
  t.same(types, ['text/calendar', 'text/calendar'])
  t.match(run.stdout, /^ {3}999 {2}meet/m)
  t.notMatch(run.stdout, /meetings:/)

  types.length = 0
  let stderr = ''
  const code = await main(['evaluate', path, '--url', url, '--key', 'mev_test', '--json'],
    { stdout: { write: () => true }, stderr: { write: s => { stderr += s }, isTTY: true }, env: {} })
  t.equal(code, 2)
  t.match(stderr, new RegExp(`^\\r\\x1b\\[2K${progress}\\n${refused}$`), 'on a terminal, the progress line is ended before the message')
})

t.test('an upload refused while it is sent: the 413 problem when it came, else that the service closed the connection', async t => {
  const path = await file(t, 'large.ics', LARGE_CALENDAR)
  const answering = await fake(t, (req, res) => {
    req.resume()
    res.writeHead(413, { 'content-type': 'application/problem+json', connection: 'close' })
      .end('{"type":"/problems/payload-too-large","title":"Payload Too Large","status":413,"detail":"Request body is too large"}')
  })
  oneLine(t, await cli(['evaluate', path, '--url', answering.url]),
    /the service at \S+ answered 413 Payload Too Large: Request body is too large \(\d+\.\d MB sent; NDJSON, one proposal per line, is streamed without an overall limit\)/)
  const hangingUp = await fake(t, req => { req.socket.destroy() })
  oneLine(t, await cli(['evaluate', path, '--url', hangingUp.url]),
    new RegExp(`^meeting-evaluator: ${URL_} closed the connection after \\d+\\.\\d MB of the request, without answering \\((EPIPE|ECONNRESET)\\)`))
})

t.test('a refusal answered before the upload was read (401, 429) is reported as the service said it, not as a closed connection', async t => {
  const path = await file(t, 'large.ics', LARGE_CALENDAR)
  // In another process, as a real service is: its answer and its reset race the client's writes.
  const refusing = async (status: number, detail: string): Promise<string> => {
    const problem = JSON.stringify({ type: 'about:blank', status, detail })
    const child = spawn(process.execPath, ['-e', `require('node:http').createServer((req, res) => {
      res.writeHead(${status}, { 'content-type': 'application/problem+json', connection: 'close' }).end(${JSON.stringify(problem)}, () => req.socket.destroy())
    }).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`])
    t.teardown(() => { child.kill() })
    const [port] = await once(child.stdout, 'data') as [Buffer]
    return `http://127.0.0.1:${String(port).trim()}`
  }
  const limited = await refusing(429, 'Rate limit exceeded, retry in 30 seconds')
  // The answer races the client's writes: every run must read it.
  for (let run = 0; run < 5; run++) {
    oneLine(t, await cli(['evaluate', path, '--url', limited]),
      new RegExp(`^meeting-evaluator: the service at ${URL_} answered 429 Too Many Requests: Rate limit exceeded, retry in 30 seconds\\n$`))
  }
  const unauthorized = await refusing(401, 'The API key is not valid')
  oneLine(t, await cli(['evaluate', path, '--url', unauthorized]),
    new RegExp(`^meeting-evaluator: the service at ${URL_} answered 401 Unauthorized: The API key is not valid\\n$`))
})

t.test('Idempotency-Key: mev-cli- and the SHA-256 of the body on a JSON or iCalendar batch that stores; none with --no-store or on NDJSON', async t => {
  const seen: Array<[string, string | undefined, string]> = []
  const { url } = await fake(t, async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    seen.push([req.headers['content-type'] ?? '', req.headers['idempotency-key'] as string | undefined, body])
    if (req.headers['content-type'] === 'application/x-ndjson') return res.writeHead(200).end(`${meet(0)}\n`)
    res.writeHead(200, { 'content-type': 'application/json' }).end(`{"results":[${meet(0)}]}`)
  })
  const calendar = 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261201T100000Z\r\nATTENDEE:mailto:a@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'
  for (const [name, text] of [['one.json', JSON.stringify(meeting(0))], ['one.ics', calendar], ['one.ndjson', ndjson(1)]] as const) {
    const path = await file(t, name, text)
    t.equal((await cli(['evaluate', path, '--url', url])).code, 0)
    t.equal((await cli(['evaluate', path, '--url', url, '--no-store'])).code, 0)
  }
  const sha = (body: string) => `mev-cli-${createHash('sha256').update(body).digest('hex')}`
  t.same(seen.map(([type, key, body]) => [type, key === undefined ? key : key === sha(body)]), [
    ['application/json', true], ['application/json', undefined],
    ['text/calendar', true], ['text/calendar', undefined],
    ['application/x-ndjson', undefined], ['application/x-ndjson', undefined]
  ])
})

t.test('--url with a path: the batch route is asked under it, and a failure names the URL asked', async t => {
  const { url, requests } = await fake(t, (req, res) => {
    req.resume()
    if (req.url?.startsWith('/mev/api/') !== true) return res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'application/json' }).end(`{"results":[${meet(0)}]}`)
  })
  const path = await file(t, 'one.json', JSON.stringify(meeting(0)))
  for (const base of [`${url}/mev/api/`, `${url}/mev/api`, `${url}/mev/api/?x=1#top`]) t.equal((await cli(['evaluate', path, '--url', base, '--no-store'])).code, 0, base)
  t.same(requests.map(r => r.url), Array(3).fill('/mev/api/v1/evaluations/batch?store=false'))
  oneLine(t, await cli(['evaluate', path, '--url', `${url}/elsewhere`]),
    /^meeting-evaluator: the service at http:\/\/127\.0\.0\.1:\d+\/elsewhere\/v1\/evaluations\/batch answered 404 Not Found\n$/)
})

t.test('--timeout: a service that accepts and never answers is given up after that many seconds of silence', async t => {
  const silent = await fake(t, req => { req.resume() })
  const path = await file(t, 'one.json', JSON.stringify(meeting(0)))
  oneLine(t, await cli(['evaluate', path, '--url', silent.url, '--timeout', '0.2']),
    new RegExp(`^meeting-evaluator: ${URL_} sent nothing for 0\\.2 seconds; giving up \\(--timeout\\)\\n$`))
  const stalled = await fake(t, (req, res) => {
    req.resume()
    res.writeHead(200, { 'content-type': 'application/x-ndjson' }).write(`${meet(0)}\n`)
  })
  // A second: the answer line and the timer share this process's event loop, and a loop held up longer than the timeout
  // (a loaded machine) runs the timer first.
  oneLine(t, await cli(['evaluate', await file(t, 'two.ndjson', ndjson(2)), '--url', stalled.url, '--timeout', '1']),
    new RegExp(`^meeting-evaluator: ${URL_} sent nothing for 1 second after 1 answer, with 2 meetings sent; giving up \\(--timeout\\)\\n$`))
  t.match(await cli(['evaluate', path, '--timeout', 'soon']), { code: 2, stderr: /--timeout must be a number of seconds/ })
})

t.test('what sits between the client and the service is named: a proxy\'s HTML page, a redirect, TLS on a plain port', async t => {
  const json = async (tt: Test): Promise<string> => await file(tt, 'one.json', JSON.stringify([meeting(0)]))
  const proxy = await fake(t, (req, res) => {
    req.resume()
    res.writeHead(502, { 'content-type': 'text/html' }).end('<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>\r\n</html>\r\n')
  })
  oneLine(t, await cli(['evaluate', await json(t), '--url', proxy.url]),
    new RegExp(`^meeting-evaluator: the service at ${URL_} answered 502 Bad Gateway: an HTML page saying "502 Bad Gateway" \\(a proxy in between\\?\\)\\n$`))

  const moved = await fake(t, (req, res) => { req.resume(); res.writeHead(301, { location: 'https://mev.example.com/v1/evaluations/batch' }).end() })
  oneLine(t, await cli(['evaluate', await json(t), '--url', moved.url]),
    /answered 301 Moved Permanently: it moved to https:\/\/mev\.example\.com\/v1\/evaluations\/batch; give that address with --url\n$/)
  const nowhere = await fake(t, (req, res) => { req.resume(); res.writeHead(302).end() })
  oneLine(t, await cli(['evaluate', await json(t), '--url', nowhere.url]), /answered 302 Found: a redirect without a Location\n$/)

  const plain = await fake(t, (req, res) => { req.resume(); res.end('{}') })
  oneLine(t, await cli(['evaluate', await json(t), '--url', plain.url.replace('http:', 'https:')]),
    /^meeting-evaluator: cannot reach https:\/\/127\.0\.0\.1:\d+\/v1\/evaluations\/batch: TLS failed \((EPROTO|ERR_SSL_[A-Z_]+)\): check http or https in --url and the service's certificate\n$/)
})

t.test('a small request cut off is measured in bytes, not "0.0 MB"', async t => {
  const { url } = await fake(t, (req) => { req.once('data', () => req.socket.destroy()) })
  const run = await cli(['evaluate', await file(t, 'one.json', JSON.stringify([meeting(0)])), '--url', url])
  oneLine(t, run, new RegExp(`^meeting-evaluator: ${URL_} closed the connection after \\d+ bytes of the request, without answering \\((ECONNRESET|EPIPE)\\)`))
})

t.test('MEV_URL is named when it is the bad address; an empty MEV_URL counts as unset', async t => {
  const path = await file(t, 'none.json', '[]')
  const run = async (env: Record<string, string>): Promise<Run> => {
    let stderr = ''
    const code = await main(['evaluate', path, '--key', 'mev_test'], { stdout: { write: () => {} }, stderr: { write: s => { stderr += s } }, env })
    return { code, stdout: '', stderr }
  }
  t.match(await run({ MEV_URL: 'ftp://files.example.com' }), { code: 2, stderr: /^meeting-evaluator: MEV_URL is not an http or https URL: ftp:\/\/files\.example\.com\n/ })
  // The options are read before the file: a file without meetings is what an accepted address leads to.
  t.match(await run({ MEV_URL: '' }), { code: 2, stderr: /^meeting-evaluator: \S+none\.json holds no meetings/ })
  let stderr = ''
  await main(['evaluate', path, '--key', 'mev_test', '--url', 'nope'], { stdout: { write: () => {} }, stderr: { write: s => { stderr += s } }, env: {} })
  t.match(stderr, /^meeting-evaluator: --url is not an http or https URL: nope\n/)
})
