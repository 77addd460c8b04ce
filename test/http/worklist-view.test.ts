import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, complaintInput, createTestApp, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';
import { linksOf } from '../support/html.ts';

describe.each(databaseKinds())('the worklist as a page on %s', (kind) => {
  let ctx: TestContext;
  let reference: string;

  beforeAll(async () => {
    ctx = await createTestApp(kind, { now: () => new Date('2026-11-25T10:00:00Z') });
    const c = await ctx.services.intake.create(
      ctx.organisationId,
      complaintInput({
        receivedAt: '2026-09-14T10:00:00Z',
        complainant: { name: 'Priya Patel', email: 'p@example.com' },
      }),
      null,
    );
    reference = c.reference;
    // Due Fri 19 Dec 2025, read Wed 25 Nov 2026: long overdue, as the walk-through found one.
    await ctx.services.database.db
      .updateTable('complaints')
      .set({ next_due_on: '2025-12-19', next_due_kind: 'respond', stage: 2, stage2_started_on: '2025-11-01' })
      .where('id', '=', c.id)
      .execute();
  });
  afterAll(async () => ctx?.close());

  it('says what is next and how overdue, with short dates and five columns', async () => {
    const session = await ctx.session('complaints-handler');
    const html = (await session.get('/complaints')).body;
    // After 19 Dec 2025 up to 25 Nov 2026: 243 weekdays, less 8 bank holidays on weekdays (25 and 26 Dec,
    // 1 Jan, 3 and 6 Apr, 4 and 25 May, 31 Aug) = 235 working days.
    expect(html).toContain('Send final response, 235 working days overdue');
    expect(html).toContain('14 Sept 2026');
    expect(html).not.toContain('14 September 2026');
    expect(html.match(/<th scope="col"/g)).toHaveLength(5);
    expect(html).toContain('app-width-container--wide');
    expect(html).toContain(reference);
  });

  it('shows selected filters as tags, each a link to the list without it, and a link that clears them', async () => {
    const session = await ctx.session('complaints-handler');
    const html = (
      await session.get('/complaints?overdue=yes&stage=2&status=investigating&status=received&q=Patel')
    ).body;
    const links = linksOf(html);
    expect(html).toContain('Selected filters');
    const tag = (label: string) => links.find((l) => l.text === `Remove filter ${label}`)?.href;
    expect(tag('Overdue')).toBe('/complaints?q=Patel&stage=2&status=investigating&status=received');
    expect(tag('Stage 2')).toBe('/complaints?q=Patel&overdue=yes&status=investigating&status=received');
    expect(tag('Reference or name: Patel')).toBe(
      '/complaints?stage=2&overdue=yes&status=investigating&status=received',
    );
    expect(tag('Status: Received')).toBe('/complaints?q=Patel&stage=2&overdue=yes&status=investigating');
    expect(links).toContainEqual({ text: 'Clear filters', href: '/complaints' });
    // Following a tag's link removes that filter only.
    const after = (await session.get(tag('Overdue') as string)).body;
    expect(linksOf(after).map((l) => l.text)).not.toContain('Remove filter Overdue');
    expect(linksOf(after).map((l) => l.text)).toContain('Remove filter Stage 2');
  });

  it('shows no selected filters on the list as it opens', async () => {
    const session = await ctx.session('complaints-handler');
    const html = (await session.get('/complaints')).body;
    expect(html).not.toContain('Selected filters');
  });

  it('offers only people who handle cases in the handler filter, not the administrator', async () => {
    const session = await ctx.session('complaints-manager');
    const html = (await session.get('/complaints')).body;
    const select = /<select[^>]*id="handler"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
    expect(select).toContain(ctx.users['complaints-handler'].name);
    expect(select).toContain(ctx.users['complaints-manager'].name);
    expect(select).not.toContain(ctx.users.administrator.name);
    expect(select).not.toContain(ctx.users.investigator.name);
  });
});

describe.each(databaseKinds())('the count of open cases the database keeps on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(kind, { now: () => new Date('2026-11-25T10:00:00Z') });
  });
  afterAll(async () => ctx?.close());

  async function expectExact(expected: number) {
    const db = ctx.services.database.db;
    const counted = await db
      .selectFrom('complaints')
      .where('organisation_id', '=', ctx.organisationId)
      .where('next_due_on', 'is not', null)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(counted.n)).toBe(expected);
    expect(await ctx.services.worklist.repository.openCount(ctx.organisationId)).toBe(expected);
    const page = await ctx.services.worklist.worklist(actorFor(ctx, 'complaints-handler'), {});
    expect(page.total).toBe(expected);
  }

  /** Deletes a case and every row that refers to it, as a retention job would. */
  async function remove(id: string) {
    const db = ctx.services.database.db;
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.columns
      where table_schema = current_schema() and column_name = 'complaint_id'`.execute(db);
    for (const { table_name } of rows)
      await sql`delete from ${sql.table(table_name)} where complaint_id = ${id}`.execute(db);
    await sql`delete from complaints where id = ${id}`.execute(db);
  }

  it('stays exact through creating, finishing, reopening, bulk updates and deleting', async () => {
    const handler = actorFor(ctx, 'complaints-handler');
    await expectExact(0);
    const made = [];
    for (let i = 0; i < 4; i++)
      made.push(await ctx.services.intake.create(ctx.organisationId, complaintInput(), handler));
    await expectExact(4);
    const [first, second, third] = made;
    await ctx.services.lifecycle.applyEvent(handler, first?.reference as string, 'withdraw', {
      reason: 'Sorted',
    });
    await expectExact(3);
    await ctx.services.lifecycle.applyEvent(handler, first?.reference as string, 'reopen', {
      reason: 'Back',
    });
    await expectExact(4);
    // Any write that does not change whether a case is open leaves the count alone.
    await ctx.services.database.db
      .updateTable('complaints')
      .set({ next_due_on: sql`next_due_on + 1` })
      .where('organisation_id', '=', ctx.organisationId)
      .execute();
    await expectExact(4);
    // A change made outside the services (a job, a migration, by hand) is counted too, in both directions.
    await ctx.services.database.db
      .updateTable('complaints')
      .set({ next_due_on: null, next_due_kind: null, status: 'closed' })
      .where('id', 'in', [second?.id as string, third?.id as string])
      .execute();
    await expectExact(2);
    await remove(first?.id as string);
    await expectExact(1);
    await remove(second?.id as string);
    await expectExact(1);
  });
});
