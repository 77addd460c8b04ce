import { describe, expect, it } from 'vitest';
import { addCalendarDays, dayOfWeek, fromEpochDay, toEpochDay } from '../../../src/domain/calendar/dates.ts';
import {
  DIVISIONS,
  type Division,
  type Holiday,
  holidaysFor,
  loadShippedHolidays,
} from '../../../src/domain/calendar/holidays.ts';
import { WorkingCalendar } from '../../../src/domain/calendar/working-days.ts';

const official = loadShippedHolidays();

const calendar = (division: Division, closureDays: string[] = [], extraHolidays?: Holiday[]) =>
  WorkingCalendar.create({ division, official, closureDays, ...(extraHolidays ? { extraHolidays } : {}) });

const englandAndWales = calendar('england-and-wales');
const scotland = calendar('scotland');
const northernIreland = calendar('northern-ireland');

const adminHoliday = (date: string, title: string, division: Division = 'england-and-wales'): Holiday => ({
  date,
  title,
  division,
  provisional: false,
  source: 'admin',
});

describe('weekends', () => {
  it('Saturdays and Sundays are not working days, and say so', () => {
    expect(englandAndWales.isWorkingDay('2026-07-04')).toBe(false);
    expect(englandAndWales.isWorkingDay('2026-07-05')).toBe(false);
    expect(englandAndWales.nonWorkingReason('2026-07-04')).toBe('Saturday');
    expect(englandAndWales.nonWorkingReason('2026-07-05')).toBe('Sunday');
  });

  it('an ordinary weekday is a working day with no reason', () => {
    expect(englandAndWales.isWorkingDay('2026-07-06')).toBe(true);
    expect(englandAndWales.nonWorkingReason('2026-07-06')).toBeNull();
  });

  it('Friday plus one working day is Monday', () => {
    expect(englandAndWales.addWorkingDays('2026-07-03', 1)).toBe('2026-07-06');
    expect(englandAndWales.nextWorkingDay('2026-07-03')).toBe('2026-07-06');
  });

  it('a weekend date plus one working day is the Monday', () => {
    expect(englandAndWales.addWorkingDays('2026-07-04', 1)).toBe('2026-07-06');
    expect(englandAndWales.addWorkingDays('2026-07-05', 1)).toBe('2026-07-06');
  });
});

