import type { Db } from '../db/database.ts';
import {
  type Division,
  type Holiday,
  holidaysFor,
  loadShippedHolidays,
  PRESETS,
  type PresetName,
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
 * database, holidays the operator added and the organisation's closure days. Cached per organisation
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
    const built = await this.build(
      org.id,
      org.division as Division,
      resolveTimescales(org.preset as PresetName, org.timescale_overrides),
    );
    this.cache.set(org.id, { built, at: Date.now() });
    return built;
  }

  /** The calendar the organisation would have with another division's bank holidays and other timescales (not cached). */
  withSettings(
    organisationId: string,
    division: Division,
    timescales: Timescales,
  ): Promise<OrganisationCalendar> {
    return this.build(organisationId, division, timescales);
  }

  private async build(
    organisationId: string,
    division: Division,
    timescales: Timescales,
  ): Promise<OrganisationCalendar> {
    const [{ official, added }, closures] = await Promise.all([
      this.divisionHolidays(division),
      this.db
        .selectFrom('closure_days')
        .select(['day'])
        .where('organisation_id', '=', organisationId)
        .execute(),
    ]);
    return {
      calendar: WorkingCalendar.create({
        division,
        official,
        extraHolidays: added,
        closureDays: closures.map((c) => c.day),
      }),
      timescales,
    };
  }

  /** The bank holidays a division observes over some years: official where published, projected otherwise. */
  async holidayList(division: Division, years: { from: number; to: number }): Promise<Holiday[]> {
    const { official, added } = await this.divisionHolidays(division);
    const listed = holidaysFor(division, years, official);
    // A day added before it was published (or projected) is listed once, as the published one.
    const dates = new Set(listed.map((h) => h.date));
    return [...listed, ...added.filter((h) => !dates.has(h.date))]
      .filter((h) => Number(h.date.slice(0, 4)) >= years.from && Number(h.date.slice(0, 4)) <= years.to)
      .sort((a, b) => a.date.localeCompare(b.date));
  }

  /**
   * A division's published bank holidays (the shipped GOV.UK data, with any newer feed loaded replacing the
   * years it covers) and those the operator added (`holidays add`) for a day announced before the feed had it.
   */
  private async divisionHolidays(division: Division): Promise<{ official: Holiday[]; added: Holiday[] }> {
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
    return { official, added };
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
