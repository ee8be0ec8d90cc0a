// ETag conditions, list cursors and the agenda-to-proposal mapping.
import t from 'tap'
import { etagOf, noneMatchHits, parseIfMatch, unmatchableTags } from '../../../src/domain/agenda/versions.js'
import { decodeCursor, decodePosition, encodeCursor, encodePosition } from '../../../src/domain/cursor.js'
import { agendaProposal } from '../../../src/domain/agenda/proposal.js'
import type { AgendaT } from '../../../src/schemas/agenda.js'

t.test('If-Match accepts *, lists of strong tags, and never matches weak tags', async t => {
  t.equal(etagOf(3), '"3"')
  t.same(parseIfMatch(' * '), { any: true })
  t.same(parseIfMatch('"3", "4"'), { any: false, versions: [3, 4] })
  t.same(parseIfMatch('W/"3"'), { any: false, versions: [] })
  t.same(parseIfMatch('3'), { any: false, versions: [] })
  t.same(parseIfMatch('"03", "0004", "5"'), { any: false, versions: [5] }, 'strong comparison: "03" is not the ETag of version 3')
})

t.test('the tags of an If-Match that can never name a version: weak ones and text that is no entity tag', async t => {
  t.same(unmatchableTags('*'), [])
  t.same(unmatchableTags('"3", "03"'), [], 'strong tags of no version can still be checked against one')
  t.same(unmatchableTags('W/"3", 3, "3", "a b"'), ['W/"3"', '3', '"a b"'])
  t.same(unmatchableTags(`"${'x'.repeat(50)}`), [`"${'x'.repeat(38)}…`], 'cut to 40 characters')
  t.equal(unmatchableTags('1,2,3,4,5').length, 3, 'at most three')
})

t.test('If-None-Match compares weakly and accepts *', async t => {
  t.ok(noneMatchHits('"2", W/"3"', 3))
  t.ok(noneMatchHits('*', 1))
  t.notOk(noneMatchHits('"2"', 3))
})

t.test('a cursor round-trips in the list that issued it and anything else is refused', async t => {
  const position = { createdAt: new Date('2026-11-24T10:00:00.123Z'), id: '0b9f5f8e-4a51-4c5e-9d2a-7f3c1e2d4b6a' }
  const cursor = encodePosition('agendas', position)
  t.match(cursor, /^[A-Za-z0-9_-]+$/)
  t.same(decodePosition('agendas', cursor), position)
  t.equal(decodePosition('evaluations', cursor), undefined, 'another list does not take it')
  t.not(encodePosition('evaluations', position), cursor, 'each list issues its own cursor for the same position')
  t.equal(decodePosition('agendas', Buffer.from(JSON.stringify(['2026-11-24T10:00:00.123Z', position.id])).toString('base64url')), undefined,
    'an untagged cursor (as issued before lists tagged theirs) is refused')
  t.equal(decodeCursor('people', encodeCursor('agendas', 'ana@example.com')), undefined)
  t.equal(decodeCursor('people', encodeCursor('people', 'ana@example.com')), 'ana@example.com')
  for (const bad of ['zz', 'not a cursor', encodeCursor('agendas', '[1,2]'), encodeCursor('agendas', '["2026-13-01", "x"]'), encodeCursor('people', '')]) {
    t.equal(decodePosition('agendas', bad), undefined, bad)
  }
})

t.test('a cursor is refused unless it is exactly what the encoder produces for a date PostgreSQL can hold', async t => {
  const id = '0b9f5f8e-4a51-4c5e-9d2a-7f3c1e2d4b6a'
  const of = (text: string) => encodeCursor('evaluations', text)
  const cases: Array<[string, string]> = [
    ['the largest JS date', of(JSON.stringify(['+275760-09-13T00:00:00.000Z', id]))],
    ['a year before 1', of(JSON.stringify(['-000001-01-01T00:00:00.000Z', id]))],
    ['year 0', of(JSON.stringify(['0000-12-31T23:59:59.999Z', id]))],
    ['an uppercase id', of(JSON.stringify(['2026-11-24T10:00:00.000Z', id.toUpperCase()]))],
    ['JSON with spaces', of(`[ "2026-11-24T10:00:00.000Z", "${id}" ]`)],
    ['a trailing character', `${encodePosition('evaluations', { createdAt: new Date('2026-11-24T10:00:00.000Z'), id })}A`]
  ]
  for (const [what, bad] of cases) t.equal(decodePosition('evaluations', bad), undefined, what)
  for (const at of ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
    const position = { createdAt: new Date(at), id }
    t.same(decodePosition('evaluations', encodePosition('evaluations', position)), position, `${at} is within range`)
  }
})

