import type { OrganisationRow } from '../../db/schema.ts';
import type { IndependentTier } from '../../domain/independent-tier.ts';
import { type Nation, type Ombudsman, ombudsmanFor, type Sector } from '../../domain/ombudsman.ts';

/** The columns that say where complainants go after the organisation's own procedure. */
export type JurisdictionColumns = Pick<
  OrganisationRow,
  | 'nation'
  | 'sector'
  | 'ombudsman_override'
  | 'independent_tier'
  | 'independent_tier_name'
  | 'independent_tier_website'
  | 'independent_tier_time_limit_months'
>;

export const JURISDICTION_COLUMNS = [
  'nation',
  'sector',
  'ombudsman_override',
  'independent_tier',
  'independent_tier_name',
  'independent_tier_website',
  'independent_tier_time_limit_months',
] as const satisfies readonly (keyof JurisdictionColumns)[];

export interface Jurisdiction {
  nation: Nation;
  sector: Sector;
  ombudsmanOverride: Ombudsman | null;
  /** The Ombudsman in force: the override, or the one the nation and sector give. */
  ombudsman: Ombudsman;
  tier: IndependentTier | null;
}

/** Reads the stored columns (their values are held to these sets by check constraints, migration 0006). */
export function jurisdictionOf(row: JurisdictionColumns): Jurisdiction {
  const nation = row.nation as Nation;
  const sector = row.sector as Sector;
  const ombudsmanOverride = row.ombudsman_override as Ombudsman | null;
  return {
    nation,
    sector,
    ombudsmanOverride,
    ombudsman: ombudsmanFor({ nation, sector, ombudsmanOverride }),
    tier: tierOf(row),
  };
}

function tierOf(row: JurisdictionColumns): IndependentTier | null {
  switch (row.independent_tier) {
    case 'adjudicators-office':
    case 'independent-case-examiner':
      return { kind: row.independent_tier };
    case 'other':
      return {
        kind: 'other',
        name: row.independent_tier_name ?? '',
        website: row.independent_tier_website ?? '',
        timeLimitMonths: row.independent_tier_time_limit_months ?? 0,
      };
    default:
      return null;
  }
}
