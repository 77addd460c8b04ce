import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext, type TestSession } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

function expectPermissionsPolicy(response: LightMyRequestResponse, label: string) {
  const policy = String(response.headers['permissions-policy'] ?? '');
  for (const feature of [
    'camera',
    'microphone',
    'geolocation',
    'payment',
    'usb',
    'interest-cohort',
    'browsing-topics',
  ])
    expect(policy, label).toContain(`${feature}=()`);
}

describe.each(databaseKinds())('response headers on %s', (kind) => {
  let ctx: TestContext;
  let handler: TestSession;
  let token: string;

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    handler = await ctx.session('complaints-handler');
    token = await ctx.apiToken('complaints-handler');
  });
  afterAll(async () => ctx?.close());

  it('keeps signed-in pages, public form pages and every API answer out of caches', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        channel: 'email',
        receivedAt: '2026-11-02T10:00:00Z',
        complainant: { name: 'Alex Example', email: 'alex@example.com' },
        description: 'I waited four hours and nobody told me why.',
      },
    });
    expect(created.statusCode).toBe(201);
    const reference = created.json().reference as string;
    const responses: [string, LightMyRequestResponse][] = [
      ['home', await handler.get('/')],
      ['worklist', await handler.get('/complaints')],
      ['case page', await handler.get(`/complaints/${reference}`)],
      ['forbidden page', await handler.get('/admin/users')],
      ['public start page', await ctx.anonymous().get('/complain')],
      ['public question page', await ctx.anonymous().get('/complain/who')],
      ['sign-in page', await ctx.anonymous().get('/sign-in')],
      ['API create', created],
      [
        'API read',
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/complaints/${reference}`,
          headers: { authorization: `Bearer ${token}` },
        }),
      ],
      ['API refusal', await ctx.app.inject({ method: 'GET', url: '/api/v1/complaints' })],
      ['API not found', await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing' })],
    ];
    for (const [label, response] of responses) {
      expect(response.statusCode, label).toBeLessThan(500);
      expect(response.headers['cache-control'], label).toMatch(/no-store/);
      expectPermissionsPolicy(response, label);
    }
  });

  it('lets browsers cache the public static assets and the OpenAPI document, with the permissions policy', async () => {
    // The API's description is the same for everyone and holds no personal data, so it keeps its short caching.
    const openapi = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(openapi.headers['cache-control']).toBe('public, max-age=300');
    expectPermissionsPolicy(openapi, 'OpenAPI document');
    for (const url of ['/govuk/govuk-frontend.min.css', '/public/app.css', '/assets/images/favicon.ico']) {
      const response = await ctx.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toMatch(/max-age=\d+/);
      expect(response.headers['cache-control'], url).not.toMatch(/no-store/);
      expectPermissionsPolicy(response, url);
    }
    const missing = await ctx.app.inject({ method: 'GET', url: '/no-such-page' });
    expect(missing.statusCode).toBe(404);
    expectPermissionsPolicy(missing, 'not found page');
  });

  it('sets the CSRF cookie without Secure outside production, so it works over http://localhost', async () => {
    const page = await ctx.anonymous().get('/sign-in');
    const csrf = page.cookies.find((c) => c.name === 'candour_csrf');
    expect(csrf).toBeTruthy();
    expect(csrf?.secure).toBeFalsy();
  });

  it('marks the CSRF cookie Secure in production, like the session cookie', async () => {
    const production = await createTestApp(kind, {
      env: { NODE_ENV: 'production', SESSION_SECRET: 'a production secret of more than 32 characters' },
    });
    try {
      const session = production.anonymous();
      const page = await session.get('/sign-in');
      const csrf = page.cookies.find((c) => c.name === 'candour_csrf');
      expect(csrf?.secure).toBe(true);
      expect(csrf?.httpOnly).toBe(true);
      const signedIn = await session.post('/sign-in', {
        email: production.users.administrator.email,
        password: 'correct horse battery staple',
      });
      expect(signedIn.statusCode).toBe(303);
      expect(signedIn.cookies.find((c) => c.name === 'candour_session')?.secure).toBe(true);
    } finally {
      await production.close();
    }
  });
});
