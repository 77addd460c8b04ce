import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { type AuditService, auditValues } from '../audit/audit-service.ts';
import { type Actor, can, canReadComplaints } from '../auth/roles.ts';
import type { CalendarService } from '../calendar/calendar-service.ts';
import type { Db } from '../db/database.ts';
import type { ComplaintRow, ComplaintUpdate, DB } from '../db/schema.ts';
import { deadlineState, type IsoDate, ukDateOf, validateExtension } from '../domain/calendar/index.ts';
import {
  allowedEvents,
  applyEvent,
  type CaseState,
  EVENT_TYPES,
  type EventType,
  isEventType,
  isOpen,
  parseEventPayload,
  STATUSES,
  type Stage,
  type Status,
} from '../domain/lifecycle/index.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  zodToFieldErrors,
} from '../errors.ts';
import {
  ComplaintRepository,
  type DetailParts,
  visibleTo,
  type WorklistFilters,
  type WorklistRow,
} from './complaint-repository.ts';
import { deadlineFields, type StagePause } from './deadline-sync.ts';
import { type ComplaintIntake, complaintIntakeSchema } from './intake.ts';

type Trx = Transaction<DB>;

export interface ComplaintDetail {
  complaint: ComplaintRow;
  serviceName: string | null;
  handlerName: string | null;
  investigatorName: string | null;
  parts: DetailParts;
  allowedEvents: EventType[];
  today: IsoDate;
  deadlineState: ReturnType<typeof deadlineState> | null;
  acknowledgementState: ReturnType<typeof deadlineState> | null;
}

export interface WorklistItem extends WorklistRow {
  state: ReturnType<typeof deadlineState> | null;
}

/** The rules of complaint handling; routes (web and API) call this, never the tables. */
export class ComplaintService {
  readonly repository: ComplaintRepository;

  constructor(
    private readonly db: Db,
    private readonly calendars: CalendarService,
    private readonly audit: AuditService,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.repository = new ComplaintRepository(db);
  }

  today(): IsoDate {
    return ukDateOf(this.now());
  }

  /** Records a complaint; it is committed before this returns, so an acknowledged reference is never lost. */
  async create(organisationId: string, input: unknown, actor: Actor | null): Promise<ComplaintRow> {
    return (await this.record(organisationId, input, actor)).row;
  }

  /**
   * Records a complaint and describes it as `get` would, without reading it back: a new complaint has only
   * its 'received' event, so the reply to an intake needs no further queries.
   */
  async createDetailed(organisationId: string, input: unknown, actor: Actor): Promise<ComplaintDetail> {
    const { row, event, serviceName } = await this.record(organisationId, input, actor);
    const parts: DetailParts = {
      events: [event],
      issues: [],
      remedies: [],
      colleagues: [],
      notes: [],
      pauses: [],
      extensions: [],
      attachments: [],
      correspondence: [],
    };
    return this.assemble(actor, row, parts, { serviceName, handlerName: null, investigatorName: null });
  }

