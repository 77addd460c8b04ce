import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../src/audit/audit-service.ts';
import { createTestApp, TEST_SETTINGS_FORM, type TestContext, type TestSession } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

const SETTINGS = { ...TEST_SETTINGS_FORM, name: 'Renamed Trust' };

describe.each(databaseKinds())('administration changes are all or nothing on %s', (kind) => {
  let ctx: TestContext;
  let admin: TestSession;

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    admin = await ctx.session('administrator');
    await admin.get('/admin');
  });
  afterAll(async () => ctx?.close());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Every row an administration change might write. */
  async function snapshot() {
    const { db } = ctx.services.database;
    return {
      organisations: await db.selectFrom('organisations').selectAll().orderBy('id').execute(),
      services: await db.selectFrom('services').selectAll().orderBy('id').execute(),
      closureDays: await db.selectFrom('closure_days').selectAll().orderBy('day').execute(),
      users: await db.selectFrom('users').selectAll().orderBy('id').execute(),
      passwordTokens: await db.selectFrom('password_tokens').selectAll().orderBy('token_hash').execute(),
      apiTokens: await db.selectFrom('api_tokens').selectAll().orderBy('id').execute(),
      audit: await db.selectFrom('audit_log').select(['id', 'action']).orderBy('id').execute(),
      outbox: await db.selectFrom('outbox').select(['id', 'recipient']).orderBy('id').execute(),
      recalculations: await db.selectFrom('deadline_recalculations').selectAll().orderBy('id').execute(),
    };
  }

  /** Makes the audit entry of one action fail, as a database error would, after the change was written. */
  function failAuditOf(action: string) {
    const audit = ctx.services.audit;
    const record = audit.record.bind(audit);
    vi.spyOn(audit, 'record').mockImplementation(async (actor, entry: AuditEntry, executor) => {
      if (entry.action === action) throw new Error(`audit of ${action} failed`);
      return record(actor, entry, executor);
    });
  }

  describe('a failure half way writes nothing', () => {
    it('organisation settings', async () => {
      await admin.get('/admin/settings');
      failAuditOf('organisation.settings.update');
      const before = await snapshot();
      // New timescales, which would ask for the due dates to be recalculated had the change been made.
      const newTimescales = { ...SETTINGS, stage1Days: '7', confirm: 'recalculate' };
      expect((await admin.post('/admin/settings', newTimescales)).statusCode).toBe(500);
      expect(await snapshot()).toEqual(before);
    });

    it('a person and their invitation email', async () => {
      await admin.get('/admin/users');
      vi.spyOn(ctx.services.outbox, 'enqueue').mockRejectedValueOnce(new Error('outbox unavailable'));
      const before = await snapshot();
      const response = await admin.post('/admin/users', {
        name: 'Ola Nowak',
        email: 'ola@test.example',
        role: 'investigator',
      });
      expect(response.statusCode).toBe(500);
      expect(await snapshot()).toEqual(before);
    });

    it('a person, and no invitation when their audit entry fails', async () => {
      await admin.get('/admin/users');
      failAuditOf('user.create');
      const before = await snapshot();
      const response = await admin.post('/admin/users', {
        name: 'Ola Nowak',
        email: 'ola@test.example',
        role: 'investigator',
      });
      expect(response.statusCode).toBe(500);
      expect(await snapshot()).toEqual(before);
    });

    it('an API token', async () => {
      await admin.get('/admin/api-tokens');
      failAuditOf('api-token.create');
      const before = await snapshot();
      const response = await admin.post('/admin/api-tokens', {
        name: 'Website',
        actsAs: 'role',
        role: 'complaints-handler',
      });
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toMatch(/cdr_/);
      expect(await snapshot()).toEqual(before);
    });

    it('a service', async () => {
      await admin.get('/admin/services');
      failAuditOf('service.create');
      const before = await snapshot();
      const response = await admin.post('/admin/services', { name: 'Radiology', kind: 'service' });
      expect(response.statusCode).toBe(500);
      expect(await snapshot()).toEqual(before);
    });

    it('a closure day', async () => {
      await admin.get('/admin/calendar');
      failAuditOf('closure-day.add');
      const before = await snapshot();
      const response = await admin.post('/admin/calendar/closure-days', {
        'closureDay-day': '24',
        'closureDay-month': '12',
        'closureDay-year': '2026',
        closureReason: 'Staff training',
      });
      expect(response.statusCode).toBe(500);
      expect(await snapshot()).toEqual(before);
    });

    it('and a person created with their invitation has both', async () => {
      await admin.get('/admin/users');
      const before = await snapshot();
      const response = await admin.post('/admin/users', {
        name: 'Ola Nowak',
        email: 'ola@test.example',
        role: 'investigator',
      });
      expect(response.statusCode).toBe(303);
      const after = await snapshot();
      expect(after.users).toHaveLength(before.users.length + 1);
      expect(after.outbox.filter((m) => m.recipient === 'ola@test.example')).toHaveLength(1);
      expect(after.audit.map((a) => a.action)).toContain('user.create');
    });
  });

  describe('a clash with a row written between the check and the insert is a form error, not a 500', () => {
    /** Runs the real check, then writes the clashing row, as a request a moment ahead would. */
    function clashAfterCheck<T extends object>(target: T, method: string, insert: () => Promise<unknown>) {
      const spied = target as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const original = spied[method]?.bind(target);
      if (!original) throw new Error(`no method ${method}`);
      vi.spyOn(spied, method).mockImplementationOnce(async (...args: unknown[]) => {
        const found = await original(...args);
        await insert();
        return found;
      });
    }

    it('a service name', async () => {
      await admin.get('/admin/services');
      const { db } = ctx.services.database;
      clashAfterCheck(ctx.services.organisations, 'serviceNamed', () =>
        db
          .insertInto('services')
          .values({
            id: randomUUID(),
            organisation_id: ctx.organisationId,
            name: 'Cardiology',
            kind: 'service',
          })
          .execute(),
      );
      const before = await snapshot();
      const response = await admin.post('/admin/services', { name: 'Cardiology', kind: 'service' });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('Cardiology already exists');
      const after = await snapshot();
      expect(after.services).toHaveLength(before.services.length + 1);
      expect(after.audit).toEqual(before.audit);
    });

    it('a closure day', async () => {
      await admin.get('/admin/calendar');
      const { db } = ctx.services.database;
      clashAfterCheck(ctx.services.organisations, 'isClosureDay', () =>
        db
          .insertInto('closure_days')
          .values({ organisation_id: ctx.organisationId, day: '2026-12-29', reason: 'Added elsewhere' })
          .execute(),
      );
      const before = await snapshot();
      const response = await admin.post('/admin/calendar/closure-days', {
        'closureDay-day': '29',
        'closureDay-month': '12',
        'closureDay-year': '2026',
        closureReason: 'Staff training',
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('2026-12-29 is already a closure day');
      const after = await snapshot();
      expect(after.closureDays).toHaveLength(before.closureDays.length + 1);
      expect(after.closureDays.find((d) => d.day === '2026-12-29')?.reason).toBe('Added elsewhere');
      expect(after.audit).toEqual(before.audit);
    });

    it("a person's email", async () => {
      await admin.get('/admin/users');
      clashAfterCheck(ctx.services.auth, 'findByEmail', () =>
        ctx.services.auth.createUser(
          ctx.organisationId,
          { name: 'First Comer', email: 'same@test.example', role: 'colleague' },
          null,
        ),
      );
      const response = await admin.post('/admin/users', {
        name: 'Second Comer',
        email: 'Same@test.example',
        role: 'investigator',
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('Someone already uses this email address');
      const after = await snapshot();
      expect(after.users.filter((u) => u.email.toLowerCase() === 'same@test.example')).toEqual([
        expect.objectContaining({ name: 'First Comer' }),
      ]);
      expect(after.outbox.filter((m) => m.recipient.toLowerCase() === 'same@test.example')).toEqual([]);
    });
  });
});
