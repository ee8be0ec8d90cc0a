// Tests of the time-zone criterion, fed with precomputed facts and series fairness.
import t from 'tap'
import type { ParticipantTime } from '../../../src/domain/model.js'
import { localRange, timeZonesCriterion } from '../../../src/domain/criteria/time-zones.js'
import type { SeriesFairness } from '../../../src/domain/time/fairness.js'
import { context, facts, inside, meeting, person } from '../fixtures.js'

const ny = person('bo@example.com', { timeZone: 'America/New_York' })
const ana = person('ana@example.com', { role: 'decider' })
const opt = person('cy@example.com', { attendance: 'optional', timeZone: 'Asia/Kolkata' })
const base = meeting({ participants: [ana, ny, opt] })

function withTime (email: string, over: Partial<ParticipantTime>) {
  return facts(base, { participants: base.participants.map((p) => p.email === email ? { ...inside(p), ...over } : inside(p)) })
}

const series = (over: Partial<SeriesFairness> = {}): SeriesFairness => ({
  occurrences: 52,
  from: '2026-12-01',
  to: '2027-11-23',
  participants: base.participants.map((p) => ({ email: p.email, outsideHours: 0, atNight: 0, shifted: [] })),
  ...over
})

const night = { localStart: '2026-12-01T02:00:00+05:30', withinWorkingHours: false, minutesOutside: 45, minutesAtNight: 45, minutesLate: 45 }
const late = { localStart: '2026-12-01T20:00:00-05:00', withinWorkingHours: false, minutesOutside: 45, minutesAtNight: 0, minutesLate: 45 }
const outside = { localStart: '2026-12-01T18:00:00-05:00', withinWorkingHours: false, minutesOutside: 45, minutesAtNight: 0, minutesLate: 0 }

t.test('each time-zone problem yields its code and penalty', async (t) => {
  const shifted = [{ start: '2027-03-16T10:00:00Z', localStart: '2027-03-16T06:00:00-04:00', shiftMinutes: 60 }]
  const cases: Array<[string, ReturnType<typeof context>, number, string[]]> = [
    ['everyone inside', context(base), 100, []],
    ['required at night', context(base, { timeZones: withTime('bo@example.com', night) }), 60, ['NIGHT_MEETING']],
    ['optional at night', context(base, { timeZones: withTime('cy@example.com', night) }), 87, ['NIGHT_MEETING']],
    ['late evening', context(base, { timeZones: withTime('bo@example.com', late) }), 75, ['LATE_EVENING']],
    ['outside hours', context(base, { timeZones: withTime('bo@example.com', outside) }), 85, ['OUTSIDE_WORKING_HOURS']],
    ['optional outside hours', context(base, { timeZones: withTime('cy@example.com', outside) }), 95, ['OUTSIDE_WORKING_HOURS']],
    ['no overlap', context(base, { timeZones: facts(base, { overlapMinutes: 0 }) }), 60, ['NO_SHARED_OVERLAP']],
    ['short overlap', context(base, { timeZones: facts(base, { overlapMinutes: 30 }) }), 85, ['OVERLAP_SHORTER_THAN_MEETING']],
    ['fair series', context(base, { fairness: series() }), 100, []],
    ['unfair series', context(base, {
      fairness: series({ rotation: { email: 'bo@example.com', emails: ['bo@example.com'], badOccurrences: 40, totalBad: 52, message: 'rotate' } })
    }), 80, ['SERIES_BURDEN_UNFAIR']],
    ['harmless DST shift', context(base, {
      fairness: series({ participants: [{ email: 'bo@example.com', outsideHours: 0, atNight: 0, shifted }] })
    }), 97, ['SERIES_DST_SHIFT']],
    ['harmful DST shift', context(base, {
      fairness: series({ participants: [{ email: 'bo@example.com', outsideHours: 3, atNight: 0, shifted }] })
    }), 90, ['SERIES_DST_SHIFT']]
  ]
  for (const [name, ctx, score, codes] of cases) {
    const result = timeZonesCriterion(base, ctx)
    t.equal(result.score, score, `${name} score`)
    t.same(result.findings.map((f) => f.code), codes, `${name} codes`)
  }
})

