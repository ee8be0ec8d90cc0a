// Writes openapi/openapi.json from the registered routes, without listening or touching a real database.
import { mkdir, writeFile } from 'node:fs/promises'
import { openApiDocument } from '../openapi-document.js'

const target = new URL('../../openapi/openapi.json', import.meta.url)
await mkdir(new URL('.', target), { recursive: true })
await writeFile(target, await openApiDocument())
process.stdout.write(`wrote ${target.pathname}\n`)
