import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DIVISIONS,
  type Division,
  easterSunday,
  type Holiday,
  holidaysFor,
  loadShippedHolidays,
  parseGovUkFeed,
  projectHolidays,
} from '../../../src/domain/calendar/holidays.ts';

const feedUrl = new URL('../../../reference/uk-bank-holidays.json', import.meta.url);
const rawFeed = (): Record<string, { division: string; events: Record<string, unknown>[] }> =>
  JSON.parse(readFileSync(feedUrl, 'utf8'));

const datesOf = (holidays: Holiday[]): string[] => holidays.map((h) => h.date);
const keyOf = (h: Holiday): string => `${h.date} ${h.title}`;

describe('parseGovUkFeed', () => {
  it('parses the shipped feed: every division, official and not provisional', () => {
    const holidays = parseGovUkFeed(rawFeed());
    expect(holidays.filter((h) => h.division === 'england-and-wales')).toHaveLength(75);
    expect(holidays.filter((h) => h.division === 'scotland')).toHaveLength(84);
    expect(holidays.filter((h) => h.division === 'northern-ireland')).toHaveLength(93);
    expect(holidays.every((h) => h.source === 'official' && h.provisional === false)).toBe(true);
    expect(holidays).toContainEqual({
      date: '2026-11-30',
      title: 'St Andrew’s Day',
      division: 'scotland',
      provisional: false,
      source: 'official',
    });
  });

  it('returns holidays sorted by date', () => {
    const dates = datesOf(parseGovUkFeed(rawFeed()));
    expect(dates).toEqual([...dates].sort());
  });

  it('lists every problem, not just the first', () => {
    const feed = rawFeed();
    const [scotland, ni] = [feed.scotland, feed['northern-ireland']];
    if (!scotland?.events[2] || !ni?.events[1]) throw new Error('fixture changed');
    scotland.events[2].date = '2020-13-01';
    ni.events[1].date = 20200317;
    const message = (() => {
      try {
        parseGovUkFeed(feed);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message.split('\n')).toEqual([
      'Invalid GOV.UK bank holidays feed:',
      'scotland.events[2].date: must be a real date in YYYY-MM-DD form',
      'northern-ireland.events[1].date: must be text',
    ]);
  });

  it('rejects something that is not the feed at all', () => {
    expect(() => parseGovUkFeed(null)).toThrow(/Invalid GOV\.UK bank holidays feed/);
    expect(() => parseGovUkFeed('[]')).toThrow(/Invalid GOV\.UK bank holidays feed/);
    expect(() => parseGovUkFeed([])).toThrow(/Invalid GOV\.UK bank holidays feed/);
  });

  it('names a missing division', () => {
    const feed = rawFeed();
    delete (feed as Partial<typeof feed>).scotland;
    expect(() => parseGovUkFeed(feed)).toThrow(/^scotland: is missing$/m);
  });

  it('names the event with an impossible date', () => {
    const feed = rawFeed();
    const event = feed['northern-ireland']?.events[3];
    if (!event) throw new Error('fixture changed');
    event.date = '2020-02-30';
    expect(() => parseGovUkFeed(feed)).toThrow(/northern-ireland\.events\[3\]\.date/);
    expect(() => parseGovUkFeed(feed)).toThrow(/real date in YYYY-MM-DD form/);
  });

  it('names an event with a missing or empty title', () => {
    const feed = rawFeed();
    const event = feed['england-and-wales']?.events[0];
    if (!event) throw new Error('fixture changed');
    event.title = '';
    expect(() => parseGovUkFeed(feed)).toThrow(/england-and-wales\.events\[0\]\.title: must not be empty/);
    delete event.title;
    expect(() => parseGovUkFeed(feed)).toThrow(/england-and-wales\.events\[0\]\.title: is missing/);
  });

  it('rejects a division whose label does not match its key', () => {
    const feed = rawFeed();
    const scotland = feed.scotland;
    if (!scotland) throw new Error('fixture changed');
    scotland.division = 'england-and-wales';
    expect(() => parseGovUkFeed(feed)).toThrow(
      'scotland.division: must be "scotland" to match its key, got "england-and-wales"',
    );
  });

  it('rejects events that are not a list', () => {
    const feed = rawFeed();
    (feed.scotland as unknown as { events: unknown }).events = { date: '2026-01-01' };
    expect(() => parseGovUkFeed(feed)).toThrow('scotland.events: must be a list of events');
  });
});

describe('loadShippedHolidays', () => {
  it('loads the shipped feed', () => {
    const holidays = loadShippedHolidays();
    expect(holidays).toHaveLength(75 + 84 + 93);
    expect(holidays).toContainEqual(
      expect.objectContaining({ date: '2022-09-19', division: 'england-and-wales', source: 'official' }),
    );
  });

  it('is not changed by what a caller does with the array it was given', () => {
    const first = loadShippedHolidays();
    first.length = 0;
    expect(loadShippedHolidays()).toHaveLength(252);
  });
});

describe('easterSunday', () => {
  it.each([
    [2019, '2019-04-21'],
    [2020, '2020-04-12'],
    [2021, '2021-04-04'],
    [2022, '2022-04-17'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2008, '2008-03-23'],
    [2038, '2038-04-25'], // latest possible date
    [2285, '2285-03-22'], // earliest possible date
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('agrees with every Good Friday and Easter Monday in the shipped feed', () => {
    const official = loadShippedHolidays().filter((h) => h.division === 'england-and-wales');
    for (let year = 2019; year <= 2027; year++) {
      const easter = easterSunday(year);
      const goodFriday = official.find((h) => h.title === 'Good Friday' && h.date.startsWith(`${year}`));
      const easterMonday = official.find((h) => h.title === 'Easter Monday' && h.date.startsWith(`${year}`));
      expect(Date.parse(easter) - Date.parse(goodFriday?.date ?? '')).toBe(2 * 86_400_000);
      expect(Date.parse(easterMonday?.date ?? '') - Date.parse(easter)).toBe(86_400_000);
    }
  });

  it('refuses years outside the Gregorian rule', () => {
    expect(() => easterSunday(1500)).toThrow(RangeError);
    expect(() => easterSunday(2026.5)).toThrow(RangeError);
  });
});

/**
 * The years the feed covers must match the projection holiday for holiday, except for these. Each
 * entry is a real one-off announced by the government, so nothing the standing rules could foresee.
 * Anything else showing up here is a projection bug.
 */
const KNOWN_ONE_OFFS: Record<Division, { officialOnly: string[]; projectedOnly: string[] }> = (() => {
  const common = {
    officialOnly: [
      // 2020: Early May bank holiday moved from Monday 4 May to Friday 8 May for the 75th anniversary of VE day.
      '2020-05-08 Early May bank holiday (VE day)',
      // 2022: Spring bank holiday moved from Monday 30 May to Thursday 2 June for the Platinum Jubilee...
      '2022-06-02 Spring bank holiday',
      // ...followed by an extra Platinum Jubilee bank holiday on Friday 3 June.
      '2022-06-03 Platinum Jubilee bank holiday',
      // 2022: extra bank holiday for the State Funeral of Queen Elizabeth II, Monday 19 September.
      '2022-09-19 Bank Holiday for the State Funeral of Queen Elizabeth II',
      // 2023: extra bank holiday for the coronation of King Charles III, Monday 8 May.
      '2023-05-08 Bank holiday for the coronation of King Charles III',
    ],
    projectedOnly: ['2020-05-04 Early May bank holiday', '2022-05-30 Spring bank holiday'],
  };
  // The one-offs were UK-wide: Scotland and Northern Ireland had the same changes on the same days.
  return { 'england-and-wales': common, scotland: common, 'northern-ireland': common };
})();

describe('projectHolidays against the official feed', () => {
  const official = loadShippedHolidays();

  for (const division of DIVISIONS) {
    it(`projects every ${division} holiday from 2019 to 2027 except the known one-offs`, () => {
      const officialOnly: string[] = [];
      const projectedOnly: string[] = [];
      for (let year = 2019; year <= 2027; year++) {
        const published = new Set(
          official.filter((h) => h.division === division && h.date.startsWith(`${year}-`)).map(keyOf),
        );
        const projected = new Set(projectHolidays(division, year).map(keyOf));
        expect(published.size, `${division} ${year} has official data`).toBeGreaterThan(0);
        officialOnly.push(...[...published].filter((k) => !projected.has(k)));
        projectedOnly.push(...[...projected].filter((k) => !published.has(k)));
      }
      expect({ officialOnly, projectedOnly }).toEqual(KNOWN_ONE_OFFS[division]);
    });
  }
});

describe('projectHolidays rules', () => {
  const project = (division: Division, year: number) =>
    Object.fromEntries(projectHolidays(division, year).map((h) => [h.date, h.title]));

  it('marks projected holidays provisional with source projected', () => {
    const holidays = projectHolidays('england-and-wales', 2030);
    expect(holidays).toHaveLength(8);
    expect(holidays.every((h) => h.provisional && h.source === 'projected')).toBe(true);
    expect(holidays.every((h) => h.division === 'england-and-wales')).toBe(true);
    expect(datesOf(holidays)).toEqual([...datesOf(holidays)].sort());
  });

  it('England and Wales 2028: Easter, May, August and Christmas on a Monday', () => {
    expect(datesOf(projectHolidays('england-and-wales', 2028))).toEqual([
      '2028-01-03', // 1 January is a Saturday: substitute Monday 3rd
      '2028-04-14', // Good Friday (Easter Sunday 16 April)
      '2028-04-17', // Easter Monday
      '2028-05-01', // first Monday in May
      '2028-05-29', // last Monday in May
      '2028-08-28', // last Monday in August
      '2028-12-25', // Monday
      '2028-12-26', // Tuesday
    ]);
  });

  it('Scotland has 2 January, St Andrew’s Day and the first Monday in August, but not Easter Monday', () => {
    const scotland = project('scotland', 2028);
    expect(Object.values(scotland)).not.toContain('Easter Monday');
    expect(scotland['2028-04-14']).toBe('Good Friday');
    expect(scotland['2028-08-07']).toBe('Summer bank holiday'); // first Monday, not the last (28th)
    expect(scotland['2028-08-28']).toBeUndefined();
    expect(scotland['2028-11-30']).toBe('St Andrew’s Day'); // a Thursday
    expect(projectHolidays('scotland', 2028)).toHaveLength(9);
  });

  it('Scotland New Year: 1 January on a Saturday gives Monday 3rd and Tuesday 4th', () => {
    const scotland = project('scotland', 2028); // 1 January 2028 is a Saturday
    expect(scotland['2028-01-03']).toBe('New Year’s Day');
    expect(scotland['2028-01-04']).toBe('2nd January');
  });

  it('Scotland New Year: 1 January on a Friday puts 2nd January on Monday 4th', () => {
    const scotland = project('scotland', 2032); // 1 January 2032 is a Thursday; 2027 is a Friday
    expect(scotland['2032-01-01']).toBe('New Year’s Day');
    expect(scotland['2032-01-02']).toBe('2nd January');
    const y2027 = project('scotland', 2027);
    expect(y2027['2027-01-01']).toBe('New Year’s Day');
    expect(y2027['2027-01-04']).toBe('2nd January');
  });

  it('Scotland New Year: 1 January on a Sunday gives Monday 2nd (New Year) and Tuesday 3rd', () => {
    const scotland = project('scotland', 2034); // 1 January 2034 is a Sunday
    expect(scotland['2034-01-02']).toBe('New Year’s Day');
    expect(scotland['2034-01-03']).toBe('2nd January');
  });

  it('St Andrew’s Day at a weekend moves to the Monday', () => {
    expect(project('scotland', 2030)['2030-12-02']).toBe('St Andrew’s Day'); // 30 Nov 2030 is a Saturday
    expect(project('scotland', 2031)['2031-12-01']).toBe('St Andrew’s Day'); // 30 Nov 2031 is a Sunday
  });

  it('Northern Ireland adds St Patrick’s Day and the Battle of the Boyne, with substitutes', () => {
    const ni = project('northern-ireland', 2029);
    expect(ni['2029-03-19']).toBe('St Patrick’s Day'); // 17 March 2029 is a Saturday
    expect(ni['2029-07-12']).toBe('Battle of the Boyne (Orangemen’s Day)'); // a Thursday
    expect(ni['2029-04-02']).toBe('Easter Monday');
    expect(projectHolidays('northern-ireland', 2029)).toHaveLength(10);
    const ni2030 = project('northern-ireland', 2030);
    expect(ni2030['2030-03-18']).toBe('St Patrick’s Day'); // 17 March 2030 is a Sunday
    expect(ni2030['2030-07-12']).toBe('Battle of the Boyne (Orangemen’s Day)'); // a Friday
    expect(project('northern-ireland', 2031)['2031-07-14']).toBe('Battle of the Boyne (Orangemen’s Day)'); // Sat
  });

  it('Christmas on a Saturday: Christmas on Monday 27th, Boxing Day on Tuesday 28th', () => {
    const holidays = project('england-and-wales', 2032); // 25 December 2032 is a Saturday
    expect(holidays['2032-12-27']).toBe('Christmas Day');
    expect(holidays['2032-12-28']).toBe('Boxing Day');
  });

  it('Christmas on a Sunday: Boxing Day keeps Monday 26th, Christmas moves to Tuesday 27th', () => {
    const holidays = project('england-and-wales', 2033); // 25 December 2033 is a Sunday
    expect(holidays['2033-12-26']).toBe('Boxing Day');
    expect(holidays['2033-12-27']).toBe('Christmas Day');
  });

  it('Christmas on a Friday: Boxing Day moves to Monday 28th', () => {
    const holidays = project('england-and-wales', 2026);
    expect(holidays['2026-12-25']).toBe('Christmas Day');
    expect(holidays['2026-12-28']).toBe('Boxing Day');
  });

  it('New Year’s Day on a Sunday moves to Monday 2nd in England and Wales', () => {
    expect(project('england-and-wales', 2034)['2034-01-02']).toBe('New Year’s Day');
  });

  it('refuses an unknown division or an impossible year', () => {
    expect(() => projectHolidays('wales' as Division, 2030)).toThrow(/Unknown UK division/);
    expect(() => projectHolidays('scotland', 1200)).toThrow(RangeError);
  });
});

describe('holidaysFor', () => {
  const official = loadShippedHolidays();

  it('uses the official holidays for published years and projects the rest, sorted', () => {
    const holidays = holidaysFor('england-and-wales', { from: 2027, to: 2028 }, official);
    expect(holidays.filter((h) => h.date.startsWith('2027-')).every((h) => h.source === 'official')).toBe(
      true,
    );
    expect(holidays.filter((h) => h.date.startsWith('2028-')).every((h) => h.source === 'projected')).toBe(
      true,
    );
    expect(holidays).toHaveLength(16);
    expect(datesOf(holidays)).toEqual([...datesOf(holidays)].sort());
  });

  it('keeps the one-offs of official years', () => {
    const holidays = holidaysFor('scotland', { from: 2022, to: 2022 }, official);
    expect(datesOf(holidays)).toContain('2022-09-19');
    expect(datesOf(holidays)).not.toContain('2022-05-30');
  });

  it('takes only the requested division from the official list', () => {
    const holidays = holidaysFor('england-and-wales', { from: 2026, to: 2026 }, official);
    expect(holidays.every((h) => h.division === 'england-and-wales')).toBe(true);
    expect(datesOf(holidays)).not.toContain('2026-03-17');
  });

  it('projects a year when the official list has nothing for that division', () => {
    const englandOnly = official.filter((h) => h.division === 'england-and-wales');
    const holidays = holidaysFor('northern-ireland', { from: 2026, to: 2026 }, englandOnly);
    expect(holidays.every((h) => h.source === 'projected')).toBe(true);
    expect(datesOf(holidays)).toContain('2026-03-17');
  });

  it('refuses a backwards range', () => {
    expect(() => holidaysFor('scotland', { from: 2028, to: 2027 }, official)).toThrow(/backwards/);
  });
});
