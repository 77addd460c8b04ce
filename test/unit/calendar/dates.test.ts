import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addCalendarMonths,
  calendarDaysBetween,
  compareIsoDates,
  dayOfWeek,
  formatLongDate,
  fromEpochDay,
  isIsoDate,
  toEpochDay,
  ukDateOf,
} from '../../../src/domain/calendar/dates.ts';

describe('isIsoDate', () => {
  it('accepts real dates, including 29 February in a leap year', () => {
    expect(isIsoDate('2026-07-01')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
  });

  it('rejects dates that do not exist', () => {
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false); // century, not divisible by 400
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-00-10')).toBe(false);
    expect(isIsoDate('2026-01-00')).toBe(false);
  });

  it('rejects other shapes', () => {
    expect(isIsoDate('2026-7-1')).toBe(false);
    expect(isIsoDate('01/07/2026')).toBe(false);
    expect(isIsoDate('2026-07-01T00:00:00Z')).toBe(false);
    expect(isIsoDate(' 2026-07-01')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });
});

describe('ukDateOf', () => {
  it('takes the date in the UK, not UTC: 23:30Z on 30 June is 00:30 BST on 1 July', () => {
    expect(ukDateOf(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });

  it('matches UTC in winter (GMT)', () => {
    expect(ukDateOf(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-15');
    expect(ukDateOf(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12-31');
  });

  it('follows the clock changes', () => {
    // Clocks go forward at 01:00 UTC on Sunday 29 March 2026: 23:30Z on the 28th is still GMT.
    expect(ukDateOf(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-28');
    // Clocks go back at 01:00 UTC on Sunday 25 October 2026: 23:30Z on the 24th is 00:30 BST on the 25th.
    expect(ukDateOf(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
    expect(ukDateOf(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
  });

  it('rejects an invalid Date', () => {
    expect(() => ukDateOf(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('calendar arithmetic', () => {
  it('adds days across month, year and leap day boundaries', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2026-07-01', 0)).toBe('2026-07-01');
    expect(addCalendarDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('does not drift across the clock changes (no local time involved)', () => {
    expect(addCalendarDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addCalendarDays('2026-10-24', 2)).toBe('2026-10-26');
  });

  it('adds months, clamping to the end of a shorter month', () => {
    expect(addCalendarMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addCalendarMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addCalendarMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addCalendarMonths('2026-07-01', 6)).toBe('2027-01-01');
    expect(addCalendarMonths('2026-07-15', 12)).toBe('2027-07-15');
    expect(addCalendarMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addCalendarMonths('2026-01-15', -1)).toBe('2025-12-15');
  });

  it('gives the day of the week with 0 for Sunday', () => {
    expect(dayOfWeek('2026-07-05')).toBe(0); // Sunday
    expect(dayOfWeek('2026-07-06')).toBe(1); // Monday
    expect(dayOfWeek('2026-07-04')).toBe(6); // Saturday
    expect(dayOfWeek('1970-01-01')).toBe(4); // Thursday
    expect(dayOfWeek('1969-12-31')).toBe(3); // Wednesday, before the epoch
    expect(dayOfWeek('2000-01-01')).toBe(6); // Saturday
  });

  it('agrees with Date.UTC on the day of the week over several years', () => {
    for (let day = toEpochDay('2018-01-01'); day <= toEpochDay('2030-12-31'); day++) {
      const iso = fromEpochDay(day);
      expect(dayOfWeek(iso)).toBe(new Date(`${iso}T00:00:00Z`).getUTCDay());
      expect(toEpochDay(iso)).toBe(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
    }
  });

  it('compares dates', () => {
    expect(compareIsoDates('2026-07-01', '2026-07-02')).toBeLessThan(0);
    expect(compareIsoDates('2026-07-02', '2026-07-01')).toBeGreaterThan(0);
    expect(compareIsoDates('2026-07-01', '2026-07-01')).toBe(0);
    expect(['2027-01-01', '2026-12-31', '2026-02-01'].sort(compareIsoDates)).toEqual([
      '2026-02-01',
      '2026-12-31',
      '2027-01-01',
    ]);
  });

  it('counts calendar days between dates, negative when the second is earlier', () => {
    expect(calendarDaysBetween('2026-07-01', '2026-07-31')).toBe(30);
    expect(calendarDaysBetween('2026-07-31', '2026-07-01')).toBe(-30);
    expect(calendarDaysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(calendarDaysBetween('2026-07-01', '2026-07-01')).toBe(0);
  });

  it('refuses malformed dates and fractional counts rather than producing nonsense', () => {
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addCalendarMonths('nonsense', 1)).toThrow(/YYYY-MM-DD/);
    expect(() => addCalendarDays('2026-07-01', 1.5)).toThrow(RangeError);
    expect(() => compareIsoDates('2026-07-01', '2026-07-32')).toThrow(RangeError);
  });

  it('formats a date the GOV.UK way', () => {
    expect(formatLongDate('2026-07-03')).toBe('3 July 2026');
    expect(formatLongDate('2026-12-25')).toBe('25 December 2026');
  });
});

describe('ukDateOf across clock changes', () => {
  it('gives the London date for every quarter hour around both 2026 clock changes', () => {
    const london = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    for (const start of ['2026-03-28T00:00:00Z', '2026-10-24T00:00:00Z']) {
      for (let minutes = 0; minutes < 3 * 24 * 60; minutes += 15) {
        const instant = new Date(Date.parse(start) + minutes * 60_000);
        expect(ukDateOf(instant), instant.toISOString()).toBe(london.format(instant));
      }
    }
  });
});
