import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  epochDayOf,
  formatIsoDate,
  fromEpochDay,
  type IsoDate,
  isIsoDate,
  toEpochDay,
  weekdayOfEpochDay,
  yearOf,
} from './dates.ts';
import { describeIssues } from './issues.ts';

export type Division = 'england-and-wales' | 'scotland' | 'northern-ireland';

export const DIVISIONS: readonly Division[] = Object.freeze([
  'england-and-wales',
  'scotland',
  'northern-ireland',
] as const);

export interface Holiday {
  date: IsoDate;
  title: string;
  division: Division;
  provisional: boolean;
  source: 'official' | 'projected' | 'admin';
}

// Titles match the GOV.UK feed exactly (including its typographic apostrophes) so projected and
// official years read the same on screen and can be compared holiday for holiday.
export const HOLIDAY_TITLES = {
  newYear: 'New Year’s Day',
  secondJanuary: '2nd January',
  stPatrick: 'St Patrick’s Day',
  goodFriday: 'Good Friday',
  easterMonday: 'Easter Monday',
  earlyMay: 'Early May bank holiday',
  spring: 'Spring bank holiday',
  boyne: 'Battle of the Boyne (Orangemen’s Day)',
  summer: 'Summer bank holiday',
  stAndrew: 'St Andrew’s Day',
  christmas: 'Christmas Day',
  boxing: 'Boxing Day',
} as const;

// --- GOV.UK feed -------------------------------------------------------------------------------

// zod reports a missing key as a type error on undefined; say plainly that it is missing.
const missingOr = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is missing' : `must be ${expected}`;

const feedEventSchema = z.object({
  title: z
    .string({ error: missingOr('text') })
    .trim()
    .min(1, 'must not be empty'),
  date: z.string({ error: missingOr('text') }).refine(isIsoDate, 'must be a real date in YYYY-MM-DD form'),
  // Not used, but part of the published shape; tolerate their absence rather than reject a feed.
  notes: z.string().optional(),
  bunting: z.boolean().optional(),
});

const feedDivisionSchema = z.object(
  {
    division: z.enum(['england-and-wales', 'scotland', 'northern-ireland'], {
      error: missingOr('"england-and-wales", "scotland" or "northern-ireland"'),
    }),
    events: z.array(feedEventSchema, { error: missingOr('a list of events') }),
  },
  { error: missingOr('an object with division and events') },
);

const feedSchema = z
  .object(
    {
      'england-and-wales': feedDivisionSchema,
      scotland: feedDivisionSchema,
      'northern-ireland': feedDivisionSchema,
    },
    { error: 'expected an object keyed by division, as published at https://www.gov.uk/bank-holidays.json' },
  )
  .superRefine((feed, ctx) => {
    for (const division of DIVISIONS) {
      if (feed[division].division !== division) {
        ctx.addIssue({
          code: 'custom',
          path: [division, 'division'],
          message: `must be "${division}" to match its key, got "${feed[division].division}"`,
        });
      }
    }
  });

/** Parses the GOV.UK bank holidays feed (https://www.gov.uk/bank-holidays.json). Throws on bad input. */
export function parseGovUkFeed(json: unknown): Holiday[] {
  const result = feedSchema.safeParse(json);
  if (!result.success) {
    throw new Error(`Invalid GOV.UK bank holidays feed:\n${describeIssues(result.error)}`);
  }
  const holidays: Holiday[] = [];
  for (const division of DIVISIONS) {
    for (const event of result.data[division].events) {
      holidays.push({
        date: event.date,
        title: event.title,
        division,
        provisional: false,
        source: 'official',
      });
    }
  }
  return holidays.sort(byDateThenTitle);
}

let shipped: readonly Holiday[] | undefined;

/** The feed shipped with the product; read once per process. */
export function loadShippedHolidays(): Holiday[] {
  if (!shipped) {
    const url = new URL('../../../reference/uk-bank-holidays.json', import.meta.url);
    const parsed = parseGovUkFeed(JSON.parse(readFileSync(url, 'utf8')));
    shipped = Object.freeze(parsed.map((h) => Object.freeze(h)));
  }
  // A fresh array so a caller's push or sort cannot change what every other caller sees.
  return [...shipped];
}

// --- Projection --------------------------------------------------------------------------------

const SATURDAY = 6;
const SUNDAY = 0;
const MONDAY = 1;

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatIsoDate({ year, month, day });
}

