// What the calendar parsers share: agenda owners from a description matched to the event's attendees, and when the agenda was shared.
import t from 'tap'
import { ownerAttendee } from '../../src/calendar/proposal.js'
import { parseGoogleEvent, parseMicrosoftEvent, singleEventProposal } from '../../src/calendar/index.js'
import { ics } from './fixtures.js'

const people = [
  { email: 'ana.lima@example.com', name: 'Ana Lima' },
  { email: 'Bo@Example.com', name: 'Chen, Bo' },
  { email: 'ana.silva@example.com', name: 'Ana Silva' },
  { email: 'cy@example.com' }
]

t.test('an owner is an attendee by email, whole name, local part, or a first name only one attendee has', async t => {
  t.same(ownerAttendee('ANA.LIMA@example.com', people), { email: 'ana.lima@example.com' }, 'the attendee\'s spelling')
  t.equal(ownerAttendee('zed@example.com', people), undefined)
  t.same(ownerAttendee('ana  lima', people), { email: 'ana.lima@example.com', how: 'the attendee named "Ana Lima"' })
  t.same(ownerAttendee('cy', people), { email: 'cy@example.com', how: 'the attendee with that name before the @ of their address' })
  t.same(ownerAttendee('bo', people), { email: 'Bo@Example.com', how: 'the attendee with that name before the @ of their address' })
  t.same(ownerAttendee('Bo', people.slice(1, 2).map(p => ({ ...p, email: 'b.chen@example.com' }))),
    { email: 'b.chen@example.com', how: 'the only attendee with that first name, "Chen, Bo"' }, 'Last, First')
  t.equal(ownerAttendee('Ana', people), undefined, 'two attendees are called Ana')
  t.same(ownerAttendee('Ana', [...people, { email: 'ana.lima@example.com', name: 'Ana Lima' }].filter(p => p.name !== 'Ana Silva')),
    { email: 'ana.lima@example.com', how: 'the only attendee with that first name, "Ana Lima"' }, 'one person listed twice is one')
})

t.test('description owners become attendee emails; other names stay as written, each reading listed once', async t => {
  const { proposal, assumptions } = singleEventProposal(ics(
    'SUMMARY:Pick the Q3 pricing option', 'DTSTART:20261201T160000Z', 'DURATION:PT45M',
    'ORGANIZER;CN=Ana Lima:mailto:ana@example.com',
    'ATTENDEE;CN=Bo Chen:mailto:bo.chen@example.com',
    'ATTENDEE:mailto:cy@example.com',
    'DESCRIPTION:- Which option fits? (15 min) - Ana\\n- Decide (15 min\\, Bo)\\n- Risks (5 min) @cy\\n- Rollout (5 min) - Zed\\n- Next (5 min) - Ana\\n- Legal (5 min) - dee@example.com'
  ))
  t.same(proposal.agenda?.items, [
    { title: 'Which option fits?', minutes: 15, owner: 'ana@example.com' },
    { title: 'Decide', minutes: 15, owner: 'bo.chen@example.com' },
    { title: 'Risks', minutes: 5, owner: 'cy@example.com' },
    { title: 'Rollout', minutes: 5, owner: 'Zed' },
    { title: 'Next', minutes: 5, owner: 'ana@example.com' },
    { title: 'Legal', minutes: 5, owner: 'dee@example.com' }
  ])
  t.same(assumptions.filter(a => a.startsWith('agenda')), [
    'agenda: 6 items read from the description',
    'agenda: owner "Ana" read as ana@example.com, the attendee with that name before the @ of their address',
    'agenda: owner "Bo" read as bo.chen@example.com, the only attendee with that first name, "Bo Chen"',
    'agenda: owner "cy" read as cy@example.com, the attendee with that name before the @ of their address',
    'agenda: owner "Zed" matches no attendee\'s name or address; kept as a name'
  ])
})

const withAgenda = (...lines: string[]) => ics('DTSTART:20261201T160000Z', 'DURATION:PT30M', 'ATTENDEE:mailto:ana@example.com', 'DESCRIPTION:- Which option? (15 min)', ...lines)
const asOf = '2026-11-25T10:00:00Z'

