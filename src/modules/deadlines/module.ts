import { defineModule } from '../module.ts';
import { deadlineSection } from './deadline-section.ts';
import { DeadlineService } from './deadline-service.ts';

declare module '../../services.ts' {
  interface Services {
    deadlines: DeadlineService;
  }
}

/**
 * Due dates: derived from each case's facts and its organisation's calendar, stored so the worklist can order
 * a million cases by an index, and kept in step when the calendar, the timescales or the day changes.
 */
export const deadlinesModule = defineModule({
  name: 'deadlines',
  services: (s) => ({ deadlines: new DeadlineService(s.db, s.calendars, s.today) }),
  caseSections: [deadlineSection],
  jobs: (s) => [
    {
      // A paused case's due date moves on every day the clock is stopped, and days turn cases overdue.
      name: 'refresh-deadlines',
      everyMs: 60 * 60_000,
      run: async () => {
        for (const id of await s.organisations.ids()) await s.deadlines.recomputeOpenDeadlines(id);
      },
    },
  ],
});
