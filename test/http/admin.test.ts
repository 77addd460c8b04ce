import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  complaintInput,
  createTestApp,
  TEST_SETTINGS_FORM,
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

  it('previews the due dates new timescales move, changes nothing until confirmed, then moves exactly those', async () => {
    const db = ctx.services.database.db;
    // Received Monday 23 and Tuesday 24 November 2026. NHS England: respond within 10 working days of the
    // day after receipt, so by Monday 7 and Tuesday 8 December; with 5 days, by Monday 30 November and
    // Tuesday 1 December. The acknowledgement (3 days) and the outer limit (6 months) do not move.
    const monday = await ctx.services.intake.create(
      ctx.organisationId,
      complaintInput({ receivedAt: '2026-11-23T09:00:00Z' }),
      null,
    );
    const tuesday = await ctx.services.intake.create(
      ctx.organisationId,
      complaintInput({ receivedAt: '2026-11-24T09:00:00Z' }),
      null,
    );
    const closed = await ctx.services.intake.create(
      ctx.organisationId,
      complaintInput({ receivedAt: '2026-11-23T09:00:00Z' }),
      null,
    );
    await db.updateTable('complaints').set({ status: 'closed' }).where('id', '=', closed.id).execute();
    expect([monday.stage_due_by, tuesday.stage_due_by]).toEqual(['2026-12-07', '2026-12-08']);
    const dueDates = async () =>
      Object.fromEntries(
        (
          await db
            .selectFrom('complaints')
            .select(['reference', 'acknowledge_by', 'stage_due_by', 'outer_limit_by'])
            .where('organisation_id', '=', ctx.organisationId)
            .execute()
        ).map((r) => [r.reference, r]),
      );
    const before = await dueDates();
    const orgBefore = await ctx.services.organisations.get(ctx.organisationId);

    const preview = await admin.post('/admin/settings', { ...TEST_SETTINGS_FORM, stage1Days: '5' });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Check the due dates that will change');
    expect(preview.body).toContain('changes the due dates of <strong>2 open complaints</strong>');
    const rows = [
      ...preview.body.matchAll(
        /<tr class="govuk-table__row"><td class="govuk-table__cell">([^<]+)<\/td><td class="govuk-table__cell">([^<]+)<\/td>\s*<td class="govuk-table__cell">([^<]+)<\/td><td class="govuk-table__cell">([^<]+)<\/td>/g,
      ),
    ].map((m) => m.slice(1));
    expect(rows).toEqual(
      [
        [monday.reference, 'Respond by', '7 December 2026', '30 November 2026'],
        [tuesday.reference, 'Respond by', '8 December 2026', '1 December 2026'],
      ].sort((x, y) => (x[0] as string).localeCompare(y[0] as string)),
    );
    expect(preview.body).not.toContain(closed.reference);
    expect(preview.body).toContain('name="stage1Days" value="5"');
    expect(preview.body).toMatch(/value="recalculate" name="confirm"[^>]*>\s*Save and recalculate/);
    expect(preview.body).toMatch(/value="edit" name="confirm"[^>]*>\s*Change these settings/);

    // "Change these settings" goes back to the form with the values typed, still saving nothing.
    const change = await admin.post('/admin/settings', {
      ...TEST_SETTINGS_FORM,
      stage1Days: '5',
      confirm: 'edit',
    });
    expect(change.statusCode).toBe(200);
    expect(change.body).toContain('Organisation and timescales');
    expect(change.body).toMatch(/id="stage1Days" name="stage1Days" type="text"[^>]*value="5"/);
    // Nothing is saved, and nothing asked of the job.
    expect(await ctx.services.organisations.get(ctx.organisationId)).toEqual(orgBefore);
    expect(await ctx.services.deadlines.recalculationPending(ctx.organisationId)).toBe(false);
    await ctx.services.deadlines.runPendingRecalculations();
    expect(await dueDates()).toEqual(before);

    // Confirmed: the values are read again, saved, and the job moves just the previewed dates.
    const saved = await admin.post('/admin/settings', {
      ...TEST_SETTINGS_FORM,
      stage1Days: '5',
      confirm: 'recalculate',
    });
    expect(saved.statusCode).toBe(303);
    expect((await ctx.services.organisations.get(ctx.organisationId)).timescale_overrides).toEqual({
      stage1Days: 5,
    });
    expect((await admin.get('/admin/settings')).body).toContain(
      'Due dates of open complaints are being updated',
    );
    await ctx.services.deadlines.runPendingRecalculations();
    const after = await dueDates();
    expect(after).toEqual({
      ...before,
      [monday.reference]: { ...before[monday.reference], stage_due_by: '2026-11-30' },
      [tuesday.reference]: { ...before[tuesday.reference], stage_due_by: '2026-12-01' },
    });
    expect((await admin.get('/admin/settings')).body).not.toContain('are being updated');

    // Back to the preset: previewed again, then confirmed.
    const back = await admin.post('/admin/settings', TEST_SETTINGS_FORM);
    expect(back.body).toContain('changes the due dates of <strong>2 open complaints</strong>');
    await admin.post('/admin/settings', { ...TEST_SETTINGS_FORM, confirm: 'recalculate' });
    await ctx.services.deadlines.runPendingRecalculations();
    expect(await dueDates()).toEqual(before);
    // Closed, so the next test starts with no open cases.
    await db
      .updateTable('complaints')
      .set({ status: 'closed' })
      .where('id', 'in', [monday.id, tuesday.id])
      .execute();
  });

  it('says when new timescales move no open case, and re-checks the values it is asked to confirm', async () => {
    // No open cases: a new preset is previewed as changing nothing, with a plain Save.
    const preview = await admin.post('/admin/settings', { ...TEST_SETTINGS_FORM, dueSoonDays: '4' });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('No open complaint’s due dates change');
    expect(preview.body).toContain('Save settings');
    // A confirmation carrying a bad value is refused with the settings page's message; nothing is saved.
    const before = await ctx.services.organisations.get(ctx.organisationId);
    const bad = await admin.post('/admin/settings', {
      ...TEST_SETTINGS_FORM,
      dueSoonDays: 'four',
      confirm: 'recalculate',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('“Flag as due soon” must be a whole number');
    expect(await ctx.services.organisations.get(ctx.organisationId)).toEqual(before);
    // A change that moves no due dates (a new phone number) is saved at once.
    const direct = await admin.post('/admin/settings', {
      ...TEST_SETTINGS_FORM,
      complaintsTeamPhone: '0300 765 4321',
    });
    expect(direct.statusCode).toBe(303);
    await admin.post('/admin/settings', TEST_SETTINGS_FORM);
  });

  it('refuses settings without the contact details the public pages give, each with its own message', async () => {
    const before = await ctx.services.organisations.get(ctx.organisationId);
    const response = await admin.post('/admin/settings', {
      ...TEST_SETTINGS_FORM,
      complaintsTeamPhone: '',
      contactEmail: '',
      complaintsTeamAddress: '  \n ',
      advocacyName: '',
      advocacyUrl: 'not a website',
    });
    expect(response.statusCode).toBe(400);
    for (const message of [
      'Enter the complaints team’s telephone number',
      'Enter the complaints team’s email address',
      'Enter the complaints team’s postal address',
      'Enter the name of a service that helps people complain',
      'Enter the advocacy service’s website address, like www.example.org.uk',
    ])
      expect(response.body).toContain(message);
    for (const id of [
      'complaintsTeamPhone',
      'contactEmail',
      'complaintsTeamAddress',
      'advocacyName',
      'advocacyUrl',
    ])
      expect(response.body).toContain(`href="#${id}"`);
    const noWebsite = await admin.post('/admin/settings', { ...TEST_SETTINGS_FORM, advocacyUrl: '' });
    expect(noWebsite.body).toContain('Enter the advocacy service’s website');
    expect(await ctx.services.organisations.get(ctx.organisationId)).toEqual(before);
    // A website typed without https:// is stored as a link.
    await admin.post('/admin/settings', { ...TEST_SETTINGS_FORM, advocacyUrl: 'www.healthwatch.example' });
    expect((await ctx.services.organisations.get(ctx.organisationId)).advocacy_url).toBe(
      'https://www.healthwatch.example',
    );
    await admin.post('/admin/settings', TEST_SETTINGS_FORM);
  });

  it('asks an administrator to complete contact details an organisation set up earlier lacks', async () => {
    const db = ctx.services.database.db;
    await db
      .updateTable('organisations')
      .set({ advocacy_name: null, advocacy_url: null, complaints_team_phone: null })
      .where('id', '=', ctx.organisationId)
      .execute();
    try {
      for (const url of ['/admin', '/admin/settings']) {
        const page = await admin.get(url);
        expect(page.body).toContain('Complete your organisation’s contact details');
        expect(page.body).toContain('complaints team’s telephone number, advocacy service and its website');
      }
      // The public form still works, without what is missing.
      const start = await ctx.anonymous().get('/complain');
      expect(start.statusCode).toBe(200);
      expect(start.body).not.toContain('Telephone:');
      expect(start.body).toContain('href="mailto:complaints@test-trust.example"');
    } finally {
      await admin.post('/admin/settings', TEST_SETTINGS_FORM);
    }
    expect((await admin.get('/admin')).body).not.toContain('Complete your organisation’s contact details');
  });

  it('refuses bad settings with specific messages and changes nothing', async () => {
    const before = await ctx.services.organisations.get(ctx.organisationId);
    const response = await admin.post('/admin/settings', {
      ...TEST_SETTINGS_FORM,
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

  it('says when the bank holidays were last updated and who updates them, without a command to run', async () => {
    const before = await admin.get('/admin/calendar');
    expect(before.body).toContain('Last updated');
    expect(before.body).toMatch(
      /When this service was installed: GOV.UK bank holidays up to the end of 20\d\d/,
    );
    expect(before.body).toContain('The team that runs this service updates them from GOV.UK');
    expect(before.body).not.toContain('npm');
    expect(before.body).not.toContain('holidays import');
    // The team that runs the service adds one announced at short notice (the command line does this).
    await ctx.services.bankHolidays.add({
      division: 'england-and-wales',
      day: '2027-06-07',
      title: 'Extra bank holiday',
    });
    const { updated_at } = await ctx.services.database.db
      .selectFrom('bank_holiday_updates')
      .select('updated_at')
      .where('division', '=', 'england-and-wales')
      .executeTakeFirstOrThrow();
    const after = await admin.get('/admin/calendar');
    const day = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    expect(after.body).toContain('(a bank holiday added)');
    expect(after.body).toContain(day.format(updated_at));
    expect(after.body).not.toContain('When this service was installed');
    await ctx.services.bankHolidays.remove({ division: 'england-and-wales', day: '2027-06-07' });
    expect((await admin.get('/admin/calendar')).body).toContain('(a bank holiday removed)');
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
    await ctx.services.deadlines.runPendingRecalculations();
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
    await ctx.services.deadlines.runPendingRecalculations();
    expect((await stored(ours.id)).acknowledge_by).toBe('2026-11-05');
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

  it('deactivates a person only once confirmed on a page that says what happens, which ends their sessions', async () => {
    const colleague = await ctx.session('colleague');
    expect((await colleague.get('/')).statusCode).toBe(200);
    const handler = ctx.users['complaints-handler'];
    // Two open cases handled by them, one investigated, and a closed one that does not count.
    const db = ctx.services.database.db;
    const cases = await Promise.all(
      [1, 2, 3, 4].map(() => ctx.services.intake.create(ctx.organisationId, complaintInput(), null)),
    );
    const ids = cases.map((c) => c.id);
    await db
      .updateTable('complaints')
      .set({ handler_id: handler.id })
      .where('id', 'in', ids.slice(0, 2))
      .execute();
    await db
      .updateTable('complaints')
      .set({ investigator_id: handler.id })
      .where('id', '=', ids[2] as string)
      .execute();
    await db
      .updateTable('complaints')
      .set({ handler_id: handler.id, status: 'closed' })
      .where('id', '=', ids[3] as string)
      .execute();

    const users = await admin.get('/admin/users');
    expect(users.body).toContain(`href="/admin/users/${handler.id}/deactivate"`);
    // The old one-click form deactivates nobody: it sends the administrator to the confirmation page.
    const oneClick = await admin.post(`/admin/users/${handler.id}`, { active: 'false' });
    expect(oneClick.statusCode).toBe(303);
    expect(oneClick.headers.location).toBe(`/admin/users/${handler.id}/deactivate`);
    const page = await admin.get(`/admin/users/${handler.id}/deactivate`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Deactivate ${handler.name}?`);
    expect(page.body).toContain('they cannot sign in');
    expect(page.body).toContain('their open cases stay assigned to them');
    expect(page.body).toContain(`${handler.name} handles 2 open cases.`);
    expect(page.body).toContain(`${handler.name} investigates 1 open case`);
    expect(page.body).toContain(`href="/complaints?handler=${handler.id}"`);
    const active = async (id: string) =>
      (await db.selectFrom('users').select('active').where('id', '=', id).executeTakeFirstOrThrow()).active;
    expect(await active(handler.id)).toBe(true);

    await admin.get(`/admin/users/${ctx.users.colleague.id}/deactivate`);
    const confirmed = await admin.post(`/admin/users/${ctx.users.colleague.id}/deactivate`, {});
    expect(confirmed.statusCode).toBe(303);
    expect(await active(ctx.users.colleague.id)).toBe(false);
    expect((await colleague.get('/')).statusCode).toBe(303);
    expect((await admin.get(confirmed.headers.location as string)).body).toContain(
      `${ctx.users.colleague.name} has been deactivated`,
    );
    // Reactivating needs no confirmation.
    await admin.get('/admin/users');
    const reactivated = await admin.post(`/admin/users/${ctx.users.colleague.id}`, { active: 'true' });
    expect(reactivated.statusCode).toBe(303);
    expect(await active(ctx.users.colleague.id)).toBe(true);
    await db.updateTable('complaints').set({ status: 'closed' }).where('id', 'in', ids).execute();
  });

  it('does not let administrators deactivate themselves, even from the confirmation page', async () => {
    const me = ctx.users.administrator.id;
    expect((await admin.get('/admin/users')).body).not.toContain(`href="/admin/users/${me}/deactivate"`);
    const page = await admin.get(`/admin/users/${me}/deactivate`);
    expect(page.body).toContain('You cannot deactivate yourself');
    const refused = await admin.post(`/admin/users/${me}/deactivate`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('You cannot change your own role or deactivate yourself');
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
