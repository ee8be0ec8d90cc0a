// A TCP port on 127.0.0.1 nothing listens on: free for a child server to take, or closed for a client to be refused.
import { once } from 'node:events'
import { createServer } from 'node:net'

export async function freePort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}
