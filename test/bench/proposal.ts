// The representative proposal of the benchmarks: 8 participants in 4 zones, 5 agenda items, a weekly series.
export const BENCH_PROPOSAL = {
  title: 'Decide the Q3 pricing rollout',
  purpose: 'decision',
  start: '2026-12-01T15:00:00Z',
  durationMinutes: 50,
  timeZone: 'Europe/Berlin',
  outcomes: ['Choose option A or B', 'Name an owner for the rollout'],
  agenda: {
    items: [
      { title: 'What did the pilot show?', minutes: 10, owner: 'ana@example.com' },
      { title: 'Which option fits the budget?', minutes: 10, owner: 'bo@example.com' },
      { title: 'What are the risks of each?', minutes: 10, owner: 'cy@example.com' },
      { title: 'Decide', minutes: 5, owner: 'ana@example.com' },
      { title: 'Who owns the rollout?', minutes: 5, owner: 'di@example.com' }
    ],
    sharedAt: '2026-11-26T09:00:00Z'
  },
  participants: [
    { email: 'ana@example.com', timeZone: 'Europe/Berlin', role: 'decider', hourlyRate: 90 },
    { email: 'bo@example.com', timeZone: 'America/New_York' },
    { email: 'cy@example.com', timeZone: 'Asia/Kolkata', workingHours: { start: '10:00', end: '19:00', days: [1, 2, 3, 4, 5] } },
    { email: 'di@example.com', timeZone: 'Europe/London' },
    { email: 'ed@example.com', timeZone: 'America/New_York', attendance: 'optional' },
    { email: 'fa@example.com', timeZone: 'Asia/Kolkata' },
    { email: 'gu@example.com', timeZone: 'Europe/Berlin', role: 'presenter' },
    { email: 'ha@example.com', timeZone: 'Europe/London', attendance: 'optional' }
  ],
  recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10',
  asOf: '2026-11-25T10:00:00Z'
}
