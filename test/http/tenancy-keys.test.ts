import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintInput, createTestApp, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

/** The database itself refuses a row of one organisation that points at a row of another (0004-tenancy-keys). */
describe.each(databaseKinds())('composite keys on %s', (kind) => {
  let ctx: TestContext;
  let other: string;
  let theirComplaint: string;
  let theirService: string;
  let ourComplaint: string;

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    const db = ctx.services.database.db;
    other = (
      await ctx.services.organisations.create({
        name: 'Other Trust',
        slug: 'other-trust',
        division: 'england-and-wales',
        preset: 'nhs-england',
      })
    ).id;
    theirComplaint = (await ctx.services.intake.create(other, complaintInput(), null)).id;
    ourComplaint = (await ctx.services.intake.create(ctx.organisationId, complaintInput(), null)).id;
    theirService = randomUUID();
    await db
      .insertInto('services')
      .values({ id: theirService, organisation_id: other, name: 'Their ward', kind: 'service' })
      .execute();
  });
  afterAll(async () => ctx?.close());

  const refused = async (write: () => Promise<unknown>) => {
    const error = await write().then(
      () => null,
      (e: { code?: string }) => e,
    );
    expect(error?.code).toBe('23503');
  };

  it('refuses a note of ours on their complaint', async () => {
    await refused(() =>
      ctx.services.database.db
        .insertInto('complaint_notes')
        .values({
          id: randomUUID(),
          organisation_id: ctx.organisationId,
          complaint_id: theirComplaint,
          author_id: null,
          body: 'x',
        })
        .execute(),
    );
  });

  it('refuses our complaint pointing at their service or their people', async () => {
    await refused(() =>
      ctx.services.database.db
        .updateTable('complaints')
        .set({ service_id: theirService })
        .where('id', '=', ourComplaint)
        .execute(),
    );
    const theirUser = (
      await ctx.services.auth.createUser(
        other,
        { name: 'Their Handler', email: 'handler@other.example', role: 'complaints-handler' },
        null,
      )
    ).user.id;
    await refused(() =>
      ctx.services.database.db
        .updateTable('complaints')
        .set({ handler_id: theirUser })
        .where('id', '=', ourComplaint)
        .execute(),
    );
  });

  it('refuses a remedy for an issue of another organisation’s complaint', async () => {
    const issue = randomUUID();
    await ctx.services.database.db
      .insertInto('complaint_issues')
      .values({
        id: issue,
        organisation_id: other,
        complaint_id: theirComplaint,
        summary: 'x',
        service_id: null,
        outcome: null,
        findings: null,
      })
      .execute();
    await refused(() =>
      ctx.services.database.db
        .insertInto('complaint_remedies')
        .values({
          id: randomUUID(),
          organisation_id: ctx.organisationId,
          complaint_id: ourComplaint,
          issue_id: issue,
          kind: 'apology',
          amount_pence: null,
          description: 'x',
        })
        .execute(),
    );
  });
});
