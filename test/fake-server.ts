// Fake services for the client's tests: a server on a free port running a handler, and the NDJSON it is sent and answers.
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { lines } from '../src/cli/send.js'

type Test = import('tap').Test

export const meet = (index: number): string => JSON.stringify({ index, verdict: 'meet', score: 90, criteria: [] })
export const meeting = (i: number) => ({ title: `Meeting ${i}`, start: '2026-12-01T10:00:00Z', durationMinutes: 30, participants: [{ email: 'a@example.com' }] })
export const ndjson = (n: number): string => Array.from({ length: n }, (_, i) => `${JSON.stringify(meeting(i))}\n`).join('')

/** A server on a free port running `handler`; every request it got is in `requests`. */
export async function fake (t: Test, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string, requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = []
  const server = createServer((req, res) => { requests.push(req); handler(req, res) })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => { server.closeAllConnections(); server.close() })
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests }
}

/** The index of each non-empty line of a request as it arrives, counted as the service does. */
export async function * indexes (req: IncomingMessage): AsyncGenerator<number> {
  let index = 0
  for await (const line of lines(req)) if (line.trim() !== '') yield index++
}
