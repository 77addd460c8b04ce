import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/auth/roles.ts';
import type { ComplaintRow } from '../../src/db/schema.ts';
import { formatLongDate } from '../../src/domain/calendar/index.ts';
import { complaintInput, createTestApp, signedOffComplaint, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';
import { paths } from '../support/paths.ts';

describe.each(databaseKinds())('correspondence on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
  });
  afterAll(async () => ctx?.close());

  const actorFor = (role: Role): Actor => ({
    kind: 'user',
    id: ctx.users[role].id,
    userId: ctx.users[role].id,
    organisationId: ctx.organisationId,
    role,
    label: ctx.users[role].name,
  });

  const newComplaint = (overrides: Record<string, unknown> = {}) =>
    ctx.services.intake.create(ctx.organisationId, complaintInput(overrides), actorFor('complaints-handler'));

  const db = () => ctx.services.database.db;

  const signedOff = () => signedOffComplaint(ctx);

  const correspondenceOf = (complaint: ComplaintRow) =>
    db().selectFrom('correspondence').selectAll().where('complaint_id', '=', complaint.id).execute();
  const outboxOf = (complaint: ComplaintRow) =>
    db().selectFrom('outbox').selectAll().where('complaint_id', '=', complaint.id).execute();
  const eventsOf = (complaint: ComplaintRow, type: string) =>
    db()
      .selectFrom('complaint_events')
      .selectAll()
      .where('complaint_id', '=', complaint.id)
      .where('type', '=', type)
      .execute();
  const auditOf = (action: string, complaintId?: string) => {
    let q = db().selectFrom('audit_log').selectAll().where('action', '=', action);
    if (complaintId) q = q.where('complaint_id', '=', complaintId);
    return q.execute();
  };

  const letter = {
    subject: 'We have received your complaint',
    body: 'Dear Alex\n\nThank you for telling us.',
  };

  describe('letter preview', () => {
    it('shows the acknowledgement with the dates and timescales of the complaint', async () => {
      const complaint = await newComplaint();
      const session = await ctx.session('complaints-handler');
      const page = await session.get(paths.complaints.letter(complaint.reference, 'acknowledgement'));
      expect(page.statusCode).toBe(200);
      // Received Monday 2 November 2026; NHS England: 3 working days to acknowledge, 10 for stage 1, 6 months.
      expect(complaint.acknowledge_by).toBe('2026-11-05');
      expect(complaint.stage_due_by).toBe('2026-11-16');
      // The six months beginning with 2 November 2026 end on 1 May 2027.
      expect(complaint.outer_limit_by).toBe('2027-05-01');
      expect(page.body).toContain(`We received your complaint on ${formatLongDate(complaint.received_on)}.`);
      expect(page.body).toContain('within 10 working days: for yours, by 16 November 2026');
      // The letter is the acknowledgement: it gives the team's details, not a date to acknowledge by.
      expect(page.body).not.toContain('5 November 2026');
      expect(page.body).toContain('Telephone: 0300 123 4567');
      // The advocacy service the organisation names in its settings, with its website.
      expect(page.body).toContain(
        'NHS Complaints Advocacy can help you make your complaint, and take it to the Ombudsman if you need to.',
      );
      expect(page.body).toContain('Website: https://www.nhscomplaintsadvocacy.example.');
      expect(page.body).toContain('within 6 months, by 1 May 2027');
      expect(page.body).toContain(complaint.reference);
      expect(page.body).toContain('alex@example.com');
      expect(page.body).toContain('Send email');
      expect(await auditOf('complaint.correspondence.preview', complaint.id)).toHaveLength(1);
    });

    it("signposts the organisation's own Ombudsman in the final response, from its nation", async () => {
      // The draft final response, offered for submission, comes from the template with the signposting.
      const complaint = await newComplaint();
      await ctx.services.lifecycle.applyEvent(
        actorFor('complaints-handler'),
        complaint.reference,
        'escalate',
        {
          reason: 'Serious',
        },
      );
      const session = await ctx.session('complaints-manager');
      const url = paths.complaints.event(complaint.reference, 'submit-response');
      const english = await session.get(url);
      expect(english.statusCode).toBe(200);
      expect(english.body).toContain('Parliamentary and Health Service Ombudsman');
      expect(english.body).toContain('www.ombudsman.org.uk');
      const setNation = (nation: string) =>
        db().updateTable('organisations').set({ nation }).where('id', '=', ctx.organisationId).execute();
      try {
        // A Welsh health board keeps England and Wales's bank holidays but goes to the PSOW.
        await setNation('wales');
        const welsh = await session.get(url);
        expect(welsh.body).toContain('Public Services Ombudsman for Wales');
        expect(welsh.body).toContain('www.ombudsman.wales');
        expect(welsh.body).not.toContain('Parliamentary and Health Service Ombudsman');
        await setNation('scotland');
        const scottish = await session.get(url);
        expect(scottish.body).toContain('Scottish Public Services Ombudsman');
        expect(scottish.body).not.toContain('Parliamentary and Health Service Ombudsman');
      } finally {
        await setNation('england');
      }
    });

    it('offers each letter only when it fits the case, and says why not otherwise, writing nothing', async () => {
      const complaint = await newComplaint();
      const session = await ctx.session('complaints-handler');
      for (const [key, message] of [
        ['final-response', 'only after a responsible person has signed it off'],
        ['stage1-outcome', 'once the complaint is resolved at stage 1'],
        ['stage2-acknowledgement', 'for an open stage 2 complaint'],
        ['extension', 'record the extension first'],
        ['late-response', 'later than the time limit allows'],
      ] as const) {
        const url = paths.complaints.letter(complaint.reference, key);
        const page = await session.get(url);
        expect(page.statusCode, key).toBe(409);
        expect(page.body).toContain('You cannot send this letter now');
        expect(page.body).toContain(message);
        const sent = await session.post(url, { subject: 'x', body: 'y' });
        expect(sent.statusCode, key).toBe(409);
      }
      expect(await correspondenceOf(complaint)).toHaveLength(0);
      // The case's correspondence page offers the letters that fit the case now.
      const casePage = await session.get(paths.complaints.correspondence(complaint.reference));
      expect(casePage.body).toContain(
        `href="${paths.complaints.letter(complaint.reference, 'acknowledgement')}"`,
      );
      expect(casePage.body).not.toContain(paths.complaints.letter(complaint.reference, 'final-response'));
    });

    it('signs the final response with the responsible person who signed it off, and lets the case close once sent', async () => {
      const complaint = await signedOff();
      const session = await ctx.session('complaints-handler');
      const url = paths.complaints.letter(complaint.reference, 'final-response');
      const page = await session.get(url);
      expect(page.statusCode).toBe(200);
      // The approved text is shown, not offered for editing: it is signed by the person who approved it.
      expect(page.body).not.toMatch(/<textarea[^>]*name="body"/);
      expect(page.body).toMatch(
        new RegExp(`${ctx.users['responsible-person'].name}<br />\\s*Responsible person`),
      );
      const approved = await db()
        .selectFrom('response_drafts')
        .select('approved_body')
        .where('complaint_id', '=', complaint.id)
        .executeTakeFirstOrThrow();
      expect(approved.approved_body).toContain(
        `Yours sincerely\n\n${ctx.users['responsible-person'].name}\nResponsible person\nTest NHS Trust`,
      );
      expect(approved.approved_body).not.toContain(ctx.users['complaints-handler'].name);
      const closeEarly = await ctx.services.lifecycle
        .applyEvent(actorFor('complaints-handler'), complaint.reference, 'close', {})
        .catch((e: Error) => e.message);
      expect(closeEarly).toContain('signed off but not sent');
      // Sent by post, as a signed letter, although the complainant has an email address.
      const sent = await session.post(url, { subject: 'Our final response', byPost: 'yes' });
      expect(sent.statusCode, sent.body).toBe(409);
      expect(sent.body).toContain('no postal address');
      const byEmail = await session.post(url, { subject: 'Our final response' });
      expect(byEmail.statusCode, byEmail.body).toBe(303);
      const row = await db()
        .selectFrom('complaints')
        .select('final_response_sent_on')
        .where('id', '=', complaint.id)
        .executeTakeFirstOrThrow();
      expect(row.final_response_sent_on).toBe(ctx.services.today());
      const closed = await ctx.services.lifecycle.applyEvent(
        actorFor('complaints-handler'),
        complaint.reference,
        'close',
        {},
      );
      expect(closed.status).toBe('closed');
      expect((await session.get(url)).statusCode).toBe(409);
    });

    it('drafts the regulation 14(4) letter once the outer limit has passed', async () => {
      // Received Monday 2 March 2026: the six months end on 1 September 2026, long past.
      const complaint = await newComplaint({ receivedAt: '2026-03-02T10:00:00Z' });
      expect(complaint.outer_limit_by).toBe('2026-09-01');
      const session = await ctx.session('complaints-handler');
      const page = await session.get(paths.complaints.letter(complaint.reference, 'late-response'));
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('by 1 September 2026');
      expect(page.body).toContain('[To complete: explain plainly why');
      expect(page.body).toContain('[To complete: the date by which we will send our response');
      // Advice about the delay from the Ombudsman, not the final response's signposting.
      expect(page.body).toContain(
        'advice about the delay from the Parliamentary and Health Service Ombudsman (PHSO), ' +
          'www.ombudsman.org.uk, telephone 0345 015 4033. Its service is independent and free.',
      );
      expect(page.body).not.toContain('this letter is our final response');
      expect(page.body).toContain('NHS Complaints Advocacy');
      const casePage = await session.get(paths.complaints.show(complaint.reference));
      expect(casePage.body).toContain('Write to say why the response is late and when it will come');
    });

    it('marks what the case does not record yet, and will not send it until it is written', async () => {
      const complaint = await newComplaint({ receivedAt: '2026-03-02T10:00:00Z' });
      const session = await ctx.session('complaints-handler');
      const url = paths.complaints.letter(complaint.reference, 'late-response');
      const page = await session.get(url);
      expect(page.body).toContain('[To complete: explain plainly why');
      const refused = await session.post(url, {
        subject: 'Our response',
        body: 'We found [To complete: x].',
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('write them or remove them');
      expect(await correspondenceOf(complaint)).toHaveLength(0);
    });

    it('records a letter to print when the complainant has no email address', async () => {
      const complaint = await newComplaint({
        complainant: { name: 'Pat Post', email: null, address: '1 High Street\nLeeds\nLS1 1AA' },
      });
      const session = await ctx.session('complaints-handler');
      const url = paths.complaints.letter(complaint.reference, 'acknowledgement');
      const page = await session.get(url);
      expect(page.body).toContain('recorded as a letter posted to their address');
      expect(page.body).toMatch(/1 High Street<br \/>\s*Leeds/);
      expect(page.body).toContain('Record letter and print it');
      const sent = await session.post(url, letter);
      expect(sent.statusCode).toBe(303);
      const [row] = await correspondenceOf(complaint);
      expect(row).toMatchObject({
        channel: 'letter',
        outbox_id: null,
        recipient: '1 High Street\nLeeds\nLS1 1AA',
      });
      expect(sent.headers.location).toBe(
        `${paths.complaints.correspondence(complaint.reference)}/${row?.id}?recorded=1`,
      );
      expect(await outboxOf(complaint)).toHaveLength(0);
      const printable = await session.get(String(sent.headers.location));
      expect(printable.statusCode).toBe(200);
      expect(printable.body).toContain('Print the letter');
      expect(printable.body).toContain('Pat Post<br>1 High Street');
      expect(printable.body).toContain('Thank you for telling us.');
      expect(printable.body).toContain('govuk-!-display-none-print');
    });
    it('cannot send when there is no email address or postal address', async () => {
      const complaint = await newComplaint({
        complainant: { name: 'Phone Only', email: null, phone: '01632 960 001' },
      });
      const session = await ctx.session('complaints-handler');
      const url = paths.complaints.letter(complaint.reference, 'acknowledgement');
      const page = await session.get(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('There is no email address or postal address for Phone Only');
      expect(page.body).not.toContain('Record letter and print it');
      const refused = await session.post(url, letter);
      expect(refused.statusCode).toBe(409);
      expect(await correspondenceOf(complaint)).toHaveLength(0);
    });

    it('says the change was saved when the case page sends someone on to the letter', async () => {
      const complaint = await newComplaint();
      const session = await ctx.session('complaints-handler');
      await ctx.services.lifecycle.applyEvent(
        actorFor('complaints-handler'),
        complaint.reference,
        'escalate',
        {
          reason: 'Serious',
        },
      );
      const page = await session.get(
        `${paths.complaints.letter(complaint.reference, 'stage2-acknowledgement')}?after=escalate`,
      );
      expect(page.body).toContain(
        'Complaint escalated to stage 2. Next: check and send the stage 2 acknowledgement below.',
      );
      const odd = await session.get(
        `${paths.complaints.letter(complaint.reference, 'stage2-acknowledgement')}?after=__proto__`,
      );
      expect(odd.statusCode).toBe(200);
      expect(odd.body).not.toContain('govuk-notification-banner--success');
    });
  });

  describe('sending', () => {
    it('records the letter, queues the email and adds the case event together; the worker delivers it', async () => {
      const complaint = await newComplaint();
      const session = await ctx.session('complaints-handler');
      const url = paths.complaints.letter(complaint.reference, 'acknowledgement');
      const response = await session.post(url, letter);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(
        `${paths.complaints.show(complaint.reference)}?sent=acknowledgement`,
      );

      const [row, ...others] = await correspondenceOf(complaint);
      expect(others).toHaveLength(0);
      expect(row).toMatchObject({
        organisation_id: ctx.organisationId,
        direction: 'outbound',
        template_key: 'acknowledgement',
        channel: 'email',
        recipient: 'alex@example.com',
        subject: letter.subject,
        body: letter.body,
        created_by: ctx.users['complaints-handler'].id,
      });
      const [queued] = await outboxOf(complaint);
      expect(queued).toMatchObject({ id: row?.outbox_id, status: 'pending', recipient: 'alex@example.com' });
      const [event] = await eventsOf(complaint, 'correspondence-sent');
      expect(event?.detail).toEqual({ templateKey: 'acknowledgement', channel: 'email' });
      expect(event?.actor_id).toBe(ctx.users['complaints-handler'].id);
      const [audit] = await auditOf('complaint.correspondence.send', complaint.id);
      expect(audit?.detail).toEqual({ templateKey: 'acknowledgement', channel: 'email' });

      await ctx.services.outbox.processDue();
      const delivered = ctx.driver.sent.filter((m) => m.id === queued?.id);
      expect(delivered).toHaveLength(1);
      expect(delivered[0]).toMatchObject({ recipient: 'alex@example.com', subject: letter.subject });
      const [after] = await outboxOf(complaint);
      expect(after?.status).toBe('sent');

      const list = await session.get(paths.complaints.correspondence(complaint.reference));
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain(letter.subject);
      expect(list.body).toContain('Thank you for telling us.');
      expect(list.body).toContain('Sent');
    });

    it('keeps a failing email pending with its error, marks it failed after the last attempt, and retries it', async () => {
      const complaint = await newComplaint();
      const session = await ctx.session('complaints-handler');
      await session.post(paths.complaints.letter(complaint.reference, 'acknowledgement'), letter);
      const [queued] = await outboxOf(complaint);
      const id = queued?.id as string;
      const driver = ctx.services.outbox.driver;
      const realSend = driver.send;
      driver.send = async () => {
        throw new Error('Provider refused: 400 BadRequestError');
      };
      const state = async () =>
        db().selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      try {
        await ctx.services.outbox.processDue();
        expect(await state()).toMatchObject({
          status: 'pending',
          attempts: 1,
          last_error: 'Provider refused: 400 BadRequestError',
        });
        for (let attempt = 2; attempt <= 6; attempt++) {
          // The back-off has passed: make this message due now rather than waiting for the clock.
          await db()
            .updateTable('outbox')
            .set({ next_attempt_at: new Date(0) })
            .where('id', '=', id)
            .execute();
          await ctx.services.outbox.processDue();
        }
        expect(await state()).toMatchObject({ status: 'failed', attempts: 6 });
      } finally {
        driver.send = realSend;
      }

      const admin = await ctx.session('administrator');
      const outbox = await admin.get(paths.admin.outbox());
      expect(outbox.statusCode).toBe(200);
      expect(outbox.body).toContain(complaint.reference);
      expect(outbox.body).toContain('alex@example.com');
      expect(outbox.body).toContain('Provider refused: 400 BadRequestError');
      expect(outbox.body).toContain(paths.admin.outboxRetry(id));
      const failed = await admin.get(`${paths.admin.outbox()}?status=failed`);
      expect(failed.body).toContain(complaint.reference);
      const sent = await admin.get(`${paths.admin.outbox()}?status=sent`);
      expect(sent.body).not.toContain(paths.admin.outboxRetry(id));

      const retried = await admin.post(paths.admin.outboxRetry(id), { status: 'failed' });
      expect(retried.statusCode).toBe(303);
      expect(retried.headers.location).toBe(`${paths.admin.outbox()}?retried=1&status=failed`);
      expect(await state()).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
      expect(await auditOf('outbox.retry')).toHaveLength(1);
      await ctx.services.outbox.processDue();
      expect(await state()).toMatchObject({ status: 'sent' });
      expect(ctx.driver.sent.some((m) => m.id === id)).toBe(true);
    });

    it('refuses empty subject and text with both messages, and writes nothing', async () => {
      const complaint = await newComplaint();
      const session = await ctx.session('complaints-handler');
      const response = await session.post(paths.complaints.letter(complaint.reference, 'acknowledgement'), {
        subject: '  ',
        body: '',
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('Enter a subject');
      expect(response.body).toContain('Enter the text of the letter');
      const both = await session.post(paths.complaints.letter(complaint.reference, 'acknowledgement'), {
        subject: '',
        body: 'Dear {{complainant_name}}',
      });
      expect(both.statusCode).toBe(400);
      expect(both.body).toContain('Enter a subject');
      expect(both.body).toContain('still has the placeholder {{complainant_name}}');
      expect(await correspondenceOf(complaint)).toHaveLength(0);
      expect(await outboxOf(complaint)).toHaveLength(0);
      expect(await eventsOf(complaint, 'correspondence-sent')).toHaveLength(0);
    });

    it('answers 404 for an unknown letter or complaint', async () => {
      const complaint = await newComplaint();
      const session = await ctx.session('complaints-handler');
      expect((await session.get(paths.complaints.letter(complaint.reference, 'nonsense'))).statusCode).toBe(
        404,
      );
      const posted = await session.post(paths.complaints.letter(complaint.reference, 'nonsense'), letter);
      expect(posted.statusCode).toBe(404);
      expect(
        (await session.get(paths.complaints.letter('CMP-2026-999999', 'acknowledgement'))).statusCode,
      ).toBe(404);
      expect(await correspondenceOf(complaint)).toHaveLength(0);
    });

    it('refuses a form sent without its CSRF token and writes nothing', async () => {
      const complaint = await newComplaint();
      const session = await ctx.session('complaints-handler');
      const response = await session.post(
        paths.complaints.letter(complaint.reference, 'acknowledgement'),
        letter,
        {
          csrf: false,
        },
      );
      expect(response.statusCode).toBe(403);
      expect(await correspondenceOf(complaint)).toHaveLength(0);
      expect(await outboxOf(complaint)).toHaveLength(0);
    });
  });

  describe('recording other correspondence', () => {
    it('lists every error at once and writes nothing', async () => {
      const complaint = await newComplaint();
      const session = await ctx.session('complaints-handler');
      const response = await session.post(paths.complaints.correspondence(complaint.reference), {});
      expect(response.statusCode).toBe(400);
      for (const message of [
        'Select whether this was from the complainant or from us',
        'Select how the contact was made',
        'Enter the date of the contact',
        'Enter a subject or short summary',
        'Enter what was said or written',
      ]) {
        expect(response.body).toContain(message);
      }
      const future = await session.post(paths.complaints.correspondence(complaint.reference), {
        direction: 'inbound',
        channel: 'phone',
        'date-day': '1',
        'date-month': '1',
        'date-year': '2099',
        subject: 'Call',
        body: 'Called to ask for an update.',
      });
      expect(future.statusCode).toBe(400);
      expect(future.body).toContain('The date cannot be in the future');
      expect(future.body).toContain('Called to ask for an update.');
      expect(await correspondenceOf(complaint)).toHaveLength(0);
    });

    it('records a phone call with its date and lists it', async () => {
      const complaint = await newComplaint();
      const session = await ctx.session('complaints-handler');
      const url = paths.complaints.correspondence(complaint.reference);
      const response = await session.post(url, {
        direction: 'inbound',
        channel: 'phone',
        'date-day': '4',
        'date-month': '11',
        'date-year': '2026',
        subject: 'Asked for an update',
        body: 'Mx Example phoned to ask when they would hear from us.',
      });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`${url}?recorded=1`);
      const [row] = await correspondenceOf(complaint);
      expect(row).toMatchObject({
        direction: 'inbound',
        channel: 'phone',
        template_key: null,
        outbox_id: null,
      });
      const [event] = await eventsOf(complaint, 'correspondence-recorded');
      expect(event?.occurred_on).toBe('2026-11-04');
      const list = await session.get(String(response.headers.location));
      expect(list.body).toContain('Asked for an update');
      expect(list.body).toContain('4 November 2026');
      expect(list.body).toContain('From the complainant');
    });
  });

  describe('templates', () => {
    it('lets a complaints manager change a template, preview it, use it and reset it to the default', async () => {
      const complaint = await newComplaint();
      const manager = await ctx.session('complaints-manager');
      const list = await manager.get(paths.admin.templates());
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('Final response');

      const custom = {
        subject: 'Thanks for your complaint {{reference}}',
        body: 'Dear {{complainant_name}}\n\nWe have it. From {{organisation_name}}, {{today}}.',
      };
      const preview = await manager.post(paths.admin.template('acknowledgement'), {
        ...custom,
        action: 'preview',
      });
      expect(preview.statusCode).toBe(200);
      expect(preview.body).toContain('Dear Sam Sample');
      expect(await db().selectFrom('letter_templates').selectAll().execute()).toHaveLength(0);

      const saved = await manager.post(paths.admin.template('acknowledgement'), {
        ...custom,
        action: 'save',
      });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(`${paths.admin.templates()}?saved=acknowledgement`);
      const [row] = await db().selectFrom('letter_templates').selectAll().execute();
      expect(row).toMatchObject({
        organisation_id: ctx.organisationId,
        key: 'acknowledgement',
        subject: custom.subject,
        updated_by: ctx.users['complaints-manager'].id,
      });
      expect((await manager.get(paths.admin.templates())).body).toContain('Customised');

      const handler = await ctx.session('complaints-handler');
      const letterPage = await handler.get(paths.complaints.letter(complaint.reference, 'acknowledgement'));
      expect(letterPage.body).toContain(`Thanks for your complaint ${complaint.reference}`);
      expect(letterPage.body).toContain('We have it. From Test NHS Trust');

      const reset = await manager.post(paths.admin.template('acknowledgement'), { action: 'reset' });
      expect(reset.statusCode).toBe(303);
      expect(await db().selectFrom('letter_templates').selectAll().execute()).toHaveLength(0);
      const again = await handler.get(paths.complaints.letter(complaint.reference, 'acknowledgement'));
      expect(again.body).toContain('We have received your complaint (reference');
      expect(await auditOf('template.update')).toHaveLength(1);
      expect(await auditOf('template.reset')).toHaveLength(1);
    });

    it('refuses unknown placeholders and empty fields with messages, and saves nothing', async () => {
      const manager = await ctx.session('complaints-manager');
      const url = paths.admin.template('final-response');
      const unknown = await manager.post(url, {
        action: 'save',
        subject: 'Our response',
        body: 'Dear {{complainant_name}}, your NHS number is {{nhs_number}}.',
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.body).toContain('unknown placeholder {{nhs_number}}');
      expect(unknown.body).toContain('your NHS number is');
      const empty = await manager.post(url, { action: 'save', subject: '', body: ' ' });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('Enter a subject');
      expect(empty.body).toContain('Enter the text of the template');
      expect(await db().selectFrom('letter_templates').selectAll().execute()).toHaveLength(0);
      expect((await manager.get(paths.admin.template('nonsense'))).statusCode).toBe(404);
      expect(
        (await manager.post(paths.admin.template('nonsense'), { action: 'save', ...letter })).statusCode,
      ).toBe(404);
    });
  });

  describe('permissions', () => {
    it.each(['colleague', 'board-member'] as const)(
      'refuses letters, correspondence and the outbox to a %s',
      async (role) => {
        const complaint = await newComplaint();
        const session = await ctx.session(role);
        const letterUrl = paths.complaints.letter(complaint.reference, 'acknowledgement');
        expect((await session.get(letterUrl)).statusCode).toBe(403);
        expect((await session.post(letterUrl, letter, { formPage: paths.home() })).statusCode).toBe(403);
        expect((await session.get(paths.complaints.correspondence(complaint.reference))).statusCode).toBe(
          403,
        );
        expect((await session.get(paths.admin.outbox())).statusCode).toBe(403);
        expect((await session.get(paths.admin.templates())).statusCode).toBe(403);
        expect(await correspondenceOf(complaint)).toHaveLength(0);
      },
    );

    it('refuses the outbox and templates to a complaints handler', async () => {
      const session = await ctx.session('complaints-handler');
      expect((await session.get(paths.admin.outbox())).statusCode).toBe(403);
      expect((await session.get(paths.admin.templates())).statusCode).toBe(403);
      expect((await session.get(paths.admin.template('acknowledgement'))).statusCode).toBe(403);
      const [message] = await db().selectFrom('outbox').select('id').limit(1).execute();
      const retry = await session.post(
        paths.admin.outboxRetry(message?.id ?? 'x'),
        {},
        { formPage: paths.home() },
      );
      expect(retry.statusCode).toBe(403);
      const save = await session.post(
        paths.admin.template('acknowledgement'),
        { action: 'save', ...letter },
        { formPage: paths.home() },
      );
      expect(save.statusCode).toBe(403);
      expect(await db().selectFrom('letter_templates').selectAll().execute()).toHaveLength(0);
    });

    it('lets an investigator read and add to the correspondence of their own cases only, and send nothing', async () => {
      const mine = await newComplaint();
      const theirs = await newComplaint();
      await db()
        .updateTable('complaints')
        .set({ investigator_id: ctx.users.investigator.id })
        .where('id', '=', mine.id)
        .execute();
      const session = await ctx.session('investigator');
      const list = await session.get(paths.complaints.correspondence(mine.reference));
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('Record other correspondence');
      expect(list.body).not.toContain(paths.complaints.letter(mine.reference, 'acknowledgement'));
      expect((await session.get(paths.complaints.correspondence(theirs.reference))).statusCode).toBe(404);
      expect((await session.get(paths.complaints.letter(mine.reference, 'acknowledgement'))).statusCode).toBe(
        403,
      );
    });

    it('answers 404 when retrying a message that does not exist', async () => {
      const admin = await ctx.session('administrator');
      const response = await admin.post(
        paths.admin.outboxRetry('not-a-message'),
        {},
        { formPage: paths.admin.outbox() },
      );
      expect(response.statusCode).toBe(404);
    });
  });
});
