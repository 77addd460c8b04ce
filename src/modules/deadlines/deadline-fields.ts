import type { OrganisationCalendar } from '../../calendar/calendar-service.ts';
import type { ComplaintRow } from '../../db/schema.ts';
import { computeDeadlines, type Deadlines, type IsoDate, type Pause } from '../../domain/calendar/index.ts';
import { isOpen, type Status } from '../../domain/lifecycle/index.ts';

export type DeadlineFields = Pick<
  ComplaintRow,
  'acknowledge_by' | 'stage_due_by' | 'outer_limit_by' | 'next_due_on'
>;

type DeadlineSource = Pick<
  ComplaintRow,
  'received_on' | 'stage' | 'stage2_started_on' | 'extended_due_on' | 'acknowledged_on' | 'status'
>;

export interface StagePause extends Pause {
  stage: number;
}

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
    },
    today,
  );
  return {
    deadlines,
    acknowledge_by: deadlines.acknowledgeBy,
    stage_due_by: deadlines.stageDueBy,
    outer_limit_by: deadlines.outerLimitBy,
    next_due_on: nextDue(source.status as Status, source.acknowledged_on, deadlines),
  };
}

/** What the worklist orders by: the acknowledgement while one is owed, then the stage's due date. */
function nextDue(status: Status, acknowledgedOn: string | null, d: Deadlines): string | null {
  if (!isOpen(status)) return null;
  if (!acknowledgedOn && status === 'received') {
    return d.acknowledgeBy < d.stageDueBy ? d.acknowledgeBy : d.stageDueBy;
  }
  return d.stageDueBy;
}
