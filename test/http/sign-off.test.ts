import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplaintRow } from '../../src/db/schema.ts';
import { acknowledgementSent } from '../../src/modules/lifecycle/acknowledgement.ts';
import { actorFor, complaintInput, createTestApp, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';
import { paths } from '../support/paths.ts';

/** The final response as a handler writes it: every "[To complete: …]" part written. */
const WRITTEN = 'Dear Alex Example\n\nWe read the records and spoke to the staff on duty.\n\nWe are sorry.';

describe.each(databaseKinds())('acknowledgement, response and sign-off, letters on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
  });
  afterAll(async () => ctx?.close());

  const db = () => ctx.services.database.db;
  const handler = () => actorFor(ctx, 'complaints-handler');
  const newComplaint = (overrides: Record<string, unknown> = {}) =>
    ctx.services.intake.create(ctx.organisationId, complaintInput(overrides), handler());
  const reload = (c: ComplaintRow) =>
    db().selectFrom('complaints').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
  const escalated = async (overrides: Record<string, unknown> = {}) => {
    const c = await newComplaint(overrides);
    await ctx.services.lifecycle.applyEvent(handler(), c.reference, 'escalate', { reason: 'Serious' });
    return c;
  };
  const issueIds = async (c: ComplaintRow) =>
    (
      await db()
        .selectFrom('complaint_issues')
        .select('id')
        .where('complaint_id', '=', c.id)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    ).map((r) => r.id);
  /** Two issues, the first with an outcome and findings, the second without an outcome. */
  const withIssues = async (c: ComplaintRow) => {
    await ctx.services.caseRecords.addIssue(handler(), c.reference, { summary: 'Waiting time' });
    await ctx.services.caseRecords.addIssue(handler(), c.reference, { summary: 'Parking charges' });
    const [first, second] = await issueIds(c);
    await ctx.services.caseRecords.recordIssueOutcome(handler(), c.reference, first as string, {
      outcome: 'upheld',
      findings: 'The triage nurse was called away and no one updated the board.',
    });
    return { first: first as string, second: second as string };
  };
  const drafts = (c: ComplaintRow) =>
    db()
      .selectFrom('response_drafts')
      .selectAll()
      .where('complaint_id', '=', c.id)
      .orderBy('version')
      .execute();
  const events = (c: ComplaintRow) =>
    db()
      .selectFrom('complaint_events')
      .selectAll()
      .where('complaint_id', '=', c.id)
      .orderBy('created_at')
      .execute();
  const api = (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: payload as never });

  describe('acknowledgement is what was sent', () => {
    it('sending the acknowledgement letter records the acknowledgement, dated the day it was sent', async () => {
      const c = await newComplaint();
      const session = await ctx.session('complaints-handler');
      // The Acknowledge action leads to the letter; nothing is recorded by visiting it.
      const choice = await session.get(paths.complaints.event(c.reference, 'acknowledge'));
      expect(choice.body).toContain(paths.complaints.letter(c.reference, 'acknowledgement'));
      expect((await reload(c)).acknowledged_on).toBeNull();
      const sent = await session.post(paths.complaints.letter(c.reference, 'acknowledgement'), {
        subject: 'We have received your complaint',
        body: 'Dear Alex\n\nThank you for telling us.',
      });
      expect(sent.statusCode, sent.body).toBe(303);
      expect(sent.headers.location).toBe(`${paths.complaints.show(c.reference)}?sent=acknowledgement`);
      const after = await reload(c);
      expect(after.status).toBe('acknowledged');
      expect(after.acknowledged_on).toBe(ctx.services.today());
      expect(acknowledgementSent(after)).toBe(true);
      const types = (await events(c)).map((e) => e.type);
      expect(types.slice(-2)).toEqual(['correspondence-sent', 'acknowledge']);
      // The confirmation shows on the case page (it never did: the redirect carried nothing).
      const page = await session.get(String(sent.headers.location));
      expect(page.body).toContain(
        'Acknowledgement sent to Alex Example. Next: record the issues of the complaint.',
      );
    });

    it('records an acknowledgement given by phone, with the date and what was said, as correspondence', async () => {
      const c = await newComplaint({
        complainant: {
          name: 'Phone Person',
          phone: '01632 960 001',
          email: 'p@example.com',
          preferredContact: 'phone',
        },
      });
      const session = await ctx.session('complaints-handler');
      const url = paths.complaints.event(c.reference, 'acknowledge');
      const page = await session.get(url);
      expect(page.body).toContain('asked to be contacted by phone');
      const blank = await session.post(url, {});
      expect(blank.statusCode).toBe(400);
      expect(blank.body).toContain('Select how you told them');
      expect(blank.body).toContain('Enter the date you told them');
      expect(blank.body).toContain('Enter what you told them');
      expect((await reload(c)).acknowledged_on).toBeNull();
      // Received Monday 2 November 2026; told by phone on Wednesday 4 November.
      const told = await session.post(url, {
        channel: 'phone',
        'date-day': '4',
        'date-month': '11',
        'date-year': '2026',
        body: 'Explained the timescales and gave our number.',
      });
      expect(told.statusCode, told.body).toBe(303);
      const after = await reload(c);
      expect(after.status).toBe('acknowledged');
      expect(after.acknowledged_on).toBe('2026-11-04');
      const [row] = await db()
        .selectFrom('correspondence')
        .selectAll()
        .where('complaint_id', '=', c.id)
        .execute();
      expect(row).toMatchObject({
        direction: 'outbound',
        channel: 'phone',
        template_key: 'acknowledgement',
        body: 'Explained the timescales and gave our number.',
      });
      const ack = (await events(c)).find((e) => e.type === 'acknowledge');
      expect(ack?.occurred_on).toBe('2026-11-04');
      expect(ack?.detail).toMatchObject({ how: 'phone' });
    });

    it('after escalation goes straight to the stage 2 acknowledgement, whose sending acknowledges stage 2', async () => {
      const c = await newComplaint();
      const session = await ctx.session('complaints-handler');
      const escalate = await session.post(paths.complaints.event(c.reference, 'escalate'), {
        reason: 'Serious',
      });
      expect(escalate.statusCode).toBe(303);
      expect(escalate.headers.location).toBe(
        `${paths.complaints.letter(c.reference, 'stage2-acknowledgement')}?after=escalate`,
      );
      expect((await reload(c)).stage2_acknowledged_on).toBeNull();
      await session.post(paths.complaints.letter(c.reference, 'stage2-acknowledgement'), {
        subject: 'Your complaint is being investigated',
        body: 'Dear Alex\n\nWe are investigating.',
      });
      expect((await reload(c)).stage2_acknowledged_on).toBe(ctx.services.today());
    });

    it('the API acknowledge event still records an acknowledgement sent by the integration itself', async () => {
      const c = await newComplaint();
      const token = await ctx.apiToken('complaints-handler');
      const response = await api('POST', `/api/v1/complaints/${c.reference}/events`, token, {
        type: 'acknowledge',
        occurredOn: '2026-11-03',
        note: 'Letter sent by our case system',
      });
      expect(response.statusCode, response.body).toBe(200);
      expect((await reload(c)).acknowledged_on).toBe('2026-11-03');
    });
  });

  describe('response and sign-off', () => {
    it('refuses to submit while an issue has no outcome, naming it, and changes nothing', async () => {
      const c = await escalated();
      await withIssues(c);
      const session = await ctx.session('complaints-handler');
      const url = paths.complaints.event(c.reference, 'submit-response');
      const page = await session.get(url);
      expect(page.body).toContain('issue 2 (Parking charges)');
      const refused = await session.post(url, { outcome: 'upheld', response: WRITTEN });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain(
        'Record an outcome for issue 2 (Parking charges) before you submit the response for sign-off',
      );
      expect((await reload(c)).status).toBe('investigating');
      expect(await drafts(c)).toHaveLength(0);
      // The API refuses the same way.
      const token = await ctx.apiToken('complaints-handler');
      const byApi = await api('POST', `/api/v1/complaints/${c.reference}/events`, token, {
        type: 'submit-response',
        outcome: 'upheld',
        response: WRITTEN,
      });
      expect(byApi.statusCode).toBe(422);
      expect(byApi.body).toContain('issue 2 (Parking charges)');
    });

    it('drafts the response from the outcomes and findings, and submits it as the handler edited it', async () => {
      const c = await escalated();
      const { second } = await withIssues(c);
      await ctx.services.caseRecords.recordIssueOutcome(handler(), c.reference, second, {
        outcome: 'not-upheld',
        findings: 'The charges were shown at the entrance.',
      });
      await ctx.services.caseRecords.addRemedy(handler(), c.reference, {
        kind: 'apology',
        description: 'A written apology from the ward manager.',
      });
      const session = await ctx.session('complaints-handler');
      const url = paths.complaints.event(c.reference, 'submit-response');
      const page = await session.get(url);
      // One upheld and one not upheld: partly upheld, offered as the complaint's outcome.
      expect(page.body).toMatch(/value="partly-upheld" checked/);
      const draft = /<textarea[^>]*name="response"[^>]*>([\s\S]*?)<\/textarea>/.exec(page.body)?.[1] ?? '';
      expect(draft).toContain('Our decision is that your complaint is partly upheld.');
      expect(draft).toContain(
        'Waiting time: upheld.\nThe triage nurse was called away and no one updated the board.',
      );
      expect(draft).toContain('Parking charges: not upheld.\nThe charges were shown at the entrance.');
      expect(draft).toContain('- An apology: A written apology from the ward manager.');
      expect(draft).not.toContain('[To complete: what we found]');
      // The signature belongs to whoever approves it.
      expect(draft).not.toContain('Yours sincerely');
      const unfinished = await session.post(url, { outcome: 'partly-upheld', response: draft });
      expect(unfinished.statusCode).toBe(400);
      expect(unfinished.body).toContain('The response has parts marked');
      const submitted = await session.post(url, { outcome: 'partly-upheld', response: WRITTEN });
      expect(submitted.statusCode, submitted.body).toBe(303);
      const [row] = await drafts(c);
      expect(row).toMatchObject({ version: 1, status: 'submitted', body: WRITTEN });
      expect((await reload(c)).status).toBe('response-drafted');
    });

    it('shows the draft read-only to the responsible person, who returns it with comments the handler sees', async () => {
      const c = await escalated();
      await ctx.services.lifecycle.applyEvent(handler(), c.reference, 'submit-response', {
        outcome: 'upheld',
        response: WRITTEN,
      });
      const responsible = await ctx.session('responsible-person');
      const url = paths.complaints.event(c.reference, 'sign-off');
      const page = await responsible.get(url);
      expect(page.body).toContain('We read the records and spoke to the staff on duty.');
      expect(page.body).not.toMatch(/<textarea[^>]*name="response"/);
      expect(page.body).toContain('Return with comments');
      const noChoice = await responsible.post(url, {});
      expect(noChoice.statusCode).toBe(400);
      expect(noChoice.body).toContain('Select whether you approve the response or return it with comments');
      const noComments = await responsible.post(url, { decision: 'return', comments: ' ' });
      expect(noComments.statusCode).toBe(400);
      expect(noComments.body).toContain('Enter your comments');
      expect((await reload(c)).status).toBe('response-drafted');
      const returned = await responsible.post(url, {
        decision: 'return',
        comments: 'Say which records were read.',
      });
      expect(returned.statusCode, returned.body).toBe(303);
      expect((await reload(c)).status).toBe('investigating');
      expect((await drafts(c))[0]).toMatchObject({
        status: 'returned',
        comments: 'Say which records were read.',
      });
      const handlerSession = await ctx.session('complaints-handler');
      const casePage = await handlerSession.get(paths.complaints.show(c.reference));
      expect(casePage.body).toContain('Say which records were read.');
      const submitPage = await handlerSession.get(paths.complaints.event(c.reference, 'submit-response'));
      expect(submitPage.body).toContain('Say which records were read.');
      // The returned text is where the handler starts again.
      expect(submitPage.body).toContain('We read the records and spoke to the staff on duty.');
    });

    it('sends the final response exactly as approved, and a change after approval needs a new sign-off', async () => {
      const c = await escalated();
      await ctx.services.lifecycle.applyEvent(handler(), c.reference, 'submit-response', {
        outcome: 'upheld',
        response: WRITTEN,
      });
      const responsible = await ctx.session('responsible-person');
      const approved = await responsible.post(paths.complaints.event(c.reference, 'sign-off'), {
        decision: 'approve',
      });
      expect(approved.statusCode).toBe(303);
      const [row] = await drafts(c);
      const name = ctx.users['responsible-person'].name;
      expect(row?.approved_body).toBe(
        `${WRITTEN}\n\nYours sincerely\n\n${name}\nResponsible person\nTest NHS Trust`,
      );
      const session = await ctx.session('complaints-handler');
      const url = paths.complaints.letter(c.reference, 'final-response');
      const changed = await session.post(url, { subject: 'Our final response', body: 'Something else' });
      expect(changed.statusCode).toBe(400);
      expect(changed.body).toContain('must be sent exactly as it was signed off');

      // Changing it after approval: back to waiting for sign-off, recorded in the timeline.
      const resubmitted = await session.post(paths.complaints.event(c.reference, 'submit-response'), {
        outcome: 'upheld',
        response: `${WRITTEN}\n\nWe have also changed the signs.`,
      });
      expect(resubmitted.statusCode, resubmitted.body).toBe(303);
      const after = await reload(c);
      expect(after.status).toBe('response-drafted');
      expect(after.signed_off_by).toBeNull();
      const last = (await events(c)).filter((e) => e.type === 'submit-response').at(-1);
      expect(last).toMatchObject({ from_status: 'signed-off', to_status: 'response-drafted' });
      expect(last?.detail).toMatchObject({ version: 2, changedAfterApproval: true });
      expect((await session.get(url)).statusCode).toBe(409);

      await responsible.post(paths.complaints.event(c.reference, 'sign-off'), { decision: 'approve' });
      const sent = await session.post(url, { subject: 'Our final response' });
      expect(sent.statusCode, sent.body).toBe(303);
      const [letter] = await db()
        .selectFrom('correspondence')
        .selectAll()
        .where('complaint_id', '=', c.id)
        .where('template_key', '=', 'final-response')
        .execute();
      const [, second] = await drafts(c);
      expect(letter?.body).toBe(second?.approved_body);
      expect(letter?.body).toContain('We have also changed the signs.');
    });

    it('applies the same rules on the API: submit with a response, return needs comments', async () => {
      const c = await escalated();
      const handlerToken = await ctx.apiToken('complaints-handler');
      const events = `/api/v1/complaints/${c.reference}/events`;
      const derived = await api('POST', events, handlerToken, { type: 'submit-response', outcome: 'upheld' });
      // The default template's draft has parts to write, so the integration sends its own text.
      expect(derived.statusCode).toBe(422);
      expect(derived.body).toContain('[To complete');
      const submitted = await api('POST', events, handlerToken, {
        type: 'submit-response',
        outcome: 'upheld',
        response: WRITTEN,
      });
      expect(submitted.statusCode, submitted.body).toBe(200);
      expect(JSON.parse(submitted.body).response).toMatchObject({
        version: 1,
        status: 'submitted',
        text: WRITTEN,
      });
      const token = await ctx.apiToken('responsible-person');
      const noComments = await api('POST', events, token, { type: 'return-response' });
      expect(noComments.statusCode).toBe(422);
      expect(noComments.body).toContain('Enter your comments');
      const returned = await api('POST', events, token, {
        type: 'return-response',
        reason: 'Add the dates.',
      });
      expect(returned.statusCode).toBe(200);
      expect(JSON.parse(returned.body).response).toMatchObject({
        status: 'returned',
        comments: 'Add the dates.',
      });
    });
  });

  describe('letters follow the person', () => {
    it('defaults the channel to their preference, warns when it is phone, and records each adjustment as met', async () => {
      const c = await newComplaint({
        complainant: {
          name: 'Sam Print',
          email: 'sam@example.com',
          phone: '01632 960 002',
          address: '2 Low Road\nLeeds\nLS2 2BB',
          preferredContact: 'post',
        },
        adjustments: 'Large print please, and an interpreter for Polish',
      });
      const session = await ctx.session('complaints-handler');
      const url = paths.complaints.letter(c.reference, 'acknowledgement');
      const page = await session.get(url);
      expect(page.body).toMatch(/value="yes" checked/);
      expect(page.body).toContain('Large print please, and an interpreter for Polish');
      expect(page.body).toContain('Does this letter meet their request for large print?');
      expect(page.body).toContain('Does this letter meet their request for an interpreter or translation?');
      const letter = { subject: 'We have received your complaint', body: 'Dear Sam\n\nThank you.' };
      const unanswered = await session.post(url, { ...letter, byPost: 'yes' });
      expect(unanswered.statusCode).toBe(400);
      expect(unanswered.body).toContain('Select whether this letter meets their request for large print');
      const noReason = await session.post(url, {
        ...letter,
        byPost: 'yes',
        'adjustment-large-print': 'yes',
        'adjustment-interpreter': 'no',
      });
      expect(noReason.body).toContain('Say why this letter does not meet their request for an interpreter');
      expect((await reload(c)).acknowledged_on).toBeNull();
      const sent = await session.post(url, {
        ...letter,
        byPost: 'yes',
        'adjustment-large-print': 'yes',
        'adjustment-interpreter': 'no',
        'adjustment-interpreter-reason': 'Booked for the call on Friday',
      });
      expect(sent.statusCode, sent.body).toBe(303);
      const [row] = await db()
        .selectFrom('correspondence')
        .selectAll()
        .where('complaint_id', '=', c.id)
        .execute();
      expect(row?.channel).toBe('letter');
      const met = [
        { kind: 'large-print', met: true, reason: null },
        { kind: 'interpreter', met: false, reason: 'Booked for the call on Friday' },
      ];
      expect(row?.adjustments).toEqual(met);
      const [audit] = await db()
        .selectFrom('audit_log')
        .selectAll()
        .where('complaint_id', '=', c.id)
        .where('action', '=', 'complaint.correspondence.send')
        .execute();
      expect(audit?.detail).toMatchObject({ adjustments: met });
      // The printable copy opens in large print.
      const printable = await session.get(String(sent.headers.location));
      expect(printable.body).toContain('app-letter--large');
      expect(printable.body).toContain('Not met: Booked for the call on Friday');
    });

    it('warns when they asked for phone contact', async () => {
      const c = await newComplaint({
        complainant: {
          name: 'Phone Person',
          email: 'p@example.com',
          phone: '01632 960 001',
          preferredContact: 'phone',
        },
      });
      const session = await ctx.session('complaints-handler');
      const page = await session.get(paths.complaints.letter(c.reference, 'acknowledgement'));
      expect(page.body).toContain(
        'They asked to be contacted by phone: call them, then record the call, or send this letter if they agreed.',
      );
      expect(page.body).toContain('Record an acknowledgement given by phone');
    });
  });
});
