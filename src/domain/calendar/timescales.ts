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

/** All day counts are working days; the months are calendar months. */
export interface Timescales {
  /** Working days to acknowledge a stage 1 complaint; null where stage 1 is not acknowledged (SPSO). */
  acknowledgeDays: number | null;
  stage1Days: number;
  /** The longest stage 1 may run once extended, counted from receipt; null when there is no fixed cap. */
  stage1MaxExtendedDays: number | null;
  stage2Days: number;
  /** The longest stage 2 may run once extended, counted from its start; null when there is no fixed cap. */
  stage2MaxExtendedDays: number | null;
  stage2AcknowledgeDays: number;
  /**
   * A period of months beginning with the day of receipt within which the final response is due, unless a
   * longer one is agreed before it ends; null when the procedure sets none.
   */
  outerLimitMonths: number | null;
  /** Months from when the person became aware of the problem within which to complain. */
  timeLimitMonths: number;
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
    acknowledgeDays: workingDays('Days to acknowledge').nullable(),
    stage1Days: workingDays('Stage 1 days'),
    stage1MaxExtendedDays: workingDays('Stage 1 maximum days with an extension').nullable(),
    stage2Days: workingDays('Stage 2 days'),
    stage2MaxExtendedDays: workingDays('Stage 2 maximum days with an extension').nullable(),
    stage2AcknowledgeDays: workingDays('Days to acknowledge at stage 2'),
    outerLimitMonths: z
      .number({ error: 'Outer limit must be a number of months' })
      .int({ error: 'Outer limit must be a whole number of months' })
      .min(1, { error: 'Outer limit must be at least 1 month' })
      .max(MAX_MONTHS, { error: `Outer limit must be ${MAX_MONTHS} months or fewer` })
      .nullable(),
    timeLimitMonths: z
      .number({ error: 'Time limit must be a number of months' })
      .int({ error: 'Time limit must be a whole number of months' })
      .min(1, { error: 'Time limit must be at least 1 month' })
      .max(MAX_MONTHS, { error: `Time limit must be ${MAX_MONTHS} months or fewer` }),
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
    if (t.stage2MaxExtendedDays !== null && t.stage2MaxExtendedDays < t.stage2Days) {
      ctx.addIssue({
        code: 'custom',
        path: ['stage2MaxExtendedDays'],
        message: 'Stage 2 maximum days with an extension cannot be fewer than stage 2 days',
      });
    }
  });

export interface Preset {
  label: string;
  description: string;
  timescales: Timescales;
  /** Where each value comes from, shown beside it on screen; "not confirmed" marks an indirect source. */
  notes: Record<keyof Timescales, string | undefined>;
}

const DEFAULT_CONVENTION_NOTE =
  'Day 1 is the first working day after the day of receipt: the convention for statutory response times.';
const NOT_CONFIRMED =
  'Not confirmed: taken from a summary of the procedure, not the procedure itself, so check it against yours.';
const DUE_SOON_NOTE = 'Product default for the worklist warning; not from any standard.';

// Each value's source is in docs/sources.md; "not confirmed" marks one taken from a restatement of the procedure
// rather than its own text, so it stays configurable and says so on screen.
export const PRESETS: Record<PresetName, Preset> = {
  spso: {
    label: 'Scottish Public Services Ombudsman (SPSO)',
    description:
      'Model complaints handling procedure for Scottish public bodies; also used in Northern Ireland (NIPSO).',
    timescales: {
      acknowledgeDays: null,
      stage1Days: 5,
      stage1MaxExtendedDays: 10,
      stage2Days: 20,
      stage2MaxExtendedDays: null,
      stage2AcknowledgeDays: 3,
      outerLimitMonths: null,
      timeLimitMonths: 6,
      countingConvention: 'receipt-day-if-working',
      dueSoonDays: 3,
    },
    notes: {
      acknowledgeDays:
        'SPSO model procedure: stage 1 (frontline response) has no acknowledgement; the decision itself is ' +
        'given within 5 working days. Only stage 2 complaints are acknowledged.',
      stage1Days: 'SPSO model procedure: frontline response within 5 working days.',
      stage1MaxExtendedDays:
        'SPSO model procedure: in exceptional circumstances, up to 5 more working days (10 in all), ' +
        'agreed by an appropriate manager. ' +
        NOT_CONFIRMED,
      stage2Days: 'SPSO model procedure: investigation response within 20 working days.',
      stage2MaxExtendedDays:
        'None fixed: senior management sets a revised time limit, agreed with the complainant where possible, ' +
        'and keeps them updated.',
      stage2AcknowledgeDays:
        'SPSO model procedure: acknowledge a stage 2 complaint within 3 working days of receiving it or of ' +
        'its escalation.',
      outerLimitMonths: 'None fixed: revised time limits are agreed and the complainant kept updated.',
      timeLimitMonths:
        'SPSO model procedure: complain within 6 months of the event, or of becoming aware of it. ' +
        NOT_CONFIRMED,
      countingConvention:
        'SPSO model procedure timelines: the day of receipt is day 1 when it is a working day, otherwise ' +
        'the next working day. ' +
        NOT_CONFIRMED,
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
      stage2MaxExtendedDays: null,
      stage2AcknowledgeDays: 3,
      outerLimitMonths: 6,
      timeLimitMonths: 12,
      countingConvention: 'day-after-receipt',
      dueSoonDays: 3,
    },
    notes: {
      acknowledgeDays:
        'Statutory: not later than 3 working days after the day of receipt (2009 Regulations, reg 13). An ' +
        'oral complaint resolved by the end of the next working day needs none (reg 8).',
      stage1Days: 'Organisation target; the Regulations set no stage 1 period.',
      stage1MaxExtendedDays: 'Organisation target.',
      stage2Days:
        'The response period is agreed with the complainant (reg 13); 25 working days is the default offered.',
      stage2MaxExtendedDays: 'None fixed below the statutory outer limit.',
      stage2AcknowledgeDays: 'Organisation target, in line with the statutory 3 working days.',
      outerLimitMonths:
        'Statutory: six months beginning on the day of receipt (received 15 January: by 14 July), unless a ' +
        'longer period is agreed before it ends; if late, write to say why and when (reg 14(2), 14(4)).',
      timeLimitMonths:
        'Statutory: 12 months from the matter, or from when it came to the complainant’s notice; the time ' +
        'limit does not apply where there were good reasons and it is still possible to investigate (reg 12).',
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
      stage2MaxExtendedDays: null,
      stage2AcknowledgeDays: 5,
      outerLimitMonths: null,
      timeLimitMonths: 12,
      countingConvention: 'day-after-receipt',
      dueSoonDays: 3,
    },
    notes: {
      acknowledgeDays: 'Organisation target: the Complaint Standards set no number.',
      stage1Days: 'Organisation target.',
      stage1MaxExtendedDays: 'Organisation target; no maximum set by default.',
      stage2Days: 'Organisation target.',
      stage2MaxExtendedDays: 'Organisation target; no maximum set by default.',
      stage2AcknowledgeDays: 'Organisation target.',
      outerLimitMonths: 'None set by the standards.',
      timeLimitMonths: 'Organisation policy; 12 months from becoming aware is usual, with discretion.',
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
