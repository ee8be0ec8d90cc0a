// A TCP proxy between the app's pool and PostgreSQL that a test can cut, silence and restore: an outage without
// stopping the machine's server.
import { once } from 'node:events'
import { connect, createServer, type Server, type Socket } from 'node:net'

export class TcpProxy {
  port = 0
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  private readonly peers = new Map<Socket, Socket>()
  private silent = false

  constructor (private readonly target: { host: string, port: number }) {}

  /** Listens (again, on the same port once it has one) and forwards every new connection. */
  async start (): Promise<void> {
    this.silent = false
    const server = createServer(client => { this.accept(client) })
    server.listen(this.port, '127.0.0.1')
    await once(server, 'listening')
    this.port = (server.address() as { port: number }).port
    this.server = server
  }

  /** The database is gone: open connections are reset and new ones refused. */
  async cut (): Promise<void> {
    const server = this.server
    this.server = undefined
    this.dropAll()
    if (server !== undefined) {
      server.close()
      await once(server, 'close')
    }
  }

  /** The database hangs: open connections are reset, new ones accepted but never answered. */
  silence (): void {
    this.silent = true
    this.dropAll()
  }

  /** The server stops answering (a frozen process, `kill -STOP`): open connections stay up but nothing passes
   * either way, and new ones are accepted but never answered. */
  freeze (): void {
    this.silent = true
    for (const socket of this.sockets) {
      for (const source of [socket, this.peers.get(socket)]) source?.unpipe()
      socket.pause()
    }
  }

  /** Forwards new connections again. */
  resume (): void {
    this.silent = false
  }

  async stop (): Promise<void> {
    await this.cut()
  }

  private dropAll (): void {
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
  }

  private track (socket: Socket): void {
    this.sockets.add(socket)
    socket.on('close', () => { this.sockets.delete(socket); this.peers.delete(socket) })
    socket.on('error', () => socket.destroy())
  }

  private accept (client: Socket): void {
    this.track(client)
    if (this.silent) return
    const upstream = connect(this.target)
    this.track(upstream)
    this.peers.set(client, upstream)
    client.pipe(upstream).pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  }
}
