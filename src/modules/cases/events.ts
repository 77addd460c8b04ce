import type { Actor } from '../../auth/roles.ts';
import type { ComplaintRow } from '../../db/schema.ts';
import type { IsoDate } from '../../domain/calendar/index.ts';

/**
 * Every kind of timeline event, with the detail it carries. Each module adds its own events here by
 * declaration merging (and their labels in its module.ts), so an event is a known name with a known shape.
 */
export interface CaseEventRegistry {
  received: { channel: string };
}
export type CaseEventType = keyof CaseEventRegistry & string;

/** A timeline event to record: who is taken from the actor, the stage from the case. */
export interface NewCaseEvent<T extends CaseEventType = CaseEventType> {
  type: T;
  detail: CaseEventRegistry[T];
  /** Lifecycle events name the statuses they moved between. */
  from?: string | null;
  to?: string | null;
  reason?: string | null;
  occurredOn: IsoDate;
}

/** The row for an event; exported for the intake statement, which writes it with the complaint. */
export function eventRow(
  complaint: Pick<ComplaintRow, 'id' | 'organisation_id' | 'stage'>,
  actor: Actor | null,
  event: NewCaseEvent,
) {
  return {
    organisation_id: complaint.organisation_id,
    complaint_id: complaint.id,
    type: event.type,
    from_status: event.from ?? null,
    to_status: event.to ?? null,
    stage: complaint.stage,
    actor_id: actor?.userId ?? null,
    actor_label: actor ? actor.label : 'Complainant (online form)',
    reason: event.reason ?? null,
    detail: JSON.stringify(event.detail),
    occurred_on: event.occurredOn,
  };
}
