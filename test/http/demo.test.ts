import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoClock, type DemoResult, runDemo } from '../../scripts/demo.ts';
import { planComplaints } from '../../scripts/demo-data/plan.ts';
import { Random } from '../../scripts/demo-data/random.ts';
import type { Actor } from '../../src/auth/roles.ts';
import { addCalendarMonths, ukDateOf } from '../../src/domain/calendar/index.ts';
import { STATUSES } from '../../src/domain/lifecycle/index.ts';
import { createTestApp, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

describe.each(databaseKinds())('demo data on %s', (kind) => {
  let ctx: TestContext;
  let result: DemoResult;
  const clock = new DemoClock();

  beforeAll(async () => {
    ctx = await createTestApp(kind, { now: clock.now });
    // As on a first start: no complaints team details yet.
    await ctx.services.database.db
      .updateTable('organisations')
      .set({
        complaints_team_name: null,
        complaints_team_phone: null,
        contact_email: null,
        complaints_team_address: null,
      })
      .where('id', '=', ctx.organisationId)
      .execute();
    result = await runDemo({ services: ctx.services, clock, count: 60, seed: 1 });
    // About 600 service calls: generous, for a busy machine.
  }, 180_000);
  afterAll(async () => ctx?.close());

  const handler = (): Actor => ({
    kind: 'user',
    id: ctx.users['complaints-handler'].id,
    userId: ctx.users['complaints-handler'].id,
    organisationId: ctx.organisationId,
    role: 'complaints-handler',
    label: 'Test handler',
  });

  it('adds the complaints asked for to the first organisation, in every status', async () => {
    expect(result.skipped).toBe(false);
    expect(result.created).toBe(60);
    expect(result.organisation.id).toBe(ctx.organisationId);
    const rows = await ctx.services.database.db
      .selectFrom('complaints')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('organisation_id', '=', ctx.organisationId)
      .groupBy('status')
      .execute();
    const present = new Set(rows.map((r) => r.status));
    for (const status of STATUSES) expect(present, `status ${status}`).toContain(status);
    expect(rows.reduce((sum, r) => sum + Number(r.n), 0)).toBe(60);
    for (const status of STATUSES) expect(result.byStatus[status]).toBeGreaterThan(0);
  });

  it('gives every complaint its history of events, back-dated over the last two years', async () => {
    const { db } = ctx.services.database;
    const withoutEvents = await db
      .selectFrom('complaints')
      .select('reference')
      .where('organisation_id', '=', ctx.organisationId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('complaint_events')
              .select('complaint_events.id')
              .whereRef('complaint_events.complaint_id', '=', 'complaints.id'),
          ),
        ),
      )
      .execute();
    expect(withoutEvents).toEqual([]);
    const span = await sql<{ first: string; last: string; events: number }>`
      select min(occurred_on)::text as first, max(occurred_on)::text as last, count(*)::int as events
      from complaint_events where organisation_id = ${ctx.organisationId}`.execute(db);
    const today = ukDateOf(new Date());
    const row = span.rows[0];
    expect(row?.first && row.first >= addCalendarMonths(today, -24)).toBe(true);
    expect(row?.first && row.first < addCalendarMonths(today, -12)).toBe(true);
    expect(row?.last && row.last <= today).toBe(true);
    expect(Number(row?.events)).toBeGreaterThan(60 * 3);
  });

  it('records the case work: handlers, investigators, issues, remedies, extensions and reopened cases', async () => {
    const { db } = ctx.services.database;
    const count = async (table: 'complaint_issues' | 'complaint_remedies' | 'complaint_extensions') => {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organisation_id', '=', ctx.organisationId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    expect(await count('complaint_issues')).toBeGreaterThan(0);
    expect(await count('complaint_remedies')).toBeGreaterThan(0);
    const investigated = await db
      .selectFrom('complaints')
      .select('reference')
      .where('organisation_id', '=', ctx.organisationId)
      .where('investigator_id', 'is not', null)
      .execute();
    expect(investigated.length).toBeGreaterThan(0);
    const signedOff = await db
      .selectFrom('complaint_events')
      .innerJoin('users', 'users.id', 'complaint_events.actor_id')
      .select('users.role')
      .where('complaint_events.organisation_id', '=', ctx.organisationId)
      .where('complaint_events.type', '=', 'sign-off')
      .execute();
    expect(signedOff.length).toBeGreaterThan(0);
    for (const event of signedOff) expect(['responsible-person', 'senior-leader']).toContain(event.role);
  });

  it('fills in the complaints team, so an acknowledgement has nothing left to write', async () => {
    const org = await ctx.services.organisations.get(ctx.organisationId);
    expect(org).toMatchObject({
      complaints_team_name: 'Patient Advice and Complaints Team',
      contact_email: 'complaints@test-trust.example',
      nation: 'england',
      sector: 'nhs',
    });
    const { reference } = await ctx.services.database.db
      .selectFrom('complaints')
      .select('reference')
      .where('organisation_id', '=', ctx.organisationId)
      .where('status', '=', 'received')
      .where('stage', '=', 1)
      .limit(1)
      .executeTakeFirstOrThrow();
    const draft = await ctx.services.correspondence.preview(handler(), reference, 'acknowledgement');
    expect(draft.missing).toEqual([]);
    expect(draft.body).toContain('Telephone: 0113 496 0123');
  });

  it('leaves at least one case overdue on the worklist', async () => {
    expect(result.overdue).toBeGreaterThan(0);
    const overdue = await ctx.services.worklist.worklist(handler(), { overdue: true }, 1, 25);
    expect(overdue.total).toBeGreaterThan(0);
    for (const item of overdue.items) expect(item.state).toBe('overdue');
  });

  it('lets a demo user sign in with the password it generated', async () => {
    expect(result.password).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    const demoHandler = result.users.find((u) => u.role === 'complaints-handler');
    expect(demoHandler).toBeDefined();
    const session = ctx.anonymous();
    await session.signIn(demoHandler?.email as string, result.password as string);
    const home = await session.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain(demoHandler?.name);
  });

  it('adds nothing when run again without --force', async () => {
    const again = await runDemo({ services: ctx.services, clock, count: 60, seed: 1 });
    expect(again.skipped).toBe(true);
    expect(again.created).toBe(0);
    expect(again.existingComplaints).toBe(60);
    expect(again.password).toBeNull();
  });

  it('plans the same complaints from the same seed', async () => {
    const { calendar } = await ctx.services.calendars.forOrganisation(ctx.organisationId);
    const latest = new Date('2026-06-01T12:00:00Z');
    const plan = () =>
      planComplaints(new Random(7), 40, '2026-06-01', latest, calendar).map((p) => [
        p.receivedAt.toISOString(),
        p.target,
        p.story.description,
      ]);
    expect(plan()).toEqual(plan());
  });
});