t.test('a description agenda was shared by the event\'s last change: LAST-MODIFIED, DTSTAMP of an invitation, else CREATED', async t => {
  const shared = (text: string) => {
    const { proposal, assumptions } = singleEventProposal(text, { asOf })
    return [proposal.agenda?.sharedAt, assumptions.find(a => a.startsWith('agenda shared'))]
  }
  t.same(shared(withAgenda('LAST-MODIFIED:20261120T090000Z', 'CREATED:20261101T090000Z')),
    ['2026-11-20T09:00:00Z', 'agenda shared at 2026-11-20T09:00:00Z: the event\'s last change (LAST-MODIFIED)'])
  t.same(shared(withAgenda('CREATED:20261118T090000Z')), ['2026-11-18T09:00:00Z', 'agenda shared at 2026-11-18T09:00:00Z: the event\'s last change (CREATED)'],
    'the DTSTAMP of a file without METHOD is not a sending time')
  const invitation = (method: string) => withAgenda('CREATED:20261118T090000Z').replace('VERSION:2.0', `VERSION:2.0\r\nMETHOD:${method}`)
  t.same(shared(invitation('REQUEST')), ['2026-11-01T00:00:00Z', 'agenda shared at 2026-11-01T00:00:00Z: the event\'s last change (DTSTAMP)'], 'an invitation was sent at its DTSTAMP')
  t.same(shared(invitation('PUBLISH')), ['2026-11-18T09:00:00Z', 'agenda shared at 2026-11-18T09:00:00Z: the event\'s last change (CREATED)'], 'an export\'s DTSTAMP is when it was written')
  t.same(shared(withAgenda()), [undefined, undefined], 'nothing says when: not shared yet')
  t.same(shared(withAgenda('LAST-MODIFIED;TZID=Europe/Berlin:20261120T090000', 'CREATED:yesterday')), [undefined, undefined], 'a stamp not in UTC, or not a date-time, says nothing')
})

t.test('a last change at or after asOf leaves the agenda not shared yet; an event without an agenda has nothing to share', async t => {
  for (const stamp of ['LAST-MODIFIED:20261125T100000Z', 'LAST-MODIFIED:20261126T090000Z']) {
    const { proposal, assumptions } = singleEventProposal(withAgenda(stamp), { asOf })
    t.equal(proposal.agenda?.sharedAt, undefined, stamp)
    t.notOk(assumptions.some(a => a.startsWith('agenda shared')), stamp)
  }
  const bare = singleEventProposal(ics('DTSTART:20261201T160000Z', 'ATTENDEE:mailto:ana@example.com', 'LAST-MODIFIED:20261120T090000Z'), { asOf })
  t.equal(bare.proposal.agenda, undefined)
  t.notOk(bare.assumptions.some(a => a.startsWith('agenda shared')))
})

t.test('Google\'s updated (else created) and Graph\'s lastModifiedDateTime (else createdDateTime) are the last change', async t => {
  const google = { summary: 'Sync', description: '- Which option? (15 min)', start: { dateTime: '2026-12-01T16:00:00Z' }, end: { dateTime: '2026-12-01T16:30:00Z' }, attendees: [{ email: 'ana@example.com' }] }
  t.equal(parseGoogleEvent({ ...google, created: '2026-11-10T09:00:00Z', updated: '2026-11-20T10:00:00+01:00' }, { asOf }).proposal.agenda?.sharedAt, '2026-11-20T09:00:00Z')
  const created = parseGoogleEvent({ ...google, created: '2026-11-10T09:00:00.000Z' }, { asOf })
  t.equal(created.proposal.agenda?.sharedAt, '2026-11-10T09:00:00Z')
  t.ok(created.assumptions.includes('agenda shared at 2026-11-10T09:00:00Z: the event\'s last change (created)'))
  const graph = {
    subject: 'Sync',
    body: { contentType: 'text', content: '- Which option? (15 min)' },
    start: { dateTime: '2026-12-01T16:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2026-12-01T16:30:00.0000000', timeZone: 'UTC' },
    attendees: [{ type: 'required', emailAddress: { address: 'ana@example.com' } }]
  }
  const modified = parseMicrosoftEvent({ ...graph, createdDateTime: '2026-11-10T09:00:00Z', lastModifiedDateTime: '2026-11-20T09:31:40.6123451Z' }, { asOf })
  t.equal(modified.proposal.agenda?.sharedAt, '2026-11-20T09:31:40.612Z')
  t.ok(modified.assumptions.includes('agenda shared at 2026-11-20T09:31:40.612Z: the event\'s last change (lastModifiedDateTime)'))
  t.equal(parseMicrosoftEvent({ ...graph, createdDateTime: '2026-11-10T09:00:00.0000000' }, { asOf }).proposal.agenda?.sharedAt, '2026-11-10T09:00:00Z', 'Graph\'s times are UTC')
})

