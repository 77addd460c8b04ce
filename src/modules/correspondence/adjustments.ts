import type { AdjustmentRecord } from '../../db/schema.ts';
import type { FieldError } from '../../errors.ts';

/** Reasonable adjustments a letter can meet, found in what the complainant wrote (a free-text answer). */
export const ADJUSTMENT_KINDS = {
  'large-print': {
    label: 'Large print',
    pattern: /large[\s-]*print|bigger (?:print|text)|larger (?:print|text)/i,
  },
  'easy-read': { label: 'Easy read', pattern: /easy[\s-]*read/i },
  interpreter: {
    label: 'An interpreter or translation',
    pattern: /interpret|translat|sign language|\bBSL\b/i,
  },
  other: { label: 'What they asked for', pattern: /$^/ },
} as const;
export type AdjustmentKind = keyof typeof ADJUSTMENT_KINDS;

export interface AskedAdjustment {
  kind: AdjustmentKind;
  label: string;
}

/** Each adjustment the complainant asked for; "other" stands for the whole request when none is recognised. */
export function adjustmentsAsked(text: string | null | undefined): AskedAdjustment[] {
  if (!text?.trim()) return [];
  const known = (Object.keys(ADJUSTMENT_KINDS) as AdjustmentKind[]).filter(
    (kind) => kind !== 'other' && ADJUSTMENT_KINDS[kind].pattern.test(text),
  );
  return (known.length ? known : (['other'] as AdjustmentKind[])).map((kind) => ({
    kind,
    label: ADJUSTMENT_KINDS[kind].label,
  }));
}

export const wantsLargePrint = (text: string | null | undefined) =>
  adjustmentsAsked(text).some((a) => a.kind === 'large-print');

/** What the sender said about one adjustment: met (yes or true), or not (no or false) and why. */
export interface AdjustmentAnswer {
  met?: unknown;
  reason?: unknown;
}

/** The sender's record of each adjustment asked for, or the errors that say what is missing. */
export function adjustmentRecords(
  asked: readonly AskedAdjustment[],
  answers: unknown,
): { records: AdjustmentRecord[]; errors: FieldError[] } {
  const given = (answers && typeof answers === 'object' ? answers : {}) as Record<string, AdjustmentAnswer>;
  const records: AdjustmentRecord[] = [];
  const errors: FieldError[] = [];
  for (const { kind, label } of asked) {
    const answer = Object.hasOwn(given, kind) ? given[kind] : undefined;
    const met =
      answer?.met === true || answer?.met === 'yes'
        ? true
        : answer?.met === false || answer?.met === 'no'
          ? false
          : null;
    const what =
      kind === 'other' ? 'the adjustment they asked for' : `their request for ${label.toLowerCase()}`;
    if (met === null) {
      errors.push({ field: `adjustment-${kind}`, message: `Select whether this letter meets ${what}` });
      continue;
    }
    const reason = typeof answer?.reason === 'string' ? answer.reason.trim() : '';
    if (!met && !reason) {
      errors.push({
        field: `adjustment-${kind}-reason`,
        message: `Say why this letter does not meet ${what}`,
      });
      continue;
    }
    if (reason.length > 1000) {
      errors.push({
        field: `adjustment-${kind}-reason`,
        message: 'The reason must be 1,000 characters or fewer',
      });
      continue;
    }
    records.push({ kind, met, reason: met ? null : reason });
  }
  return { records, errors };
}
