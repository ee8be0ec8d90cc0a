// First start on an empty database without ADMIN_API_KEY: create organisation "default" and print one key for it
// (called by the server once it listens, so a process that cannot serve makes no key).
import { sql } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from './config.js'
import type { Db } from './db/client.js'
import { countOrganizations, createOrganization, issueApiKey } from './repositories/organizations.js'

export async function bootstrap (db: Db, config: Config, log: FastifyBaseLogger): Promise<void> {
  if (config.adminApiKey !== undefined) return
  const issued = await db.transaction(async tx => {
    await tx.execute(sql`select pg_advisory_xact_lock(7420318612)`)
    if (await countOrganizations(tx) > 0) return undefined
    const org = await createOrganization(tx, 'default')
    return issueApiKey(tx, org.id, 'bootstrap')
  })
  if (issued === undefined) return
  log.warn({ apiKey: issued.key, prefix: issued.prefix },
    `First start: created organisation "default" with API key ${issued.key} (shown once; store it now). ` +
    'Try: curl -H "Authorization: Bearer <key>" http://127.0.0.1:' + String(config.port) + '/v1/policy')
}