describe('bank holidays by division', () => {
  it('England and Wales 2026: every bank holiday is a non-working day with its title', () => {
    const expected: Record<string, string> = {
      '2026-01-01': 'New Year’s Day',
      '2026-04-03': 'Good Friday',
      '2026-04-06': 'Easter Monday',
      '2026-05-04': 'Early May bank holiday',
      '2026-05-25': 'Spring bank holiday',
      '2026-08-31': 'Summer bank holiday',
      '2026-12-25': 'Christmas Day',
      '2026-12-28': 'Boxing Day', // substitute: 26 December 2026 is a Saturday
    };
    for (const [date, title] of Object.entries(expected)) {
      expect(englandAndWales.isWorkingDay(date), date).toBe(false);
      expect(englandAndWales.nonWorkingReason(date), date).toBe(title);
    }
  });

  it('Scotland: 2 January is a holiday in Scotland only', () => {
    expect(scotland.nonWorkingReason('2026-01-02')).toBe('2nd January'); // Friday
    expect(englandAndWales.isWorkingDay('2026-01-02')).toBe(true);
    expect(northernIreland.isWorkingDay('2026-01-02')).toBe(true);
  });

  it('Scotland: St Andrew’s Day, including its substitute Monday', () => {
    expect(scotland.nonWorkingReason('2026-11-30')).toBe('St Andrew’s Day'); // Monday
    expect(englandAndWales.isWorkingDay('2026-11-30')).toBe(true);
    expect(scotland.nonWorkingReason('2025-12-01')).toBe('St Andrew’s Day'); // 30 Nov 2025 was a Sunday
  });

  it('Scotland’s summer holiday is the first Monday in August; England and Wales’s the last', () => {
    expect(scotland.nonWorkingReason('2026-08-03')).toBe('Summer bank holiday');
    expect(scotland.isWorkingDay('2026-08-31')).toBe(true);
    expect(englandAndWales.isWorkingDay('2026-08-03')).toBe(true);
    expect(englandAndWales.nonWorkingReason('2026-08-31')).toBe('Summer bank holiday');
    expect(northernIreland.nonWorkingReason('2026-08-31')).toBe('Summer bank holiday');
  });

  it('Northern Ireland: St Patrick’s Day and the Battle of the Boyne (substitute Monday in 2026)', () => {
    expect(northernIreland.nonWorkingReason('2026-03-17')).toBe('St Patrick’s Day'); // Tuesday
    expect(englandAndWales.isWorkingDay('2026-03-17')).toBe(true);
    expect(scotland.isWorkingDay('2026-03-17')).toBe(true);
    // 12 July 2026 is a Sunday: the holiday is Monday 13 July.
    expect(northernIreland.nonWorkingReason('2026-07-12')).toBe('Sunday');
    expect(northernIreland.nonWorkingReason('2026-07-13')).toBe('Battle of the Boyne (Orangemen’s Day)');
    expect(englandAndWales.isWorkingDay('2026-07-13')).toBe(true);
  });

  it('Easter: Good Friday everywhere; Easter Monday in England, Wales and Northern Ireland, not Scotland', () => {
    for (const cal of [englandAndWales, scotland, northernIreland]) {
      expect(cal.nonWorkingReason('2026-04-03')).toBe('Good Friday');
    }
    expect(englandAndWales.nonWorkingReason('2026-04-06')).toBe('Easter Monday');
    expect(northernIreland.nonWorkingReason('2026-04-06')).toBe('Easter Monday');
    expect(scotland.isWorkingDay('2026-04-06')).toBe(true);
  });

  it('one-off official holidays count: the State Funeral in 2022 and the Coronation in 2023', () => {
    for (const cal of [englandAndWales, scotland, northernIreland]) {
      expect(cal.isWorkingDay('2022-09-19')).toBe(false);
      expect(cal.isWorkingDay('2023-05-08')).toBe(false);
      // The Spring bank holiday moved in 2022, so the usual last Monday in May was a working day.
      expect(cal.isWorkingDay('2022-05-30')).toBe(true);
    }
  });

  it('matches a naive day-by-day check against holidaysFor for every day 2019–2031 in every division', () => {
    const closureDays = ['2026-12-29', '2026-12-30', '2026-12-31'];
    for (const division of DIVISIONS) {
      const cal = calendar(division, closureDays);
      const holidays = new Set(holidaysFor(division, { from: 2019, to: 2031 }, official).map((h) => h.date));
      for (let day = toEpochDay('2019-01-01'); day <= toEpochDay('2031-12-31'); day++) {
        const date = fromEpochDay(day);
        const weekday = dayOfWeek(date);
        const expected = weekday !== 0 && weekday !== 6 && !holidays.has(date) && !closureDays.includes(date);
        if (cal.isWorkingDay(date) !== expected) expect.fail(`${division} ${date}: expected ${expected}`);
      }
    }
  });
});

