import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

describe.each(databaseKinds())('foundation on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
  });
  afterAll(async () => ctx?.close());

  it('answers /health with 200 while the database answers', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers /health with 503 when the database does not', async () => {
    const original = ctx.services.database.ping;
    ctx.services.database.ping = async () => false;
    try {
      const response = await ctx.app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(503);
    } finally {
      ctx.services.database.ping = original;
    }
  });

  it('sends security headers with a nonce-based CSP', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/sign-in' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('serves the GOV.UK Frontend styles, scripts, fonts and our own assets to anyone', async () => {
    for (const [url, type] of [
      ['/govuk/govuk-frontend.min.css', 'text/css'],
      ['/govuk/govuk-frontend.min.js', 'javascript'],
      ['/public/app.css', 'text/css'],
      ['/public/app.js', 'javascript'],
      ['/assets/images/favicon.ico', 'image/'],
      ['/assets/fonts/light-94a07e06a1-v2.woff2', 'font/woff2'],
    ]) {
      const response = await ctx.app.inject({ method: 'GET', url: url as string });
      expect(response.statusCode, url).toBe(200);
      expect(String(response.headers['content-type']), url).toContain(type);
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/govuk/govuk-frontend.mjs' })).statusCode).toBe(404);
  });

  it('answers /ping and /info, shows the accessibility statement, and a helpful 404 page', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/ping' })).json()).toEqual({ status: 'ok' });
    expect((await ctx.app.inject({ method: 'GET', url: '/info' })).json()).toMatchObject({ name: 'candour' });
    const statement = await ctx.app.inject({ method: 'GET', url: '/accessibility' });
    expect(statement.statusCode).toBe(200);
    expect(statement.body).toContain('WCAG');
    const missing = await ctx.app.inject({ method: 'GET', url: '/no-such-page' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Page not found');
    const apiMissing = await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(apiMissing.statusCode).toBe(404);
    expect(apiMissing.json()).toMatchObject({ error: 'not-found' });
  });

  it('rate-limits sign-in attempts from one address', async () => {
    const limited = await createTestApp(kind, { env: { SIGN_IN_RATE_LIMIT_MAX: '3' } });
    try {
      const session = limited.anonymous();
      await session.get('/sign-in');
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await session.post('/sign-in', { email: 'x@y.z', password: 'wrong' })).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });

  it('sends people who are not signed in to the sign-in page', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/complaints' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?next=%2Fcomplaints');
  });

  it('refuses a form post without a CSRF token and changes nothing', async () => {
    const session = ctx.anonymous();
    const response = await session.post(
      '/sign-in',
      { email: ctx.users.administrator.email, password: 'x' },
      { csrf: false },
    );
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Your form has expired');
  });

  it('signs in, shows the home page and signs out', async () => {
    const session = await ctx.session('complaints-handler');
    const home = await session.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Hello, Test complaints-handler');
    const out = await session.post('/sign-out', {});
    expect(out.statusCode).toBe(303);
    const after = await session.get('/');
    expect(after.statusCode).toBe(303);
  });

  it('gives the same message for a wrong password, an unknown email and a locked account (after five failures)', async () => {
    const session = ctx.anonymous();
    const unknown = await session.post(
      '/sign-in',
      { email: 'nobody@test.example', password: 'wrong password here' },
      { formPage: '/sign-in' },
    );
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toContain('Enter a correct email address and password');
    const email = ctx.users.colleague.email;
    for (let i = 0; i < 4; i++) {
      const wrong = await session.post('/sign-in', { email, password: 'wrong password here' });
      expect(wrong.body).toContain('Enter a correct email address and password');
    }
    const locked = await session.post('/sign-in', { email, password: 'wrong password here' });
    expect(locked.body).toContain('Enter a correct email address and password');
    const evenRight = await session.post('/sign-in', { email, password: 'correct horse battery staple' });
    expect(evenRight.statusCode).toBe(401);
    expect(evenRight.body).toContain('Enter a correct email address and password');
    expect(evenRight.body).not.toContain('locked');
  });

  it('resets a password through an emailed one-time link', async () => {
    const session = ctx.anonymous();
    const email = ctx.users['board-member'].email;
    const asked = await session.post('/forgot-password', { email }, { formPage: '/forgot-password' });
    expect(asked.statusCode).toBe(200);
    await ctx.services.outbox.processDue();
    const sent = ctx.driver.sent.find((m) => m.recipient === email);
    const link = /\/set-password\/[\w-]+/.exec(sent?.body ?? '')?.[0];
    expect(link).toBeTruthy();
    const weak = await session.post(
      link as string,
      { password: 'short', confirm: 'short' },
      { formPage: link as string },
    );
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('Password must be 12 characters or more');
    const ok = await session.post(link as string, {
      password: 'a much better passphrase',
      confirm: 'a much better passphrase',
    });
    expect(ok.statusCode).toBe(303);
    const again = await session.get(link as string);
    expect(again.statusCode).toBe(410);
    await ctx.anonymous().signIn(email, 'a much better passphrase');
  });
});
