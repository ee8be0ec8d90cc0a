// Requests Node's HTTP parser refuses (or its timers give up on) never reach Fastify's error handler; they are answered
// as problems too, on the wire, before the connection closes.
import { once } from 'node:events'
import { connect, type Socket } from 'node:net'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { ADMIN_KEY, testDatabase } from '../helper.js'

interface Answer { statusLine: string, headers: Record<string, string>, body: Record<string, unknown> }

function parse (raw: string): Answer {
  const [head = '', body = ''] = raw.split('\r\n\r\n')
  const [statusLine = '', ...lines] = head.split('\r\n')
  const headers = Object.fromEntries(lines.map(line => {
    const at = line.indexOf(':')
    return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()]
  }))
  return { statusLine, headers, body: JSON.parse(body) as Record<string, unknown> }
}

async function exchange (port: number, request: string | Buffer): Promise<Answer> {
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  return await read(socket, request)
}

async function read (socket: Socket, request: string | Buffer): Promise<Answer> {
  const chunks: Buffer[] = []
  socket.on('data', chunk => chunks.push(chunk as Buffer))
  socket.on('error', () => {})
  socket.write(request)
  await once(socket, 'close')
  return parse(Buffer.concat(chunks).toString('utf8'))
}

t.test('protocol errors are RFC 9457 problems', async t => {
  const database = await testDatabase()
  const config = loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN_KEY, MAX_EVENT_LOOP_DELAY: '0' })
  const app = await buildApp(config, { database, docsUi: false })
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }

  const check = (t: Test, answer: Answer, status: number, slug: string, detail: RegExp): void => {
    t.equal(answer.statusLine, `HTTP/1.1 ${status} ${answer.body.title as string}`)
    t.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.equal(answer.headers.connection, 'close')
    t.equal(Number(answer.headers['content-length']), Buffer.byteLength(JSON.stringify(answer.body)))
    t.match(answer.body, { type: `/problems/${slug}`, status })
    t.match(answer.body.detail, detail)
  }

  t.test('a request line that is not HTTP is a 400', async t => {
    check(t, await exchange(port, 'GARBAGE\r\n\r\n'), 400, 'bad-request', /^The request is not valid HTTP\/1\.1 \(.+\)\.$/)
  })

  t.test('a malformed chunk of a chunked body is a 400 naming the chunk', async t => {
    const answer = await exchange(port, 'POST /v1/evaluations/preview HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n' +
      'content-type: application/json\r\n\r\nzz\r\n')
    check(t, answer, 400, 'bad-request', /chunk/i)
  })

  t.test('a header section above 16 KiB is a 431', async t => {
    const answer = await exchange(port, `GET /health HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`)
    check(t, answer, 431, 'request-header-fields-too-large', /16 KiB/)
    t.equal(answer.body.title, 'Request Header Fields Too Large')
  })

  t.test('a request that timed out is a 408', async t => {
    // Node raises ERR_HTTP_REQUEST_TIMEOUT from a timer that checks connections every 30 s; the error is handed to the
    // server exactly as Node hands it, on the server's side of a real connection.
    const accepted = once(app.server, 'connection') as Promise<[Socket]>
    const socket = connect(port, '127.0.0.1')
    await once(socket, 'connect')
    const [serverSide] = await accepted
    const answered = read(socket, 'GET /health HTTP/1.1\r\nhost: x\r\n')
    const error = Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' })
    app.server.emit('clientError', error, serverSide)
    check(t, await answered, 408, 'request-timeout', /not received in time/)
  })

  t.test('after an answered request, garbage on the same connection is its own 400', async t => {
    const socket = connect(port, '127.0.0.1')
    await once(socket, 'connect')
    const chunks: Buffer[] = []
    socket.on('data', chunk => chunks.push(chunk as Buffer))
    socket.write('GET /health HTTP/1.1\r\nhost: x\r\n\r\n')
    while (!Buffer.concat(chunks).toString('utf8').includes('"status"')) await once(socket, 'data')
    const first = Buffer.concat(chunks).toString('utf8')
    chunks.length = 0
    const second = parse((await readRest(socket, chunks, 'GARBAGE\r\n\r\n')))
    t.match(first, /^HTTP\/1\.1 200 OK/, 'the first request is answered')
    t.equal(second.statusLine, 'HTTP/1.1 400 Bad Request')
    t.equal(second.headers['content-type'], 'application/problem+json; charset=utf-8')
  })
})

async function readRest (socket: Socket, chunks: Buffer[], request: string): Promise<string> {
  socket.on('error', () => {})
  socket.write(request)
  await once(socket, 'close')
  return Buffer.concat(chunks).toString('utf8')
}
