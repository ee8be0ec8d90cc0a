// Benchmark server process: the real app on one port and a bare Fastify route parsing the same body on another.
import Fastify from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createOrganization, issueApiKey } from '../../src/repositories/organizations.js'

const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: 'bench-admin-key-0123456789', DATABASE_URL: process.env.DATABASE_URL ?? 'memory://', RATE_LIMIT_MAX: '0' }), { docsUi: false })
const org = await createOrganization(app.database.db, 'bench')
const { key } = await issueApiKey(app.database.db, org.id, 'bench')
await app.listen({ port: 0, host: '127.0.0.1' })

const bare = Fastify({ logger: false, bodyLimit: 1_048_576 })
bare.post('/bare', async request => ({ received: typeof request.body === 'object' }))
await bare.listen({ port: 0, host: '127.0.0.1' })

const port = (server: typeof bare) => (server.server.address() as { port: number }).port
process.send?.({ ready: true, appPort: port(app as unknown as typeof bare), barePort: port(bare), key, database: app.database.kind })
process.on('message', (message: { rss?: boolean, stop?: boolean }) => {
  if (message.rss === true) process.send?.({ rss: process.memoryUsage().rss })
  if (message.stop === true) Promise.all([app.close(), bare.close()]).then(() => process.exit(0), () => process.exit(1))
})
