// GET /problems and /problems/{type}: every problem type the service can answer with resolves to its description.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { problemType } from '../../src/plugins/problems.js'
import { PROBLEM_TYPES, type ProblemSlug, type ProblemTypeDoc } from '../../src/problem-types.js'
import { build } from '../helper.js'

/** Every .ts file under src/. */
async function sources (dir = new URL('../../src/', import.meta.url).pathname): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...await sources(path))
    else if (entry.name.endsWith('.ts')) out.push(path)
  }
  return out
}

t.test('a problem type resolves to what it means, with no key', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'GET', url: '/problems/validation-error' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  t.match(res.json(), { type: '/problems/validation-error', title: 'Bad Request', status: 400, description: /errors lists each/ })
  const answer = await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: { authorization: 'Bearer nope' }, payload: {} })
  const followed = await app.inject({ method: 'GET', url: answer.json().type })
  t.equal(followed.statusCode, 200, 'the type of an answer can be followed as it is')
  t.equal(followed.json().type, answer.json().type)
})

t.test('an unknown type is a 404 problem, a malformed one a 400', async t => {
  const app = await build(t)
  const unknown = await app.inject({ method: 'GET', url: '/problems/no-such-thing' })
  t.equal(unknown.statusCode, 404)
  t.same(unknown.json(), { type: '/problems/not-found', title: 'Not Found', status: 404, detail: 'Problem type /problems/no-such-thing was not found' })
  t.equal((await app.inject({ method: 'GET', url: '/problems/Not_A_Type' })).statusCode, 400)
})

t.test('GET /problems lists every declared type', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'GET', url: '/problems' })
  t.equal(res.statusCode, 200)
  t.same(res.json().items.map((d: { type: string }) => d.type), Object.keys(PROBLEM_TYPES).map(slug => `/problems/${slug}`))
})

t.test('every type the code can emit resolves: by status, by name, and each one written in the source', async t => {
  const app = await build(t)
  const emitted = new Set<string>()
  for (let status = 400; status < 600; status++) emitted.add(problemType(status))
  for (const slug of Object.keys(PROBLEM_TYPES)) emitted.add(`/problems/${slug}`)
  const named = /\/problems\/([a-z-]+)|problemType\(\d+, '([a-z-]+)'\)|problemSlug[^=]*= '([a-z-]+)'/g
  let written = 0
  for (const file of await sources()) {
    for (const m of (await readFile(file, 'utf8')).matchAll(named)) {
      const slug = m[1] ?? m[2] ?? m[3]
      if (slug === undefined || file.endsWith('problem-types.ts')) continue
      emitted.add(`/problems/${slug}`)
      written++
    }
  }
  t.ok(written > 5, `${written} types named in the source`)
  for (const type of emitted) {
    const res = await app.inject({ method: 'GET', url: type })
    t.equal(res.statusCode, 200, `${type} resolves`)
  }
})

t.test('a status\'s problems take the one type of that status the list does not mark named, and no other status has one', async t => {
  const own = Object.entries(PROBLEM_TYPES as Record<string, ProblemTypeDoc>).filter(([, doc]) => doc.status !== undefined && doc.named !== true)
  t.same(own.map(([, doc]) => doc.status), [...new Set(own.map(([, doc]) => doc.status))], 'one type per status')
  for (let status = 400; status < 600; status++) {
    const slug = own.find(([, doc]) => doc.status === status)?.[0] ?? 'error'
    t.equal(problemType(status), `/problems/${slug}`, `${status}`)
  }
  for (const [slug, doc] of Object.entries(PROBLEM_TYPES as Record<string, ProblemTypeDoc>)) {
    if (doc.named === true) t.equal(problemType(doc.status!, slug as ProblemSlug), `/problems/${slug}`, `${slug} when named`)
  }
})

t.test('the problem types are never rate limited', async t => {
  const app = await build(t, { RATE_LIMIT_MAX: '1' })
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ method: 'GET', url: '/problems/too-many-requests' })
    t.equal(res.statusCode, 200)
    t.notOk('ratelimit-limit' in res.headers)
  }
})
