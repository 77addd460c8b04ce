import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintSchema, validationErrorSchema } from '../support/api-schemas.ts';
import { complaintInput, createTestApp, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

/**
 * The procedure's rules, each with an example worked by hand from its source (docs/sources.md). The test
 * organisation follows the NHS England preset, in England; a second one follows the SPSO model, in Scotland.
 */
describe.each(databaseKinds())('complaint rules on %s', (kind) => {
  let ctx: TestContext;
  let token: string;
  let scottishToken: string;

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    token = await ctx.apiToken('complaints-manager');
    const scottish = await ctx.services.organisations.create({
      name: 'Example Health Board',
      slug: 'example-board',
      division: 'scotland',
      preset: 'spso',
    });
    scottishToken = (
      await ctx.services.apiTokens.create(scottish.id, 'complaints-manager', 'spso test', null)
    ).token;
  });
  afterAll(async () => ctx?.close());

  const api = (method: 'GET' | 'POST', url: string, payload?: unknown, as = token) =>
    ctx.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${as}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  async function create(overrides: Record<string, unknown> = {}, as = token) {
    const response = await api('POST', '/api/v1/complaints', complaintInput(overrides), as);
    expect(response.statusCode, response.body).toBe(201);
    return complaintSchema.parse(response.json());
  }

  const event = (reference: string, body: Record<string, unknown>, as = token) =>
    api('POST', `/api/v1/complaints/${reference}/events`, body, as);

  async function applied(reference: string, body: Record<string, unknown>, as = token) {
    const response = await event(reference, body, as);
    expect(response.statusCode, response.body).toBe(200);
    return complaintSchema.parse(response.json());
  }

  const row = (reference: string) =>
    ctx.services.database.db
      .selectFrom('complaints')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();

  describe('resolving without an acknowledgement (NHS regulation 8)', () => {
    const resolve = {
      type: 'resolve-stage1',
      outcome: 'upheld',
      summary: 'Sorted on the phone',
      satisfied: 'yes',
    };

    it('is allowed by the end of the next working day after receipt', async () => {
      // Received Friday 6 November 2026: the next working day is Monday 9 November.
      const { reference } = await create({ receivedAt: '2026-11-06T15:00:00Z' });
      const resolved = await applied(reference, { ...resolve, occurredOn: '2026-11-09' });
      expect(resolved).toMatchObject({ status: 'resolved', deadlines: { acknowledgedOn: null } });
    });

    it('is refused after it, with the date, and nothing changes', async () => {
      const { reference } = await create({ receivedAt: '2026-11-06T15:00:00Z' });
      const before = await row(reference);
      const refused = await event(reference, { ...resolve, occurredOn: '2026-11-10' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().message).toContain(
        'by the end of the next working day after it was received (9 November 2026)',
      );
      expect(await row(reference)).toEqual(before);
      const created = await api('GET', `/api/v1/complaints/${reference}`);
      expect(complaintSchema.parse(created.json()).allowedEvents).not.toContain('resolve-stage1');
    });
  });

  describe('the SPSO model', () => {
    it('does not acknowledge stage 1, counts the day of receipt as day 1, and caps the stage 1 extension at 10 days', async () => {
      // Received Monday 2 November 2026 in Scotland: Mon 2 (1) … Fri 6 (5); 10 in all: Fri 13 November.
      const created = await create({ receivedAt: '2026-11-02T10:00:00Z' }, scottishToken);
      expect(created.deadlines).toMatchObject({
        acknowledgeBy: null,
        stageDueBy: '2026-11-06',
        nextDueOn: '2026-11-06',
        nextDueKind: 'respond',
        outerLimitBy: null,
      });
      expect(created.allowedEvents).not.toContain('acknowledge');
      expect(created.allowedEvents[0]).toBe('resolve-stage1');
      const refused = await event(created.reference, { type: 'acknowledge' }, scottishToken);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().message).toContain('not acknowledged under this procedure');
      const tooLong = await event(
        created.reference,
        { type: 'extend', reason: 'Records', newDueDate: '2026-11-16', complainantToldOn: '2026-11-05' },
        scottishToken,
      );
      expect(tooLong.statusCode).toBe(422);
      expect(validationErrorSchema.parse(tooLong.json()).errors).toEqual([
        {
          field: 'newDueDate',
          message: 'Stage 1 can be extended to 10 working days in all: the latest date is 13 November 2026',
        },
      ]);
      // A manager's own token may authorise; a role token is nobody, so it names who did.
      const ok = await event(
        created.reference,
        { type: 'extend', reason: 'Records', newDueDate: '2026-11-13', complainantToldOn: '2026-11-05' },
        scottishToken,
      );
      expect(validationErrorSchema.parse(ok.json()).errors[0]?.field).toBe('authorisedBy');
    });

    it('acknowledges stage 2 within 3 working days of escalation, and that deadline leads the worklist', async () => {
      const created = await create({ receivedAt: '2026-11-02T10:00:00Z' }, scottishToken);
      // Asked for stage 2 on Monday 9 November: Mon 9 (1), Tue 10 (2), Wed 11 (3). 20 days: 9–13 (5),
      // 16–20 (10), 23–27 (15), Monday 30 November is St Andrew's Day, 1–4 December (19), Monday 7 (20).
      const escalated = await applied(
        created.reference,
        { type: 'escalate', reason: 'Complex', requestedOn: '2026-11-09' },
        scottishToken,
      );
      expect(escalated.deadlines).toMatchObject({
        stage2AcknowledgeBy: '2026-11-11',
        stageDueBy: '2026-12-07',
        nextDueOn: '2026-11-11',
        nextDueKind: 'acknowledge-stage2',
      });
      const list = await api('GET', '/api/v1/complaints?stage=2', undefined, scottishToken);
      const item = list.json().items.find((i: { reference: string }) => i.reference === created.reference);
      expect(item.deadlines).toMatchObject({
        stage2AcknowledgeBy: '2026-11-11',
        nextDueKind: 'acknowledge-stage2',
      });
    });
  });

  describe('the NHS outer limit', () => {
    it('is the six months beginning with the day of receipt, part of the next deadline, and can be agreed longer before it passes', async () => {
      // Received Thursday 15 January 2026: the six months end on Tuesday 14 July 2026.
      const created = await create({ receivedAt: '2026-01-15T10:00:00Z' });
      expect(created.deadlines.outerLimitBy).toBe('2026-07-14');
      await applied(created.reference, { type: 'acknowledge', occurredOn: '2026-01-16' });
      await applied(created.reference, { type: 'escalate', reason: 'Serious', occurredOn: '2026-02-02' });
      const after = await row(created.reference);
      // Far past stage 2's own date, the outer limit has passed too; the stage date still comes first.
      expect(after.outer_limit_by).toBe('2026-07-14');
      const late = await event(created.reference, {
        type: 'agree-response-period',
        reason: 'Agreed on the phone',
        newLimitOn: '2026-12-31',
        agreedOn: '2026-07-20',
      });
      expect(late.statusCode).toBe(422);
      expect(validationErrorSchema.parse(late.json()).errors[0]).toEqual({
        field: 'agreedOn',
        message: expect.stringContaining('must be agreed before the current one ends (14 July 2026)'),
      });
      const agreed = await applied(created.reference, {
        type: 'agree-response-period',
        reason: 'Agreed on the phone: an independent clinical review is needed',
        newLimitOn: '2026-12-31',
        agreedOn: '2026-07-10',
      });
      expect(agreed.deadlines).toMatchObject({
        outerLimitBy: '2026-12-31',
        outerLimitAgreedOn: '2026-07-10',
      });
    });

    it('leads the worklist when it comes before the stage due date', async () => {
      // Received Monday 1 June 2026, escalated Monday 23 November: stage 2 due long after 30 November,
      // the last day of the six months.
      const created = await create({ receivedAt: '2026-06-01T10:00:00Z' });
      await applied(created.reference, { type: 'acknowledge', occurredOn: '2026-06-02' });
      await applied(created.reference, { type: 'escalate', reason: 'Serious', occurredOn: '2026-11-23' });
      const stage2 = await applied(created.reference, { type: 'acknowledge', occurredOn: '2026-11-23' });
      expect(stage2.deadlines).toMatchObject({
        outerLimitBy: '2026-11-30',
        nextDueOn: '2026-11-30',
        nextDueKind: 'outer-limit',
      });
    });
  });

  describe('the time limit for complaining', () => {
    it('flags a complaint made more than 12 months after becoming aware, and records discretion to accept it', async () => {
      const created = await create({ receivedAt: '2026-11-02T10:00:00Z', becameAwareOn: '2025-10-31' });
      expect(created.timeLimit).toEqual({ becameAwareOn: '2025-10-31', outOfTime: true, acceptedOn: null });
      expect(created.allowedEvents).toContain('accept-late');
      const accepted = await applied(created.reference, {
        type: 'accept-late',
        reason: 'They were in hospital for most of the year and it can still be looked into fairly.',
      });
      expect(accepted.timeLimit.acceptedOn).toBe(ctx.services.today());
      expect(accepted.allowedEvents).not.toContain('accept-late');
      const stored = await row(created.reference);
      expect(stored.late_accepted_reason).toContain('in hospital');
    });

    it('is in time on the same date twelve months on, and unknown awareness is never out of time', async () => {
      const inTime = await create({ receivedAt: '2026-11-02T10:00:00Z', becameAwareOn: '2025-11-02' });
      expect(inTime.timeLimit.outOfTime).toBe(false);
      const unknown = await create({ receivedAt: '2026-11-02T10:00:00Z' });
      expect(unknown.timeLimit).toEqual({ becameAwareOn: null, outOfTime: false, acceptedOn: null });
    });

    it('refuses a date of awareness after receipt or not a date, writing nothing', async () => {
      for (const [becameAwareOn, message] of [
        ['2026-11-03', 'cannot be after the complaint was received'],
        ['2026-02-30', 'real date'],
        ['last year', 'YYYY-MM-DD'],
      ] as const) {
        const response = await api('POST', '/api/v1/complaints', complaintInput({ becameAwareOn }));
        expect(response.statusCode, becameAwareOn).toBe(422);
        expect(validationErrorSchema.parse(response.json()).errors[0]?.message).toContain(message);
      }
    });

    it('closes an out-of-time complaint as not taken forward', async () => {
      const created = await create({ receivedAt: '2026-11-02T10:00:00Z', becameAwareOn: '2024-05-01' });
      const declined = await applied(created.reference, {
        type: 'decline',
        closureReason: 'out-of-time',
        reason: 'The events were in 2024 and the records are no longer available.',
      });
      expect(declined.status).toBe('not-taken-forward');
      expect((await row(created.reference)).closure_reason).toBe('out-of-time');
    });
  });
});
