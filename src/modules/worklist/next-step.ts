import {
  formatShortDate,
  type IsoDate,
  toEpochDay,
  type WorkingCalendar,
} from '../../domain/calendar/index.ts';

/** What a case owes next, from the stored `next_due_kind` and its stage. */
export function nextStepAction(kind: string | null, stage: number): string | null {
  switch (kind) {
    case 'acknowledge':
      return 'Acknowledge';
    case 'acknowledge-stage2':
      return 'Acknowledge stage 2';
    case 'respond':
      return stage === 2 ? 'Send final response' : 'Send stage 1 response';
    case 'outer-limit':
      return 'Send final response (outer limit)';
    default:
      return null;
  }
}

const workingDays = (n: number) => `${n.toLocaleString('en-GB')} working ${n === 1 ? 'day' : 'days'}`;

/**
 * The worklist's "next step": which deadline comes next and how far off or overdue it is, in the
 * organisation's working days. "Send final response, 50 working days overdue", "Acknowledge today",
 * "Acknowledge by 3 Dec 2026 (2 working days)". A deadline passed only over a weekend or holiday is
 * overdue by no working day yet, and says since when. Null for a finished case.
 */
export function nextStepText(
  calendar: WorkingCalendar,
  today: IsoDate,
  row: { next_due_kind: string | null; next_due_on: IsoDate | null; stage: number },
): string | null {
  const action = nextStepAction(row.next_due_kind, row.stage);
  const due = row.next_due_on;
  if (!action || !due) return null;
  const daysAway = toEpochDay(due) - toEpochDay(today);
  if (daysAway === 0) return `${action} today`;
  if (daysAway < 0) {
    const late = calendar.workingDaysBetween(due, today);
    return late > 0
      ? `${action}, ${workingDays(late)} overdue`
      : `${action}, overdue since ${formatShortDate(due)}`;
  }
  return `${action} by ${formatShortDate(due)} (${workingDays(calendar.workingDaysBetween(today, due))})`;
}
