import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintInput, createTestApp, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';
import { paths } from '../support/paths.ts';

const API_LIMIT = 3;
const GENERAL_LIMIT = 6;
const FORM_LIMIT = 2;

/**
 * API calls with a valid token are counted per token; everything else per address. Each test sends from
 * addresses of its own (192.0.2.0/24 is for documentation), so their counts do not meet.
 */
describe.each(databaseKinds())('rate limits on %s', (kind) => {
  let ctx: TestContext;

  beforeAll(async () => {
    // The service clock stands still, so a token verified once is remembered for the whole file; the rate
    // limiter counts by the real clock, and nothing here waits for its minute to pass.
    const now = new Date();
    ctx = await createTestApp(kind, {
      now: () => now,
      env: {
        API_RATE_LIMIT_MAX: String(API_LIMIT),
        RATE_LIMIT_MAX: String(GENERAL_LIMIT),
        SIGN_IN_RATE_LIMIT_MAX: String(FORM_LIMIT),
        PUBLIC_FORM_RATE_LIMIT_MAX: String(FORM_LIMIT),
      },
    });
  });
  afterAll(async () => ctx?.close());

  const token = async (fields: Record<string, unknown> = {}) =>
    (
      await ctx.services.apiTokens.issue(
        ctx.organisationId,
        { actsAs: 'role', role: 'complaints-handler', ...fields },
        null,
      )
    ).token;

  function api(bearer: string | null, address: string, method: 'GET' | 'POST' = 'GET', payload?: object) {
    return ctx.app.inject({
      method,
      url: '/api/v1/complaints',
      remoteAddress: address,
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      ...(payload ? { payload } : {}),
    });
  }

  function expectRefused(response: LightMyRequestResponse, limit: number) {
    expect(response.statusCode, response.body).toBe(429);
    const retryAfter = Number(response.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `${retryAfter}`).toBe(true);
    expect(response.headers['x-ratelimit-limit']).toBe(String(limit));
    expect(response.headers['x-ratelimit-remaining']).toBe('0');
  }

  function expectApiRefused(response: LightMyRequestResponse, limit: number) {
    expectRefused(response, limit);
    expect(response.json()).toEqual({
      error: 'too-many-requests',
      message: 'You have made too many requests. Wait a minute and try again.',
    });
  }

  function expectPageRefused(response: LightMyRequestResponse, limit: number) {
    expectRefused(response, limit);
    expect(String(response.headers['content-type'])).toContain('text/html');
    expect(response.body).toContain('You have made too many requests. Wait a minute and try again.');
  }

  /** Everything a refused request might have written. */
  async function snapshot() {
    const { db } = ctx.services.database;
    const [complaints, events, audit, drafts] = await Promise.all([
      db.selectFrom('complaints').selectAll().orderBy('reference').execute(),
      db.selectFrom('complaint_events').select(['id']).orderBy('id').execute(),
      db.selectFrom('audit_log').select(['id', 'action']).orderBy('id').execute(),
      db.selectFrom('public_drafts').selectAll().orderBy('id').execute(),
    ]);
    return { complaints, events, audit, drafts };
  }

  it('counts API calls per token, so two tokens from one address each have their own allowance', async () => {
    const [first, second] = [await token(), await token()];
    for (let i = API_LIMIT - 1; i >= 0; i--) {
      const allowed = await api(first, '192.0.2.1');
      expect(allowed.statusCode).toBe(200);
      expect(allowed.headers['x-ratelimit-limit']).toBe(String(API_LIMIT));
      expect(allowed.headers['x-ratelimit-remaining']).toBe(String(i));
    }
    expectApiRefused(await api(first, '192.0.2.1'), API_LIMIT);
    // The token's allowance is spent wherever it calls from; the other token's is untouched.
    expectApiRefused(await api(first, '192.0.2.2'), API_LIMIT);
    const other = await api(second, '192.0.2.1');
    expect(other.statusCode).toBe(200);
    expect(other.headers['x-ratelimit-remaining']).toBe(String(API_LIMIT - 1));
  });

  it('holds a token to its own limit, personal or not, while other tokens keep theirs, and a refused call changes nothing', async () => {
    const generous = await token({ rateLimit: '5' });
    const personal = await token({
      actsAs: 'person',
      email: ctx.users['complaints-handler'].email,
      rateLimit: '1',
    });
    const ordinary = await token();
    for (let i = 0; i < 5; i++) {
      const allowed = await api(generous, '192.0.2.10', 'POST', complaintInput());
      expect(allowed.statusCode, allowed.body).toBe(201);
      expect(allowed.headers['x-ratelimit-limit']).toBe('5');
    }
    expect((await api(personal, '192.0.2.10')).statusCode).toBe(200);
    const before = await snapshot();
    expectApiRefused(await api(generous, '192.0.2.10', 'POST', complaintInput()), 5);
    expectApiRefused(await api(personal, '192.0.2.10', 'POST', complaintInput()), 1);
    expect(await snapshot()).toEqual(before);
    const fine = await api(ordinary, '192.0.2.10');
    expect(fine.statusCode).toBe(200);
    expect(fine.headers['x-ratelimit-limit']).toBe(String(API_LIMIT));
  });

  it('counts calls without a valid token per address, apart from the valid tokens sent from it', async () => {
    const known = await token();
    const unused = await token();
    expect((await api(known, '192.0.2.20')).statusCode).toBe(200);
    for (let i = 0; i < GENERAL_LIMIT; i++) {
      const response = await api(`cdr_not-a-token-${i}`, '192.0.2.20');
      expect(response.statusCode).toBe(401);
      expect(response.headers['x-ratelimit-limit']).toBe(String(GENERAL_LIMIT));
    }
    expectApiRefused(await api('cdr_not-a-token', '192.0.2.20'), GENERAL_LIMIT);
    expectApiRefused(await api(null, '192.0.2.20'), GENERAL_LIMIT);
    expect((await api('cdr_not-a-token', '192.0.2.21')).statusCode).toBe(401);
    // A token verified lately is still recognised from the address, and counted as itself.
    const recognised = await api(known, '192.0.2.20');
    expect(recognised.statusCode).toBe(200);
    expect(recognised.headers['x-ratelimit-limit']).toBe(String(API_LIMIT));
    // An address that has sent this many bad tokens gets no database read for a token not seen lately: it is
    // counted as the address's, and refused, until the token has been verified (here, from elsewhere).
    expectApiRefused(await api(unused, '192.0.2.20'), GENERAL_LIMIT);
    expect((await api(unused, '192.0.2.21')).statusCode).toBe(200);
    expect((await api(unused, '192.0.2.20')).statusCode).toBe(200);
  });

  it('keeps the general per-address limit for pages, with a page saying why', async () => {
    const page = (address: string) =>
      ctx.app.inject({ method: 'GET', url: paths.accessibility(), remoteAddress: address });
    for (let i = 0; i < GENERAL_LIMIT; i++) expect((await page('192.0.2.30')).statusCode).toBe(200);
    expectPageRefused(await page('192.0.2.30'), GENERAL_LIMIT);
    expect((await page('192.0.2.31')).statusCode).toBe(200);
    // An integration sharing the address (a hospital's network) is still recognised, and counted as itself.
    const integration = await api(await token(), '192.0.2.30');
    expect(integration.statusCode).toBe(200);
    expect(integration.headers['x-ratelimit-limit']).toBe(String(API_LIMIT));
  });

  it('keeps the per-address limits of signing in and of the public form, and a refused answer changes nothing', async () => {
    const signIn = ctx.anonymous();
    await signIn.get(paths.signIn());
    for (let i = 0; i < FORM_LIMIT; i++) {
      const response = await signIn.post(paths.signIn(), { email: 'x@test.example', password: 'wrong' });
      expect(response.statusCode).toBe(401);
    }
    expectPageRefused(
      await signIn.post(paths.signIn(), { email: 'x@test.example', password: 'wrong' }),
      FORM_LIMIT,
    );

    const complainant = ctx.anonymous();
    const who = paths.complain.step('who');
    for (let i = 0; i < FORM_LIMIT; i++) {
      const response = await complainant.post(who, { complainingFor: 'myself' }, { formPage: who });
      expect(response.statusCode).toBe(303);
    }
    const before = await snapshot();
    expectPageRefused(await complainant.post(who, { complainingFor: 'someone-else' }), FORM_LIMIT);
    expect(await snapshot()).toEqual(before);
  });
});
