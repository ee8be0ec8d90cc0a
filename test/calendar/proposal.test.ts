// What the calendar parsers share: agenda owners from a description matched to the event's attendees.
import t from 'tap'
import { ownerAttendee } from '../../src/calendar/proposal.js'
import { singleEventProposal } from '../../src/calendar/index.js'
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
  t.same(ownerAttendee('cy', people), { email: 'cy@example.com', how: 'the attendee with that address' })
  t.same(ownerAttendee('bo', people), { email: 'Bo@Example.com', how: 'the attendee with that address' })
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
    'agenda: owner "Ana" read as ana@example.com, the attendee with that address',
    'agenda: owner "Bo" read as bo.chen@example.com, the only attendee with that first name, "Bo Chen"',
    'agenda: owner "cy" read as cy@example.com, the attendee with that address',
    'agenda: owner "Zed" matches no attendee\'s name or address; kept as a name'
  ])
})
