// A copy of the migrations folder holding only the first migrations: the schema as it was, for tests of a migration.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MIGRATIONS_FOLDER } from '../../src/db/migrate.js'

/** A copy of the migrations folder holding only the first `count` migrations, removed when the test ends. */
export async function firstMigrations (t: import('tap').Test, count: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mev-migrations-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await cp(MIGRATIONS_FOLDER, dir, { recursive: true })
  const journal = JSON.parse(await readFile(join(dir, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }
  journal.entries = journal.entries.slice(0, count)
  await writeFile(join(dir, 'meta/_journal.json'), JSON.stringify(journal))
  return dir
}