t.test('an address listed twice is one participant, required if either listing is, keeping a role either gives', async t => {
  const people = (...attendees: string[]) => singleEventProposal(ics('DTSTART:20261201T160000Z', ...attendees))
  for (const order of [['OPT-PARTICIPANT', 'REQ-PARTICIPANT'], ['REQ-PARTICIPANT', 'OPT-PARTICIPANT']]) {
    const { proposal, assumptions } = people(...order.map(role => `ATTENDEE;ROLE=${role}:mailto:cy@example.com`))
    t.same(proposal.participants, [{ email: 'cy@example.com', attendance: 'required' }], order.join(' then '))
    t.ok(assumptions.some(a => a.startsWith('cy@example.com: listed twice; counted once')), order.join(' then '))
  }
  const chair = people('ATTENDEE;ROLE=OPT-PARTICIPANT;CN=Dee:mailto:dee@example.com', 'ATTENDEE;ROLE=CHAIR:mailto:DEE@example.com')
  t.same(chair.proposal.participants, [{ email: 'dee@example.com', name: 'Dee', attendance: 'required', role: 'organizer' }], 'the chair runs the meeting')
  t.ok(chair.assumptions.includes('dee@example.com: listed twice; counted once, as required (one listing is)'))
  const google = parseGoogleEvent({
    start: { dateTime: '2026-12-01T16:00:00Z' },
    end: { dateTime: '2026-12-01T16:30:00Z' },
    attendees: [{ email: 'cy@example.com', optional: true }, { email: 'Cy@example.com' }, { email: 'ana@example.com', optional: true }, { email: 'ana@example.com', optional: true }]
  })
  t.same(google.proposal.participants, [{ email: 'cy@example.com', attendance: 'required' }, { email: 'ana@example.com', attendance: 'optional' }])
  t.ok(google.assumptions.includes('ana@example.com: listed twice; counted once'))
})

t.test('a group (CUTYPE=GROUP) counts as one participant, said; a delegator is left out, their delegate listed', async t => {
  const { proposal, assumptions } = singleEventProposal(ics('DTSTART:20261201T160000Z',
    'ATTENDEE;CUTYPE=GROUP;CN=Team:mailto:team@example.com',
    'ATTENDEE;PARTSTAT=DELEGATED;DELEGATED-TO="mailto:bo@example.com":mailto:ana@example.com',
    'ATTENDEE;DELEGATED-FROM="mailto:ana@example.com":mailto:bo@example.com',
    'ATTENDEE;PARTSTAT=DELEGATED:mailto:cy@example.com'))
  t.same(proposal.participants, [{ email: 'team@example.com', name: 'Team', attendance: 'required' }, { email: 'bo@example.com', attendance: 'required' }])
  t.same(assumptions.filter(a => /^(team|ana|cy)@/.test(a)), [
    'team@example.com: a group (CUTYPE=GROUP), counted as one participant',
    'ana@example.com: left out (delegated the invitation to bo@example.com)',
    'cy@example.com: left out (delegated the invitation)'
  ])
})
