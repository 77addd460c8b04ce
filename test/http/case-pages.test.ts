import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorFor,
  complaintInput,
  createTestApp,
  type TestContext,
  type TestSession,
} from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

/** The case as an overview with sub-pages, each add form on its own page, next steps and success banners. */
describe.each(databaseKinds())('the pages of a case on %s', (kind) => {
  let ctx: TestContext;
  let handler: TestSession;
  // A fixed clock: Wednesday 25 November 2026, 10:00 in London.
  const now = new Date('2026-11-25T10:00:00Z');

  const db = () => ctx.services.database.db;
  const complaintRow = (reference: string) =>
    db().selectFrom('complaints').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();

  beforeAll(async () => {
    ctx = await createTestApp(kind, { now: () => now });
    handler = await ctx.session('complaints-handler');
  });
  afterAll(async () => ctx?.close());

  async function newCase(overrides: Record<string, unknown> = {}) {
    const row = await ctx.services.intake.create(
      ctx.organisationId,
      complaintInput({ receivedAt: '2026-11-23T09:00:00Z', ...overrides }),
      null,
    );
    return row.reference;
  }

  const SUB_PAGES = [
    ['Overview', ''],
    ['Issues and outcomes', '/issues'],
    ['Remedies', '/remedies'],
    ['Colleagues', '/colleagues'],
    ['Correspondence', '/correspondence'],
    ['Documents and notes', '/documents'],
    ['Timeline', '/timeline'],
  ] as const;

  it('shows each page of the case with the sub-navigation, the current page marked', async () => {
    const reference = await newCase();
    for (const [title, suffix] of SUB_PAGES) {
      const page = await handler.get(`/complaints/${reference}${suffix}`);
      expect(page.statusCode, title).toBe(200);
      expect(page.body).toContain('<nav class="app-sub-navigation" aria-label="Case sections">');
      expect(page.body, title).toContain(
        `href="/complaints/${reference}${suffix}" aria-current="page">${title}</a>`,
      );
      expect(page.body.match(/aria-current="page"/g)?.length, title).toBe(1);
      // The case heading on every page: reference, complainant, status, stage.
      expect(page.body).toContain('Alex Example');
      expect(page.body).toContain('Stage 1 – early resolution');
      // Audit is only offered to those who may read it.
      expect(page.body).not.toContain(`/complaints/${reference}/audit`);
    }
    const admin = await ctx.session('administrator');
    const overview = await admin.get(`/complaints/${reference}`);
    expect(overview.body).toContain(`href="/complaints/${reference}/audit">Audit</a>`);
    const audit = await admin.get(`/complaints/${reference}/audit`);
    expect(audit.body).toContain(`href="/complaints/${reference}/audit" aria-current="page">Audit</a>`);
  });

  it('refuses the pages of a case to roles that may not read cases', async () => {
    const reference = await newCase();
    const colleague = await ctx.session('colleague');
    for (const [, suffix] of SUB_PAGES) {
      expect((await colleague.get(`/complaints/${reference}${suffix}`)).statusCode).toBe(403);
    }
    expect((await colleague.get(`/complaints/${reference}/issues/new`)).statusCode).toBe(403);
  });

  it('shows the adjustments and contact preference on every page of the case, letters and events too', async () => {
    const reference = await newCase({
      adjustments: 'Large print',
      complainant: {
        name: 'Pat Phone',
        email: 'pat@example.com',
        phone: '01632 960001',
        preferredContact: 'phone',
      },
    });
    for (const url of [
      `/complaints/${reference}`,
      `/complaints/${reference}/issues`,
      `/complaints/${reference}/issues/new`,
      `/complaints/${reference}/correspondence`,
      `/complaints/${reference}/letters/acknowledgement`,
      `/complaints/${reference}/events/escalate`,
    ]) {
      const page = await handler.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toContain('Adjustments and contact');
      expect(page.body, url).toContain('Large print. Prefers phone.');
      expect(page.body, url).toContain(reference);
    }
    // No banner when nothing was asked for and email is the preference.
    const plain = await newCase();
    expect((await handler.get(`/complaints/${plain}`)).body).not.toContain('Adjustments and contact');
  });

  it('leads with one next step and lists what is outstanding, each linking to where it is put right', async () => {
    const reference = await newCase();
    const page = await handler.get(`/complaints/${reference}`);
    // Received, not acknowledged: the acknowledgement letter is the one green button.
    expect(page.body).toMatch(
      new RegExp(
        `href="/complaints/${reference}/letters/acknowledgement"[^>]*class="govuk-button"[^>]*>\\s*Send the acknowledgement`,
      ),
    );
    expect(page.body.match(/class="govuk-button[ "]/g)?.length).toBe(1);
    expect(page.body).toContain('Outstanding');
    expect(page.body).toContain(`href="/complaints/${reference}/assign">No handler assigned</a>`);
    expect(page.body).toContain(
      `href="/complaints/${reference}/letters/acknowledgement">Acknowledgement not sent</a>`,
    );
    // Withdraw is a plain link under other actions, not a red button.
    expect(page.body).toContain('Other actions');
    expect(page.body).toContain(`href="/complaints/${reference}/events/withdraw">Withdraw the complaint</a>`);
    expect(page.body).not.toContain('govuk-button--warning');

    // Acknowledged (without the letter) with an issue that has no outcome.
    await handler.post(`/complaints/${reference}/events/acknowledge`, { note: '' });
    await handler.post(`/complaints/${reference}/issues`, {
      summary: 'Nobody called back',
      issueServiceId: '',
    });
    const issue = await db()
      .selectFrom('complaint_issues')
      .select('id')
      .where('summary', '=', 'Nobody called back')
      .executeTakeFirstOrThrow();
    const after = await handler.get(`/complaints/${reference}`);
    expect(after.body).toContain(
      `href="/complaints/${reference}/issues/${issue.id}">Outcome missing for issue 1</a>`,
    );
    expect(after.body).toContain('Acknowledgement not sent');
    expect(after.body).toMatch(/class="govuk-button"[^>]*>\s*Send the acknowledgement/);
  });

  it('puts each add form on its own page: errors come back there with what was typed, success returns with a banner', async () => {
    const reference = await newCase();
    const issues = await handler.get(`/complaints/${reference}/issues`);
    expect(issues.body).toContain(`href="/complaints/${reference}/issues/new">Add an issue</a>`);
    expect(issues.body).not.toContain('name="summary"');

    const form = await handler.get(`/complaints/${reference}/issues/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`<a href="/complaints/${reference}/issues" class="govuk-back-link">`);

    const before = await db().selectFrom('complaint_issues').select('id').execute();
    const bad = await handler.post(`/complaints/${reference}/issues`, {
      summary: '',
      issueServiceId: 'not-a-service',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a summary of the issue');
    expect(bad.body).toContain('<h1 class="govuk-heading-l">Add an issue</h1>');
    expect(await db().selectFrom('complaint_issues').select('id').execute()).toHaveLength(before.length);

    const ok = await handler.post(`/complaints/${reference}/issues`, {
      summary: 'Rude reply',
      issueServiceId: '',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/complaints/${reference}/issues?done=issue-added`);
    const back = await handler.get(String(ok.headers.location));
    expect(back.body).toContain('govuk-notification-banner--success');
    expect(back.body).toContain(
      'Issue added. Next: record its outcome and findings once it has been looked into.',
    );

    // The outcome form names its issue in every label.
    const issue = await db()
      .selectFrom('complaint_issues')
      .select('id')
      .where('summary', '=', 'Rude reply')
      .executeTakeFirstOrThrow();
    const outcomeForm = await handler.get(`/complaints/${reference}/issues/${issue.id}`);
    expect(outcomeForm.body).toContain('Record the outcome for issue 1');
    expect(outcomeForm.body).toContain('Outcome for issue 1: Rude reply');
    expect(outcomeForm.body).toContain('Findings for issue 1: Rude reply');
    const noOutcome = await handler.post(`/complaints/${reference}/issues/${issue.id}`, {
      findings: 'Typed findings kept',
    });
    expect(noOutcome.statusCode).toBe(400);
    expect(noOutcome.body).toContain('Select the outcome for this issue');
    expect(noOutcome.body).toContain('Typed findings kept');
    const saved = await handler.post(`/complaints/${reference}/issues/${issue.id}`, {
      outcome: 'upheld',
      findings: 'The reply was rude.',
    });
    expect(saved.headers.location).toBe(`/complaints/${reference}/issues?done=issue-outcome`);

    const note = await handler.post(`/complaints/${reference}/notes`, { body: 'Called the complainant.' });
    expect(note.headers.location).toBe(`/complaints/${reference}/documents?done=note-added`);
    const documents = await handler.get(String(note.headers.location));
    expect(documents.body).toContain('Note added.');
    expect(documents.body).toContain('Called the complainant.');
    expect((await handler.get(`/complaints/${reference}/notes/new`)).statusCode).toBe(200);
    expect((await handler.get(`/complaints/${reference}/attachments/new`)).statusCode).toBe(200);
  });

  it('saving an assignment ends on a success banner', async () => {
    const reference = await newCase();
    const form = await handler.get(`/complaints/${reference}/assign`);
    expect(form.statusCode).toBe(200);
    const bad = await handler.post(`/complaints/${reference}/assign`, {
      handlerId: crypto.randomUUID(),
      investigatorId: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select a handler from the list');
    const saved = await handler.post(`/complaints/${reference}/assign`, {
      handlerId: ctx.users['complaints-handler'].id,
      investigatorId: '',
    });
    expect(saved.headers.location).toBe(`/complaints/${reference}?done=assigned`);
    const page = await handler.get(String(saved.headers.location));
    expect(page.body).toContain('Assignment saved.');
    expect(page.body).not.toContain('No handler assigned');
  });

  it('sending a letter by email ends on a success banner with the next step', async () => {
    const reference = await newCase();
    const url = `/complaints/${reference}/letters/acknowledgement`;
    await handler.get(url);
    const sent = await handler.post(url, {
      subject: 'We have your complaint',
      body: 'Thank you for telling us.',
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/complaints/${reference}?sent=acknowledgement`);
    const page = await handler.get(String(sent.headers.location));
    expect(page.body).toMatch(/Acknowledgement sent to [^.]+\. Next: record the issues of the complaint\./);
    expect(page.body).not.toContain('Acknowledgement not sent');
  });

  it('says what an event did and what comes next', async () => {
    const reference = await newCase();
    const page = await handler.get(`/complaints/${reference}?done=escalate`);
    expect(page.body).toContain('Complaint escalated to stage 2. Next: send the stage 2 acknowledgement.');
    expect(page.body).not.toContain(': done.');
    expect((await handler.get(`/complaints/${reference}?done=nonsense`)).body).not.toContain(
      'govuk-notification-banner--success',
    );
  });

  it('confirms a withdrawal on a page of its own; a post without the confirmation changes nothing', async () => {
    const reference = await newCase();
    const confirm = await handler.get(`/complaints/${reference}/events/withdraw`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('govuk-warning-text');
    expect(confirm.body).toContain('Yes, withdraw the complaint');
    expect(confirm.body).toContain(`href="/complaints/${reference}">Cancel</a>`);
    const events = (await db().selectFrom('complaint_events').select('id').execute()).length;
    const unconfirmed = await handler.post(`/complaints/${reference}/events/withdraw`, {
      reason: 'They no longer want it looked into.',
    });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('Select ‘Yes, withdraw the complaint’ to withdraw it');
    expect((await complaintRow(reference)).status).toBe('received');
    expect((await db().selectFrom('complaint_events').select('id').execute()).length).toBe(events);
    const confirmed = await handler.post(`/complaints/${reference}/events/withdraw`, {
      reason: 'They no longer want it looked into.',
      confirm: 'yes',
    });
    expect(confirmed.statusCode).toBe(303);
    expect((await complaintRow(reference)).status).toBe('withdrawn');
    const after = await handler.get(String(confirmed.headers.location));
    expect(after.body).toContain('Complaint withdrawn. Next: confirm the withdrawal to the complainant.');
  });

  it('asks for the date a colleague was told in day, month and year, with specific errors', async () => {
    const reference = await newCase();
    const form = await handler.get(`/complaints/${reference}/colleagues/new`);
    expect(form.body).toContain('name="informedOn-day"');
    const colleagues = async () =>
      (await db().selectFrom('complaint_colleagues').select('id').execute()).length;
    const before = await colleagues();
    const colleague = { colleagueName: 'Dr Jones', involvement: 'Triage nurse on shift' };
    const notReal = await handler.post(`/complaints/${reference}/colleagues`, {
      ...colleague,
      'informedOn-day': '31',
      'informedOn-month': '2',
      'informedOn-year': '2026',
    });
    expect(notReal.statusCode).toBe(400);
    expect(notReal.body).toContain('Date they were told must be a real date');
    expect(notReal.body).toContain('value="Dr Jones"');
    // Today is 25 November 2026: the 26th is in the future.
    const future = await handler.post(`/complaints/${reference}/colleagues`, {
      ...colleague,
      'informedOn-day': '26',
      'informedOn-month': '11',
      'informedOn-year': '2026',
    });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('Date they were told must be today or in the past');
    // Every problem at once: the name and the date.
    const both = await handler.post(`/complaints/${reference}/colleagues`, {
      colleagueName: '',
      involvement: 'x',
      'informedOn-day': '99',
      'informedOn-month': '1',
      'informedOn-year': '2026',
    });
    expect(both.body).toContain('Enter the colleague’s name');
    expect(both.body).toContain('Date they were told must be a real date');
    expect(await colleagues()).toBe(before);

    const ok = await handler.post(`/complaints/${reference}/colleagues`, {
      ...colleague,
      'informedOn-day': '25',
      'informedOn-month': '11',
      'informedOn-year': '2026',
    });
    expect(ok.headers.location).toBe(`/complaints/${reference}/colleagues?done=colleague-added`);
    const row = await db()
      .selectFrom('complaint_colleagues')
      .select('informed_on')
      .where('name', '=', 'Dr Jones')
      .executeTakeFirstOrThrow();
    expect(row.informed_on).toBe('2026-11-25');
    const page = await handler.get(String(ok.headers.location));
    expect(page.body).toContain('told 25 November 2026');
    expect(page.body).toContain('Colleague added.');
  });

  it('asks for an amount only under financial redress', async () => {
    const reference = await newCase();
    const form = await handler.get(`/complaints/${reference}/remedies/new`);
    // The amount sits in the financial redress option's conditional reveal.
    expect(form.body).toMatch(/data-aria-controls="conditional-kind-3"/);
    expect(form.body).toMatch(/id="conditional-kind-3"[\s\S]*Amount in pounds/);
    const noAmount = await handler.post(`/complaints/${reference}/remedies`, {
      kind: 'financial-redress',
      description: 'Travel costs',
    });
    expect(noAmount.statusCode).toBe(400);
    expect(noAmount.body).toContain('Enter the amount of financial redress');
    // An amount left in the hidden box under another kind is not recorded.
    const apology = await handler.post(`/complaints/${reference}/remedies`, {
      kind: 'apology',
      description: 'A written apology',
      amount: '50',
    });
    expect(apology.headers.location).toBe(`/complaints/${reference}/remedies?done=remedy-added`);
    const row = await db()
      .selectFrom('complaint_remedies')
      .select(['kind', 'amount_pence'])
      .where('description', '=', 'A written apology')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ kind: 'apology', amount_pence: null });
    // The service itself refuses an amount for any other kind, with a clear message.
    await expect(
      ctx.services.caseRecords.addRemedy(actorFor(ctx, 'complaints-handler'), reference, {
        kind: 'apology',
        description: 'x',
        amount: '50',
      }),
    ).rejects.toMatchObject({
      errors: [{ field: 'amount', message: 'Only financial redress has an amount: leave the amount blank' }],
    });
  });

  it('gives every timeline event one heading of what happened, newest first', async () => {
    const reference = await newCase();
    const letter = `/complaints/${reference}/letters/acknowledgement`;
    await handler.get(letter);
    await handler.post(letter, { subject: 'We have your complaint', body: 'Thank you for telling us.' });
    const page = await handler.get(`/complaints/${reference}/timeline`);
    expect(page.body).toContain('Newest first.');
    const headings = [
      ...page.body.matchAll(/<h3 class="govuk-heading-s govuk-!-margin-bottom-1">([^<]*)<\/h3>/g),
    ].map((m) => m[1]?.trim());
    expect(headings.at(-1)).toBe('Complaint received');
    expect(headings).toContain('Acknowledged');
    expect(new Set(headings).size).toBe(headings.length);
    expect(page.body).not.toContain('Received: Received');
  });
});
