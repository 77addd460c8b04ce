import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/modules/worklist/cursor.ts';
import { COUNT_CAP } from '../../src/modules/worklist/worklist-service.ts';
import { complaintListSchema, validationErrorSchema } from '../support/api-schemas.ts';
import { complaintInput, createTestApp, type TestContext, type TestSession } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

type ComplaintList = ReturnType<typeof complaintListSchema.parse>;

// 61 cases with many ties in the worklist order (next deadline, then newest received, then id), some open
// and some finished: paging by cursor must give every case once, in the same order as numbered pages.
const CASES = 60;

describe.each(databaseKinds())('worklist paging and counting on %s', (kind) => {
  let ctx: TestContext;
  let token: string;
  let handler: TestSession;

  beforeAll(async () => {
    ctx = await createTestApp(kind, { now: () => new Date('2026-11-25T10:00:00Z') });
    token = await ctx.apiToken('complaints-manager');
    handler = await ctx.session('complaints-handler');
    const model = await ctx.services.intake.create(
      ctx.organisationId,
      complaintInput({ receivedAt: '2026-11-02T10:00:00Z' }),
      null,
    );
    // Copies of one real complaint (so every column, whatever later migrations add, is filled), with
    // deadlines and dates that tie: three due dates, four received dates, a fifth of them finished.
    await copies(
      model.id,
      CASES,
      sql`
        reference = 'CMP-2025-' || lpad(g::text, 6, '0'),
        complainant_name = case when g % 7 = 0 then 'Priya Patel' else 'Sam Jones' end,
        status = case when g % 5 = 0 then 'closed' else 'acknowledged' end,
        acknowledged_on = received_on,
        next_due_on = case when g % 5 = 0 then null else date '2026-12-01' + (g % 3) end,
        received_on = date '2026-11-10' + (g % 4)`,
    );
  });
  afterAll(async () => ctx?.close());

  /** Inserts `count` copies of a complaint, numbered g = 1…count, with new ids and the given changes. */
  async function copies(modelId: string, count: number, changes: RawBuilder<unknown>) {
    await ctx.services.database.db.connection().execute(async (db) => {
      await sql`create temporary table copies as
        select c.*, g from complaints c, generate_series(1, ${count}::int) g where c.id = ${modelId}`.execute(
        db,
      );
      await sql`update copies set id = gen_random_uuid(), ${changes}`.execute(db);
      await sql`alter table copies drop column g`.execute(db);
      await sql`insert into complaints select * from copies`.execute(db);
      await sql`drop table copies`.execute(db);
    });
  }

  async function worklistOrder(which: 'open' | 'all' | 'closed'): Promise<string[]> {
    const only = {
      open: sql`and next_due_on is not null`,
      all: sql``,
      closed: sql`and status = 'closed'`,
    }[which];
    const result = await sql<{ reference: string }>`
      select reference from complaints where organisation_id = ${ctx.organisationId} ${only}
      order by next_due_on asc nulls last, received_on desc, id`.execute(ctx.services.database.db);
    return result.rows.map((r) => r.reference);
  }

  async function list(query: string): Promise<ComplaintList> {
    const response = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/complaints${query}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    return complaintListSchema.parse(response.json());
  }

  const refs = (page: ComplaintList) => page.items.map((i) => i.reference);

  /** Follows next to the end, then previous back to the start, checking page numbers on the way. */
  async function walk(filters: string) {
    const pages: ComplaintList[] = [await list(`?pageSize=7${filters}`)];
    for (let page = pages[0]; page?.next; ) {
      page = await list(`?pageSize=7${filters}&cursor=${page.next}`);
      pages.push(page);
      if (pages.length > 20) throw new Error('The cursors do not end');
    }
    const back: ComplaintList[] = [pages[pages.length - 1] as ComplaintList];
    for (let page = back[0]; page?.previous; ) {
      page = await list(`?pageSize=7${filters}&cursor=${page.previous}`);
      back.unshift(page);
      if (back.length > 20) throw new Error('The cursors do not end');
    }
    return { pages, back };
  }

  describe('the API', () => {
    it('goes through every case once by cursor, forwards and back, in worklist order', async () => {
      for (const [filters, which] of [
        ['&includeClosed=true', 'all'],
        ['', 'open'],
        ['&status=closed', 'closed'],
      ] as const) {
        const expected = await worklistOrder(which);
        const { pages, back } = await walk(filters);
        expect(pages.flatMap(refs), filters).toEqual(expected);
        expect(back.flatMap(refs), filters).toEqual(expected);
        expect(
          pages.map((p) => p.page),
          filters,
        ).toEqual(pages.map((_, i) => i + 1));
        expect(back.map((p) => p.page)).toEqual(pages.map((p) => p.page));
        expect(pages[0]?.previous).toBeNull();
        expect(pages[pages.length - 1]?.next).toBeNull();
        expect(pages.every((p) => p.total === expected.length && !p.totalCapped)).toBe(true);
      }
    });

    it('gives the same page by cursor as by number', async () => {
      const first = await list('?pageSize=7&includeClosed=true');
      const second = await list(`?pageSize=7&includeClosed=true&cursor=${first.next}`);
      const third = await list(`?pageSize=7&includeClosed=true&cursor=${second.next}`);
      expect(refs(await list('?pageSize=7&includeClosed=true&page=3'))).toEqual(refs(third));
      // A numbered page offers cursors too, so a client can switch to them at any page.
      const numbered = await list('?pageSize=7&includeClosed=true&page=2');
      expect(numbered.next).toBe(second.next);
      expect(refs(await list(`?pageSize=7&includeClosed=true&cursor=${numbered.previous}`))).toEqual(
        refs(first),
      );
    });

    it('shows the first page for a previous cursor with fewer cases before it than a page, as after changes', async () => {
      const first = await list('?pageSize=7');
      const third = first.items[2];
      if (!third) throw new Error('Too few cases');
      const [row] = await ctx.services.database.db
        .selectFrom('complaints')
        .select(['id', 'received_on', 'next_due_on'])
        .where('reference', '=', third.reference)
        .execute();
      if (!row) throw new Error('The case is missing');
      // Made when this case opened page 5; since then the cases before it have been closed or moved.
      const stale = encodeCursor({
        direction: 'before',
        key: { nextDueOn: row.next_due_on, receivedOn: row.received_on, id: row.id },
        page: 5,
      });
      const page = await list(`?pageSize=7&cursor=${stale}`);
      expect(page).toMatchObject({ page: 1, previous: null });
      expect(refs(page)).toEqual(refs(first));
    });

    it('refuses a cursor it did not make, or a cursor with a page number, with 422', async () => {
      const first = await list('?pageSize=7');
      const refused: [string, string][] = [
        ['?cursor=nonsense!', 'cursor is not valid'],
        [`?cursor=${first.next}x`, 'cursor is not valid'],
        [`?cursor=${Buffer.from('{"d":"a"}').toString('base64url')}`, 'cursor is not valid'],
        [`?cursor=${'a'.repeat(5000)}`, 'cursor is not valid'],
        [`?cursor=${first.next}&cursor=${first.next}`, 'cursor must be given once'],
        [`?page=2&cursor=${first.next}`, 'Give page or cursor, not both'],
      ];
      for (const [query, message] of refused) {
        const response = await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/complaints${query}`,
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.statusCode, query).toBe(422);
        const body = validationErrorSchema.parse(response.json());
        expect(body.errors.find((e) => e.field === 'cursor')?.message, query).toContain(message);
      }
    });

    it('documents the cursor, the capped total and the next and previous cursors', async () => {
      const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const operation = doc.paths['/api/v1/complaints'].get;
      expect(operation.parameters.map((p: { name: string }) => p.name)).toContain('cursor');
      const list = doc.components.schemas.ComplaintList;
      expect(Object.keys(list.properties)).toEqual(
        expect.arrayContaining(['total', 'totalCapped', 'next', 'previous', 'page']),
      );
      expect(list.properties.total.description).toContain('10,000');
    });
  });

  describe('the page', () => {
    const nextLink = (html: string) => /href="([^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    const previousLink = (html: string) =>
      /href="([^"]+)" rel="prev"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    const pageRefs = (html: string) =>
      [...html.matchAll(/href="\/complaints\/([A-Z]+-\d{4}-\d{6})"/g)].map((m) => m[1]);

    it('pages by next and previous links, without JavaScript, keeping the filters', async () => {
      const expected = await worklistOrder('all');
      let response = await handler.get('/complaints?includeClosed=yes');
      expect(response.body).toContain(`${expected.length} complaints, ordered by the next deadline.`);
      const seen: (string | undefined)[] = [...pageRefs(response.body)];
      const titles: string[] = [];
      for (let next = nextLink(response.body); next; next = nextLink(response.body)) {
        expect(next).toMatch(/^\/complaints\?includeClosed=yes&cursor=[A-Za-z0-9_-]+$/);
        response = await handler.get(next);
        expect(response.statusCode).toBe(200);
        titles.push(/<title>([^<]*)<\/title>/.exec(response.body)?.[1]?.trim() ?? '');
        seen.push(...pageRefs(response.body));
      }
      expect(seen).toEqual(expected);
      expect(titles[0]).toMatch(/^Complaints \(page 2 of 3\)/);
      expect(response.body).toContain('aria-current="page"');
      // Back from the last page: the previous link of page 2 is the list itself.
      const third = response.body;
      response = await handler.get(previousLink(third) as string);
      expect(pageRefs(response.body)).toEqual(expected.slice(25, 50));
      expect(previousLink(response.body)).toBe('/complaints?includeClosed=yes');
    });

    it('shows the first page, with a message, for a cursor that is not one of its own', async () => {
      const response = await handler.get('/complaints?cursor=not-a-cursor!');
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('The link to that page of results was not complete');
      expect(pageRefs(response.body)).toEqual((await worklistOrder('open')).slice(0, 25));
    });

    it('finds a name by any part of it, whatever its case, and a reference', async () => {
      const response = await handler.get('/complaints?q=ATEL&includeClosed=yes');
      const found = pageRefs(response.body);
      expect(found.length).toBe(Math.floor(CASES / 7));
      expect(response.body).not.toContain('Sam Jones');
      const one = await handler.get('/complaints?q=cmp-2025-000007&includeClosed=yes');
      expect(pageRefs(one.body)).toEqual(['CMP-2025-000007']);
      const wildcard = await handler.get('/complaints?q=%25&includeClosed=yes');
      expect(wildcard.body).toContain('0 complaints');
    });
  });

  it('has the trigram indexes for name search, with short pending lists', async () => {
    const result = await sql<{ indexname: string; options: string[] | string }>`
      select i.indexname, c.reloptions as options from pg_indexes i join pg_class c on c.relname = i.indexname
      where i.tablename = 'complaints' and i.indexdef like '%gin_trgm_ops%'
      order by i.indexname`.execute(ctx.services.database.db);
    expect(result.rows.map((r) => [r.indexname, String(r.options)])).toEqual([
      ['complaints_name_trigrams', expect.stringContaining('gin_pending_list_limit=256')],
      ['complaints_open_name_trigrams', expect.stringContaining('gin_pending_list_limit=256')],
    ]);
  });

  it(`counts no further than ${COUNT_CAP.toLocaleString('en-GB')} when finished cases are included`, async () => {
    const model = await ctx.services.intake.create(ctx.organisationId, complaintInput(), null);
    await copies(
      model.id,
      COUNT_CAP,
      sql`reference = 'CMP-2019-' || lpad(g::text, 6, '0'), status = 'closed', next_due_on = null`,
    );
    const all = await list('?includeClosed=true');
    expect(all).toMatchObject({ total: COUNT_CAP, totalCapped: true, page: 1 });
    expect(all.next).not.toBeNull();
    const closed = await list('?status=closed');
    expect(closed).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    // Open cases are few, and counted exactly.
    const open = await list('');
    expect(open.totalCapped).toBe(false);
    expect(open.total).toBe((await worklistOrder('open')).length);
    const page = await handler.get('/complaints?includeClosed=yes');
    expect(page.body).toContain('More than 10,000 complaints, ordered by the next deadline.');
    const second = await handler.get(nextHref(page.body));
    expect(second.body).toMatch(/<title>\s*Complaints \(page 2\)/);
  });

  function nextHref(html: string): string {
    return (/href="([^"]+)" rel="next"/.exec(html)?.[1] ?? '').replaceAll('&amp;', '&');
  }
});