function assertYear(year: number): void {
  // Before 1583 the Gregorian Easter rule does not apply; beyond 9999 dates no longer fit YYYY-MM-DD.
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Year must be a whole number from 1583 to 9999, got ${year}`);
  }
}

function dayOf(year: number, month: number, day: number): number {
  return epochDayOf({ year, month, day });
}

/** The day itself, or the Monday after when it falls at a weekend. */
function weekdayOrNextMonday(epochDay: number): number {
  const weekday = weekdayOfEpochDay(epochDay);
  if (weekday === SATURDAY) return epochDay + 2;
  if (weekday === SUNDAY) return epochDay + 1;
  return epochDay;
}

function firstMonday(year: number, month: number): number {
  const first = dayOf(year, month, 1);
  return first + ((MONDAY - weekdayOfEpochDay(first) + 7) % 7);
}

function lastMonday(year: number, month: number): number {
  const firstOfNext = month === 12 ? dayOf(year + 1, 1, 1) : dayOf(year, month + 1, 1);
  const last = firstOfNext - 1;
  return last - ((weekdayOfEpochDay(last) - MONDAY + 7) % 7);
}

type Placed = [epochDay: number, title: string];

/**
 * Christmas and Boxing Day. When Christmas is on a Sunday, Boxing Day keeps Monday 26th and
 * Christmas takes Tuesday 27th (as in 2016 and 2022), not the other way round.
 */
function christmasAndBoxing(year: number): Placed[] {
  const christmas = dayOf(year, 12, 25);
  const { christmas: xmas, boxing } = HOLIDAY_TITLES;
  switch (weekdayOfEpochDay(christmas)) {
    case 5: // Friday: Boxing Day on Saturday moves to Monday 28th
      return [
        [christmas, xmas],
        [christmas + 3, boxing],
      ];
    case SATURDAY:
      return [
        [christmas + 2, xmas],
        [christmas + 3, boxing],
      ];
    case SUNDAY:
      return [
        [christmas + 1, boxing],
        [christmas + 2, xmas],
      ];
    default:
      return [
        [christmas, xmas],
        [christmas + 1, boxing],
      ];
  }
}

/**
 * Scotland's New Year's Day and 2nd January. Unlike Christmas, when 1 January is a Sunday New Year's
 * Day takes Monday 2nd and 2nd January moves to Tuesday 3rd (as in 2017 and 2023).
 */
function scottishNewYear(year: number): Placed[] {
  const newYear = dayOf(year, 1, 1);
  const { newYear: ny, secondJanuary } = HOLIDAY_TITLES;
  switch (weekdayOfEpochDay(newYear)) {
    case 5: // Friday: 2nd January on Saturday moves to Monday 4th
      return [
        [newYear, ny],
        [newYear + 3, secondJanuary],
      ];
    case SATURDAY:
      return [
        [newYear + 2, ny],
        [newYear + 3, secondJanuary],
      ];
    case SUNDAY:
      return [
        [newYear + 1, ny],
        [newYear + 2, secondJanuary],
      ];
    default:
      return [
        [newYear, ny],
        [newYear + 1, secondJanuary],
      ];
  }
}

function projectedDays(division: Division, year: number): Placed[] {
  const t = HOLIDAY_TITLES;
  const easterDay = toEpochDay(easterSunday(year));
  const common: Placed[] = [
    [easterDay - 2, t.goodFriday],
    [firstMonday(year, 5), t.earlyMay],
    [lastMonday(year, 5), t.spring],
    ...christmasAndBoxing(year),
  ];
  if (division === 'scotland') {
    return [
      ...scottishNewYear(year),
      ...common,
      [firstMonday(year, 8), t.summer],
      [weekdayOrNextMonday(dayOf(year, 11, 30)), t.stAndrew],
    ];
  }
  const englandAndWales: Placed[] = [
    [weekdayOrNextMonday(dayOf(year, 1, 1)), t.newYear],
    ...common,
    [easterDay + 1, t.easterMonday],
    [lastMonday(year, 8), t.summer],
  ];
  if (division === 'england-and-wales') return englandAndWales;
  return [
    ...englandAndWales,
    [weekdayOrNextMonday(dayOf(year, 3, 17)), t.stPatrick],
    [weekdayOrNextMonday(dayOf(year, 7, 12)), t.boyne],
  ];
}

/**
 * The usual bank holidays of a division in a year, by the standing rules. Used for years GOV.UK has
 * not published yet, so marked provisional: one-off holidays (jubilees, coronations, state funerals)
 * and moved days cannot be foreseen.
 */
export function projectHolidays(division: Division, year: number): Holiday[] {
  assertYear(year);
  if (!DIVISIONS.includes(division)) throw new RangeError(`Unknown UK division: ${JSON.stringify(division)}`);
  return projectedDays(division, year)
    .map(
      ([day, title]): Holiday => ({
        date: fromEpochDay(day),
        title,
        division,
        provisional: true,
        source: 'projected',
      }),
    )
    .sort(byDateThenTitle);
}

/**
 * Holidays for each year from..to inclusive: the official list where it has anything for that
 * division and year, otherwise the projection. A year is taken whole from one source, so a partly
 * published year never mixes official and projected days.
 */
export function holidaysFor(
  division: Division,
  years: { from: number; to: number },
  official: Holiday[],
): Holiday[] {
  assertYear(years.from);
  assertYear(years.to);
  if (years.from > years.to) throw new RangeError(`Year range is backwards: ${years.from} to ${years.to}`);
  const officialByYear = new Map<number, Holiday[]>();
  for (const holiday of official) {
    if (holiday.division !== division) continue;
    const year = yearOf(holiday.date);
    if (year < years.from || year > years.to) continue;
    const list = officialByYear.get(year);
    if (list) list.push(holiday);
    else officialByYear.set(year, [holiday]);
  }
  const result: Holiday[] = [];
  for (let year = years.from; year <= years.to; year++) {
    result.push(...(officialByYear.get(year) ?? projectHolidays(division, year)));
  }
  return result.sort(byDateThenTitle);
}

function byDateThenTitle(a: Holiday, b: Holiday): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.title < b.title ? -1 : a.title > b.title ? 1 : 0;
}
