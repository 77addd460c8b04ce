import { randomUUID } from 'node:crypto';
import { sql, type Updateable } from 'kysely';
import type { AuditService } from '../audit/audit-service.ts';
import type { Actor } from '../auth/roles.ts';
import type { Db } from '../db/database.ts';
import type { OutboxTable } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { unscoped } from '../tenancy/scope.ts';
import type { NotificationDriver } from './drivers.ts';

export interface OutboundMessage {
  organisationId: string;
  complaintId?: string | null;
  recipient: string;
  subject: string;
  body: string;
}

export interface OutboxEntry {
  id: string;
  complaintId: string | null;
  reference: string | null;
  recipient: string;
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  sentAt: Date | null;
  createdAt: Date;
}

const MAX_ATTEMPTS = 6;
const LEASE_SECONDS = 120;

/**
 * Messages are written to the outbox in the same transaction as the change that causes them, and sent by a
 * worker afterwards; so a message is never sent for a change that rolled back, nor lost for one that committed.
 * Claims use a lease and SKIP LOCKED so several app servers can run the worker at once.
 */
export class OutboxService {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly db: Db,
    readonly driver: NotificationDriver,
    private readonly audit: AuditService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async enqueue(message: OutboundMessage, executor: Db = this.db): Promise<string> {
    const id = randomUUID();
    await executor
      .insertInto('outbox')
      .values({
        id,
        organisation_id: message.organisationId,
        complaint_id: message.complaintId ?? null,
        channel: 'email',
        recipient: message.recipient,
        subject: message.subject,
        body: message.body,
        status: 'pending',
        next_attempt_at: this.now(),
        last_error: null,
        lease_until: null,
        provider_ref: null,
        sent_at: null,
      })
      .execute();
    return id;
  }

  /** Sends what is due; returns how many were sent and how many failed this round. */
  async processDue(limit = 20): Promise<{ sent: number; failed: number }> {
    const now = this.now();
    // The lease this round sets: a message is only written back while it still carries it (see `settle`).
    const lease = new Date(now.getTime() + LEASE_SECONDS * 1000);
    // The worker sends every organisation's messages: it works across them, by design.
    const claimed = await unscoped(this.db)
      .transaction()
      .execute(async (trx) => {
        const due = await trx
          .selectFrom('outbox')
          .select(['id'])
          .where((eb) =>
            eb.or([
              eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
              eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
            ]),
          )
          .orderBy('next_attempt_at')
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .execute();
        if (due.length === 0) return [];
        return trx
          .updateTable('outbox')
          .set({
            status: 'sending',
            lease_until: lease,
            attempts: sql`attempts + 1`,
          })
          .where(
            'id',
            'in',
            due.map((d) => d.id),
          )
          .returning(['id', 'organisation_id', 'recipient', 'subject', 'body', 'attempts'])
          .execute();
      });
    let sent = 0;
    let failed = 0;
    for (const message of claimed) {
      try {
        const { providerRef } = await this.driver.send(message);
        const settled = await this.settle(message, lease, {
          status: 'sent',
          sent_at: this.now(),
          provider_ref: providerRef,
          lease_until: null,
          last_error: null,
        });
        if (settled) sent++;
      } catch (error) {
        const giveUp = message.attempts >= MAX_ATTEMPTS;
        // Back off 1, 2, 4, 8… minutes; the error text is the provider's, which holds no personal data of ours.
        const delayMs = 60_000 * 2 ** (message.attempts - 1);
        const settled = await this.settle(message, lease, {
          status: giveUp ? 'failed' : 'pending',
          last_error: String((error as Error).message ?? error).slice(0, 500),
          next_attempt_at: new Date(this.now().getTime() + delayMs),
          lease_until: null,
        });
        if (settled) failed++;
      }
    }
    return { sent, failed };
  }

  /**
   * Records how a send went, only while this worker still holds the message's lease. A send slower than the
   * lease may have been claimed again by another worker, whose outcome is then the one that stands.
   */
  private async settle(
    message: { id: string; organisation_id: string },
    lease: Date,
    outcome: Updateable<OutboxTable>,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('outbox')
      .set(outcome)
      .where('organisation_id', '=', message.organisation_id)
      .where('id', '=', message.id)
      .where('status', '=', 'sending')
      .where('lease_until', '=', lease)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async list(organisationId: string, status: string | null, limit = 100): Promise<OutboxEntry[]> {
    let q = this.db
      .selectFrom('outbox')
      .leftJoin('complaints', (join) =>
        join
          .onRef('complaints.id', '=', 'outbox.complaint_id')
          .onRef('complaints.organisation_id', '=', 'outbox.organisation_id'),
      )
      .select([
        'outbox.id',
        'outbox.complaint_id',
        'complaints.reference',
        'outbox.recipient',
        'outbox.subject',
        'outbox.status',
        'outbox.attempts',
        'outbox.last_error',
        'outbox.next_attempt_at',
        'outbox.sent_at',
        'outbox.created_at',
      ])
      .where('outbox.organisation_id', '=', organisationId);
    if (status) q = q.where('outbox.status', '=', status as 'pending');
    const rows = await q.orderBy('outbox.created_at', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      complaintId: r.complaint_id,
      reference: r.reference,
      recipient: r.recipient,
      subject: r.subject,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      nextAttemptAt: r.next_attempt_at,
      sentAt: r.sent_at,
      createdAt: r.created_at,
    }));
  }

  async counts(organisationId: string): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('organisation_id', '=', organisationId)
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  async retry(actor: Actor, id: string): Promise<void> {
    const result = await this.db
      .updateTable('outbox')
      .set({ status: 'pending', next_attempt_at: this.now(), attempts: 0, last_error: null })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
      .where('status', 'in', ['failed', 'pending'])
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('Message');
    await this.audit.record(actor, { action: 'outbox.retry', entityType: 'outbox', entityId: id });
  }

  start(intervalMs: number, onError: (error: unknown) => void): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.processDue()
        .catch(onError)
        .finally(() => {
          this.running = null;
        });
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
