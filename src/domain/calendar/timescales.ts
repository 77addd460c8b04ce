import { z } from 'zod';
import { describeIssues } from './issues.ts';

export type PresetName = 'spso' | 'nhs-england' | 'uk-central-government';

/**
 * 'day-after-receipt': day 1 is the first working day after the day of receipt, whatever day the
 * complaint arrived (the convention for statutory response times).
 * 'receipt-day-if-working': the day of receipt is day 1 when it is a working day.
 */
export type CountingConvention = 'day-after-receipt' | 'receipt-day-if-working';

export const COUNTING_CONVENTIONS: readonly CountingConvention[] = Object.freeze([
  'day-after-receipt',
  'receipt-day-if-working',
] as const);

/** All day counts are working days; outerLimitMonths is calendar months. */
export interface Timescales {
  acknowledgeDays: number;
  stage1Days: number;
  /** The longest stage 1 may run once extended, counted from receipt; null when there is no fixed cap. */
  stage1MaxExtendedDays: number | null;
  stage2Days: number;
  stage2AcknowledgeDays: number;
  /** A hard limit from receipt to final response; null when the procedure sets none. */
  outerLimitMonths: number | null;
  countingConvention: CountingConvention;
  /** A deadline this many working days away or fewer shows as due soon. */
  dueSoonDays: number;
}

const MAX_DAYS = 400;
const MAX_MONTHS = 120;

function workingDays(label: string) {
  return z
    .number({ error: `${label} must be a number` })
    .int({ error: `${label} must be a whole number of working days` })
    .min(0, { error: `${label} cannot be negative` })
    .max(MAX_DAYS, { error: `${label} must be ${MAX_DAYS} working days or fewer` });
}

export const timescalesSchema = z
  .strictObject({
    acknowledgeDays: workingDays('Days to acknowledge'),
    stage1Days: workingDays('Stage 1 days'),
    stage1MaxExtendedDays: workingDays('Stage 1 maximum days with an extension').nullable(),
    stage2Days: workingDays('Stage 2 days'),
    stage2AcknowledgeDays: workingDays('Days to acknowledge at stage 2'),
    outerLimitMonths: z
      .number({ error: 'Outer limit must be a number of months' })
      .int({ error: 'Outer limit must be a whole number of months' })
      .min(1, { error: 'Outer limit must be at least 1 month' })
      .max(MAX_MONTHS, { error: `Outer limit must be ${MAX_MONTHS} months or fewer` })
      .nullable(),
    countingConvention: z.enum(['day-after-receipt', 'receipt-day-if-working'], {
      error: 'Counting convention must be "day-after-receipt" or "receipt-day-if-working"',
    }),
    dueSoonDays: workingDays('Due soon warning days'),
  })
  .superRefine((t, ctx) => {
    if (t.stage1MaxExtendedDays !== null && t.stage1MaxExtendedDays < t.stage1Days) {
      ctx.addIssue({
        code: 'custom',
        path: ['stage1MaxExtendedDays'],
        message: 'Stage 1 maximum days with an extension cannot be fewer than stage 1 days',
      });
    }
  });

export interface Preset {
  label: string;
  description: string;
  timescales: Timescales;
  /** Where each value comes from, shown beside it on screen; "(check)" marks an indirect source. */
  notes: Record<keyof Timescales, string | undefined>;
}

const DEFAULT_CONVENTION_NOTE =
  'Day 1 is the first working day after the day of receipt: the convention for statutory response times.';
const DUE_SOON_NOTE = 'Product default for the worklist warning; not from any standard.';

export const PRESETS: Record<PresetName, Preset> = {
  spso: {
    label: 'Scottish Public Services Ombudsman (SPSO)',
    description:
      'Model complaints handling procedure for Scottish public bodies; also used in Northern Ireland (NIPSO).',
    timescales: {
      acknowledgeDays: 3,
      stage1Days: 5,
      stage1MaxExtendedDays: 10,
      stage2Days: 20,
      stage2AcknowledgeDays: 3,
      outerLimitMonths: null,
      countingConvention: 'day-after-receipt',
      dueSoonDays: 3,
    },
    notes: {
      acknowledgeDays: 'SPSO model procedure: acknowledge within 3 working days.',
      stage1Days: 'SPSO model procedure: frontline response within 5 working days.',
      stage1MaxExtendedDays: 'SPSO model procedure: up to 10 working days in total when extended (check).',
      stage2Days: 'SPSO model procedure: investigation response within 20 working days.',
      stage2AcknowledgeDays: 'SPSO model procedure: acknowledge a stage 2 complaint within 3 working days.',
      outerLimitMonths:
        'None fixed: a revised time limit is agreed and the complainant kept updated (set by extension).',
      countingConvention: DEFAULT_CONVENTION_NOTE,
      dueSoonDays: DUE_SOON_NOTE,
    },
  },
  'nhs-england': {
    label: 'NHS England',
    description:
      'Local Authority Social Services and National Health Service Complaints (England) Regulations 2009, ' +
      'with organisation targets where the Regulations set none.',
    timescales: {
      acknowledgeDays: 3,
      stage1Days: 10,
      stage1MaxExtendedDays: 20,
      stage2Days: 25,
      stage2AcknowledgeDays: 3,
      outerLimitMonths: 6,
      countingConvention: 'day-after-receipt',
      dueSoonDays: 3,
    },
    notes: {
      acknowledgeDays: 'Statutory: 3 working days (2009 Regulations, SI 2009/309).',
      stage1Days: 'Organisation target; the Regulations set no stage 1 period.',
      stage1MaxExtendedDays: 'Organisation target.',
      stage2Days:
        'The response period is agreed with the complainant; 25 working days is the default offered.',
      stage2AcknowledgeDays: 'Organisation target, in line with the statutory 3 working days.',
      outerLimitMonths:
        'Statutory: 6 calendar months unless a longer period is agreed before it expires; if late, ' +
        'write and explain why.',
      countingConvention: DEFAULT_CONVENTION_NOTE,
      dueSoonDays: DUE_SOON_NOTE,
    },
  },
  'uk-central-government': {
    label: 'UK central government',
    description: 'UK Central Government Complaint Standards (PHSO): each body sets its own targets.',
    timescales: {
      acknowledgeDays: 5,
      stage1Days: 10,
      stage1MaxExtendedDays: null,
      stage2Days: 20,
      stage2AcknowledgeDays: 5,
      outerLimitMonths: null,
      countingConvention: 'day-after-receipt',
      dueSoonDays: 3,
    },
    notes: {
      acknowledgeDays: 'Organisation target.',
      stage1Days: 'Organisation target.',
      stage1MaxExtendedDays: 'Organisation target; no maximum set by default.',
      stage2Days: 'Organisation target.',
      stage2AcknowledgeDays: 'Organisation target.',
      outerLimitMonths: 'None set by the standards.',
      countingConvention: DEFAULT_CONVENTION_NOTE,
      dueSoonDays: DUE_SOON_NOTE,
    },
  },
};

/** A preset with an organisation's overrides applied, validated. Throws with every problem listed. */
export function resolveTimescales(preset: PresetName, overrides: Partial<Timescales>): Timescales {
  const base = PRESETS[preset];
  if (!base) throw new RangeError(`Unknown timescales preset: ${JSON.stringify(preset)}`);
  // An override left undefined (an empty form field, say) keeps the preset value rather than erasing it.
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const result = timescalesSchema.safeParse({ ...base.timescales, ...defined });
  if (!result.success) throw new Error(`Invalid timescales:\n${describeIssues(result.error)}`);
  return result.data;
}
