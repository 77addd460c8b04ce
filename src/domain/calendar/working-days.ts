import {
  epochDayOf,
  fromEpochDay,
  type IsoDate,
  partsOfEpochDay,
  toEpochDay,
  weekdayOfEpochDay,
  yearOf,
} from './dates.ts';
import { type Division, type Holiday, holidaysFor } from './holidays.ts';

export interface CalendarInput {
  division: Division;
  official: Holiday[];
  closureDays: IsoDate[];
  /** Added by an administrator (an extra bank holiday not yet in the feed, say); always counted. */
  extraHolidays?: Holiday[];
}

/**
 * Working days for one organisation: not a weekend, not a bank holiday of its division, not one of
 * its closure days. Built once and reused: holidays are loaded a year at a time on first use and
 * looked up by day number, so counting costs one Set lookup per weekday.
 */
export class WorkingCalendar {
  readonly division: Division;
  readonly #officialByYear: ReadonlyMap<number, Holiday[]>;
  readonly #extras: ReadonlyMap<number, Holiday>;
  readonly #closures: ReadonlySet<number>;
  readonly #holidays = new Map<number, Holiday>();
  // Every non-working weekday in the loaded years in one Set, so the counting loop does a single lookup.
  readonly #closedDays = new Set<number>();
  readonly #loadedYears = new Set<number>();
  readonly #projectedYears = new Set<number>();
  // The span of the year most recently checked: consecutive days nearly always share a year, so the
  // hot path needs no date conversion to know its year is loaded.
  #spanFrom = 1;
  #spanTo = 0;

  private constructor(input: CalendarInput) {
    this.division = input.division;
    this.#officialByYear = groupByYear(input.official.filter((h) => h.division === input.division));
    const extras = new Map<number, Holiday>();
    for (const holiday of input.extraHolidays ?? []) {
      const day = toEpochDay(holiday.date);
      if (!extras.has(day)) extras.set(day, holiday);
    }
    this.#extras = extras;
    this.#closures = new Set(input.closureDays.map(toEpochDay));
    for (const day of [...extras.keys(), ...this.#closures]) this.#closedDays.add(day);
  }

  static create(input: CalendarInput): WorkingCalendar {
    return new WorkingCalendar(input);
  }

  isWorkingDay(d: IsoDate): boolean {
    return this.#isWorkingDay(toEpochDay(d));
  }

  /** Why a day is not a working day ('Saturday', 'Sunday', a holiday title, 'Closure day'), or null. */
  nonWorkingReason(d: IsoDate): string | null {
    const day = toEpochDay(d);
    const weekday = weekdayOfEpochDay(day);
    if (weekday === 6) return 'Saturday';
    if (weekday === 0) return 'Sunday';
    const holiday = this.#holidayOn(day);
    if (holiday) return holiday.title;
    if (this.#closures.has(day)) return 'Closure day';
    return null;
  }

  /** The bank holiday (official, projected or added by an administrator) on a day, if any. */
  holidayOn(d: IsoDate): Holiday | null {
    return this.#holidayOn(toEpochDay(d)) ?? null;
  }

  /** The n-th working day after start (before it when n is negative); start itself when n is 0. */
  addWorkingDays(start: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n)) throw new RangeError(`Number of working days must be a whole number, got ${n}`);
    let day = toEpochDay(start);
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    while (remaining > 0) {
      day += step;
      if (this.#isWorkingDay(day)) remaining--;
    }
    return fromEpochDay(day);
  }

  /** The first working day strictly after d. */
  nextWorkingDay(d: IsoDate): IsoDate {
    return this.addWorkingDays(d, 1);
  }

  /** Working days in (from, to]: from excluded, to included. Negative when to is before from. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    const a = toEpochDay(from);
    const b = toEpochDay(to);
    if (b < a) return -this.#countWorkingDays(b, a);
    return this.#countWorkingDays(a, b);
  }

  /**
   * Whether d falls in a year whose holidays are projected rather than published, so that whether d
   * is a working day, and any count ending on it, may change when GOV.UK publishes that year.
   */
  isProvisional(d: IsoDate): boolean {
    return this.#isProvisionalYear(partsOfEpochDay(toEpochDay(d)).year);
  }

  /** Whether any day in [from, to] is provisional: a deadline counted over that span may move. */
  isProvisionalBetween(from: IsoDate, to: IsoDate): boolean {
    const a = toEpochDay(from);
    const b = toEpochDay(to);
    const firstYear = partsOfEpochDay(Math.min(a, b)).year;
    const lastYear = partsOfEpochDay(Math.max(a, b)).year;
    for (let year = firstYear; year <= lastYear; year++) {
      if (this.#isProvisionalYear(year)) return true;
    }
    return false;
  }

  #isProvisionalYear(year: number): boolean {
    this.#ensureYearLoaded(epochDayOf({ year, month: 1, day: 1 }));
    return this.#projectedYears.has(year);
  }

  #countWorkingDays(exclusiveFrom: number, inclusiveTo: number): number {
    let count = 0;
    for (let day = exclusiveFrom + 1; day <= inclusiveTo; day++) {
      if (this.#isWorkingDay(day)) count++;
    }
    return count;
  }

  #isWorkingDay(day: number): boolean {
    const weekday = weekdayOfEpochDay(day);
    if (weekday === 0 || weekday === 6) return false;
    this.#ensureYearLoaded(day);
    return !this.#closedDays.has(day);
  }

  #holidayOn(day: number): Holiday | undefined {
    this.#ensureYearLoaded(day);
    return this.#holidays.get(day) ?? this.#extras.get(day);
  }

  #ensureYearLoaded(day: number): void {
    if (day >= this.#spanFrom && day <= this.#spanTo) return;
    const { year } = partsOfEpochDay(day);
    this.#spanFrom = epochDayOf({ year, month: 1, day: 1 });
    this.#spanTo = epochDayOf({ year, month: 12, day: 31 });
    if (this.#loadedYears.has(year)) return;
    const official = this.#officialByYear.get(year) ?? [];
    for (const holiday of holidaysFor(this.division, { from: year, to: year }, official)) {
      const holidayDay = toEpochDay(holiday.date);
      if (!this.#holidays.has(holidayDay)) this.#holidays.set(holidayDay, holiday);
      this.#closedDays.add(holidayDay);
    }
    if (official.length === 0) this.#projectedYears.add(year);
    this.#loadedYears.add(year);
  }
}

function groupByYear(holidays: Holiday[]): Map<number, Holiday[]> {
  const byYear = new Map<number, Holiday[]>();
  for (const holiday of holidays) {
    const year = yearOf(holiday.date);
    const list = byYear.get(year);
    if (list) list.push(holiday);
    else byYear.set(year, [holiday]);
  }
  return byYear;
}
