/** A calendar date with no time or zone, written YYYY-MM-DD. */
export type IsoDate = string;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Parsed by hand rather than by regular expression: every public calendar call parses its dates,
// and this runs for every open case whenever a worklist is drawn.
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = s.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

function partsIfValid(s: string): DateParts | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isIsoDate(s: string): boolean {
  return typeof s === 'string' && partsIfValid(s) !== null;
}

export function parseIsoDate(d: IsoDate): DateParts {
  const parts = partsIfValid(d);
  if (!parts) throw new RangeError(`Not a real date in YYYY-MM-DD form: ${JSON.stringify(d)}`);
  return parts;
}

export function formatIsoDate({ year, month, day }: DateParts): IsoDate {
  const yyyy = year >= 1000 ? String(year) : String(year).padStart(4, '0');
  return `${yyyy}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

// Dates are counted as whole days since 1970-01-01 with pure integer arithmetic (H. Hinnant's
// days_from_civil): no Date object, so no local time zone or DST can creep in, and the working-day
// loops that run for every open case stay cheap.
export function epochDayOf({ year, month, day }: DateParts): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function partsOfEpochDay(epochDay: number): DateParts {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function toEpochDay(d: IsoDate): number {
  return epochDayOf(parseIsoDate(d));
}

export function fromEpochDay(epochDay: number): IsoDate {
  return formatIsoDate(partsOfEpochDay(epochDay));
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function weekdayOfEpochDay(epochDay: number): number {
  // 1970-01-01 was a Thursday (4); the double modulo keeps days before 1970 non-negative.
  return (((epochDay + 4) % 7) + 7) % 7;
}

export function dayOfWeek(d: IsoDate): number {
  return weekdayOfEpochDay(toEpochDay(d));
}

function assertInteger(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be a whole number, got ${n}`);
}

export function addCalendarDays(d: IsoDate, n: number): IsoDate {
  assertInteger(n, 'Number of days');
  return fromEpochDay(toEpochDay(d) + n);
}

/** Adds months, clamping to the end of a shorter month (31 August + 6 months = 28 February). */
export function addCalendarMonths(d: IsoDate, n: number): IsoDate {
  assertInteger(n, 'Number of months');
  const { year, month, day } = parseIsoDate(d);
  const monthIndex = year * 12 + (month - 1) + n;
  const newYear = Math.floor(monthIndex / 12);
  const newMonth = monthIndex - newYear * 12 + 1;
  return formatIsoDate({
    year: newYear,
    month: newMonth,
    day: Math.min(day, daysInMonth(newYear, newMonth)),
  });
}

/**
 * The last day of a period of `n` months beginning with (and including) day `d`, by the "corresponding date"
 * rule UK law uses (Dodds v Walker [1981] 1 WLR 1027; the rule is written out in SI 2018/1082 r 1.4): the
 * period ends on the day before the date with the same number `n` months later, or, when that month has no
 * such date, on the last day of that month. Received 15 January: the six months end on 14 July; received
 * 31 August 2026: they end on 28 February 2027. See docs/sources.md, NHS regulation 14.
 */
export function lastDayOfMonthsBeginningWith(d: IsoDate, n: number): IsoDate {
  assertInteger(n, 'Number of months');
  const { year, month, day } = parseIsoDate(d);
  const monthIndex = year * 12 + (month - 1) + n;
  const endYear = Math.floor(monthIndex / 12);
  const endMonth = monthIndex - endYear * 12 + 1;
  const last = daysInMonth(endYear, endMonth);
  if (day > last) return formatIsoDate({ year: endYear, month: endMonth, day: last });
  return addCalendarDays(formatIsoDate({ year: endYear, month: endMonth, day }), -1);
}

/** Negative when a is before b, 0 when equal, positive when after. */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return Math.sign(toEpochDay(a) - toEpochDay(b));
}

/** Days from a to b: positive when b is later. */
export function calendarDaysBetween(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

export function yearOf(d: IsoDate): number {
  return parseIsoDate(d).year;
}

const londonDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date in the UK at an instant: 23:30 UTC on 30 June is 00:30 BST on 1 July. */
export function ukDateOf(instant: Date): IsoDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Cannot take the UK date of an invalid Date');
  // UK clocks are UTC or UTC+1 and change on the hour, so the UK date is the same throughout a UTC hour:
  // remembering the last hour spares the (slow) Intl call on every request.
  const hour = Math.floor(ms / 3_600_000);
  if (hour === lastHour) return lastDate;
  lastDate = ukDateOfUncached(instant);
  lastHour = hour;
  return lastDate;
}

let lastHour = Number.NaN;
let lastDate = '';

function ukDateOfUncached(instant: Date): IsoDate {
  const parts = londonDate.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return formatIsoDate({ year: part('year'), month: part('month'), day: part('day') });
}

/** GOV.UK style for tables and lists, where space is short: "3 Jul 2026" ("Sept" for September). */
export function formatShortDate(d: IsoDate): string {
  const { year, month, day } = parseIsoDate(d);
  const name = MONTH_NAMES[month - 1] as string;
  return `${day} ${month === 9 ? 'Sept' : name.slice(0, 3)} ${year}`;
}

/** GOV.UK style for letters and messages: "3 July 2026". */
export function formatLongDate(d: IsoDate): string {
  const { year, month, day } = parseIsoDate(d);
  return `${day} ${MONTH_NAMES[month - 1]} ${year}`;
}
