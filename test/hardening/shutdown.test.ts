// Closing (what SIGTERM does): a request whose headers are still arriving is finished with a real answer, idle
// keep-alive connections are closed and new connections refused; Fastify's own 503 (plain JSON, no Retry-After)
// answered the half-received request before.
import { once } from 'node:events'
import { connect, type Socket } from 'node:net'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { ADMIN_KEY, tenant, testDatabase, until } from '../helper.js'

/** Everything a socket receives until the server closes it. */
function collect (socket: Socket): Promise<string> {
  let text = ''
  socket.on('data', chunk => { text += String(chunk) })
  return once(socket, 'close').then(() => text)
}

t.test('a request whose headers are half received when closing starts gets its real answer, then the connection closes', async t => {
  const database = await testDatabase()
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN_KEY, MAX_EVENT_LOOP_DELAY: '0' }), { database, docsUi: false })
  t.teardown(() => app.close())
  const { key } = await tenant(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const taken: Socket[] = []
  app.server.on('connection', (socket: Socket) => { taken.push(socket) })
  const open = async (): Promise<Socket> => {
    const socket = connect(port, '127.0.0.1')
    t.teardown(() => { socket.destroy() })
    await once(socket, 'connect')
    return socket
  }

  const idle = await open()
  const idleClosed = collect(idle)
  idle.write('GET /health HTTP/1.1\r\nhost: x\r\n\r\n')
  await once(idle, 'data')

  const pending = await open()
  const answer = collect(pending)
  pending.write(`GET /v1/policy HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${key}\r\n`)
  t.ok(await until(async () => taken.length === 2 && taken[1]!.bytesRead > 0, 5000), 'the first half of the headers was received')

  const closed = app.close()
  await idleClosed
  t.pass('the idle keep-alive connection was closed')
  const refused = connect(port, '127.0.0.1')
  const [error] = await once(refused, 'error') as [NodeJS.ErrnoException]
  t.equal(error.code, 'ECONNREFUSED', 'a new connection is refused')

  pending.write('x-request-id: late-headers\r\n\r\n')
  const text = await answer
  t.match(text, /^HTTP\/1\.1 200 OK\r\n/, 'the request is answered for real')
  t.match(text, /\r\nConnection: close\r\n/i, 'with Connection: close')
  t.match(text, /\r\nx-request-id: late-headers\r\n/)
  t.match(text, /"workingHours"/, 'its body is the policy')
  await closed
})
