import type { ComplaintRow } from '../../db/schema.ts';
import type { IsoDate } from '../../domain/calendar/index.ts';
import { isOpen, STATUS_LABELS, type Status } from '../../domain/lifecycle/index.ts';
import type { LetterKey } from './letter-templates.ts';

type Case = Pick<
  ComplaintRow,
  'status' | 'stage' | 'paused_from_status' | 'extended_due_on' | 'outer_limit_by'
>;

/**
 * Whether a letter fits the case as it stands, or why not: each letter belongs to a point in the procedure,
 * and the final response in particular can go only once a responsible person has signed it off.
 */
export function letterRefusal(key: LetterKey, c: Case, today: IsoDate): string | null {
  const status = c.status as Status;
  const open = isOpen(status);
  const now = `This complaint is ${STATUS_LABELS[status].toLowerCase()} (stage ${c.stage}).`;
  switch (key) {
    case 'acknowledgement':
      return c.stage === 1 && open ? null : `The acknowledgement is for an open stage 1 complaint. ${now}`;
    case 'stage2-acknowledgement':
      return c.stage === 2 && open
        ? null
        : `The stage 2 acknowledgement is for an open stage 2 complaint. ${now}`;
    case 'extension':
      return open && c.extended_due_on
        ? null
        : 'There is no extension to tell the complainant about: record the extension first.';
    case 'stage1-outcome':
      return status === 'resolved'
        ? null
        : `The stage 1 response goes once the complaint is resolved at stage 1. ${now}`;
    case 'final-response':
      if (status === 'signed-off') return null;
      if (status === 'closed')
        return 'This complaint is closed: its final response was sent before it closed.';
      return (
        'The final response can be sent only after a responsible person has signed it off, and it is signed ' +
        `by them. ${now}`
      );
    case 'late-response':
      return open && c.outer_limit_by && today > c.outer_limit_by
        ? null
        : 'This letter is for a complaint whose final response is later than the time limit allows.';
  }
}
