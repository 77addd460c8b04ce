import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTokenService, CACHE_MS } from '../../src/auth/api-token-service.ts';
import { complaintListSchema } from '../support/api-schemas.ts';
import { complaintInput, createTestApp, type TestContext, type TestSession } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

/** A personal token acts as its person as they are now: their role, their assignments, their access. */
describe.each(databaseKinds())('personal API tokens on %s', (kind) => {
  let ctx: TestContext;
  let admin: TestSession;
  let assigned: string;
  let unassigned: string;
  let investigatorToken: string;

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    admin = await ctx.session('administrator');
    const handler = await ctx.apiToken('complaints-handler');
    const create = async () => {
      const response = await api(handler, 'POST', '/api/v1/complaints', complaintInput());
      expect(response.statusCode, response.body).toBe(201);
      return response.json().reference as string;
    };
    assigned = await create();
    unassigned = await create();
    await ctx.services.database.db
      .updateTable('complaints')
      .set({ investigator_id: ctx.users.investigator.id })
      .where('organisation_id', '=', ctx.organisationId)
      .where('reference', '=', assigned)
      .execute();
  });
  afterAll(async () => ctx?.close());

  function api(token: string, method: 'GET' | 'POST', url: string, payload?: object) {
    return ctx.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
  }

  /** The references a token's list shows, or its status when it gets no list. */
  async function visible(token: string): Promise<string[] | number> {
    const response = await api(token, 'GET', '/api/v1/complaints?includeClosed=true');
    if (response.statusCode !== 200) return response.statusCode;
    return complaintListSchema
      .parse(response.json())
      .items.map((c) => c.reference)
      .sort();
  }

  async function setPerson(id: string, change: { role?: string; active?: 'true' | 'false' }) {
    // Deactivating is confirmed on a page of its own.
    const page = change.active === 'false' ? `/admin/users/${id}/deactivate` : '/admin/users';
    await admin.get(page);
    const response = await admin.post(
      change.active === 'false' ? page : `/admin/users/${id}`,
      change.active === 'false' ? {} : change,
    );
    expect(response.statusCode, response.body).toBe(303);
  }

  /** Every token and audit entry, and every case and event: what a refused request must leave as it was. */
  async function snapshot() {
    const { db } = ctx.services.database;
    const [tokens, audit, complaints, events] = await Promise.all([
      db
        .selectFrom('api_tokens')
        .select(['id', 'role', 'user_id', 'rate_limit', 'revoked_at'])
        .orderBy('id')
        .execute(),
      db.selectFrom('audit_log').select(['id', 'action', 'entity_id']).orderBy('id').execute(),
      db.selectFrom('complaints').selectAll().orderBy('reference').execute(),
      db.selectFrom('complaint_events').select(['id']).orderBy('id').execute(),
    ]);
    return { tokens, audit, complaints, events };
  }

  it('is created by an administrator for a person, shown once, and listed with whose it is', async () => {
    await admin.get('/admin/api-tokens');
    const response = await admin.post('/admin/api-tokens', {
      name: 'Investigation notes sync',
      actsAs: 'person',
      email: ctx.users.investigator.email.toUpperCase(),
      rateLimit: '',
    });
    expect(response.statusCode, response.body).toBe(200);
    investigatorToken = /cdr_[\w-]+/.exec(response.body)?.[0] as string;
    expect(investigatorToken).toBeTruthy();
    expect(response.body).toContain('It acts as Test investigator');
    const page = await admin.get('/admin/api-tokens');
    expect(page.body).not.toContain(investigatorToken);
    expect(page.body).toContain('Test investigator, personal token (Investigator)');
    expect(page.body).toContain('Complaints handler, role token');
    const [row] = (await ctx.services.apiTokens.list(ctx.organisationId)).filter(
      (t) => t.name === 'Investigation notes sync',
    );
    expect(row).toMatchObject({
      actsAs: 'person',
      role: 'investigator',
      person: { id: ctx.users.investigator.id, name: 'Test investigator', active: true },
      rateLimit: null,
    });
  });

  it('keeps a rate limit of its own typed into the form, and shows the default for the others', async () => {
    await admin.get('/admin/api-tokens');
    const response = await admin.post('/admin/api-tokens', {
      name: 'Bulk import',
      actsAs: 'role',
      role: 'complaints-handler',
      rateLimit: ' 6000 ',
    });
    expect(response.statusCode, response.body).toBe(200);
    const tokens = await ctx.services.apiTokens.list(ctx.organisationId);
    expect(tokens.find((t) => t.name === 'Bulk import')?.rateLimit).toBe(6000);
    const row = (name: string) => response.body.split('</tr>').find((r) => r.includes(`>${name}</td>`));
    expect(row('Bulk import')).toContain('<td class="govuk-table__cell">6,000</td>');
    expect(row('Investigation notes sync')).toContain('<td class="govuk-table__cell">100,000 (default)</td>');
  });

  it("sees exactly its person's assigned case, and gets 404 for another, which it cannot change", async () => {
    expect(await visible(investigatorToken)).toEqual([assigned]);
    expect((await api(investigatorToken, 'GET', `/api/v1/complaints/${assigned}`)).statusCode).toBe(200);
    const before = await snapshot();
    const other = await api(investigatorToken, 'GET', `/api/v1/complaints/${unassigned}`);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ error: 'not-found' });
    const change = await api(investigatorToken, 'POST', `/api/v1/complaints/${unassigned}/events`, {
      type: 'acknowledge',
    });
    expect(change.statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
    // A role token with the same role is nobody, so nothing is assigned to it.
    expect(await visible(await ctx.apiToken('investigator'))).toEqual([]);
  });

  it('acts as its person: the case records them, the audit names the token and the person', async () => {
    const { token } = await ctx.services.apiTokens.issue(
      ctx.organisationId,
      { actsAs: 'person', email: ctx.users['complaints-handler'].email, name: 'Handler sync' },
      null,
    );
    const response = await api(token, 'POST', `/api/v1/complaints/${unassigned}/events`, {
      type: 'acknowledge',
    });
    expect(response.statusCode, response.body).toBe(200);
    const { db } = ctx.services.database;
    const complaint = await db
      .selectFrom('complaints')
      .select('id')
      .where('organisation_id', '=', ctx.organisationId)
      .where('reference', '=', unassigned)
      .executeTakeFirstOrThrow();
    const event = await db
      .selectFrom('complaint_events')
      .select(['actor_id', 'actor_label'])
      .where('complaint_id', '=', complaint.id)
      .where('to_status', '=', 'acknowledged')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({
      actor_id: ctx.users['complaints-handler'].id,
      actor_label: 'API token Handler sync of Test complaints-handler',
    });
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_id', 'actor_label'])
      .where('complaint_id', '=', complaint.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      actor_id: ctx.users['complaints-handler'].id,
      actor_label: 'API token Handler sync of Test complaints-handler (complaints-handler)',
    });
  });

  it("follows a change of its person's role at once", async () => {
    await setPerson(ctx.users.investigator.id, { role: 'complaints-manager' });
    expect(await visible(investigatorToken)).toEqual([assigned, unassigned].sort());
    expect((await admin.get('/admin/api-tokens')).body).toContain(
      'Test investigator, personal token (Complaints manager)',
    );
    await setPerson(ctx.users.investigator.id, { role: 'board-member' });
    expect(await visible(investigatorToken)).toBe(403);
    await setPerson(ctx.users.investigator.id, { role: 'investigator' });
    expect(await visible(investigatorToken)).toEqual([assigned]);
  });

  it('stops working at once when its person is deactivated, and works again if they are reactivated', async () => {
    await setPerson(ctx.users.investigator.id, { active: 'false' });
    const refused = await api(investigatorToken, 'GET', `/api/v1/complaints/${assigned}`);
    expect(refused.statusCode).toBe(401);
    expect((await admin.get('/admin/api-tokens')).body).toMatch(
      /Test investigator, personal token \(Investigator\) <strong class="govuk-tag govuk-tag--grey">Deactivated/,
    );
    await setPerson(ctx.users.investigator.id, { active: 'true' });
    expect(await visible(investigatorToken)).toEqual([assigned]);
  });

  it('stops working on another server within 10 seconds of its person being deactivated', async () => {
    let now = Date.now();
    // Another app server: its own memory of verified tokens, the same database.
    const elsewhere = new ApiTokenService(ctx.services.db, ctx.services.audit, () => new Date(now));
    expect((await elsewhere.authenticate(investigatorToken, null, null))?.actor.userId).toBe(
      ctx.users.investigator.id,
    );
    await setPerson(ctx.users.investigator.id, { active: 'false' });
    now += CACHE_MS - 1;
    // Still remembered there (the documented allowance), though refused at once here.
    expect(await elsewhere.authenticate(investigatorToken, null, null)).not.toBeNull();
    expect((await api(investigatorToken, 'GET', '/api/v1/complaints')).statusCode).toBe(401);
    now += 1;
    expect(await elsewhere.authenticate(investigatorToken, null, null)).toBeNull();
    await setPerson(ctx.users.investigator.id, { active: 'true' });
    expect((await elsewhere.authenticate(investigatorToken, null, null))?.actor.role).toBe('investigator');
  });

  it('is refused for anyone who is not a person with access here, and for a bad rate limit, changing nothing', async () => {
    const other = await ctx.services.organisations.create({
      name: 'Other Trust',
      slug: 'other-trust',
      division: 'england-and-wales',
      preset: 'nhs-england',
    });
    await ctx.services.auth.createUser(
      other.id,
      { name: 'Their Person', email: 'their.person@other.example', role: 'complaints-handler' },
      null,
    );
    await setPerson(ctx.users.colleague.id, { active: 'false' });
    await admin.get('/admin/api-tokens');
    const before = await snapshot();
    const cases: [Record<string, string>, string, string][] = [
      [{ actsAs: 'person', email: 'their.person@other.example' }, 'email', 'someone in this organisation'],
      [{ actsAs: 'person', email: 'nobody@test.example' }, 'email', 'someone in this organisation'],
      [{ actsAs: 'person', email: ctx.users.colleague.email }, 'email', 'someone in this organisation'],
      [{ actsAs: 'person', email: '' }, 'email', 'Enter the email address of the person'],
      [{ actsAs: 'role', role: '' }, 'role', 'Select a role'],
      [{ role: 'complaints-handler' }, 'actsAs', 'Select whether the token acts as a role or as a person'],
      [{ actsAs: 'role', role: 'investigator', rateLimit: '0' }, 'rateLimit', 'Rate limit must be'],
      [{ actsAs: 'role', role: 'investigator', rateLimit: 'lots' }, 'rateLimit', 'Rate limit must be'],
      [{ actsAs: 'role', role: 'investigator', rateLimit: '100001' }, 'rateLimit', 'Rate limit must be'],
      [{ actsAs: 'role', role: 'investigator', rateLimit: '2.5' }, 'rateLimit', 'Rate limit must be'],
      [{ actsAs: 'role', role: 'investigator', rateLimit: '1e3' }, 'rateLimit', 'Rate limit must be'],
    ];
    for (const [fields, field, message] of cases) {
      const label = JSON.stringify(fields);
      const response = await admin.post('/admin/api-tokens', { name: 'Kept name', ...fields });
      expect(response.statusCode, label).toBe(400);
      expect(response.body, label).toContain(`href="#${field}"`);
      expect(response.body, label).toContain(message);
      expect(response.body, label).toContain('value="Kept name"');
      expect(response.body, label).not.toMatch(/cdr_[\w-]{20,}/);
    }
    expect(await snapshot()).toEqual(before);
    await setPerson(ctx.users.colleague.id, { active: 'true' });
  });

  it('cannot point at a person of another organisation, nor be both a role and a person token', async () => {
    const { db } = ctx.services.database;
    const [theirs] = await db
      .selectFrom('users')
      .select('id')
      .where('organisation_id', '<>', ctx.organisationId)
      .execute();
    const row = (fields: { role: string | null; user_id: string | null }) =>
      db
        .insertInto('api_tokens')
        .values({
          id: randomUUID(),
          organisation_id: ctx.organisationId,
          token_hash: randomUUID(),
          name: 'x',
          rate_limit: null,
          last_used_at: null,
          revoked_at: null,
          ...fields,
        })
        .execute()
        .then(
          () => null,
          (e: { code?: string }) => e.code,
        );
    expect(theirs).toBeDefined();
    expect(await row({ role: null, user_id: theirs?.id ?? null })).toBe('23503');
    expect(await row({ role: 'investigator', user_id: ctx.users.investigator.id })).toBe('23514');
    expect(await row({ role: null, user_id: null })).toBe('23514');
  });
});
