// Helmet's security headers on every answer: JSON, problems (401, 404, 400 from the body parser) and the docs page.
import t from 'tap'
import { build, tenant } from '../helper.js'

const HEADERS = {
  'content-security-policy': "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';" +
    "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0'
}

t.test('every kind of answer carries the security headers, and no X-Powered-By', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const answers = {
    'GET /v1/policy 200': await app.inject({ method: 'GET', url: '/v1/policy', headers: auth }),
    'GET /health 200': await app.inject({ method: 'GET', url: '/health' }),
    'GET /v1/policy without a key 401': await app.inject({ method: 'GET', url: '/v1/policy' }),
    'unknown route 404': await app.inject({ method: 'GET', url: '/v1/nothing-here' }),
    'malformed JSON 400': await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"title":' })
  }
  for (const [what, res] of Object.entries(answers)) {
    t.match(res.headers, HEADERS, what)
    t.equal(res.headers['x-powered-by'], undefined, `${what}: no X-Powered-By`)
  }
  t.same(Object.values(answers).map(r => r.statusCode), [200, 200, 401, 404, 400])
})
