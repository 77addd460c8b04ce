import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext, type TestSession } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

describe.each(databaseKinds())('revoking API tokens on %s', (kind) => {
  let ctx: TestContext;
  let admin: TestSession;
  let otherToken: { id: string; token: string };

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    admin = await ctx.session('administrator');
    await admin.get('/admin/api-tokens');
    const other = await ctx.services.organisations.create({
      name: 'Other Trust',
      slug: 'other-trust',
      division: 'scotland',
      preset: 'spso',
    });
    otherToken = await ctx.services.apiTokens.create(other.id, 'administrator', 'theirs', null);
  });
  afterAll(async () => ctx?.close());

  /** Every token and every audit entry: what a refused revocation must leave as it was. */
  async function snapshot() {
    const { db } = ctx.services.database;
    const [tokens, audit] = await Promise.all([
      db.selectFrom('api_tokens').selectAll().orderBy('id').execute(),
      db.selectFrom('audit_log').select(['id', 'action', 'entity_id']).orderBy('id').execute(),
    ]);
    return { tokens, audit };
  }

  const api = (token: string) =>
    ctx.app.inject({
      method: 'GET',
      url: '/api/v1/complaints',
      headers: { authorization: `Bearer ${token}` },
    });

  it("answers 404 to revoking another organisation's token, which keeps working, and audits nothing", async () => {
    const before = await snapshot();
    const response = await admin.post(`/admin/api-tokens/${otherToken.id}/revoke`, {});
    expect(response.statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
    expect((await api(otherToken.token)).statusCode).toBe(200);
  });

  it('answers 404 to an unknown id and a malformed one, and audits nothing', async () => {
    const before = await snapshot();
    for (const id of [randomUUID(), 'not-a-token-id', '1', `${otherToken.id}x`]) {
      const response = await admin.post(`/admin/api-tokens/${encodeURIComponent(id)}/revoke`, {});
      expect(response.statusCode, id).toBe(404);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('revokes its own token once, auditing it, and answers 404 to revoking it again', async () => {
    const own = await ctx.services.apiTokens.create(ctx.organisationId, 'complaints-handler', 'ours', null);
    expect((await api(own.token)).statusCode).toBe(200);
    const revoked = await admin.post(`/admin/api-tokens/${own.id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect((await api(own.token)).statusCode).toBe(401);
    const after = await snapshot();
    expect(after.audit.filter((a) => a.action === 'api-token.revoke' && a.entity_id === own.id)).toHaveLength(
      1,
    );

    const again = await admin.post(`/admin/api-tokens/${own.id}/revoke`, {});
    expect(again.statusCode).toBe(404);
    expect(await snapshot()).toEqual(after);
  });
});
