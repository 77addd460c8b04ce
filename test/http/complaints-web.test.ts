import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { complaintInput, createTestApp, type TestContext, type TestSession } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

describe.each(databaseKinds())('complaint handling pages on %s', (kind) => {
  let ctx: TestContext;
  let handler: TestSession;
  // A fixed clock: Wednesday 25 November 2026, 10:00 in London.
  const now = new Date('2026-11-25T10:00:00Z');

  const count = async (
    table: 'complaints' | 'complaint_events' | 'attachments' | 'complaint_remedies' | 'complaint_issues',
  ) =>
    Number(
      (
        await ctx.services.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

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

  it('records a complaint received today without a time before midday, when noon is still to come', async () => {
    // Just after midnight in the UK on the test’s today (00:30 GMT, 01:30 BST): before noon either way.
    const today = ctx.services.today();
    const [year, month, day] = today.split('-');
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(`${today}T00:30:00Z`) });
    try {
      await handler.get('/complaints/new');
      const response = await handler.post('/complaints/new', {
        channel: 'phone',
        'receivedOn-day': String(Number(day)),
        'receivedOn-month': String(Number(month)),
        'receivedOn-year': year as string,
        name: 'Sam Early',
        phone: '01632 960002',
        onBehalf: 'no',
        description: 'Nobody called back about the appointment.',
        serviceId: '',
      });
      expect(response.statusCode, response.body.match(/govuk-error-summary__list[\s\S]*?<\/ul>/)?.[0]).toBe(
        303,
      );
      const reference = /\/complaints\/([A-Z]+-\d{4}-\d{6})/.exec(String(response.headers.location))?.[1];
      const row = await ctx.services.database.db
        .selectFrom('complaints')
        .select(['received_on', 'received_at'])
        .where('reference', '=', reference as string)
        .executeTakeFirstOrThrow();
      expect(row.received_on).toBe(today);
      // Taken as received now, not at a midday still to come.
      expect(new Date(row.received_at).getTime()).toBe(new Date(`${today}T00:30:00Z`).getTime());
    } finally {
      vi.useRealTimers();
    }
  });

  it('records a phone complaint with its date received and computes its deadlines', async () => {
    await handler.get('/complaints/new');
    const response = await handler.post('/complaints/new', {
      channel: 'phone',
      'receivedOn-day': '23',
      'receivedOn-month': '12',
      'receivedOn-year': '2025',
      receivedTime: '16:45',
      name: 'Sam Smith',
      phone: '01632 960001',
      onBehalf: 'no',
      description: 'The receptionist was rude to my mother.',
      serviceId: '',
    });
    expect(response.statusCode).toBe(303);
    const reference = /\/complaints\/([A-Z]+-\d{4}-\d{6})/.exec(
      String(response.headers.location),
    )?.[1] as string;
    const row = await ctx.services.database.db
      .selectFrom('complaints')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row.channel).toBe('phone');
    expect(row.received_on).toBe('2025-12-23');
    // Tue 23 Dec 2025: working days after it are Wed 24, then Mon 29 (25, 26 bank holidays; 27, 28 weekend), Tue 30.
    expect(row.acknowledge_by).toBe('2025-12-30');
    const page = await handler.get(String(response.headers.location));
    expect(page.body).toContain(`Complaint ${reference} recorded.`);
    expect(page.body).toContain('30 December 2025');
  });

  it('refuses an incomplete staff form with every error at once, keeps what was typed and writes nothing', async () => {
    const before = await count('complaints');
    const response = await handler.post('/complaints/new', {
      'receivedOn-day': '31',
      'receivedOn-month': '2',
      'receivedOn-year': '2026',
      name: '',
      email: 'not-an-email',
      description: 'Typed text stays',
      onBehalf: 'yes',
      behalfName: '',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: ');
    for (const message of [
      'must be a real date',
      'Enter the complainant’s full name',
      'Enter an email address in the correct format',
      'Select how the complaint was received',
      'Enter the name of the person the complaint is about',
      'Select whether they have agreed',
    ]) {
      expect(response.body).toContain(message);
    }
    expect(response.body).toContain('href="#receivedOn"');
    expect(response.body).toContain('Typed text stays');
    expect(await count('complaints')).toBe(before);
  });

  it('refuses a date received in the future', async () => {
    const response = await handler.post('/complaints/new', {
      channel: 'letter',
      'receivedOn-day': '1',
      'receivedOn-month': '1',
      'receivedOn-year': '2027',
      name: 'A Person',
      address: '1 High Street',
      description: 'x',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The date received must be today or in the past');
  });

  it('offers the acknowledgement letter, or records an acknowledgement given another way', async () => {
    const reference = await newCase();
    const form = await handler.get(`/complaints/${reference}/events/acknowledge`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`/complaints/${reference}/letters/acknowledgement`);
    // Nothing is recorded without how and when they were told.
    const bare = await handler.post(`/complaints/${reference}/events/acknowledge`, { note: '' });
    expect(bare.statusCode).toBe(400);
    const response = await handler.post(`/complaints/${reference}/events/acknowledge`, {
      channel: 'in-person',
      'date-day': '25',
      'date-month': '11',
      'date-year': '2026',
      body: 'Met them at the front desk and explained what happens next.',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/complaints/${reference}?done=acknowledge`);
    const row = await ctx.services.database.db
      .selectFrom('complaints')
      .select(['status', 'acknowledged_on'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'acknowledged', acknowledged_on: '2026-11-25' });
  });

  it('asks for a reason to escalate and changes nothing without one', async () => {
    const reference = await newCase();
    const events = await count('complaint_events');
    await handler.get(`/complaints/${reference}/events/escalate`);
    const response = await handler.post(`/complaints/${reference}/events/escalate`, { reason: '   ' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter the reason for escalating');
    expect(await count('complaint_events')).toBe(events);
  });

  it('refuses a transition not allowed now with a clear message (409)', async () => {
    const reference = await newCase();
    const form = await handler.get(`/complaints/${reference}/events/close`);
    expect(form.statusCode).toBe(409);
    expect(form.body).toContain('You cannot do that now');
    const post = await handler.post(`/complaints/${reference}/events/close`, {
      outcome: 'upheld',
      summary: 'Done',
    });
    expect(post.statusCode).toBe(409);
    const row = await ctx.services.database.db
      .selectFrom('complaints')
      .select('status')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('received');
  });

  it('extends a deadline with checks on the dates', async () => {
    const reference = await newCase();
    await handler.post(
      `/complaints/${reference}/events/acknowledge`,
      {},
      { formPage: `/complaints/${reference}/events/acknowledge` },
    );
    const bad = await handler.post(`/complaints/${reference}/events/extend`, {
      reason: 'Waiting for records',
      'newDueDate-day': '1',
      'newDueDate-month': '11',
      'newDueDate-year': '2026',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the date the complainant was told');
    const told = {
      'complainantToldOn-day': '25',
      'complainantToldOn-month': '11',
      'complainantToldOn-year': '2026',
    };
    // Received Monday 23 November 2026, due Monday 7 December; NHS England caps stage 1 at 20 working days
    // in all: 24 November (1) … 21 December (20).
    const tooLong = await handler.post(`/complaints/${reference}/events/extend`, {
      reason: 'Waiting for records',
      'newDueDate-day': '18',
      'newDueDate-month': '1',
      'newDueDate-year': '2027',
      ...told,
      authorisedBy: ctx.users['complaints-manager'].id,
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain(
      'Stage 1 can be extended to 20 working days in all: the latest date is 21 December 2026',
    );
    const form = await handler.get(`/complaints/${reference}/events/extend`);
    expect(form.body).toContain('it can be extended to 21 December 2026 at the latest');
    const unauthorised = await handler.post(`/complaints/${reference}/events/extend`, {
      reason: 'Waiting for records',
      'newDueDate-day': '18',
      'newDueDate-month': '12',
      'newDueDate-year': '2026',
      ...told,
    });
    expect(unauthorised.statusCode).toBe(400);
    expect(unauthorised.body).toContain('Select the manager who authorised the extension');
    const good = await handler.post(`/complaints/${reference}/events/extend`, {
      reason: 'Waiting for records',
      'newDueDate-day': '18',
      'newDueDate-month': '12',
      'newDueDate-year': '2026',
      ...told,
      authorisedBy: ctx.users['complaints-manager'].id,
    });
    expect(good.statusCode).toBe(303);
    const row = await ctx.services.database.db
      .selectFrom('complaints')
      .select(['stage_due_by', 'extended_due_on'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ stage_due_by: '2026-12-18', extended_due_on: '2026-12-18' });
    const extension = await ctx.services.database.db
      .selectFrom('complaint_extensions')
      .select(['authorised_by', 'created_by'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(extension).toEqual({
      authorised_by: ctx.users['complaints-manager'].id,
      created_by: ctx.users['complaints-handler'].id,
    });
  });

  it('lists open cases by next deadline and filters them', async () => {
    const list = await handler.get('/complaints');
    expect(list.statusCode).toBe(200);
    const refs = [...list.body.matchAll(/href="\/complaints\/([A-Z]+-\d{4}-\d{6})"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    const dues = await ctx.services.database.db
      .selectFrom('complaints')
      .select(['reference', 'next_due_on'])
      .where('reference', 'in', refs as string[])
      .execute();
    const order = refs.map((r) => dues.find((d) => d.reference === r)?.next_due_on as string);
    expect([...order].sort()).toEqual(order);
    const overdue = await handler.get('/complaints?overdue=yes');
    expect(overdue.body).toContain('CMP-2025-000001');
    const stage2 = await handler.get('/complaints?stage=2');
    expect(stage2.body).toContain('No complaints match these filters');
    const search = await handler.get('/complaints?q=sam+smith');
    expect(search.body).toContain('Sam Smith');
  });

  it('records issues, outcomes, remedies, colleagues and notes, with validation', async () => {
    const reference = await newCase();
    await handler.get(`/complaints/${reference}`);
    expect(
      (await handler.post(`/complaints/${reference}/issues`, { summary: 'Waiting time', issueServiceId: '' }))
        .statusCode,
    ).toBe(303);
    const issue = await ctx.services.database.db
      .selectFrom('complaint_issues')
      .select('id')
      .where('summary', '=', 'Waiting time')
      .executeTakeFirstOrThrow();
    expect(
      (
        await handler.post(`/complaints/${reference}/issues/${issue.id}`, {
          outcome: 'partly-upheld',
          findings: 'Triage was delayed.',
        })
      ).statusCode,
    ).toBe(303);
    const remedies = await count('complaint_remedies');
    const badRemedy = await handler.post(`/complaints/${reference}/remedies`, {
      kind: 'financial-redress',
      description: 'Refund',
      amount: 'lots',
    });
    expect(badRemedy.statusCode).toBe(400);
    expect(badRemedy.body).toContain('Enter the amount in pounds');
    expect(await count('complaint_remedies')).toBe(remedies);
    expect(
      (
        await handler.post(`/complaints/${reference}/remedies`, {
          kind: 'financial-redress',
          description: 'Travel costs',
          amount: '£42.50',
          remedyIssueId: issue.id,
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await handler.post(`/complaints/${reference}/colleagues`, {
          colleagueName: 'Dr Jones',
          involvement: 'Triage nurse on shift',
          'informedOn-day': '24',
          'informedOn-month': '11',
          'informedOn-year': '2026',
        })
      ).statusCode,
    ).toBe(303);
    const badNote = await handler.post(`/complaints/${reference}/notes`, { body: '' });
    expect(badNote.statusCode).toBe(400);
    expect(badNote.body).toContain('Enter the note');
    expect(
      (await handler.post(`/complaints/${reference}/notes`, { body: 'Called the complainant.' })).statusCode,
    ).toBe(303);
    // Each on its own page of the case.
    expect((await handler.get(`/complaints/${reference}/issues`)).body).toContain('Partly upheld');
    expect((await handler.get(`/complaints/${reference}/remedies`)).body).toContain('£42.50');
    const colleagues = (await handler.get(`/complaints/${reference}/colleagues`)).body;
    expect(colleagues).toContain('Dr Jones');
    expect(colleagues).toContain('told 24 November 2026');
    expect((await handler.get(`/complaints/${reference}/documents`)).body).toContain(
      'Called the complainant.',
    );
  });

  it('accepts a real PDF, refuses a file whose content does not match, and serves the download', async () => {
    const reference = await newCase();
    await handler.get(`/complaints/${reference}`);
    const ok = await handler.upload(`/complaints/${reference}/attachments`, {
      filename: 'letter.pdf',
      content: PDF,
      contentType: 'application/pdf',
    });
    expect(ok.statusCode).toBe(303);
    const before = await count('attachments');
    const disguised = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);
    const bad = await handler.upload(`/complaints/${reference}/attachments`, {
      filename: 'invoice.pdf',
      content: disguised,
      contentType: 'application/pdf',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The selected file must be a');
    const empty = await handler.upload(`/complaints/${reference}/attachments`, {
      filename: 'empty.pdf',
      content: Buffer.alloc(0),
    });
    expect(empty.statusCode).toBe(400);
    expect(await count('attachments')).toBe(before);
    const file = await ctx.services.database.db
      .selectFrom('attachments')
      .select(['id', 'media_type'])
      .where('filename', '=', 'letter.pdf')
      .executeTakeFirstOrThrow();
    expect(file.media_type).toBe('application/pdf');
    const download = await handler.get(`/complaints/${reference}/attachments/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('attachment');
  });

  it('refuses an upload over the size limit', async () => {
    const reference = await newCase();
    await handler.get(`/complaints/${reference}`);
    const big = Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024, 32)]);
    const response = await handler.upload(`/complaints/${reference}/attachments`, {
      filename: 'big.pdf',
      content: big,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('smaller than 10MB');
  });

  it('records every view in the audit trail, which administrators can read', async () => {
    const reference = await newCase();
    await handler.get(`/complaints/${reference}`);
    const admin = await ctx.session('administrator');
    const audit = await admin.get(`/complaints/${reference}/audit`);
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain('complaint.create');
    expect(audit.body).toContain('complaint.view');
    expect(audit.body).toContain('Test complaints-handler (complaints-handler)');
  });

  it('moves the due dates of open cases when a closure day is added, and back when it is removed', async () => {
    const reference = await newCase();
    const due = async () =>
      (
        await ctx.services.database.db
          .selectFrom('complaints')
          .select('stage_due_by')
          .where('reference', '=', reference)
          .executeTakeFirstOrThrow()
      ).stage_due_by;
    const before = await due();
    const admin = await ctx.session('administrator');
    await admin.get('/admin/calendar');
    const add = await admin.post('/admin/calendar/closure-days', {
      'closureDay-day': '26',
      'closureDay-month': '11',
      'closureDay-year': '2026',
      closureReason: 'Staff training day',
    });
    expect(add.statusCode).toBe(303);
    await ctx.services.deadlines.runPendingRecalculations();
    const moved = await due();
    expect(moved > before).toBe(true);
    await admin.post('/admin/calendar/closure-days/2026-11-26/delete', {});
    await ctx.services.deadlines.runPendingRecalculations();
    expect(await due()).toBe(before);
  });
});
