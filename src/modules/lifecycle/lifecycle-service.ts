import { randomUUID } from 'node:crypto';
import { type Actor, can } from '../../auth/roles.ts';
import type { CalendarService } from '../../calendar/calendar-service.ts';
import type { ComplaintRow, ComplaintUpdate } from '../../db/schema.ts';
import { type IsoDate, validateExtension } from '../../domain/calendar/index.ts';
import {
  allowedEvents,
  applyEvent,
  type CaseState,
  EVENT_TYPES,
  type EventType,
  isEventType,
  parseEventPayload,
  type Stage,
  type Status,
} from '../../domain/lifecycle/index.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../errors.ts';
import type { CaseUnitOfWork } from '../cases/unit-of-work.ts';
import { deadlineFields, type StagePause } from '../deadlines/deadline-fields.ts';

declare module '../cases/events.ts' {
  interface CaseEventRegistry {
    acknowledge: Record<string, never>;
    'resolve-stage1': { outcome: string; satisfied: string };
    escalate: Record<string, never>;
    extend: { previousDueOn: IsoDate; newDueOn: IsoDate; complainantToldOn: IsoDate };
    pause: Record<string, never>;
    resume: Record<string, never>;
    'submit-response': Record<string, never>;
    'return-response': Record<string, never>;
    'sign-off': Record<string, never>;
    close: { outcome: string };
    withdraw: Record<string, never>;
    reopen: { previousOutcome: string | null };
  }
}

export function caseState(c: Pick<ComplaintRow, 'status' | 'stage' | 'paused_from_status'>): CaseState {
  return {
    status: c.status as Status,
    stage: (c.stage === 2 ? 2 : 1) as Stage,
    pausedFromStatus: (c.paused_from_status as Status | null) ?? null,
  };
}

export function mayApply(actor: Actor, type: EventType): boolean {
  return type === 'sign-off' ? can(actor.role, 'complaint:sign-off') : can(actor.role, 'complaint:handle');
}

/** What the actor may record on the case now, in the order a person would usually consider them. */
export function allowedEventsFor(actor: Actor, complaint: ComplaintRow): EventType[] {
  return allowedEvents(caseState(complaint)).filter((type) => mayApply(actor, type));
}

/** Moving a complaint through its lifecycle: acknowledgement, stages, pauses, extensions and closure. */
export class LifecycleService {
  constructor(
    private readonly changes: CaseUnitOfWork,
    private readonly calendars: CalendarService,
  ) {}

