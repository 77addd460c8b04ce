import { z } from 'zod';
import type { OrganisationRow } from '../../db/schema.ts';
import { DIVISIONS } from '../../domain/calendar/index.ts';
import {
  INDEPENDENT_TIER_KINDS,
  type IndependentTier,
  MAX_TIER_TIME_LIMIT_MONTHS,
} from '../../domain/independent-tier.ts';
import { deriveOmbudsman, NATIONS, OMBUDSMEN, SECTORS } from '../../domain/ombudsman.ts';

const slugSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Enter a short name using lower-case letters, numbers and hyphens');

const nameSchema = z
  .string()
  .trim()
  .min(1, 'Enter the organisation’s name')
  .max(200, 'Name must be 200 characters or fewer');

const divisionSchema = z.enum(DIVISIONS as unknown as [string, ...string[]], {
  message: 'Select the UK division whose bank holidays you keep',
});
const presetSchema = z.enum(['spso', 'nhs-england', 'uk-central-government'], {
  message: 'Select a timescale preset',
});
const nationSchema = z.enum(NATIONS, { message: 'Select the nation your organisation serves' });
const sectorSchema = z.enum(SECTORS, { message: 'Select your organisation’s sector' });

/** Runs a refinement when the named fields parsed, whatever happened to the others: every error at once. */
const whenParsed =
  (...fields: string[]) =>
  (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    !payload.issues.some((issue) => fields.includes(String(issue.path?.[0])));

function refuseUnknownJurisdiction(
  value: { nation?: (typeof NATIONS)[number]; sector?: (typeof SECTORS)[number] },
  ctx: z.RefinementCtx,
) {
  if (!value.nation || !value.sector) return;
  const derivation = deriveOmbudsman(value.nation, value.sector);
  if (derivation.kind === 'refused')
    ctx.addIssue({ code: 'custom', path: ['sector'], message: derivation.reason });
}

export const organisationInputSchema = z.object({
  name: nameSchema,
  slug: slugSchema,
  parentId: z.string().uuid().nullable().optional(),
  division: divisionSchema,
  preset: presetSchema,
  // Left out, they are guessed from the division and preset (usualJurisdiction); the CLI says what it chose.
  // The pair is checked once complete, by the service.
  nation: nationSchema.optional(),
  sector: sectorSchema.optional(),
  ombudsmanOverride: z.enum(OMBUDSMEN).nullable().optional(),
});
export type OrganisationInput = z.infer<typeof organisationInputSchema>;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => v || null);

const requiredText = (max: number, missing: string, label: string) =>
  z
    .string({ message: missing })
    .trim()
    .min(1, missing)
    .max(max, `${label} must be ${max} characters or fewer`);