describe('addWorkingDays and nextWorkingDay', () => {
  it('0 working days is the start date itself, even when that is not a working day', () => {
    expect(englandAndWales.addWorkingDays('2026-07-01', 0)).toBe('2026-07-01');
    expect(englandAndWales.addWorkingDays('2026-12-25', 0)).toBe('2026-12-25');
  });

  it('spans Christmas and New Year in England and Wales', () => {
    // From Wednesday 23 December 2026: Thu 24 is day 1; Fri 25 (Christmas), Sat 26, Sun 27 and
    // Mon 28 (Boxing Day substitute) are skipped; Tue 29 is day 2; Wed 30 day 3; Thu 31 day 4;
    // Fri 1 January 2027 is New Year's Day; Mon 4 January is day 5.
    expect(englandAndWales.addWorkingDays('2026-12-23', 3)).toBe('2026-12-30');
    expect(englandAndWales.addWorkingDays('2026-12-23', 5)).toBe('2027-01-04');
  });

  it('spans Christmas and New Year in Scotland, where 2nd January adds another day', () => {
    // As England and Wales to Thu 31 (day 4), then Fri 1 January (New Year's Day) and Mon 4 January
    // (2nd January substitute: the 2nd is a Saturday) are skipped; Tue 5 January is day 5.
    expect(scotland.addWorkingDays('2026-12-23', 5)).toBe('2027-01-05');
    expect(scotland.nextWorkingDay('2026-12-31')).toBe('2027-01-05');
  });

  it('nextWorkingDay is strictly after the given day', () => {
    expect(englandAndWales.nextWorkingDay('2026-07-06')).toBe('2026-07-07');
    expect(englandAndWales.nextWorkingDay('2026-12-24')).toBe('2026-12-29');
  });

  it('counts backwards for a negative number', () => {
    expect(englandAndWales.addWorkingDays('2026-12-29', -1)).toBe('2026-12-24');
    expect(englandAndWales.addWorkingDays('2026-07-06', -1)).toBe('2026-07-03');
  });

  it('is the inverse of workingDaysBetween from any start, in every division', () => {
    for (const cal of [englandAndWales, scotland, northernIreland]) {
      for (let start = '2026-12-01'; start < '2027-02-01'; start = addCalendarDays(start, 1)) {
        for (const n of [1, 3, 5, 10, 20, 25]) {
          const due = cal.addWorkingDays(start, n);
          expect(cal.isWorkingDay(due)).toBe(true);
          expect(cal.workingDaysBetween(start, due)).toBe(n);
        }
      }
    }
  });

  it('runs across many years, into projected ones, without losing count', () => {
    const due = englandAndWales.addWorkingDays('2026-01-01', 2_600);
    expect(due > '2035-01-01').toBe(true);
    expect(englandAndWales.workingDaysBetween('2026-01-01', due)).toBe(2_600);
  });

  it('refuses bad input', () => {
    expect(() => englandAndWales.addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => englandAndWales.addWorkingDays('2026-07-01', 1.5)).toThrow(RangeError);
    expect(() => englandAndWales.isWorkingDay('1 July 2026')).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts (from, to]: from excluded, to included', () => {
    expect(englandAndWales.workingDaysBetween('2026-07-06', '2026-07-06')).toBe(0);
    expect(englandAndWales.workingDaysBetween('2026-07-06', '2026-07-07')).toBe(1);
    expect(englandAndWales.workingDaysBetween('2026-07-06', '2026-07-10')).toBe(4); // Mon to Fri
    expect(englandAndWales.workingDaysBetween('2026-07-03', '2026-07-06')).toBe(1); // Fri to Mon
    expect(englandAndWales.workingDaysBetween('2026-07-03', '2026-07-05')).toBe(0); // Fri to Sun
  });

  it('is negative when to is before from', () => {
    expect(englandAndWales.workingDaysBetween('2026-07-10', '2026-07-06')).toBe(-4);
    expect(englandAndWales.workingDaysBetween('2026-07-06', '2026-07-03')).toBe(-1);
  });

  it('skips holidays: 23 to 31 December 2026 is 4 working days in England and Wales', () => {
    expect(englandAndWales.workingDaysBetween('2026-12-23', '2026-12-31')).toBe(4); // 24, 29, 30, 31
  });
});

describe('closure days', () => {
  const withShutdown = calendar('england-and-wales', ['2026-12-29', '2026-12-30', '2026-12-31']);

  it('are not working days and say why', () => {
    expect(withShutdown.isWorkingDay('2026-12-29')).toBe(false);
    expect(withShutdown.nonWorkingReason('2026-12-30')).toBe('Closure day');
    expect(englandAndWales.isWorkingDay('2026-12-29')).toBe(true);
  });

  it('move a count on: from 23 December 2026, day 3 becomes Tuesday 5 January 2027', () => {
    // Thu 24 is day 1; 25–28 holidays and weekend; 29–31 closed; 1 Jan New Year's Day; 2–3 weekend;
    // Mon 4 is day 2; Tue 5 is day 3.
    expect(withShutdown.addWorkingDays('2026-12-23', 3)).toBe('2027-01-05');
  });

  it('report a weekend or holiday first when a closure day falls on one', () => {
    const cal = calendar('england-and-wales', ['2026-07-04', '2026-12-25']);
    expect(cal.nonWorkingReason('2026-07-04')).toBe('Saturday');
    expect(cal.nonWorkingReason('2026-12-25')).toBe('Christmas Day');
  });
});

