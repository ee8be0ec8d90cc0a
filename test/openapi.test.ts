// The committed OpenAPI document is what the routes produce, and it is complete.
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { openApiDocument } from '../src/openapi-document.js'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { build, testDatabase } from './helper.js'

t.test('openapi/openapi.json is fresh (run npm run openapi)', async t => {
  const committed = await readFile(new URL('../openapi/openapi.json', import.meta.url), 'utf8')
  t.equal(committed, await openApiDocument(), 'regenerate with npm run openapi and commit')
})

t.test('the document is OpenAPI 3.1 with tags, summaries and every status documented', async t => {
  const doc = JSON.parse(await openApiDocument())
  t.equal(doc.openapi, '3.1.0')
  t.ok(doc.components.securitySchemes.bearerAuth)
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const where = `${method.toUpperCase()} ${path}`
      t.ok(op.tags?.length > 0, `${where} has tags`)
      t.ok(op.summary, `${where} has a summary`)
      t.ok(op.responses['500'], `${where} documents 500`)
      for (const [status, response] of Object.entries<any>(op.responses)) {
        t.ok(response.description, `${where} ${status} has a description`)
      }
    }
  }
})

t.test('the service serves the document and the reference UI', async t => {
  const app = await build(t)
  const doc = await app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(doc.statusCode, 200)
  t.equal(doc.json().openapi, '3.1.0')
})

t.test('the reference UI at /docs needs no key, and its security headers allow its own scripts and styles', async t => {
  const database = await testDatabase()
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', MAX_EVENT_LOOP_DELAY: '0' }), { database })
  t.teardown(() => app.close())
  const page = await app.inject({ method: 'GET', url: '/docs' })
  t.equal(page.statusCode, 200, 'no key needed')
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.body, /swagger-ui/)
  t.match(page.headers['content-security-policy'], /script-src 'self'/)
  const script = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' })
  t.equal(script.statusCode, 200, 'its static files too')
  t.equal((await app.inject({ method: 'GET', url: '/v1/policy' })).statusCode, 401, 'the API itself still needs a key')
})

/** Paths of fields (JSON pointer-like) under `schema` lacking a description or an example. */
function undocumented (schema: any, doc: any, path = ''): string[] {
  if (schema === undefined || schema === null || typeof schema !== 'object') return []
  if (typeof schema.$ref === 'string') return []
  const out: string[] = []
  const named = schema.enum !== undefined || schema.const !== undefined
  if (path !== '' && schema.description === undefined) out.push(`${path}: description`)
  if (path !== '' && schema.examples === undefined && schema.example === undefined && !named) out.push(`${path}: example`)
  for (const [key, child] of Object.entries<any>(schema.properties ?? {})) out.push(...undocumented(child, doc, `${path}/${key}`))
  if (schema.items !== undefined) out.push(...undocumented({ ...schema.items, description: schema.items.description ?? schema.description, examples: schema.items.examples ?? schema.items.example ?? (schema.items.properties !== undefined ? [] : undefined) }, doc, `${path}/[]`))
  return out
}

t.test('every field of the proposal and of the evaluation has a description and an example', async t => {
  const doc = JSON.parse(await openApiDocument())
  const op = doc.paths['/v1/evaluations'].post
  t.same(undocumented(op.requestBody.content['application/json'].schema, doc), [], 'proposal')
  t.same(undocumented(op.responses['201'].content['application/json'].schema, doc), [], 'evaluation')
})

t.test('the admin POSTs that create document Idempotency-Key, 409 and 422', async t => {
  const doc = JSON.parse(await openApiDocument())
  for (const path of ['/v1/admin/organizations', '/v1/admin/organizations/{orgId}/api-keys']) {
    const op = doc.paths[path].post
    const header = op.parameters.find((p: any) => p.in === 'header' && p.name === 'idempotency-key')
    t.match(header, { required: false, schema: { type: 'string', maxLength: 255 }, description: /ADMIN_API_KEY/ }, path)
    t.ok(op.responses['409'] && op.responses['422'], `${path} documents 409 and 422`)
  }
  const issuing = doc.paths['/v1/admin/organizations/{orgId}/api-keys'].post.parameters.find((p: any) => p.name === 'idempotency-key')
  t.match(issuing.description, /answer was lost.*DELETE \/v1\/admin\/api-keys\/\{keyId\}.*new Idempotency-Key/)
})
