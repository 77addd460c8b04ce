import { setTimeout as pause } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../src/audit/audit-service.ts';
import { Scheduler } from '../../src/jobs/scheduler.ts';
import { RecalculationFailedError } from '../../src/modules/deadlines/deadline-service.ts';
import {
  actorFor,
  complaintInput,
  createTestApp,
  TEST_SETTINGS_FORM,
  type TestContext,
  type TestSession,
} from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

const BEING_UPDATED = 'Due dates of open complaints are being updated';

describe.each(databaseKinds())('due dates follow a calendar change in the background on %s', (kind) => {
  let ctx: TestContext;
  let admin: TestSession;
  const now = new Date('2026-11-25T10:00:00Z');

  beforeAll(async () => {
    ctx = await createTestApp(kind, { now: () => now });
    admin = await ctx.session('administrator');
    await admin.get('/admin/calendar');
  });
  afterAll(async () => ctx?.close());
  afterEach(async () => {
    vi.restoreAllMocks();
    // Each test leaves the calendar as it found it, with nothing waiting.
    for (const { day } of await ctx.services.organisations.closureDays(ctx.organisationId)) {
      await ctx.services.organisations.removeClosureDay(actorFor(ctx, 'administrator'), day);
    }
    await ctx.services.database.db.updateTable('deadline_recalculations').set({ retry_at: null }).execute();
    await ctx.services.deadlines.runPendingRecalculations();
  });

  const requests = () =>
    ctx.services.database.db
      .selectFrom('deadline_recalculations')
      .select(['id', 'reason', 'started_at', 'finished_at', 'attempts', 'retry_at'])
      .where('organisation_id', '=', ctx.organisationId)
      .orderBy('id')
      .execute();
  const waiting = async () => (await requests()).filter((r) => r.finished_at === null);

  /** Received Monday 23 November 2026: its stage 1 response is due on Monday 7 December. */
  const openCase = () =>
    ctx.services.intake.create(
      ctx.organisationId,
      complaintInput({ receivedAt: '2026-11-23T09:00:00Z' }),
      null,
    );
  const stageDueBy = async (id: string) =>
    (
      await ctx.services.database.db
        .selectFrom('complaints')
        .select('stage_due_by')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).stage_due_by;
  const addClosureDay = (day: number) =>
    admin.post('/admin/calendar/closure-days', {
      'closureDay-day': String(day),
      'closureDay-month': '11',
      'closureDay-year': '2026',
      closureReason: 'Staff training day',
    });

  it('asks for a recalculation with the change, and leaves the due dates to the job', async () => {
    const complaint = await openCase();
    expect(complaint.stage_due_by).toBe('2026-12-07');
    expect((await addClosureDay(26)).statusCode).toBe(303);
    expect(await waiting()).toEqual([
      expect.objectContaining({ reason: 'closure-days', started_at: null, attempts: 0 }),
    ]);
    expect(await stageDueBy(complaint.id)).toBe('2026-12-07');
    expect((await admin.get('/admin/calendar')).body).toContain(`${BEING_UPDATED} to the new calendar.`);

    // New contact details move no due dates; new timescales do.
    await admin.get('/admin/settings');
    await admin.post('/admin/settings', { ...TEST_SETTINGS_FORM, complaintsTeamPhone: '0300 765 4321' });
    expect(await waiting()).toHaveLength(1);
    await admin.post('/admin/settings', { ...TEST_SETTINGS_FORM, stage1Days: '11', confirm: 'recalculate' });
    expect((await waiting()).map((r) => r.reason)).toEqual(['closure-days', 'settings']);
    expect((await admin.get('/admin/settings?saved=1')).body).toContain(BEING_UPDATED);

    await ctx.services.deadlines.runPendingRecalculations();
    expect(await waiting()).toEqual([]);
    // Eleven working days from 23 November, less the closure day on the 26th.
    expect(await stageDueBy(complaint.id)).toBe('2026-12-09');
    expect((await admin.get('/admin/calendar')).body).not.toContain(BEING_UPDATED);
    expect((await admin.get('/admin/settings')).body).not.toContain(BEING_UPDATED);
    await admin.post('/admin/settings', { ...TEST_SETTINGS_FORM, confirm: 'recalculate' });
  });

  it('asks for nothing when the change fails', async () => {
    const before = await requests();
    const record = ctx.services.audit.record.bind(ctx.services.audit);
    vi.spyOn(ctx.services.audit, 'record').mockImplementation(async (actor, entry: AuditEntry, executor) => {
      if (entry.action.startsWith('closure-day') || entry.action.startsWith('organisation'))
        throw new Error('audit failed');
      return record(actor, entry, executor);
    });
    expect((await addClosureDay(27)).statusCode).toBe(500);
    await admin.get('/admin/settings');
    expect(
      (
        await admin.post('/admin/settings', {
          ...TEST_SETTINGS_FORM,
          stage1Days: '12',
          confirm: 'recalculate',
        })
      ).statusCode,
    ).toBe(500);
    expect(await requests()).toEqual(before);
  });

  it('answers every request of an organisation with one run of the scheduled job, and marks them done', async () => {
    const complaint = await openCase();
    await addClosureDay(26);
    await addClosureDay(27);
    await admin.post('/admin/calendar/closure-days/2026-11-27/delete', {});
    expect(await waiting()).toHaveLength(3);
    const recompute = vi.spyOn(ctx.services.deadlines, 'recomputeOpenDeadlines');
    const job = ctx.services.modules.modules
      .flatMap((m) => m.jobs?.(ctx.services) ?? [])
      .find((j) => j.name === 'recalculate-deadlines');
    expect(job?.everyMs).toBe(5_000);
    const scheduler = new Scheduler(ctx.services.database.db, () => {});
    expect(await scheduler.runOnce(job as NonNullable<typeof job>)).toBe(true);
    expect(recompute.mock.calls.map(([organisationId]) => organisationId)).toEqual([ctx.organisationId]);
    const answered = await requests();
    expect(answered.slice(-3)).toEqual(
      Array.from({ length: 3 }, () =>
        expect.objectContaining({ attempts: 1, started_at: expect.any(Date), finished_at: expect.any(Date) }),
      ),
    );
    expect(await stageDueBy(complaint.id)).toBe('2026-12-08');
    expect(await ctx.services.deadlines.runPendingRecalculations()).toEqual({
      organisations: [],
      changed: 0,
    });
    expect(recompute).toHaveBeenCalledTimes(1);
  });

  it('runs again for a request made while it was running', async () => {
    const complaint = await openCase();
    await addClosureDay(26);
    const deadlines = ctx.services.deadlines;
    const recompute = deadlines.recomputeOpenDeadlines.bind(deadlines);
    const spy = vi.spyOn(deadlines, 'recomputeOpenDeadlines').mockImplementationOnce(async (id, options) => {
      const changed = await recompute(id, options);
      // After the run has read the calendar, before it is done: the run cannot have seen this change.
      await ctx.services.organisations.addClosureDay(actorFor(ctx, 'administrator'), {
        day: '2026-11-27',
        reason: 'Staff training day',
      });
      return changed;
    });
    await deadlines.runPendingRecalculations();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(await stageDueBy(complaint.id)).toBe('2026-12-08');
    expect(await waiting()).toEqual([expect.objectContaining({ reason: 'closure-days', started_at: null })]);
    expect((await admin.get('/admin/calendar')).body).toContain(BEING_UPDATED);

    await deadlines.runPendingRecalculations();
    expect(spy).toHaveBeenCalledTimes(2);
    expect(await stageDueBy(complaint.id)).toBe('2026-12-09');
    expect(await waiting()).toEqual([]);
  });

  it('says a failure without personal data, and tries again after a wait', async () => {
    const complaint = await openCase();
    await addClosureDay(26);
    const fault = Object.assign(new Error('invalid input syntax: "Alex Example"'), { code: '22P02' });
    const recompute = vi.spyOn(ctx.services.deadlines, 'recomputeOpenDeadlines').mockRejectedValueOnce(fault);
    const failure = await ctx.services.deadlines.runPendingRecalculations().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RecalculationFailedError);
    expect((failure as Error).message).toBe(
      `Due dates could not be recalculated for organisation ${ctx.organisationId} (Error 22P02); they will be tried again`,
    );
    const [failed] = await waiting();
    expect(failed).toMatchObject({ started_at: null, finished_at: null, attempts: 1 });
    expect(failed?.retry_at).toBeInstanceOf(Date);

    // Not straight away: the wait has not passed.
    expect(await ctx.services.deadlines.runPendingRecalculations()).toEqual({
      organisations: [],
      changed: 0,
    });
    await ctx.services.database.db
      .updateTable('deadline_recalculations')
      .set({ retry_at: sql<Date>`now() - interval '1 second'` })
      .where('id', '=', failed?.id as number)
      .execute();
    expect((await ctx.services.deadlines.runPendingRecalculations()).organisations).toEqual([
      ctx.organisationId,
    ]);
    expect(recompute).toHaveBeenCalledTimes(2);
    expect(await waiting()).toEqual([]);
    expect(await stageDueBy(complaint.id)).toBe('2026-12-08');
  });

  it('leaves an organisation another server is working on, and takes again the requests of a run that died', async () => {
    await addClosureDay(26);
    const [claimed] = await waiting();
    const { db } = ctx.services.database;
    // Another server's run, still going; a request made meanwhile waits for it to finish.
    await db
      .updateTable('deadline_recalculations')
      .set({ started_at: sql<Date>`now()`, attempts: 1 })
      .where('id', '=', claimed?.id as number)
      .execute();
    await addClosureDay(27);
    expect(await ctx.services.deadlines.runPendingRecalculations()).toEqual({
      organisations: [],
      changed: 0,
    });
    expect(await waiting()).toHaveLength(2);
    // That server stopped renewing its claim ten minutes ago: it died.
    await db
      .updateTable('deadline_recalculations')
      .set({ started_at: sql<Date>`now() - interval '11 minutes'` })
      .where('id', '=', claimed?.id as number)
      .execute();
    expect((await ctx.services.deadlines.runPendingRecalculations()).organisations).toEqual([
      ctx.organisationId,
    ]);
    expect(await waiting()).toEqual([]);
  });

  it('answers each organisation once when several servers run the job at the same moment', async () => {
    const other = await ctx.services.organisations.create({
      name: 'Neighbouring Trust',
      slug: `neighbouring-${kind}`,
      division: 'england-and-wales',
      preset: 'nhs-england',
    });
    await addClosureDay(26);
    await ctx.services.deadlines.requestRecalculation(ctx.services.db, other.id, 'settings');
    const recompute = vi.spyOn(ctx.services.deadlines, 'recomputeOpenDeadlines');
    const passes = await Promise.all([
      ctx.services.deadlines.runPendingRecalculations(),
      ctx.services.deadlines.runPendingRecalculations(),
    ]);
    expect(passes.flatMap((p) => p.organisations).sort()).toEqual([ctx.organisationId, other.id].sort());
    expect(recompute).toHaveBeenCalledTimes(2);
    expect(await waiting()).toEqual([]);
  });

  it('never overwrites a change made to a case while the recalculation runs', async () => {
    const manager = actorFor(ctx, 'complaints-manager');
    const cases = [await openCase(), await openCase(), await openCase()].sort((a, b) =>
      a.id.localeCompare(b.id),
    );
    for (const c of cases) await ctx.services.lifecycle.applyEvent(manager, c.reference, 'acknowledge', {});
    const [first, second, untouched] = cases as [(typeof cases)[0], (typeof cases)[0], (typeof cases)[0]];
    await addClosureDay(26);
    const extend = (reference: string, newDueDate: string) =>
      ctx.services.lifecycle.applyEvent(manager, reference, 'extend', {
        reason: 'Waiting for records',
        newDueDate,
        complainantToldOn: '2026-11-25',
      });
    let changes: Promise<unknown>[] = [];
    await ctx.services.deadlines.recomputeOpenDeadlines(ctx.organisationId, {
      batchSize: 1,
      whileLocked: async (_trx, ids) => {
        if (!ids.includes(first.id)) return;
        // The first case is locked by this batch; the second will be read by a later one.
        changes = [extend(first.reference, '2026-12-14'), extend(second.reference, '2026-12-15')];
        if (kind === 'postgres') {
          await changes[1];
          await blockedOnALock(changes[0] as Promise<unknown>);
        }
        // The embedded database serves one transaction at a time: both changes wait for this batch to end.
      },
    });
    await Promise.all(changes);
    const rows = await ctx.services.database.db
      .selectFrom('complaints')
      .select(['id', 'stage_due_by', 'extended_due_on'])
      .where(
        'id',
        'in',
        cases.map((c) => c.id),
      )
      .execute();
    const byId = (id: string) => rows.find((r) => r.id === id);
    expect(byId(first.id)).toMatchObject({ stage_due_by: '2026-12-14', extended_due_on: '2026-12-14' });
    expect(byId(second.id)).toMatchObject({ stage_due_by: '2026-12-15', extended_due_on: '2026-12-15' });
    expect(byId(untouched.id)).toMatchObject({ stage_due_by: '2026-12-08', extended_due_on: null });
  });

  /** Waits until a PostgreSQL session waits for a row lock, or the change has finished (then nothing waited). */
  async function blockedOnALock(change: Promise<unknown>) {
    let finished = false;
    change.then(
      () => {
        finished = true;
      },
      () => {
        finished = true;
      },
    );
    for (;;) {
      const { rows } = await sql<{ waiting: number }>`
        select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(ctx.services.database.db);
      if (finished || (rows[0]?.waiting ?? 0) > 0) return;
      await pause(10);
    }
  }
});
