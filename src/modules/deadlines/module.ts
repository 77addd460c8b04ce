import { defineModule } from '../module.ts';
import { BankHolidayService } from './bank-holiday-service.ts';
import { deadlineSection } from './deadline-section.ts';
import { DeadlineService } from './deadline-service.ts';
import * as deadlineRecalculations from './migrations/0009-deadline-recalculations.ts';
import * as bankHolidayUpdates from './migrations/0017-bank-holiday-updates.ts';

declare module '../../services.ts' {
  interface Services {
    deadlines: DeadlineService;
    bankHolidays: BankHolidayService;
  }
}

/**
 * Due dates: derived from each case's facts and its organisation's calendar, stored so the worklist can order
 * a million cases by an index, and kept in step when the calendar, the timescales or the day changes. A change
 * to the calendar or the timescales asks for a recalculation in its own transaction; a job does it. The
 * operator's changes to the bank holidays (`cli holidays …`) are made here too, as each asks for one.
 */
export const deadlinesModule = defineModule({
  name: 'deadlines',
  migrations: {
    '0009-deadline-recalculations': deadlineRecalculations,
    '0017-bank-holiday-updates': bankHolidayUpdates,
  },
  tables: [
    {
      table: 'deadline_recalculations',
      tenant: true,
      subject: 'none',
      personalColumns: [],
      retention: 'Deleted 30 days after the recalculation it asked for was done',
    },
  ],
  services: (s) => {
    const deadlines = new DeadlineService(s.db, s.calendars, s.today);
    return { deadlines, bankHolidays: new BankHolidayService(s.db, s.calendars, deadlines) };
  },
  caseSections: [deadlineSection],
  jobs: (s) => [
    {
      // Requests written with calendar and timescale changes: answered within seconds, by one server at a time.
      name: 'recalculate-deadlines',
      everyMs: 5_000,
      run: () => s.deadlines.runPendingRecalculations(),
    },
    {
      // A paused case's due date moves on every day the clock is stopped, and days turn cases overdue.
      name: 'refresh-deadlines',
      everyMs: 60 * 60_000,
      run: async () => {
        for (const id of await s.organisations.ids()) await s.deadlines.recomputeOpenDeadlines(id);
        await s.deadlines.pruneFinishedRecalculations();
      },
    },
  ],
});
