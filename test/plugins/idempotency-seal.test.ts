// Sealed admin answers: readable only with the secret and the context they were sealed with, and only unaltered.
import t from 'tap'
import { sealer } from '../../src/plugins/idempotency-seal.js'

const SECRET = 'admin-key-for-tests-0123456789'

t.test('a sealed answer opens with the same secret and context, and does not show its text', async t => {
  const sealed = sealer(SECRET).seal('{"key":"mev_abc"}', 'k1\nprint')
  t.notMatch(sealed, 'mev_abc')
  t.match(sealed, /^v1:/)
  t.equal(sealer(SECRET).open(sealed, 'k1\nprint'), '{"key":"mev_abc"}')
  t.not(sealer(SECRET).seal('{"key":"mev_abc"}', 'k1\nprint'), sealed, 'a fresh nonce every time')
})

t.test('another secret, another context, an altered or foreign value: nothing opens', async t => {
  const seal = sealer(SECRET)
  const sealed = seal.seal('{"key":"mev_abc"}', 'k1\nprint')
  t.equal(sealer('another-admin-key-0123456789').open(sealed, 'k1\nprint'), undefined)
  t.equal(seal.open(sealed, 'k2\nprint'), undefined)
  const bytes = Buffer.from(sealed.slice(3), 'base64')
  bytes[bytes.length - 1]! ^= 1
  t.equal(seal.open(`v1:${bytes.toString('base64')}`, 'k1\nprint'), undefined)
  t.equal(seal.open('{"key":"mev_abc"}', 'k1\nprint'), undefined)
  t.equal(seal.open('v1:AAAA', 'k1\nprint'), undefined)
})
