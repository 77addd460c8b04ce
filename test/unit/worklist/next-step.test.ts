import { describe, expect, it } from 'vitest';
import { formatShortDate } from '../../../src/domain/calendar/dates.ts';
import { loadShippedHolidays } from '../../../src/domain/calendar/holidays.ts';
import { WorkingCalendar } from '../../../src/domain/calendar/working-days.ts';
import { nextStepText } from '../../../src/modules/worklist/next-step.ts';

const calendar = WorkingCalendar.create({
  division: 'england-and-wales',
  official: loadShippedHolidays(),
  closureDays: [],
});

const step = (today: string, kind: string | null, due: string | null, stage = 1) =>
  nextStepText(calendar, today, { next_due_kind: kind, next_due_on: due, stage });

describe('short dates', () => {
  it('shortens the month to three letters, and September to "Sept" (GOV.UK style for tables)', () => {
    expect(formatShortDate('2025-12-12')).toBe('12 Dec 2025');
    expect(formatShortDate('2026-07-03')).toBe('3 Jul 2026');
    expect(formatShortDate('2026-09-01')).toBe('1 Sept 2026');
    expect(formatShortDate('2026-05-31')).toBe('31 May 2026');
  });
});

describe('the next step', () => {
  it('names a coming deadline with its date and the working days left', () => {
    // Fri 27 Nov 2026 to Tue 1 Dec: Mon 30 Nov and Tue 1 Dec are working days.
    expect(step('2026-11-27', 'acknowledge', '2026-12-01')).toBe(
      'Acknowledge by 1 Dec 2026 (2 working days)',
    );
    // Fri 28 Aug 2026 to Tue 1 Sept: Mon 31 Aug is the summer bank holiday, so one working day.
    expect(step('2026-08-28', 'outer-limit', '2026-09-01', 2)).toBe(
      'Send final response (outer limit) by 1 Sept 2026 (1 working day)',
    );
  });

  it('says "today" on the day', () => {
    expect(step('2026-11-27', 'acknowledge-stage2', '2026-11-27', 2)).toBe('Acknowledge stage 2 today');
  });

  it('counts the working days overdue, skipping weekends and bank holidays', () => {
    // Due Fri 19 Dec 2025, read Fri 9 Jan 2026: 22, 23, 24, 29, 30, 31 Dec and 2, 5, 6, 7, 8, 9 Jan
    // (25 and 26 Dec and 1 Jan are bank holidays): 12 working days.
    expect(step('2026-01-09', 'respond', '2025-12-19', 2)).toBe(
      'Send final response, 12 working days overdue',
    );
    // Due Fri 20 Nov 2026, read Mon 23 Nov: one working day.
    expect(step('2026-11-23', 'respond', '2026-11-20', 1)).toBe(
      'Send stage 1 response, 1 working day overdue',
    );
  });

  it('says since when when the deadline passed over a weekend only', () => {
    // Due Fri 27 Nov 2026, read Sun 29 Nov: overdue, but by no working day yet.
    expect(step('2026-11-29', 'acknowledge', '2026-11-27')).toBe('Acknowledge, overdue since 27 Nov 2026');
  });

  it('has nothing to say for a finished case', () => {
    expect(step('2026-11-27', null, null)).toBeNull();
  });
});
