import { sql } from 'kysely';
import { z } from 'zod';
import type { CalendarService } from '../../calendar/calendar-service.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import {
  DIVISIONS,
  type Division,
  dayOfWeek,
  type Holiday,
  type IsoDate,
  isIsoDate,
  parseGovUkFeed,
  yearOf,
} from '../../domain/calendar/index.ts';
import { ConflictError, ValidationError, zodToFieldErrors } from '../../errors.ts';
import type { DeadlineService } from './deadline-service.ts';

const division = z.enum(DIVISIONS, { error: `Give the division: one of ${DIVISIONS.join(', ')}` });

const day = z
  .string({ error: 'Give the date as YYYY-MM-DD, for example 2027-05-10' })
  .trim()
  .refine(isIsoDate, { message: 'Give a real date as YYYY-MM-DD, for example 2027-05-10', abort: true })
  // The years the working-day calendar can count.
  .refine((d) => yearOf(d) >= 1583 && yearOf(d) <= 9999, {
    message: 'Give a date in the years 1583 to 9999',
    abort: true,
  });

const holidayToAdd = z.object({
  division,
  day: day.refine(
    (d) => dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6,
    'Give a weekday: a bank holiday is never on a Saturday or Sunday, which are not working days anyway',
  ),
  title: z
    .string()
    .trim()
    .min(1, 'Give the holiday’s title, for example: Bank holiday for the coronation')
    .max(200, 'The title must be 200 characters or fewer')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .refine((t) => !/[\u0000-\u001f\u007f]/.test(t), 'The title must be one line of text'),
});

const holidayToRemove = z.object({ division, day });

export interface FeedSummary {
  divisions: { division: Division; count: number; years: number[] }[];
  /** Organisations whose due dates were asked to be recalculated. */
  organisations: number;
}

export interface HolidayChange {
  division: Division;
  day: IsoDate;
  title: string;
  organisations: number;
}

/**
 * Bank holidays are reference data shared by every organisation and changed only by whoever runs the service
 * (the CLI): a newer GOV.UK feed, or a day announced at short notice before the feed has it. Each change and its
 * requests to recalculate the due dates of the organisations it affects are written in one transaction.
 */
export class BankHolidayService {
  constructor(
    private readonly db: Db,
    private readonly calendars: CalendarService,
    private readonly deadlines: DeadlineService,
  ) {}

  /** Loads a copy of the GOV.UK feed: the years it covers replace the shipped ones. */
  async importFeed(json: unknown): Promise<FeedSummary> {
    const holidays = parseGovUkFeed(json);
    const organisations = await this.db.transaction().execute(async (trx) => {
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
          // A day added by hand that the feed now publishes becomes the feed's: one holiday, not two.
          .onConflict((oc) =>
            oc.columns(['division', 'day']).doUpdateSet({
              title: (eb) => eb.ref('excluded.title'),
              source: 'govuk-feed',
              loaded_at: sql<Date>`now()`,
            }),
          )
          .execute();
      }
      await recordUpdate(trx, DIVISIONS, 'import');
      return this.deadlines.requestRecalculationForDivisions(trx, DIVISIONS, 'bank-holidays');
    });
    this.calendars.invalidate();
    return {
      divisions: DIVISIONS.map((d) => {
        const mine = holidays.filter((h) => h.division === d);
        return {
          division: d,
          count: mine.length,
          years: [...new Set(mine.map((h) => yearOf(h.date)))].sort(),
        };
      }),
      organisations,
    };
  }

  /** Adds a bank holiday announced before the GOV.UK feed has it; refuses a day that is a holiday already. */
  async add(input: { division?: string; day?: string; title?: string }): Promise<HolidayChange> {
    const { division, day, title } = parsed(holidayToAdd, input);
    const existing = await this.holidayOn(division, day);
    const taken = (h: Pick<Holiday, 'title' | 'provisional'>) =>
      new ConflictError(
        `${day} is already a bank holiday in ${division}: ${h.title}${h.provisional ? ' (provisional)' : ''}`,
      );
    if (existing) throw taken(existing);
    try {
      const organisations = await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('bank_holidays').values({ division, day, title, source: 'admin' }).execute();
        await recordUpdate(trx, [division], 'add');
        return this.deadlines.requestRecalculationForDivisions(trx, [division], 'bank-holidays');
      });
      this.calendars.invalidate();
      return { division, day, title, organisations };
    } catch (error) {
      if (isUniqueViolation(error, 'bank_holidays_pkey')) throw taken({ title, provisional: false });
      throw error;
    }
  }

  /** Removes a day added with `add` by mistake; the published and projected holidays are not the operator's to remove. */
  async remove(input: { division?: string; day?: string }): Promise<HolidayChange> {
    const { division, day } = parsed(holidayToRemove, input);
    const existing = await this.holidayOn(division, day);
    const notAdded = new ConflictError(
      existing
        ? `${day} is ${existing.title}, ${existing.source === 'projected' ? 'worked out by the usual rules' : 'from the GOV.UK data'}, not a day added with holidays add: it stays`
        : `${day} is not a bank holiday in ${division}`,
    );
    if (existing?.source !== 'admin') throw notAdded;
    const organisations = await this.db.transaction().execute(async (trx) => {
      const removed = await trx
        .deleteFrom('bank_holidays')
        .where('division', '=', division)
        .where('day', '=', day)
        .where('source', '=', 'admin')
        .executeTakeFirst();
      // Gone since it was looked up (removed, or taken over by an imported feed): nothing to do.
      if (Number(removed.numDeletedRows) === 0) throw notAdded;
      await recordUpdate(trx, [division], 'remove');
      return this.deadlines.requestRecalculationForDivisions(trx, [division], 'bank-holidays');
    });
    this.calendars.invalidate();
    return { division, day, title: existing.title, organisations };
  }

  /** When the division's bank holidays were last changed by the operator, and how; undefined if never since install. */
  async lastUpdate(
    division: Division,
  ): Promise<{ at: Date; change: 'import' | 'add' | 'remove' } | undefined> {
    const row = await this.db
      .selectFrom('bank_holiday_updates')
      .select(['updated_at', 'change'])
      .where('division', '=', division)
      .executeTakeFirst();
    return row ? { at: row.updated_at, change: row.change } : undefined;
  }

  private async holidayOn(division: Division, day: IsoDate): Promise<Holiday | undefined> {
    const year = yearOf(day);
    return (await this.calendars.holidayList(division, { from: year, to: year })).find((h) => h.date === day);
  }
}

/** Notes when these divisions' bank holidays changed (table bank_holiday_updates, migration 0017). */
async function recordUpdate(
  trx: Db,
  divisions: readonly Division[],
  change: 'import' | 'add' | 'remove',
): Promise<void> {
  await trx
    .insertInto('bank_holiday_updates')
    .values(divisions.map((division) => ({ division, change })))
    .onConflict((oc) =>
      oc
        .column('division')
        .doUpdateSet({ change: (eb) => eb.ref('excluded.change'), updated_at: sql<Date>`now()` }),
    )
    .execute();
}

function parsed<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(zodToFieldErrors(result.error.issues));
  return result.data;
}
