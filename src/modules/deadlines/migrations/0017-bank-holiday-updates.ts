import type { Kysely } from 'kysely';
import { runStatements } from '../../../db/run-statements.ts';

/**
 * When each division's bank holidays were last changed, and how (a GOV.UK feed imported, a day added or
 * removed by the team that runs the service), so the calendar page can say how current they are. Reference
 * data like bank_holidays: no organisation owns it. Holidays loaded before this migration date it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table bank_holiday_updates (
      division text primary key check (division in ('england-and-wales','scotland','northern-ireland')),
      updated_at timestamptz not null default now(),
      change text not null check (change in ('import','add','remove'))
    );
    insert into bank_holiday_updates (division, updated_at, change)
      select division, max(loaded_at),
        case when bool_or(source = 'govuk-feed') then 'import' else 'add' end
      from bank_holidays group by division;
  `,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
