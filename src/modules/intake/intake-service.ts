import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { auditValues } from '../../audit/audit-service.ts';
import { type Actor, can } from '../../auth/roles.ts';
import type { CalendarService } from '../../calendar/calendar-service.ts';
import type { Db } from '../../db/database.ts';
import type { ComplaintRow } from '../../db/schema.ts';
import { type IsoDate, ukDateOf } from '../../domain/calendar/index.ts';
import { ConflictError, ForbiddenError, ValidationError, zodToFieldErrors } from '../../errors.ts';
import { eventRow } from '../cases/events.ts';
import { deadlineFields } from '../deadlines/deadline-fields.ts';
import { type ComplaintIntake, complaintIntakeSchema } from './intake-schema.ts';

/** The `received` event as it was written with the complaint, in the shape the timeline reads events. */
export interface ReceivedEvent {
  id: string;
  type: string;
  from_status: string | null;
  to_status: string | null;
  stage: number | null;
  actor_label: string;
  reason: string | null;
  detail: Record<string, unknown>;
  occurred_on: IsoDate;
  created_at: Date;
}

export interface Recorded {
  row: ComplaintRow;
  event: ReceivedEvent;
  serviceName: string | null;
}

/** Recording a complaint however it arrived: the public form, a member of staff, or another system. */
export class IntakeService {
  private readonly prefixes = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly calendars: CalendarService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  today(): IsoDate {
    return ukDateOf(this.now());
  }

  /** Records a complaint; it is committed before this returns, so an acknowledged reference is never lost. */
  async create(organisationId: string, input: unknown, actor: Actor | null): Promise<ComplaintRow> {
    return (await this.record(organisationId, input, actor)).row;
  }

  /**
   * Records a complaint and returns what was written, including its first event, so a reply can describe the
   * new case without reading it back.
   */
  async record(
    organisationId: string,
    input: unknown,
    actor: Actor | null,
    options: { draft?: { id: string; sentExpiresAt: Date } } = {},
  ): Promise<Recorded> {
    const parsed = complaintIntakeSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error.issues));
    const intake = parsed.data;
    if (actor && !can(actor.role, 'complaint:create')) throw new ForbiddenError();
    const service = await this.resolveService(organisationId, intake);
    const receivedOn = ukDateOf(intake.receivedAt);
    const cal = await this.calendars.forOrganisation(organisationId);
    if (intake.becameAwareOn && intake.becameAwareOn > receivedOn) {
      throw new ValidationError([
        {
          field: 'becameAwareOn',
          message: 'The date they became aware cannot be after the complaint was received',
        },
      ]);
    }
    const base = {
      received_on: receivedOn,
      stage: 1,
      stage2_started_on: null,
      extended_due_on: null,
      acknowledged_on: null,
      stage2_acknowledged_on: null,
      outer_limit_agreed_by: null,
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
      stage2_acknowledge_by: due.stage2_acknowledge_by,
      stage_due_by: due.stage_due_by,
      outer_limit_by: due.outer_limit_by,
      next_due_on: due.next_due_on,
      next_due_kind: due.next_due_kind,
      became_aware_on: intake.becameAwareOn,
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
    const write = (executor: Db) =>
      // One statement writes the complaint, its first event and the audit entry: atomic without a
      // transaction's extra round trips, which is what intake throughput is made of.
      executor
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
    const draft = options.draft;
    const written = draft
      ? // From the public form: the complaint is written and its draft marked sent together, so a draft
        // can never be sent twice nor left unsent for a complaint that exists.
        await this.db.transaction().execute(async (trx) => {
          const open = await trx
            .selectFrom('public_drafts')
            .select('id')
            .where('organisation_id', '=', organisationId)
            .where('id', '=', draft.id)
            .where('reference', 'is', null)
            .forUpdate()
            .executeTakeFirst();
          if (!open) throw new ConflictError('This complaint has already been sent.');
          const row = await write(trx);
          await trx
            .updateTable('public_drafts')
            .set({
              answers: '{}',
              reference,
              acknowledge_by: due.acknowledge_by,
              stage_due_by: due.stage_due_by,
              expires_at: draft.sentExpiresAt,
            })
            .where('organisation_id', '=', organisationId)
            .where('id', '=', draft.id)
            .execute();
          return row;
        })
      : await write(this.db);
    const { event_id, event_created_at, audit_id: _audit, ...row } = written;
    const event: ReceivedEvent = {
      id: String(event_id),
      type: eventValues.type,
      from_status: eventValues.from_status,
      to_status: eventValues.to_status,
      stage: eventValues.stage,
      actor_label: eventValues.actor_label,
      reason: eventValues.reason,
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
   * Allocated in its own short statement, outside the complaint's statement, so concurrent intakes do not
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
}
