// A connection on which nothing moves is closed: a client that sends headers and one byte of a promised body (the
// slow-loris pattern) no longer holds its socket for good.
import { once } from 'node:events'
import { connect } from 'node:net'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { ADMIN_KEY, testDatabase, tenant } from '../helper.js'

t.test('a stalled request body is closed after the idle timeout; an ordinary request is answered', async t => {
  const database = await testDatabase()
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN_KEY, MAX_EVENT_LOOP_DELAY: '0' }), idleTimeoutMs: 300 }
  const app = await buildApp(config, { database, docsUi: false })
  t.teardown(() => app.close())
  const { key } = await tenant(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }

  for (const type of ['application/json', 'application/x-ndjson', 'text/calendar']) {
    const socket = connect(port, '127.0.0.1')
    await once(socket, 'connect')
    const started = performance.now()
    socket.write(`POST /v1/evaluations/batch HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${key}\r\ncontent-type: ${type}\r\ncontent-length: 100000\r\n\r\n{`)
    socket.resume()
    await once(socket, 'close')
    t.ok(performance.now() - started >= 250, `${type}: closed by the server after the idle time, not at once`)
  }

  const res = await fetch(`http://127.0.0.1:${port}/v1/policy`, { headers: { authorization: `Bearer ${key}` } })
  t.equal(res.status, 200, 'an ordinary request is unaffected')
})
