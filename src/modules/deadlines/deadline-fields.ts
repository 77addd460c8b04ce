import type { OrganisationCalendar } from '../../calendar/calendar-service.ts';
import type { ComplaintRow } from '../../db/schema.ts';
import {
  computeDeadlines,
  type Deadlines,
  type IsoDate,
  type Pause,
  toEpochDay,
} from '../../domain/calendar/index.ts';
import { isOpen, type Status } from '../../domain/lifecycle/index.ts';

export type DeadlineFields = Pick<
  ComplaintRow,
  | 'acknowledge_by'
  | 'stage2_acknowledge_by'
  | 'stage_due_by'
  | 'outer_limit_by'
  | 'next_due_on'
  | 'next_due_kind'
>;

export type DeadlineSource = Pick<
  ComplaintRow,
  | 'received_on'
  | 'stage'
  | 'stage2_started_on'
  | 'extended_due_on'
  | 'acknowledged_on'
  | 'stage2_acknowledged_on'
  | 'outer_limit_agreed_by'
  | 'status'
>;

/** The columns deadlineFields reads, for queries that select just them. */
export const DEADLINE_SOURCE_COLUMNS = [
  'received_on',
  'stage',
  'stage2_started_on',
  'extended_due_on',
  'acknowledged_on',
  'stage2_acknowledged_on',
  'outer_limit_agreed_by',
  'status',
] as const;

export const DEADLINE_COLUMNS = [
  'acknowledge_by',
  'stage2_acknowledge_by',
  'stage_due_by',
  'outer_limit_by',
  'next_due_on',
  'next_due_kind',
] as const;

export interface StagePause extends Pause {
  stage: number;
}

export type NextDueKind = 'acknowledge' | 'acknowledge-stage2' | 'respond' | 'outer-limit';

/** The stored due dates are derived from the case's facts and the calendar; this is the one place they are made. */
export function deadlineFields(
  source: DeadlineSource,
  pauses: StagePause[],
  { calendar, timescales }: OrganisationCalendar,
  today: IsoDate,
): DeadlineFields & { deadlines: Deadlines } {
  const stage = source.stage === 2 ? 2 : 1;
  const deadlines = computeDeadlines(
    calendar,
    timescales,
    {
      receivedOn: source.received_on,
      stage,
      stage2StartedOn: source.stage2_started_on,
      pauses: pauses.filter((p) => p.stage === stage).map(({ from, to }) => ({ from, to })),
      extendedDueOn: source.extended_due_on,
      acknowledgedOn: source.acknowledged_on,
      outerLimitAgreedBy: source.outer_limit_agreed_by,
    },
    today,
  );
  const next = nextDue(source, deadlines);
  return {
    deadlines,
    acknowledge_by: deadlines.acknowledgeBy,
    stage2_acknowledge_by: deadlines.stage2AcknowledgeBy,
    stage_due_by: deadlines.stageDueBy,
    outer_limit_by: deadlines.outerLimitBy,
    next_due_on: next?.on ?? null,
    next_due_kind: next?.kind ?? null,
  };
}

/**
 * What the worklist orders by: the soonest deadline still owed. An acknowledgement while one is owed at the
 * current stage, the stage's response, and the outer limit where the procedure sets one.
 */
function nextDue(s: DeadlineSource, d: Deadlines): { on: IsoDate; kind: NextDueKind } | null {
  if (!isOpen(s.status as Status)) return null;
  const owed: { on: IsoDate; kind: NextDueKind }[] = [];
  if (s.stage !== 2 && s.status === 'received' && !s.acknowledged_on && d.acknowledgeBy) {
    owed.push({ on: d.acknowledgeBy, kind: 'acknowledge' });
  }
  if (s.stage === 2 && !s.stage2_acknowledged_on && d.stage2AcknowledgeBy) {
    owed.push({ on: d.stage2AcknowledgeBy, kind: 'acknowledge-stage2' });
  }
  owed.push({ on: d.stageDueBy, kind: 'respond' });
  if (d.outerLimitBy) owed.push({ on: d.outerLimitBy, kind: 'outer-limit' });
  // The earliest wins; on a tie the first listed (the more immediate step) names it.
  return owed.reduce((a, b) => (toEpochDay(b.on) < toEpochDay(a.on) ? b : a));
}
