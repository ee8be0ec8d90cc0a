// Builds the OpenAPI document text exactly as committed in openapi/openapi.json.
import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import type { Database } from './db/client.js'

/** Routes are registered against a database stub: generating the document never opens one. */
const noDatabase = {
  db: undefined as never,
  kind: 'postgres',
  ping: async () => {},
  close: async () => {}
} satisfies Database

export async function openApiDocument (): Promise<string> {
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), { database: noDatabase, docsUi: false })
  await app.ready()
  const text = JSON.stringify(app.swagger(), null, 2) + '\n'
  await app.close()
  return text
}
