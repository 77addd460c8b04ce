import type { Db } from '../db/database.ts';
import {
  DIVISIONS,
  type Division,
  type Holiday,
  holidaysFor,
  type IsoDate,
  loadShippedHolidays,
  PRESETS,
  type PresetName,
  parseGovUkFeed,
  resolveTimescales,
  type Timescales,
  WorkingCalendar,
} from '../domain/calendar/index.ts';

export interface OrganisationCalendar {
  calendar: WorkingCalendar;
  timescales: Timescales;
}

/**
 * Builds each organisation's working calendar from the shipped GOV.UK data, any newer feed loaded into the
 * database, holidays added by an administrator and the organisation's closure days. Cached per organisation
 * and dropped whenever any of those change, so due dates always follow the calendar.
 */
export class CalendarService {
  private readonly cache = new Map<string, { built: OrganisationCalendar; at: number }>();
  private static readonly TTL_MS = 60_000;

  constructor(private readonly db: Db) {}

  invalidate(organisationId?: string): void {
    if (organisationId) this.cache.delete(organisationId);
    else this.cache.clear();
  }

  async forOrganisation(organisationId: string): Promise<OrganisationCalendar> {
    const hit = this.cache.get(organisationId);
    if (hit && Date.now() - hit.at < CalendarService.TTL_MS) return hit.built;
    const org = await this.db
      .selectFrom('organisations')
      .select(['id', 'division', 'preset', 'timescale_overrides'])
      .where('id', '=', organisationId)
      .executeTakeFirstOrThrow();
    const division = org.division as Division;
    const [loaded, closures] = await Promise.all([
      this.db
        .selectFrom('bank_holidays')
        .select(['day', 'title', 'source'])
        .where('division', '=', division)
        .execute(),
      this.db.selectFrom('closure_days').select(['day']).where('organisation_id', '=', org.id).execute(),
    ]);
    const official = mergeOfficial(
      loadShippedHolidays().filter((h) => h.division === division),
      loaded
        .filter((h) => h.source === 'govuk-feed')
        .map((h) => holiday(division, h.day, h.title, 'official')),
    );
    const extraHolidays = loaded
      .filter((h) => h.source === 'admin')
      .map((h) => holiday(division, h.day, h.title, 'admin'));
    const built: OrganisationCalendar = {
      calendar: WorkingCalendar.create({
        division,
        official,
        extraHolidays,
        closureDays: closures.map((c) => c.day),
      }),
      timescales: resolveTimescales(org.preset as PresetName, org.timescale_overrides),
    };
    this.cache.set(org.id, { built, at: Date.now() });
    return built;
  }

  /** The bank holidays a division observes over some years: official where published, projected otherwise. */
  async holidayList(division: Division, years: { from: number; to: number }): Promise<Holiday[]> {
    const loaded = await this.db
      .selectFrom('bank_holidays')
      .select(['day', 'title', 'source'])
      .where('division', '=', division)
      .execute();
    const official = mergeOfficial(
      loadShippedHolidays().filter((h) => h.division === division),
      loaded
        .filter((h) => h.source === 'govuk-feed')
        .map((h) => holiday(division, h.day, h.title, 'official')),
    );
    const added = loaded
      .filter((h) => h.source === 'admin')
      .map((h) => holiday(division, h.day, h.title, 'admin'));
    return [...holidaysFor(division, years, official), ...added]
      .filter((h) => Number(h.date.slice(0, 4)) >= years.from && Number(h.date.slice(0, 4)) <= years.to)
      .sort((a, b) => a.date.localeCompare(b.date));
  }

  /** Loads a copy of the GOV.UK bank-holidays feed; the years it covers replace the shipped ones. */
  async importFeed(json: unknown): Promise<{ division: Division; count: number; years: number[] }[]> {
    const holidays = parseGovUkFeed(json);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('bank_holidays').where('source', '=', 'govuk-feed').execute();
      for (let i = 0; i < holidays.length; i += 500) {
        await trx
          .insertInto('bank_holidays')
          .values(
            holidays.slice(i, i + 500).map((h) => ({
              division: h.division,
              day: h.date,
              title: h.title,
              source: 'govuk-feed',
            })),
          )
          .onConflict((oc) =>
            oc.columns(['division', 'day']).doUpdateSet({ title: (eb) => eb.ref('excluded.title') }),
          )
          .execute();
      }
    });
    this.invalidate();
    return DIVISIONS.map((division) => {
      const mine = holidays.filter((h) => h.division === division);
      return {
        division,
        count: mine.length,
        years: [...new Set(mine.map((h) => Number(h.date.slice(0, 4))))].sort(),
      };
    });
  }

  async addHoliday(division: Division, day: IsoDate, title: string): Promise<void> {
    await this.db
      .insertInto('bank_holidays')
      .values({ division, day, title, source: 'admin' })
      .onConflict((oc) => oc.columns(['division', 'day']).doUpdateSet({ title, source: 'admin' }))
      .execute();
    this.invalidate();
  }

  async removeHoliday(division: Division, day: IsoDate): Promise<void> {
    await this.db
      .deleteFrom('bank_holidays')
      .where('division', '=', division)
      .where('day', '=', day)
      .where('source', '=', 'admin')
      .execute();
    this.invalidate();
  }

  async addedHolidays(division: Division): Promise<{ day: string; title: string }[]> {
    return this.db
      .selectFrom('bank_holidays')
      .select(['day', 'title'])
      .where('division', '=', division)
      .where('source', '=', 'admin')
      .orderBy('day')
      .execute();
  }

  presets() {
    return PRESETS;
  }
}

function holiday(division: Division, date: string, title: string, source: Holiday['source']): Holiday {
  return { division, date, title, source, provisional: false };
}

/** A newer feed is the authority for the years it covers; the shipped copy fills the other years. */
function mergeOfficial(shipped: Holiday[], loaded: Holiday[]): Holiday[] {
  const loadedYears = new Set(loaded.map((h) => h.date.slice(0, 4)));
  return [...shipped.filter((h) => !loadedYears.has(h.date.slice(0, 4))), ...loaded].sort((a, b) =>
    a.date.localeCompare(b.date),
  );
}