const WEBSITE = /^(https?:\/\/)?[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i;
const isWebsite = (v: string) => WEBSITE.test(v);
/** A website as a link can use it: typed without its scheme, it is taken to be https. */
const withScheme = (v: string) => (/^https?:\/\//i.test(v) ? v : `https://${v}`);

/** What the settings form posts, as strings; the output is what the organisation stores. */
export const settingsSchema = z
  .object({
    name: nameSchema,
    nation: nationSchema,
    sector: sectorSchema,
    division: divisionSchema,
    preset: presetSchema,
    ombudsman: z.enum(['derived', ...OMBUDSMEN] as const, { message: 'Select which Ombudsman to name' }),
    independentTier: z.enum(INDEPENDENT_TIER_KINDS, {
      message: 'Select the independent body complainants can go to before the Ombudsman, or none',
    }),
    tierName: optionalText(200, 'The name of the independent body'),
    tierWebsite: optionalText(200, 'The website of the independent body'),
    tierTimeLimitMonths: z.string().trim().optional(),
    complaintsTeamName: optionalText(200, 'The complaints team’s name'),
    complaintsTeamPhone: requiredText(
      100,
      'Enter the complaints team’s telephone number',
      'The telephone number',
    ).refine((v) => (v.match(/\d/g) ?? []).length >= 6, 'Enter a telephone number, like 0300 123 4567'),
    contactEmail: z
      .string({ message: 'Enter the complaints team’s email address' })
      .trim()
      .min(1, 'Enter the complaints team’s email address')
      .email('Enter an email address in the correct format, like complaints@example.nhs.uk'),
    // One line of the address a line of the letter: blank lines would split the letter's paragraph.
    complaintsTeamAddress: requiredText(
      500,
      'Enter the complaints team’s postal address',
      'The postal address',
    ).transform((v) =>
      v
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .join('\n'),
    ),
    advocacyName: requiredText(
      200,
      'Enter the name of a service that helps people complain',
      'The name of the advocacy service',
    ),
    advocacyUrl: requiredText(200, 'Enter the advocacy service’s website', 'The advocacy service’s website')
      .refine(isWebsite, 'Enter the advocacy service’s website address, like www.example.org.uk')
      .transform(withScheme),
    overrides: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine(refuseUnknownJurisdiction, { when: whenParsed('nation', 'sector') })
  .superRefine(
    (value, ctx) => {
      if (value.independentTier !== 'other') return;
      if (!value.tierName) {
        ctx.addIssue({
          code: 'custom',
          path: ['tierName'],
          message: 'Enter the name of the independent body',
        });
      }
      if (!value.tierWebsite) {
        ctx.addIssue({
          code: 'custom',
          path: ['tierWebsite'],
          message: 'Enter the independent body’s website',
        });
      } else if (!isWebsite(value.tierWebsite)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tierWebsite'],
          message: 'Enter the website address, like www.example.org.uk',
        });
      }
      const months = value.tierTimeLimitMonths ?? '';
      if (!/^\d{1,2}$/.test(months) || Number(months) < 1 || Number(months) > MAX_TIER_TIME_LIMIT_MONTHS) {
        ctx.addIssue({
          code: 'custom',
          path: ['tierTimeLimitMonths'],
          message: `Enter the time limit as a whole number of months from 1 to ${MAX_TIER_TIME_LIMIT_MONTHS}`,
        });
      }
    },
    { when: whenParsed('independentTier', 'tierName', 'tierWebsite', 'tierTimeLimitMonths') },
  )
  .transform(({ ombudsman, independentTier, tierName, tierWebsite, tierTimeLimitMonths, ...rest }) => ({
    ...rest,
    ombudsmanOverride: ombudsman === 'derived' ? null : ombudsman,
    tier: tierFrom(independentTier, tierName, tierWebsite, Number(tierTimeLimitMonths)),
  }));
export type Settings = z.output<typeof settingsSchema>;

function tierFrom(
  kind: (typeof INDEPENDENT_TIER_KINDS)[number],
  name: string | null,
  website: string | null,
  timeLimitMonths: number,
): IndependentTier | null {
  if (kind === 'none') return null;
  if (kind === 'other') return { kind, name: name ?? '', website: website ?? '', timeLimitMonths };
  return { kind };
}

/** The settings as the form shows them (and as `settingsSchema` reads them), from what is stored. */
export function settingsFormValues(org: OrganisationRow): Record<string, string> {
  return {
    name: org.name,
    nation: org.nation,
    sector: org.sector,
    division: org.division,
    ombudsman: org.ombudsman_override ?? 'derived',
    independentTier: org.independent_tier,
    tierName: org.independent_tier_name ?? '',
    tierWebsite: org.independent_tier_website ?? '',
    tierTimeLimitMonths: org.independent_tier_time_limit_months?.toString() ?? '',
    complaintsTeamName: org.complaints_team_name ?? '',
    complaintsTeamPhone: org.complaints_team_phone ?? '',
    contactEmail: org.contact_email ?? '',
    complaintsTeamAddress: org.complaints_team_address ?? '',
    advocacyName: org.advocacy_name ?? '',
    advocacyUrl: org.advocacy_url ?? '',
    preset: org.preset,
  };
}

/** What the public pages need from the settings that an organisation set up before they were required may lack. */
export function missingPublicContacts(org: OrganisationRow): string[] {
  return [
    ['complaints team’s telephone number', org.complaints_team_phone],
    ['complaints team’s email address', org.contact_email],
    ['complaints team’s postal address', org.complaints_team_address],
    ['advocacy service and its website', org.advocacy_name && org.advocacy_url],
  ]
    .filter(([, value]) => !value)
    .map(([label]) => label as string);
}