t.test('one required person: no working hours that day is the overlap error, a short day is not a finding', async (t) => {
  const solo = meeting({ participants: [ana, opt] })
  t.same(timeZonesCriterion(solo, context(solo, { timeZones: facts(solo, { overlapMinutes: 0 }) })).findings, [{
    code: 'NO_SHARED_OVERLAP',
    severity: 'error',
    message: 'ana@example.com, the only required participant, has no working hours on Tuesday 1 December 2026 (UTC).'
  }])
  t.same(timeZonesCriterion(solo, context(solo, { timeZones: facts(solo, { overlapMinutes: 30 }) })).findings, [])
  const nobody = meeting({ participants: [opt, person('ed@example.com', { attendance: 'optional' })] })
  t.same(timeZonesCriterion(nobody, context(nobody, { timeZones: facts(nobody, { overlapMinutes: 0 }) })).findings, [], 'nobody required')
})

t.test('messages name the person, minutes and local times', async (t) => {
  const result = timeZonesCriterion(base, context(base, { timeZones: { ...withTime('bo@example.com', outside), overlapMinutes: 0 } }))
  t.same(result, {
    score: 45,
    findings: [
      {
        code: 'OUTSIDE_WORKING_HOURS',
        severity: 'warning',
        message: 'bo@example.com would be in the meeting 45 minutes outside working hours (18:00-18:45 local, America/New_York).'
      },
      {
        code: 'NO_SHARED_OVERLAP',
        severity: 'error',
        message: 'The 2 required participants share no working hours on Tuesday 1 December 2026 (UTC): someone joins outside ' +
          'their day whenever it is held.'
      }
    ]
  })
  const atNight = timeZonesCriterion(base, context(base, { timeZones: withTime('cy@example.com', night) }))
  t.same(atNight.findings, [{
    code: 'NIGHT_MEETING',
    severity: 'error',
    message: 'cy@example.com would be in the meeting at night: 45 minutes between 00:00 and 06:00 (02:00-02:45 local, Asia/Kolkata).'
  }])
  const evening = timeZonesCriterion(base, context(base, { timeZones: withTime('bo@example.com', late) }))
  t.match(evening.findings[0]?.message, 'bo@example.com would be in the meeting late in the evening: 45 minutes after 20:00 (20:00-20:45 local')
})

t.test('series findings name the person carrying the burden and the DST shift', async (t) => {
  const shifted = [
    { start: '2027-03-16T10:00:00Z', localStart: '2027-03-16T06:00:00-04:00', shiftMinutes: 60 },
    { start: '2027-03-23T10:00:00Z', localStart: '2027-03-23T06:00:00-04:00', shiftMinutes: -60 }
  ]
  const fairness = series({
    rotation: { email: 'bo@example.com', emails: ['bo@example.com'], badOccurrences: 40, totalBad: 52, message: 'rotate' },
    participants: [{ email: 'bo@example.com', outsideHours: 2, atNight: 0, shifted }]
  })
  t.same(timeZonesCriterion(base, context(base, { fairness })).findings, [
    {
      code: 'SERIES_BURDEN_UNFAIR',
      severity: 'warning',
      message: 'bo@example.com carries 40 of the 52 out-of-hours occurrences between 2026-12-01 and 2027-11-23; no one ' +
        'should carry more than half, so rotate the time.'
    },
    {
      code: 'SERIES_DST_SHIFT',
      severity: 'warning',
      message: 'Clock changes move the series for bo@example.com: 2 of 52 occurrences start up to 60 minutes off the usual ' +
        'local time (first on 2027-03-16 at 06:00 local); 2 occurrences fall outside working hours.'
    }
  ])
  const once = series({ participants: [{ email: 'bo@example.com', outsideHours: 1, atNight: 0, shifted }] })
  t.match(timeZonesCriterion(base, context(base, { fairness: once })).findings, [{ code: 'SERIES_DST_SHIFT', message: /; 1 occurrence falls outside working hours\.$/ }])
})

t.test('a burden two people carry alike names both', async (t) => {
  const fairness = series({
    rotation: { email: 'bo@example.com', emails: ['bo@example.com', 'cy@example.com'], badOccurrences: 40, totalBad: 52, message: 'rotate' }
  })
  t.same(timeZonesCriterion(base, context(base, { fairness })).findings, [{
    code: 'SERIES_BURDEN_UNFAIR',
    severity: 'warning',
    message: 'bo@example.com and cy@example.com each carry 40 of the 52 out-of-hours occurrences between 2026-12-01 and ' +
      '2027-11-23; no one should carry more than half, so rotate the time.'
  }])
})

t.test('the local range crosses midnight and keeps half-hour offsets', async (t) => {
  t.equal(localRange('2026-12-01T23:30:00+05:30', 45), '23:30-00:15')
  t.equal(localRange('not a date', 45), 'not a date')
})
