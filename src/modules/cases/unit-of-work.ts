import { sql, type Transaction } from 'kysely';
import type { AuditEntry, AuditService } from '../../audit/audit-service.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Db } from '../../db/database.ts';
import type { ComplaintRow, ComplaintUpdate, DB } from '../../db/schema.ts';
import type { IsoDate } from '../../domain/calendar/index.ts';
import { NotFoundError } from '../../errors.ts';
import type { OutboundMessage, OutboxService } from '../../notifications/outbox-service.ts';
import { REFERENCE_PATTERN, visibleTo } from './access.ts';
import { type CaseEventType, eventRow, type NewCaseEvent } from './events.ts';

/** What a change to a case can do, all inside one transaction with the case's row locked. */
export interface CaseWork {
  readonly trx: Transaction<DB>;
  /** The case as it was when locked, before this change. */
  readonly complaint: ComplaintRow;
  readonly actor: Actor;
  readonly today: IsoDate;
  /** Changes to the case's own row, written with the version bump when the work is done. */
  set(changes: ComplaintUpdate): void;
  /** A timeline event; its stage is the case's stage after the change. */
  event<T extends CaseEventType>(event: NewCaseEvent<T>): void;
  audit(entry: Omit<AuditEntry, 'complaintId' | 'organisationId'>): void;
  /** An email, written to the outbox so it is sent only if the change commits. */
  send(message: Omit<OutboundMessage, 'organisationId' | 'complaintId'>): Promise<string>;
}

/**
 * The one way a case changes: the row is locked, the change, its timeline events, its audit entries and its
 * outgoing messages are written in one transaction, and the case's version goes up by one. Two people changing
 * the same case queue behind each other instead of overwriting each other's work.
 */
export class CaseUnitOfWork {
  constructor(
    private readonly db: Db,
    private readonly auditService: AuditService,
    private readonly outbox: OutboxService,
    private readonly today: () => IsoDate,
  ) {}

  async change<T>(
    actor: Actor,
    reference: string,
    work: (w: CaseWork) => Promise<T>,
  ): Promise<{ result: T; complaint: ComplaintRow }> {
    if (!REFERENCE_PATTERN.test(reference)) throw new NotFoundError('Complaint');
    return this.db.transaction().execute(async (trx) => {
      const complaint = await trx
        .selectFrom('complaints')
        .selectAll()
        .where(visibleTo(actor))
        .where('reference', '=', reference)
        .forUpdate()
        .executeTakeFirst();
      if (!complaint) throw new NotFoundError('Complaint');
      const changes: ComplaintUpdate = {};
      const events: NewCaseEvent[] = [];
      const audits: AuditEntry[] = [];
      const today = this.today();
      const result = await work({
        trx,
        complaint,
        actor,
        today,
        set: (c) => Object.assign(changes, c),
        event: (e) => {
          events.push(e as NewCaseEvent);
        },
        audit: (entry) => {
          audits.push({ ...entry, complaintId: complaint.id });
        },
        send: (message) =>
          this.outbox.enqueue(
            { ...message, organisationId: complaint.organisation_id, complaintId: complaint.id },
            trx,
          ),
      });
      const updated = await trx
        .updateTable('complaints')
        .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
        .where('organisation_id', '=', complaint.organisation_id)
        .where('id', '=', complaint.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (events.length) {
        await trx
          .insertInto('complaint_events')
          .values(events.map((e) => eventRow(updated, actor, e)))
          .execute();
      }
      for (const entry of audits) await this.auditService.record(actor, entry, trx);
      return { result, complaint: updated };
    });
  }
}