describe('holidays added by an administrator', () => {
  it('count even in a year the official feed covers', () => {
    const cal = calendar('england-and-wales', [], [adminHoliday('2026-06-05', 'Extra bank holiday')]);
    expect(cal.isWorkingDay('2026-06-05')).toBe(false);
    expect(cal.nonWorkingReason('2026-06-05')).toBe('Extra bank holiday');
    expect(cal.holidayOn('2026-06-05')?.source).toBe('admin');
  });

  it('move a count on by a day', () => {
    const cal = calendar('england-and-wales', [], [adminHoliday('2026-06-05', 'Extra bank holiday')]);
    expect(englandAndWales.addWorkingDays('2026-06-01', 5)).toBe('2026-06-08');
    expect(cal.addWorkingDays('2026-06-01', 5)).toBe('2026-06-09');
  });

  it('count in a projected year too', () => {
    const cal = calendar('scotland', [], [adminHoliday('2028-06-02', 'Local holiday', 'scotland')]);
    expect(cal.nonWorkingReason('2028-06-02')).toBe('Local holiday');
  });

  it('leave the official title on a day that is already a bank holiday', () => {
    const cal = calendar('england-and-wales', [], [adminHoliday('2026-12-25', 'Duplicate')]);
    expect(cal.nonWorkingReason('2026-12-25')).toBe('Christmas Day');
  });
});

describe('provisional (projected) years', () => {
  it('years the feed covers are not provisional; later years are', () => {
    expect(englandAndWales.isProvisional('2027-12-31')).toBe(false);
    expect(englandAndWales.isProvisional('2028-01-01')).toBe(true);
    expect(scotland.isProvisional('2030-06-15')).toBe(true);
  });

  it('uses projected holidays for 2028 onwards and flags them', () => {
    expect(englandAndWales.nonWorkingReason('2028-04-14')).toBe('Good Friday');
    expect(englandAndWales.nonWorkingReason('2028-04-17')).toBe('Easter Monday');
    expect(englandAndWales.holidayOn('2028-04-17')).toMatchObject({ provisional: true, source: 'projected' });
    expect(englandAndWales.holidayOn('2027-03-29')).toMatchObject({ provisional: false, source: 'official' });
    expect(scotland.nonWorkingReason('2028-08-07')).toBe('Summer bank holiday');
  });

  it('tells whether a span touches a provisional year', () => {
    expect(englandAndWales.isProvisionalBetween('2027-12-20', '2028-01-10')).toBe(true);
    expect(englandAndWales.isProvisionalBetween('2027-01-01', '2027-12-31')).toBe(false);
    expect(englandAndWales.isProvisionalBetween('2028-01-10', '2027-12-20')).toBe(true);
  });

  it('a newly published year replaces the projection and is no longer provisional', () => {
    // As if GOV.UK published 2028 with a one-off holiday and without the usual Early May date.
    const published2028 = holidaysFor('england-and-wales', { from: 2028, to: 2028 }, [])
      .filter((h) => h.date !== '2028-05-01')
      .map((h): Holiday => ({ ...h, provisional: false, source: 'official' }));
    published2028.push({
      date: '2028-05-08',
      title: 'One-off bank holiday',
      division: 'england-and-wales',
      provisional: false,
      source: 'official',
    });
    const cal = WorkingCalendar.create({
      division: 'england-and-wales',
      official: [...official, ...published2028],
      closureDays: [],
    });
    expect(cal.isProvisional('2028-05-08')).toBe(false);
    expect(cal.isWorkingDay('2028-05-01')).toBe(true);
    expect(cal.nonWorkingReason('2028-05-08')).toBe('One-off bank holiday');
    expect(englandAndWales.isWorkingDay('2028-05-08')).toBe(true);
  });

  it('ignores other divisions’ official holidays', () => {
    const cal = WorkingCalendar.create({
      division: 'england-and-wales',
      official: official.filter((h) => h.division !== 'england-and-wales'),
      closureDays: [],
    });
    expect(cal.isProvisional('2026-07-01')).toBe(true);
    expect(cal.isWorkingDay('2026-03-17')).toBe(true); // St Patrick's Day belongs to Northern Ireland
  });
});