  /** Checks permission, input and the transition, then records it with the case's row locked. */
  async applyEvent(actor: Actor, reference: string, type: string, input: unknown): Promise<ComplaintRow> {
    if (!isEventType(type)) {
      throw new ValidationError([
        { field: 'type', message: `Type must be one of: ${EVENT_TYPES.join(', ')}` },
      ]);
    }
    const parsed = parseEventPayload(type, input);
    if (!parsed.ok) throw new ValidationError(parsed.errors);
    const payload = parsed.value as Record<string, string | undefined>;
    if (!mayApply(actor, type)) {
      throw new ForbiddenError(
        type === 'sign-off'
          ? 'Only a responsible person or senior leader can sign off a response'
          : 'You do not have permission to change this complaint',
      );
    }
    const cal = await this.calendars.forOrganisation(actor.organisationId);
    const { complaint } = await this.changes.change(actor, reference, async (w) => {
      const current = w.complaint;
      const today = w.today;
      const occurredOn = payload.occurredOn ?? today;
      if (occurredOn > today)
        throw new ValidationError([{ field: 'occurredOn', message: 'The date cannot be in the future' }]);
      if (occurredOn < current.received_on) {
        throw new ValidationError([
          { field: 'occurredOn', message: 'The date cannot be before the complaint was received' },
        ]);
      }
      const before = caseState(current);
      const result = applyEvent(before, type);
      if (!result.ok) throw new ConflictError(result.message);
      const after = result.state;
      const changes: ComplaintUpdate = {
        status: after.status,
        stage: after.stage,
        paused_from_status: after.pausedFromStatus,
      };
      const pauses = await w.trx
        .selectFrom('complaint_pauses')
        .select(['id', 'stage', 'from_on', 'to_on'])
        .where('organisation_id', '=', current.organisation_id)
        .where('complaint_id', '=', current.id)
        .execute();
      const stagePauses: StagePause[] = pauses.map((p) => ({ stage: p.stage, from: p.from_on, to: p.to_on }));
      let detail: Record<string, unknown> = {};

      switch (type) {
        case 'acknowledge':
          changes.acknowledged_on = occurredOn;
          break;
        case 'resolve-stage1':
          Object.assign(changes, {
            outcome: payload.outcome,
            outcome_summary: payload.summary,
            satisfied: payload.satisfied,
            resolved_on: occurredOn,
          });
          detail = { outcome: payload.outcome, satisfied: payload.satisfied };
          break;
        case 'escalate':
        case 'reopen':
          Object.assign(changes, {
            stage2_started_on: occurredOn,
            extended_due_on: null,
            outcome: null,
            outcome_summary: null,
            closed_on: null,
            acknowledged_on: current.acknowledged_on ?? occurredOn,
          });
          if (type === 'reopen') detail = { previousOutcome: current.outcome };
          break;
        case 'extend': {
          const errors = validateExtension(
            cal.calendar,
            current.stage_due_by,
            payload.newDueDate ?? '',
            payload.complainantToldOn ?? '',
            today,
          );
          if (errors.length) throw new ValidationError(errors);
          changes.extended_due_on = payload.newDueDate;
          await w.trx
            .insertInto('complaint_extensions')
            .values({
              id: randomUUID(),
              organisation_id: current.organisation_id,
              complaint_id: current.id,
              stage: current.stage,
              previous_due_on: current.stage_due_by,
              new_due_on: payload.newDueDate as string,
              reason: payload.reason as string,
              complainant_told_on: payload.complainantToldOn as string,
              created_by: actor.userId,
            })
            .execute();
          detail = {
            previousDueOn: current.stage_due_by,
            newDueOn: payload.newDueDate,
            complainantToldOn: payload.complainantToldOn,
          };
          break;
        }
        case 'pause': {
          const pause = { id: randomUUID(), stage: current.stage, from_on: occurredOn, to_on: null };
          await w.trx
            .insertInto('complaint_pauses')
            .values({
              ...pause,
              organisation_id: current.organisation_id,
              complaint_id: current.id,
              reason: payload.reason as string,
            })
            .execute();
          stagePauses.push({ stage: pause.stage, from: pause.from_on, to: null });
          break;
        }
        case 'resume':
        case 'withdraw': {
          const open = pauses.find((p) => p.to_on === null);
          if (open) {
            const to = occurredOn < open.from_on ? open.from_on : occurredOn;
            await w.trx
              .updateTable('complaint_pauses')
              .set({ to_on: to })
              .where('organisation_id', '=', current.organisation_id)
              .where('id', '=', open.id)
              .execute();
            const mine = stagePauses.find((p) => p.to === null);
            if (mine) mine.to = to;
          }
          if (type === 'withdraw') changes.closed_on = occurredOn;
          break;
        }
        case 'close':
          Object.assign(changes, {
            outcome: payload.outcome,
            outcome_summary: payload.summary,
            closed_on: occurredOn,
          });
          detail = { outcome: payload.outcome };
          break;
        default:
          break;
      }

      const merged = { ...current, ...changes } as ComplaintRow;
      const { deadlines: _d, ...dueColumns } = deadlineFields(merged, stagePauses, cal, today);
      w.set({ ...changes, ...dueColumns });
      w.event({
        type,
        from: before.status,
        to: after.status,
        reason: payload.reason ?? payload.note ?? payload.summary ?? null,
        detail: detail as never,
        occurredOn,
      });
      w.audit({
        action: `complaint.${type}`,
        entityType: 'complaint',
        entityId: reference,
        detail: { from: before.status, to: after.status },
      });
    });
    return complaint;
  }
}
