// The connection cap: computed from the descriptor limit in /proc/self/limits, and over it a new connection is
// closed at once while the others are served.
import { once } from 'node:events'
import { connect, type Socket } from 'node:net'
import t from 'tap'
import { buildApp } from '../src/app.js'
import { connectionCap, DESCRIPTOR_RESERVE, processConnectionCap, softDescriptorLimit } from '../src/connections.js'
import { loadConfig } from '../src/config.js'
import { ADMIN_KEY, testDatabase } from './helper.js'

const limits = (soft: string, hard: string): string => [
  'Limit                     Soft Limit           Hard Limit           Units     ',
  'Max cpu time              unlimited            unlimited            seconds   ',
  `Max open files            ${soft.padEnd(20)} ${hard.padEnd(20)} files     `,
  'Max locked memory         8388608              8388608              bytes     ',
  ''
].join('\n')

t.test('the cap is the soft descriptor limit less a reserve', async t => {
  t.equal(softDescriptorLimit(limits('1024', '524288')), 1024, 'the soft limit, not the hard one')
  t.equal(connectionCap(limits('1024', '524288')), 1024 - DESCRIPTOR_RESERVE)
  t.equal(connectionCap(limits('1048576', '1048576')), 1048576 - DESCRIPTOR_RESERVE)
  t.equal(connectionCap(limits('200', '4096')), 100, 'a small limit is shared half and half')
  t.equal(connectionCap(limits('1', '1')), 1)
})

t.test('no cap when the limit cannot be read or is unlimited', async t => {
  t.equal(connectionCap(undefined), undefined, 'no /proc/self/limits (not Linux)')
  t.equal(connectionCap(limits('unlimited', 'unlimited')), undefined)
  t.equal(connectionCap('garbage'), undefined)
})

t.test('this process\'s cap comes from its own limits', async t => {
  const cap = processConnectionCap()
  if (process.platform === 'linux') t.ok(cap !== undefined && cap > 0, `cap ${String(cap)}`)
  else t.equal(cap, undefined)
})

t.test('the app applies the cap of its process unless told another', async t => {
  const database = await testDatabase()
  const config = loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN_KEY, MAX_EVENT_LOOP_DELAY: '0' })
  const app = await buildApp(config, { database, docsUi: false })
  t.teardown(() => app.close())
  const cap = processConnectionCap()
  if (cap === undefined) t.notOk(Number.isFinite(app.server.maxConnections), 'no cap')
  else t.equal(app.server.maxConnections, cap)
})

/** A keep-alive connection that sends GET /health and resolves with what came back until the response ended. */
async function health (socket: Socket): Promise<string> {
  let text = ''
  const onData = (chunk: Buffer): void => { text += chunk.toString() }
  socket.on('data', onData)
  socket.write('GET /health HTTP/1.1\r\nhost: x\r\n\r\n')
  while (!/\r\n\r\n[\s\S]*\}$/.test(text)) await once(socket, 'data')
  socket.off('data', onData)
  return text
}

t.test('over the cap a new connection is closed unanswered; the connections already open are still served', async t => {
  const database = await testDatabase()
  const config = loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN_KEY, MAX_EVENT_LOOP_DELAY: '0' })
  const app = await buildApp(config, { database, docsUi: false, maxConnections: 2 })
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const taken: Socket[] = []
  app.server.on('connection', (socket: Socket) => { taken.push(socket) })
  const open = async (): Promise<Socket> => {
    const socket = connect(port, '127.0.0.1')
    socket.on('error', () => {})
    t.teardown(() => { socket.destroy() })
    await once(socket, 'connect')
    return socket
  }

  const [a, b] = [await open(), await open()]
  t.match(await health(a), /^HTTP\/1\.1 200 /, 'first connection served')
  t.match(await health(b), /^HTTP\/1\.1 200 /, 'second connection served')

  const dropped = once(app.server, 'drop')
  const over = await open()
  let received = ''
  over.on('data', chunk => { received += String(chunk) })
  over.write('GET /health HTTP/1.1\r\nhost: x\r\n\r\n')
  await Promise.all([dropped, once(over, 'close')])
  t.equal(received, '', 'the third connection was closed without an answer')

  t.match(await health(a), /^HTTP\/1\.1 200 /, 'the first connection still answers')
  t.match(await health(b), /^HTTP\/1\.1 200 /, 'the second connection still answers')
  const closed = once(taken[0]!, 'close')
  a.destroy()
  await closed
  const again = await open()
  t.match(await health(again), /^HTTP\/1\.1 200 /, 'once one closes, a new connection is taken')
})
