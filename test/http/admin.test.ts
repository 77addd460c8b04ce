import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  complaintInput,
  createTestApp,
  TEST_SETTINGS as SETTINGS,
  type TestContext,
  type TestSession,
} from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

describe.each(databaseKinds())('administration on %s', (kind) => {
  let ctx: TestContext;
  let admin: TestSession;
  const now = new Date('2026-11-25T10:00:00Z');

  beforeAll(async () => {
    ctx = await createTestApp(kind, { now: () => now });
    admin = await ctx.session('administrator');
    await admin.get('/admin/settings');
  });
  afterAll(async () => ctx?.close());

  it('changes a timescale and recalculates open cases', async () => {
    const row = await ctx.services.intake.create(
      ctx.organisationId,
      complaintInput({ receivedAt: '2026-11-23T09:00:00Z' }),
      null,
    );
    expect(row.stage_due_by).toBe('2026-12-07');
    const response = await admin.post('/admin/settings', { ...SETTINGS, stage1Days: '5' });
    expect(response.statusCode).toBe(303);
    const after = await ctx.services.database.db
      .selectFrom('complaints')
      .select('stage_due_by')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after.stage_due_by).toBe('2026-11-30');
    const org = await ctx.services.organisations.get(ctx.organisationId);
    expect(org.timescale_overrides).toEqual({ stage1Days: 5 });
    await admin.post('/admin/settings', SETTINGS);
  });

  it('refuses bad settings with specific messages and changes nothing', async () => {
    const before = await ctx.services.organisations.get(ctx.organisationId);
    const response = await admin.post('/admin/settings', {
      ...SETTINGS,
      name: '',
      acknowledgeDays: 'three',
      stage1MaxExtendedDays: '2',
      division: 'wales',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter the organisation’s name');
    expect(response.body).toContain('must be a whole number');
    const after = await ctx.services.organisations.get(ctx.organisationId);
    expect(after).toEqual(before);
  });

  it('adds services and refuses a duplicate', async () => {
    expect(
      (
        await admin.post(
          '/admin/services',
          { name: 'Maternity', kind: 'service' },
          { formPage: '/admin/services' },
        )
      ).statusCode,
    ).toBe(303);
    const dup = await admin.post('/admin/services', { name: 'maternity', kind: 'service' });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain('Maternity already exists');
    const list = await ctx.services.organisations.services(ctx.organisationId, true);
    expect(list.filter((s) => s.name.toLowerCase() === 'maternity')).toHaveLength(1);
  });

  it('shows the bank holidays as reference data that an administrator cannot change', async () => {
    const page = await admin.get('/admin/calendar');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Christmas Day');
    expect(page.body).toContain('Provisional');
    expect(page.body).not.toContain('Add a bank holiday');
    const before = await ctx.services.db.selectFrom('bank_holidays').selectAll().execute();
    for (const url of ['/admin/calendar/holidays', '/admin/calendar/holidays/2026-12-25/delete']) {
      const refused = await admin.post(url, {
        'holidayDay-day': '1',
        'holidayDay-month': '12',
        'holidayDay-year': '2026',
        holidayTitle: 'Extra holiday',
      });
      expect(refused.statusCode).toBe(404);
    }
    expect(await ctx.services.db.selectFrom('bank_holidays').selectAll().execute()).toEqual(before);
    const cal = await ctx.services.calendars.forOrganisation(ctx.organisationId);
    expect(cal.calendar.isWorkingDay('2026-12-01')).toBe(true);
  });

  it('changes only its own organisation when an administrator adds a closure day', async () => {
    const other = await ctx.services.organisations.create({
      name: 'Neighbouring Trust',
      slug: 'neighbouring-trust',
      division: 'england-and-wales',
      preset: 'nhs-england',
    });
    const theirs = await ctx.services.intake.create(other.id, complaintInput(), null);
    const ours = await ctx.services.intake.create(ctx.organisationId, complaintInput(), null);
    const added = await admin.post('/admin/calendar/closure-days', {
      'closureDay-day': '3',
      'closureDay-month': '11',
      'closureDay-year': '2026',
      closureReason: 'Staff training day',
    });
    expect(added.statusCode).toBe(303);
    const stored = async (id: string) =>
      ctx.services.db
        .selectFrom('complaints')
        .select(['acknowledge_by', 'stage_due_by'])
        .where('organisation_id', '=', id === theirs.id ? other.id : ctx.organisationId)
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    // Received Monday 2 November 2026: the acknowledgement is due 3 working days later.
    expect(theirs.acknowledge_by).toBe('2026-11-05');
    expect((await stored(theirs.id)).acknowledge_by).toBe('2026-11-05');
    expect(ours.acknowledge_by).toBe('2026-11-05');
    expect((await stored(ours.id)).acknowledge_by).toBe('2026-11-06');
    const theirCalendar = await ctx.services.calendars.forOrganisation(other.id);
    expect(theirCalendar.calendar.isWorkingDay('2026-11-03')).toBe(true);
    await admin.post('/admin/calendar/closure-days/2026-11-03/delete', {});
  });

  it('invites a person by email with a one-time link, and refuses a duplicate email', async () => {
    await admin.get('/admin/users');
    const response = await admin.post('/admin/users', {
      name: 'Priya Shah',
      email: 'priya@test.example',
      role: 'investigator',
    });
    expect(response.statusCode).toBe(303);
    await ctx.services.outbox.processDue();
    const email = ctx.driver.sent.find((m) => m.recipient === 'priya@test.example');
    expect(email?.body).toMatch(/\/set-password\/[\w-]+/);
    const dup = await admin.post('/admin/users', {
      name: 'Priya Again',
      email: 'PRIYA@test.example',
      role: 'investigator',
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain('Someone already uses this email address');
  });

  it('deactivates a person, which ends their sessions', async () => {
    const colleague = await ctx.session('colleague');
    expect((await colleague.get('/')).statusCode).toBe(200);
    await admin.get('/admin/users');
    const response = await admin.post(`/admin/users/${ctx.users.colleague.id}`, { active: 'false' });
    expect(response.statusCode).toBe(303);
    expect((await colleague.get('/')).statusCode).toBe(303);
    await admin.post(`/admin/users/${ctx.users.colleague.id}`, { active: 'true' });
  });

  it('does not let administrators demote themselves', async () => {
    await admin.get('/admin/users');
    const response = await admin.post(`/admin/users/${ctx.users.administrator.id}`, { role: 'colleague' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('You cannot change your own role');
  });

  it('creates an API token shown once, and revokes it', async () => {
    await admin.get('/admin/api-tokens');
    const response = await admin.post('/admin/api-tokens', {
      name: 'Website form',
      actsAs: 'role',
      role: 'complaints-handler',
    });
    const token = /cdr_[\w-]+/.exec(response.body)?.[0] as string;
    expect(token).toBeTruthy();
    const api = () =>
      ctx.app.inject({
        method: 'GET',
        url: '/api/v1/complaints',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await api()).statusCode).toBe(200);
    const list = await admin.get('/admin/api-tokens');
    expect(list.body).not.toContain(token);
    const id = (await ctx.services.apiTokens.list(ctx.organisationId)).find((t) => t.name === 'Website form')
      ?.id as string;
    await admin.post(`/admin/api-tokens/${id}/revoke`, {});
    expect((await api()).statusCode).toBe(401);
  });
});