  private async record(organisationId: string, input: unknown, actor: Actor | null) {
    const parsed = complaintIntakeSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error.issues));
    const intake = parsed.data;
    if (actor && !can(actor.role, 'complaint:create')) throw new ForbiddenError();
    const service = await this.resolveService(organisationId, intake);
    const receivedOn = ukDateOf(intake.receivedAt);
    const cal = await this.calendars.forOrganisation(organisationId);
    const base = {
      received_on: receivedOn,
      stage: 1,
      stage2_started_on: null,
      extended_due_on: null,
      acknowledged_on: null,
      status: 'received',
    };
    const due = deadlineFields(base, [], cal, this.today());
    const reference = await this.nextReference(organisationId, receivedOn);
    const id = randomUUID();
    const complaintValues = {
      id,
      organisation_id: organisationId,
      reference,
      channel: intake.channel,
      received_at: intake.receivedAt,
      received_on: receivedOn,
      status: 'received',
      stage: 1,
      paused_from_status: null,
      complainant_name: intake.complainant.name,
      complainant_email: intake.complainant.email,
      complainant_phone: intake.complainant.phone,
      complainant_address: intake.complainant.address,
      preferred_contact: intake.complainant.preferredContact ?? null,
      on_behalf_of: intake.onBehalfOf ? JSON.stringify(intake.onBehalfOf) : null,
      description: intake.description,
      when_happened: intake.whenHappened,
      service_id: service?.id ?? null,
      outcome_sought: intake.outcomeSought,
      adjustments: intake.adjustments,
      handler_id: null,
      investigator_id: null,
      acknowledged_on: null,
      stage2_started_on: null,
      extended_due_on: null,
      acknowledge_by: due.acknowledge_by,
      stage_due_by: due.stage_due_by,
      outer_limit_by: due.outer_limit_by,
      next_due_on: due.next_due_on,
      outcome: null,
      outcome_summary: null,
      satisfied: null,
      resolved_on: null,
      closed_on: null,
    };
    const eventValues = eventRow(complaintValues, actor, {
      type: 'received',
      from: null,
      to: 'received',
      reason: null,
      detail: { channel: intake.channel },
      occurredOn: receivedOn,
    });
    const audit = auditValues(actor, {
      action: 'complaint.create',
      entityType: 'complaint',
      entityId: reference,
      complaintId: id,
      organisationId,
      detail: { channel: intake.channel },
    });
    // One statement writes the complaint, its first event and the audit entry: atomic without a transaction's
    // extra round trips, which is what intake throughput is made of.
    const written = await this.db
      .with('c', (db) => db.insertInto('complaints').values(complaintValues).returningAll())
      .with('e', (db) =>
        db.insertInto('complaint_events').values(eventValues).returning(['id', 'created_at']),
      )
      .with('a', (db) => db.insertInto('audit_log').values(audit).returning('id'))
      .selectFrom('c')
      .selectAll('c')
      .select((eb) => [
        eb.selectFrom('e').select('e.id').as('event_id'),
        eb.selectFrom('e').select('e.created_at').as('event_created_at'),
        eb.selectFrom('a').select('a.id').as('audit_id'),
      ])
      .executeTakeFirstOrThrow();
    const { event_id, event_created_at, audit_id: _audit, ...row } = written;
    const event = {
      id: String(event_id),
      type: eventValues.type,
      from_status: eventValues.from_status ?? null,
      to_status: eventValues.to_status ?? null,
      stage: eventValues.stage ?? null,
      actor_label: eventValues.actor_label,
      reason: eventValues.reason ?? null,
      detail: { channel: intake.channel },
      occurred_on: eventValues.occurred_on,
      created_at: event_created_at as Date,
    };
    return { row: row as ComplaintRow, event, serviceName: service?.name ?? null };
  }

  private async resolveService(
    organisationId: string,
    intake: ComplaintIntake,
  ): Promise<{ id: string; name: string } | null> {
    if (intake.serviceId) {
      const found = await this.db
        .selectFrom('services')
        .select(['id', 'name'])
        .where('organisation_id', '=', organisationId)
        .where('id', '=', intake.serviceId)
        .executeTakeFirst();
      if (!found)
        throw new ValidationError([{ field: 'serviceId', message: 'Select a service from the list' }]);
      return found;
    }
    if (!intake.service) return null;
    const byName = await this.db
      .selectFrom('services')
      .select(['id', 'name'])
      .where('organisation_id', '=', organisationId)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', intake.service?.toLowerCase() ?? ''))
      .executeTakeFirst();
    if (!byName) {
      throw new ValidationError([
        { field: 'service', message: `There is no service called ${intake.service}` },
      ]);
    }
    return byName;
  }

  /**
   * Allocated in its own short statement, outside the complaint's transaction, so concurrent intakes do not
   * queue behind each other's commits; a failed intake leaves a gap in the numbers, never a duplicate.
   */
  private async nextReference(organisationId: string, receivedOn: IsoDate): Promise<string> {
    const year = Number(receivedOn.slice(0, 4));
    const row = await this.db
      .insertInto('reference_counters')
      .values({ organisation_id: organisationId, year, last_value: 1 })
      .onConflict((oc) =>
        oc
          .columns(['organisation_id', 'year'])
          .doUpdateSet({ last_value: sql`reference_counters.last_value + 1` }),
      )
      .returning('last_value')
      .executeTakeFirstOrThrow();
    const prefix = await this.referencePrefix(organisationId);
    return `${prefix}-${year}-${String(row.last_value).padStart(6, '0')}`;
  }

  private readonly prefixes = new Map<string, string>();
  private async referencePrefix(organisationId: string): Promise<string> {
    const cached = this.prefixes.get(organisationId);
    if (cached) return cached;
    const org = await this.db
      .selectFrom('organisations')
      .select('reference_prefix')
      .where('id', '=', organisationId)
      .executeTakeFirstOrThrow();
    this.prefixes.set(organisationId, org.reference_prefix);
    return org.reference_prefix;
  }

  async worklist(actor: Actor, filters: WorklistFilters, page = 1, pageSize = 25) {
    if (!can(actor.role, 'complaint:read-all') && !can(actor.role, 'complaint:read-assigned'))
      throw new ForbiddenError();
    const { calendar, timescales } = await this.calendars.forOrganisation(actor.organisationId);
    const today = this.today();
    const dueSoonBy = calendar.addWorkingDays(today, timescales.dueSoonDays);
    const safePage = Math.max(1, Math.min(page, 100_000));
    const { items, total } = await this.repository.worklist(
      actor,
      filters,
      { today, dueSoonBy },
      safePage,
      pageSize,
    );
    return {
      items: items.map((item) => ({
        ...item,
        state: item.next_due_on
          ? deadlineState(calendar, item.next_due_on, today, timescales.dueSoonDays)
          : null,
      })) as WorklistItem[],
      total,
      page: safePage,
      pageSize,
      pages: Math.max(1, Math.ceil(total / pageSize)),
    };
  }

  /** Reads one case for the actor, recording the view in the audit trail. */
  async get(actor: Actor, reference: string, options: { audit?: boolean } = {}): Promise<ComplaintDetail> {
    const complaint = await this.findOrThrow(actor, reference);
    const [parts, names] = await Promise.all([
      this.repository.detailParts(actor.organisationId, complaint.id),
      this.names(complaint),
      options.audit === false
        ? Promise.resolve()
        : this.audit.record(actor, {
            action: 'complaint.view',
            entityType: 'complaint',
            entityId: reference,
            complaintId: complaint.id,
          }),
    ]);
    return this.assemble(actor, complaint, parts, names);
  }

  private async assemble(
    actor: Actor,
    complaint: ComplaintRow,
    parts: DetailParts,
    names: Pick<ComplaintDetail, 'serviceName' | 'handlerName' | 'investigatorName'>,
  ): Promise<ComplaintDetail> {
    const { calendar, timescales } = await this.calendars.forOrganisation(actor.organisationId);
    const today = this.today();
    const state = caseState(complaint);
    return {
      complaint,
      ...names,
      parts,
      allowedEvents: allowedEvents(state).filter((type) => mayApply(actor, type)),
      today,
      deadlineState: isOpen(state.status)
        ? deadlineState(calendar, complaint.stage_due_by, today, timescales.dueSoonDays)
        : null,
      acknowledgementState:
        complaint.status === 'received' && !complaint.acknowledged_on
          ? deadlineState(calendar, complaint.acknowledge_by, today, timescales.dueSoonDays)
          : null,
    };
  }

  private async names(c: ComplaintRow) {
    const ids = [c.handler_id, c.investigator_id].filter((x): x is string => !!x);
    const [service, users] = await Promise.all([
      c.service_id
        ? this.db
            .selectFrom('services')
            .select('name')
            .where('id', '=', c.service_id)
            .where('organisation_id', '=', c.organisation_id)
            .executeTakeFirst()
        : Promise.resolve(undefined),
      ids.length
        ? this.db
            .selectFrom('users')
            .select(['id', 'name'])
            .where('id', 'in', ids)
            .where('organisation_id', '=', c.organisation_id)
            .execute()
        : Promise.resolve([]),
    ]);
    const nameOf = (id: string | null) => users.find((u) => u.id === id)?.name ?? null;
    return {
      serviceName: service?.name ?? null,
      handlerName: nameOf(c.handler_id),
      investigatorName: nameOf(c.investigator_id),
    };
  }

  async findOrThrow(actor: Actor, reference: string): Promise<ComplaintRow> {
    if (!canReadComplaints(actor.role)) throw new ForbiddenError();
    if (!/^[A-Z]{2,10}-\d{4}-\d{6,}$/.test(reference)) throw new NotFoundError('Complaint');
    const complaint = await this.repository.findVisible(actor, reference);
    if (!complaint) throw new NotFoundError('Complaint');
    return complaint;
  }

  /** Moves a complaint through its lifecycle: checks permission, input and the transition, then records it. */
  async applyEvent(actor: Actor, reference: string, type: string, input: unknown): Promise<ComplaintRow> {
    if (!isEventType(type)) {
      throw new ValidationError([
        { field: 'type', message: `Type must be one of: ${EVENT_TYPES.join(', ')}` },
      ]);
    }
    const parsed = parseEventPayload(type, input);
    if (!parsed.ok) throw new ValidationError(parsed.errors);
    const payload = parsed.value as Record<string, string | undefined>;
    const eventType = type as EventType;
    if (!mayApply(actor, eventType)) {
      throw new ForbiddenError(
        eventType === 'sign-off'
          ? 'Only a responsible person or senior leader can sign off a response'
          : 'You do not have permission to change this complaint',
      );
    }
    const today = this.today();
    const occurredOn = payload.occurredOn ?? today;
    if (occurredOn > today)
      throw new ValidationError([{ field: 'occurredOn', message: 'The date cannot be in the future' }]);
    const cal = await this.calendars.forOrganisation(actor.organisationId);

    return this.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('complaints')
        .selectAll()
        .where(visibleTo(actor))
        .where('reference', '=', reference)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw new NotFoundError('Complaint');
      if (occurredOn < current.received_on) {
        throw new ValidationError([
          { field: 'occurredOn', message: 'The date cannot be before the complaint was received' },
        ]);
      }
      const before = caseState(current);
      const result = applyEvent(before, eventType);
      if (!result.ok) throw new ConflictError(result.message);
      const after = result.state;
      const changes: ComplaintUpdate = {
        status: after.status,
        stage: after.stage,
        paused_from_status: after.pausedFromStatus,
      };
      const pauses = await trx
        .selectFrom('complaint_pauses')
        .select(['id', 'stage', 'from_on', 'to_on'])
        .where('organisation_id', '=', actor.organisationId)
        .where('complaint_id', '=', current.id)
        .execute();
      const stagePauses: StagePause[] = pauses.map((p) => ({ stage: p.stage, from: p.from_on, to: p.to_on }));
      const detail: Record<string, unknown> = {};

      switch (eventType) {
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
          Object.assign(detail, { outcome: payload.outcome, satisfied: payload.satisfied });
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
          if (eventType === 'reopen') detail.previousOutcome = current.outcome;
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
          await trx
            .insertInto('complaint_extensions')
            .values({
              id: randomUUID(),
              organisation_id: actor.organisationId,
              complaint_id: current.id,
              stage: current.stage,
              previous_due_on: current.stage_due_by,
              new_due_on: payload.newDueDate as string,
              reason: payload.reason as string,
              complainant_told_on: payload.complainantToldOn as string,
              created_by: actor.kind === 'user' ? actor.id : null,
            })
            .execute();
          Object.assign(detail, {
            previousDueOn: current.stage_due_by,
            newDueOn: payload.newDueDate,
            complainantToldOn: payload.complainantToldOn,
          });
          break;
        }
        case 'pause': {
          const pause = { id: randomUUID(), stage: current.stage, from_on: occurredOn, to_on: null };
          await trx
            .insertInto('complaint_pauses')
            .values({
              ...pause,
              organisation_id: actor.organisationId,
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
            await trx.updateTable('complaint_pauses').set({ to_on: to }).where('id', '=', open.id).execute();
            const mine = stagePauses.find((p) => p.to === null);
            if (mine) mine.to = to;
          }
          if (eventType === 'withdraw') changes.closed_on = occurredOn;
          break;
        }
        case 'close':
          Object.assign(changes, {
            outcome: payload.outcome,
            outcome_summary: payload.summary,
            closed_on: occurredOn,
          });
          detail.outcome = payload.outcome;
          break;
        default:
          break;
      }

      const merged = { ...current, ...changes } as ComplaintRow;
      const due = deadlineFields(merged, stagePauses, cal, today);
      const { deadlines: _d, ...dueColumns } = due;
      const updated = await trx
        .updateTable('complaints')
        .set({ ...changes, ...dueColumns, updated_at: new Date(), version: sql`version + 1` })
        .where('id', '=', current.id)
        .where('organisation_id', '=', actor.organisationId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.addEvent(trx, updated, actor, {
        type: eventType,
        from: before.status,
        to: after.status,
        reason: payload.reason ?? payload.note ?? payload.summary ?? null,
        detail,
        occurredOn,
      });
      await this.audit.record(
        actor,
        {
          action: `complaint.${eventType}`,
          entityType: 'complaint',
          entityId: reference,
          complaintId: current.id,
          detail: { from: before.status, to: after.status },
        },
        trx,
      );
      return updated;
    });
  }

  async addEvent(
    trx: Trx,
    complaint: Pick<ComplaintRow, 'id' | 'organisation_id' | 'stage'>,
    actor: Actor | null,
    event: NewEvent,
  ) {
    return trx
      .insertInto('complaint_events')
      .values(eventRow(complaint, actor, event))
      .returning([
        'id',
        'type',
        'from_status',
        'to_status',
        'stage',
        'actor_label',
        'reason',
        'detail',
        'occurred_on',
        'created_at',
      ])
      .executeTakeFirstOrThrow();
  }

  /**
   * Brings the stored due dates of an organisation's open cases into line with its calendar and timescales,
   * in batches so a large organisation does not hold one long transaction.
   */
  async recomputeOpenDeadlines(organisationId: string, batchSize = 1000): Promise<number> {
    this.calendars.invalidate(organisationId);
    const cal = await this.calendars.forOrganisation(organisationId);
    const today = this.today();
    let changed = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await this.db
        .selectFrom('complaints')
        .select([
          'id',
          'received_on',
          'stage',
          'stage2_started_on',
          'extended_due_on',
          'acknowledged_on',
          'status',
          'acknowledge_by',
          'stage_due_by',
          'outer_limit_by',
          'next_due_on',
        ])
        .where('organisation_id', '=', organisationId)
        .where('status', 'not in', CLOSED_STATUSES)
        .where('id', '>', after)
        .orderBy('id')
        .limit(batchSize)
        .execute();
      if (batch.length === 0) break;
      after = batch[batch.length - 1]?.id ?? after;
      const pauses = await this.db
        .selectFrom('complaint_pauses')
        .select(['complaint_id', 'stage', 'from_on', 'to_on'])
        .where('organisation_id', '=', organisationId)
        .where(
          'complaint_id',
          'in',
          batch.map((b) => b.id),
        )
        .execute();
      for (const row of batch) {
        const mine = pauses
          .filter((p) => p.complaint_id === row.id)
          .map((p) => ({ stage: p.stage, from: p.from_on, to: p.to_on }));
        const { deadlines: _d, ...due } = deadlineFields(row, mine, cal, today);
        if (
          due.acknowledge_by !== row.acknowledge_by ||
          due.stage_due_by !== row.stage_due_by ||
          due.outer_limit_by !== row.outer_limit_by ||
          due.next_due_on !== row.next_due_on
        ) {
          await this.db
            .updateTable('complaints')
            .set(due)
            .where('id', '=', row.id)
            .where('organisation_id', '=', organisationId)
            .execute();
          changed++;
        }
      }
    }
    return changed;
  }
}

/** The lifecycle decides which statuses are closed; queries use the same list. */
const CLOSED_STATUSES = STATUSES.filter((status) => !isOpen(status));

export interface NewEvent {
  type: string;
  from: string | null;
  to: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
  occurredOn: IsoDate;
}

function eventRow(
  complaint: Pick<ComplaintRow, 'id' | 'organisation_id' | 'stage'>,
  actor: Actor | null,
  event: NewEvent,
) {
  return {
    organisation_id: complaint.organisation_id,
    complaint_id: complaint.id,
    type: event.type,
    from_status: event.from,
    to_status: event.to,
    stage: complaint.stage,
    actor_id: actor?.kind === 'user' ? actor.id : null,
    actor_label: actor ? actor.label : 'Complainant (online form)',
    reason: event.reason,
    detail: JSON.stringify(event.detail),
    occurred_on: event.occurredOn,
  };
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
