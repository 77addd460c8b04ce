import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditService } from '../../../src/audit/audit-service.ts';
import type { Database } from '../../../src/db/database.ts';
import type { NotificationDriver, OutgoingEmail } from '../../../src/notifications/drivers.ts';
import { OutboxService } from '../../../src/notifications/outbox-service.ts';
import { databaseKinds, freshDatabase } from '../../support/database.ts';

/** A driver whose sends finish only when the test says so, to play a provider slower than the lease. */
class HeldDriver implements NotificationDriver {
  readonly name = 'held';
  private pending: { resolve: (ref: string) => void; reject: (error: Error) => void }[] = [];
  private onSend: (() => void) | null = null;

  send(_message: OutgoingEmail): Promise<{ providerRef: string | null }> {
    this.onSend?.();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve: (ref) => resolve({ providerRef: ref }), reject });
    });
  }

  /** Resolves once a send has started. */
  started(): Promise<void> {
    return new Promise((resolve) => {
      this.onSend = resolve;
    });
  }

  succeed(ref: string) {
    this.pending.shift()?.resolve(ref);
  }

  fail(message: string) {
    this.pending.shift()?.reject(new Error(message));
  }
}

describe.each(databaseKinds())('outbox leases on %s', (kind) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let organisationId: string;
  let clock: Date;
  const now = () => clock;

  beforeAll(async () => {
    ({ database, dispose } = await freshDatabase(kind));
    organisationId = randomUUID();
    await database.db
      .insertInto('organisations')
      .values({
        id: organisationId,
        slug: 'lease-trust',
        name: 'Lease Trust',
        division: 'england-and-wales',
        nation: 'england',
        sector: 'nhs',
        preset: 'nhs-england',
        timescale_overrides: '{}',
        contact_email: null,
        parent_id: null,
      })
      .execute();
  });
  afterAll(async () => dispose?.());
  beforeEach(() => {
    clock = new Date('2026-11-25T10:00:00.123Z');
  });

  function workers() {
    const audit = new AuditService(database.db);
    const slowDriver = new HeldDriver();
    const quickDriver = new HeldDriver();
    return {
      slowDriver,
      quickDriver,
      slow: new OutboxService(database.db, slowDriver, audit, now),
      quick: new OutboxService(database.db, quickDriver, audit, now),
    };
  }

  async function enqueue(outbox: OutboxService) {
    return outbox.enqueue({ organisationId, recipient: 'a@example.com', subject: 'Hello', body: 'Text' });
  }

  function row(id: string) {
    return database.db
      .selectFrom('outbox')
      .select(['status', 'provider_ref', 'attempts', 'last_error', 'lease_until', 'sent_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  /** The slow worker claims the message, then the lease runs out and the quick one claims it again. */
  async function overtaken() {
    const w = workers();
    const id = await enqueue(w.slow);
    const slowStarted = w.slowDriver.started();
    const slowRound = w.slow.processDue();
    await slowStarted;
    clock = new Date(clock.getTime() + 121_000);
    const quickStarted = w.quickDriver.started();
    const quickRound = w.quick.processDue();
    await quickStarted;
    return { ...w, id, slowRound, quickRound };
  }

  it('records a send made within the lease', async () => {
    const w = workers();
    const id = await enqueue(w.slow);
    const started = w.slowDriver.started();
    const round = w.slow.processDue();
    await started;
    w.slowDriver.succeed('ref-1');
    expect(await round).toEqual({ sent: 1, failed: 0 });
    expect(await row(id)).toMatchObject({ status: 'sent', provider_ref: 'ref-1', lease_until: null });
  });

  it('does not overwrite what the worker that took over recorded, when a slow send then succeeds', async () => {
    const w = await overtaken();
    w.quickDriver.succeed('quick-ref');
    expect(await w.quickRound).toEqual({ sent: 1, failed: 0 });
    const afterQuick = await row(w.id);
    expect(afterQuick).toMatchObject({ status: 'sent', provider_ref: 'quick-ref', attempts: 2 });

    clock = new Date(clock.getTime() + 5_000);
    w.slowDriver.succeed('slow-ref');
    expect(await w.slowRound).toEqual({ sent: 0, failed: 0 });
    expect(await row(w.id)).toEqual(afterQuick);
  });

  it('does not turn a message sent by the other worker back into a failure, when a slow send then fails', async () => {
    const w = await overtaken();
    w.quickDriver.succeed('quick-ref');
    await w.quickRound;
    const afterQuick = await row(w.id);

    w.slowDriver.fail('provider timed out');
    expect(await w.slowRound).toEqual({ sent: 0, failed: 0 });
    expect(await row(w.id)).toEqual(afterQuick);
    expect(afterQuick).toMatchObject({ status: 'sent', last_error: null });
  });

  it('leaves a message the other worker is still sending alone, so it is not queued for a third send', async () => {
    const w = await overtaken();
    const whileQuickSends = await row(w.id);
    expect(whileQuickSends.status).toBe('sending');

    w.slowDriver.fail('provider timed out');
    await w.slowRound;
    expect(await row(w.id)).toEqual(whileQuickSends);

    w.quickDriver.succeed('quick-ref');
    expect(await w.quickRound).toEqual({ sent: 1, failed: 0 });
    expect(await row(w.id)).toMatchObject({ status: 'sent', provider_ref: 'quick-ref', last_error: null });
  });
});
