import type { Kysely } from 'kysely';
import { runStatements } from '../../../db/run-statements.ts';

/**
 * The Ombudsman becomes a fact about the organisation: its nation and sector decide it, and the old
 * `ombudsman` column becomes an administrator's override, kept only where it differs from what the rules now
 * derive. Also the independent tier before the Ombudsman, and the complaints team's contact details.
 *
 * The rules are written out here rather than imported, so this migration keeps meaning what it meant when it
 * landed (src/domain/ombudsman.ts may change later).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table organisations
      add column nation text,
      add column sector text,
      add column independent_tier text not null default 'none'
        check (independent_tier in ('none','adjudicators-office','independent-case-examiner','other')),
      add column independent_tier_name text,
      add column independent_tier_website text,
      add column independent_tier_time_limit_months integer
        check (independent_tier_time_limit_months between 1 and 24),
      add column complaints_team_name text,
      add column complaints_team_phone text,
      add column complaints_team_address text;

    -- The division gave the bank holidays and the preset the procedure; together they say where a body is
    -- and what it is. Welsh bodies share England's bank holidays: the PSOW chosen by an administrator is
    -- the only sign of them.
    update organisations set
      nation = case
        when preset = 'uk-central-government' then 'uk-wide'
        when division = 'scotland' then 'scotland'
        when division = 'northern-ireland' then 'northern-ireland'
        when ombudsman = 'psow' then 'wales'
        else 'england'
      end,
      sector = case preset
        when 'nhs-england' then 'nhs'
        when 'uk-central-government' then 'uk-government'
        else 'other'
      end;

    alter table organisations
      alter column nation set not null,
      alter column sector set not null,
      add constraint organisations_nation_check
        check (nation in ('england','wales','scotland','northern-ireland','uk-wide')),
      add constraint organisations_sector_check
        check (sector in ('nhs','uk-government','devolved-government','other')),
      add constraint organisations_devolved_nation_check
        check (sector <> 'devolved-government' or nation in ('wales','scotland','northern-ireland')),
      add constraint organisations_other_tier_check
        check (independent_tier <> 'other' or (independent_tier_name is not null
          and independent_tier_website is not null and independent_tier_time_limit_months is not null));

    alter table organisations rename column ombudsman to ombudsman_override;
    alter table organisations alter column ombudsman_override drop not null;

    -- The derivation as it stands in src/domain/ombudsman.ts at this migration.
    update organisations set ombudsman_override = null
      where ombudsman_override = case
        when sector = 'uk-government' then 'phso'
        when nation = 'wales' then 'psow'
        when nation = 'scotland' then 'spso'
        when nation = 'northern-ireland' then 'nipso'
        else 'phso'
      end;
  `,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
