// The process: prints a first key, serves, and on SIGTERM finishes every in-flight request before exiting 0.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { request } from 'node:http'
import { createInterface } from 'node:readline'
import t from 'tap'
import { EXAMPLE_PROPOSAL } from '../src/schemas/proposal.js'
import { freePort } from './free-port.js'

t.test('SIGTERM: 60 requests in flight are all answered, then exit 0', async t => {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: 'memory://', LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '20000', ADMIN_API_KEY: '', MAX_EVENT_LOOP_DELAY: '0' },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  const lines = createInterface({ input: child.stdout! })
  let key = ''
  let received = 0
  let onReceived: () => void = () => {}
  const ready = new Promise<void>(resolve => {
    lines.on('line', line => {
      const entry = JSON.parse(line) as { apiKey?: string, msg?: string }
      if (entry.apiKey !== undefined) key = entry.apiKey
      if (entry.msg === 'ready') resolve()
      if (entry.msg === 'incoming request') { received++; onReceived() }
    })
  })
  await ready
  t.match(key, /^mev_/, 'a first key was printed before ready')

  const body = JSON.stringify(EXAMPLE_PROPOSAL)
  const half = Math.floor(body.length / 2)
  const allReceived = new Promise<void>(resolve => { onReceived = () => { if (received >= 60) resolve() } })
  const pending = Array.from({ length: 60 }, () => {
    const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/v1/evaluations', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } })
    req.write(body.slice(0, half))
    const answered = new Promise<number>((resolve, reject) => {
      req.on('response', res => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)) })
      req.on('error', reject)
    })
    return { req, answered }
  })
  await allReceived
  child.kill('SIGTERM')
  for (const { req } of pending) req.end(body.slice(half))
  const statuses = await Promise.all(pending.map(p => p.answered))
  const [code] = await once(child, 'exit') as [number]
  t.same(statuses, Array(60).fill(201), 'every in-flight request was answered')
  t.equal(code, 0)
})