const agenda: AgendaT = {
  id: '0b9f5f8e-4a51-4c5e-9d2a-7f3c1e2d4b6a',
  version: 2,
  status: 'published',
  title: 'Pick the Q3 pricing option',
  meetingStart: '2026-12-01T16:00:00.000Z',
  durationMinutes: 45,
  timeZone: 'Europe/Berlin',
  items: [{ index: 0, title: 'Budget', minutes: 15, owner: 'ana@example.com', kind: 'decision', actualMinutes: 20 }],
  outcomes: ['Choose option A or B'],
  participants: [{ email: 'ana@example.com', role: 'decider' }],
  publishedAt: '2026-11-28T09:00:00.000Z',
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-28T09:00:00.000Z'
}

t.test('an agenda maps to a proposal with its items shared when published', async t => {
  t.same(agendaProposal(agenda, { purpose: 'decision' }), {
    ok: true,
    proposal: {
      title: 'Pick the Q3 pricing option',
      start: '2026-12-01T16:00:00.000Z',
      durationMinutes: 45,
      timeZone: 'Europe/Berlin',
      outcomes: ['Choose option A or B'],
      participants: [{ email: 'ana@example.com', role: 'decider' }],
      agenda: { items: [{ title: 'Budget', minutes: 15, owner: 'ana@example.com', kind: 'decision' }], sharedAt: '2026-11-28T09:00:00.000Z' },
      purpose: 'decision'
    },
    assumptions: []
  })
})

t.test('without a purpose, the agenda\'s title gives one, listed under assumptions; else other, said so', async t => {
  t.same(agendaProposal(agenda, { asOf: '2026-11-30T10:00:00Z' }), {
    ok: true,
    proposal: { ...(agendaProposal(agenda, { purpose: 'decision' }) as { proposal: object }).proposal, asOf: '2026-11-30T10:00:00Z' },
    assumptions: ['purpose: decision, inferred from "Pick" in the title']
  })
  t.match(agendaProposal({ ...agenda, title: 'Q3 pricing' }), { ok: true, proposal: { purpose: 'other' }, assumptions: ['purpose: not recognised from the title; other assumed'] })
})

t.test('an agenda without a start or participants cannot be evaluated', async t => {
  const { meetingStart: _, ...noStart } = agenda
  t.same(agendaProposal(noStart), { ok: false, missing: ['meetingStart'] })
  t.same(agendaProposal({ ...agenda, participants: [] }), { ok: false, missing: ['participants'] })
  t.same(agendaProposal({ ...noStart, participants: [] }), { ok: false, missing: ['meetingStart', 'participants'] }, 'both, when both are missing')
})

t.test('an agenda published after the asOf asked for is not shared yet as of then', async t => {
  const mapped = agendaProposal(agenda, { purpose: 'decision', asOf: '2026-11-25T10:00:00Z' })
  t.match(mapped, { ok: true, assumptions: ['agenda: published at 2026-11-28T09:00:00.000Z, after asOf, so not shared yet as of then'] })
  t.same(mapped.ok && mapped.proposal.agenda, { items: [{ title: 'Budget', minutes: 15, owner: 'ana@example.com', kind: 'decision' }] })
  t.match(agendaProposal(agenda, { purpose: 'decision', asOf: '2026-11-28T09:00:00Z' }), { ok: true, proposal: { agenda: { sharedAt: '2026-11-28T09:00:00.000Z' } }, assumptions: [] },
    'published at asOf: shared')
})
