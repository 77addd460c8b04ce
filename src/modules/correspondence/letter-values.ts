import type { ComplaintRow } from '../../db/schema.ts';
import { independentAdvocacy, type OwnAdvocacyService } from '../../domain/advocacy.ts';
import { formatLongDate, type IsoDate, type Timescales } from '../../domain/calendar/index.ts';
import type { IndependentTier } from '../../domain/independent-tier.ts';
import {
  type Nation,
  type Ombudsman,
  ombudsmanContact,
  ombudsmanSignposting,
  type Sector,
} from '../../domain/ombudsman.ts';
import type { LetterValues } from './template-renderer.ts';

/** Everything a letter may say about a case, gathered from the case and its organisation. */
export interface LetterFacts {
  complaint: Pick<
    ComplaintRow,
    | 'reference'
    | 'complainant_name'
    | 'received_on'
    | 'acknowledge_by'
    | 'stage_due_by'
    | 'outer_limit_by'
    | 'stage'
    | 'outcome'
    | 'outcome_summary'
    | 'extended_due_on'
  >;
  organisation: {
    name: string;
    preset: string;
    nation: Nation;
    sector: Sector;
    /** The Ombudsman in force (an administrator's override, or the one the nation and sector give). */
    ombudsman: Ombudsman;
    tier: IndependentTier | null;
    complaintsTeam: {
      name: string | null;
      phone: string | null;
      email: string | null;
      address: string | null;
    };
    /** The advocacy service named in its settings, which letters give before any national text. */
    advocacy: OwnAdvocacyService;
  };
  timescales: Timescales;
  extension: { reason: string; newDueOn: IsoDate; toldOn: IsoDate } | null;
  remedies: { kind: string; description: string; amountPence: number | null }[];
  handlerName: string | null;
  /** The responsible person who signed off the final response, once one has. */
  signatory?: { name: string; role: string } | null;
  today: IsoDate;
}

const OUTCOME_WORDS: Record<string, string> = {
  upheld: 'upheld',
  'partly-upheld': 'partly upheld',
  'not-upheld': 'not upheld',
};

const REMEDY_WORDS: Record<string, string> = {
  apology: 'An apology',
  explanation: 'An explanation',
  'financial-redress': 'A payment',
  'service-change': 'A change to our service',
  other: 'Other',
};

const longDate = (d: IsoDate | null) => (d ? formatLongDate(d) : null);

export function formatPounds(pence: number): string {
  return `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function remediesText(remedies: LetterFacts['remedies']): string | null {
  if (remedies.length === 0) return null;
  return remedies
    .map((r) => {
      const amount = r.amountPence !== null ? ` (${formatPounds(r.amountPence)})` : '';
      return `- ${REMEDY_WORDS[r.kind] ?? 'Other'}${amount}: ${r.description.trim()}`;
    })
    .join('\n');
}

export function letterValues(facts: LetterFacts): LetterValues {
  const { complaint: c, timescales: t, organisation: org } = facts;
  const team = org.complaintsTeam;
  return {
    reference: c.reference,
    complainant_name: c.complainant_name,
    organisation_name: org.name,
    received_date: longDate(c.received_on),
    acknowledge_by: longDate(c.acknowledge_by),
    stage_due_by: longDate(c.stage_due_by),
    outer_limit_by: longDate(c.outer_limit_by),
    stage1_days: String(t.stage1Days),
    stage2_days: String(t.stage2Days),
    acknowledge_days: String(c.stage === 2 ? t.stage2AcknowledgeDays : t.acknowledgeDays),
    outcome: c.outcome ? (OUTCOME_WORDS[c.outcome] ?? null) : null,
    outcome_summary: c.outcome_summary,
    remedies: remediesText(facts.remedies),
    extension_reason: facts.extension?.reason ?? null,
    new_due_date: longDate(facts.extension?.newDueOn ?? c.extended_due_on),
    extension_told_date: longDate(facts.extension?.toldOn ?? null),
    handler_name: facts.handlerName,
    signatory_name: facts.signatory?.name ?? null,
    signatory_role: facts.signatory?.role ?? null,
    complaints_team_name: team.name,
    complaints_team_phone: team.phone,
    complaints_team_email: team.email,
    complaints_team_address: team.address,
    independent_advocacy: independentAdvocacy(org.nation, org.sector, org.advocacy),
    ombudsman_signposting: ombudsmanSignposting(org),
    ombudsman_contact: ombudsmanContact(org.ombudsman),
    today: formatLongDate(facts.today),
  };
}
