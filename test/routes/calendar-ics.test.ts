// text/calendar bodies on POST /v1/evaluations and /preview: fixtures from real exporters, and bad files as 400/413 problems.
import t from 'tap'
import { build, tenant } from '../helper.js'
import { fixture } from '../calendar/fixtures.js'

const ics = { 'content-type': 'text/calendar; charset=utf-8' }

t.test('an Outlook invitation with a Windows TZID is evaluated and stored', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: { ...auth, ...ics }, payload: fixture('outlook-windows-tzid.ics') })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.ok(body.assumptions.includes('time zone: TZID "W. Europe Standard Time" read as Europe/Berlin'))
  t.ok(body.assumptions.includes('agenda: 3 items read from the description'))
})

t.test('every single-event fixture previews with 200', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  for (const name of ['google-weekly.ics', 'outlook-display-tzid.ics', 'outlook-customized-tz.ics', 'apple-series.ics', 'thunderbird-mozilla-tzid.ics']) {
    const res = await app.inject({ method: 'POST', url: '/v1/evaluations/preview', headers: { ...auth, ...ics }, payload: fixture(name) })
    t.equal(res.statusCode, 200, `${name}: ${res.statusCode === 200 ? '' : res.body}`)
  }
})

t.test('bad files are 400 problems that say what is wrong', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const cases: Array<[string, RegExp]> = [
    ['missing-dtstart.ics', /no DTSTART/],
    ['unknown-tzid.ics', /Unknown time zone "Mars\/Olympus_Mons"/],
    ['truncated.ics', /malformed: a BEGIN: line has no matching END:/],
    ['floating-and-all-day.ics', /POST \/v1\/evaluations\/batch/]
  ]
  for (const [name, detail] of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: { ...auth, ...ics }, payload: fixture(name) })
    t.equal(res.statusCode, 400, name)
    t.match(res.json(), { status: 400, detail }, name)
  }
})

t.test('a calendar file over 1 MB is a 413', async t => {
  const app = await build(t)
  const { auth } = await tenant(app)
  const big = fixture('google-weekly.ics').replace('SUMMARY:', `X-FILLER:${'x'.repeat(1_100_000)}\r\nSUMMARY:`)
  const res = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: { ...auth, ...ics }, payload: big })
  t.equal(res.statusCode, 413)
  t.match(res.json(), { status: 413 })
})
