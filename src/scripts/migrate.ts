// npm run db:migrate: applies pending migrations to the configured database and exits.
import { loadConfig } from '../config.js'
import { openDatabase } from '../db/client.js'
import { migrate } from '../db/migrate.js'

const config = loadConfig()
const database = await openDatabase(config)
try {
  const applied = await migrate(database.db)
  process.stdout.write(`${database.kind}: ${applied} migration(s) applied\n`)
} finally {
  await database.close()
}
