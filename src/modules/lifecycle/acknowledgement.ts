import type { ComplaintRow } from '../../db/schema.ts';
import { isOpen, type Status } from '../../domain/lifecycle/index.ts';

/** The letters whose sending records the acknowledgement of the stage they belong to. */
export const ACKNOWLEDGEMENT_LETTERS: readonly string[] = ['acknowledgement', 'stage2-acknowledgement'];

/** The acknowledgement letter for the case's current stage. */
export function acknowledgementLetterFor(
  c: Pick<ComplaintRow, 'stage'>,
): 'acknowledgement' | 'stage2-acknowledgement' {
  return c.stage === 2 ? 'stage2-acknowledgement' : 'acknowledgement';
}

/**
 * Whether the complainant has been told their complaint was received at its current stage: the acknowledgement
 * letter was sent, or an acknowledgement given another way (by phone, in person) was recorded. The date is the
 * day they were told.
 */
export function acknowledgementSent(
  c: Pick<ComplaintRow, 'stage' | 'acknowledged_on' | 'stage2_acknowledged_on'>,
): boolean {
  return (c.stage === 2 ? c.stage2_acknowledged_on : c.acknowledged_on) !== null;
}

/**
 * The acknowledgement is outstanding: the case is open and not yet acknowledged at its stage, and its
 * procedure acknowledges this stage (`acknowledge_by` or `stage2_acknowledge_by` is set). For the case page's
 * checklist ("Acknowledgement not sent") and its next action (the letter at `acknowledgementLetterFor`).
 */
export function acknowledgementOutstanding(
  c: Pick<
    ComplaintRow,
    | 'status'
    | 'stage'
    | 'acknowledged_on'
    | 'stage2_acknowledged_on'
    | 'acknowledge_by'
    | 'stage2_acknowledge_by'
  >,
): boolean {
  if (!isOpen(c.status as Status) || acknowledgementSent(c)) return false;
  return (c.stage === 2 ? c.stage2_acknowledge_by : c.acknowledge_by) !== null;
}
