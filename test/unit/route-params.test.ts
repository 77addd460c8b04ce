import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { checkRouteParams, ROUTE_PARAMS } from '../../src/web/route-params.ts';

describe('route parameters', () => {
  it('stops the app at start-up when a route uses a parameter with no schema', async () => {
    const app = Fastify();
    checkRouteParams(app);
    expect(() =>
      app.get('/complaints/:reference/widgets/:widgetId', { config: { access: 'public' } }, async () => 'ok'),
    ).toThrow('has a parameter :widgetId with no schema');
    await app.close();
  });

  it('accepts the shapes our URLs use and nothing else', () => {
    const ok = (name: keyof typeof ROUTE_PARAMS, value: string) =>
      ROUTE_PARAMS[name].schema.safeParse(value).success;
    expect(ok('reference', 'CMP-2026-000123')).toBe(true);
    expect(ok('reference', 'TRUST-2027-1234567')).toBe(true);
    expect(ok('reference', 'cmp-2026-000123')).toBe(false);
    expect(ok('reference', 'CMP-2026-123')).toBe(false);
    expect(ok('id', '0b7f8a0e-3c2d-4f5e-9a1b-2c3d4e5f6a7b')).toBe(true);
    expect(ok('id', '0b7f8a0e3c2d4f5e9a1b2c3d4e5f6a7b')).toBe(false);
    expect(ok('day', '2028-02-29')).toBe(true);
    expect(ok('day', '2027-02-29')).toBe(false);
    expect(ok('day', '2026-1-5')).toBe(false);
    expect(ok('key', 'final-response')).toBe(true);
    expect(ok('key', 'final--response')).toBe(false);
    expect(ok('key', '../secrets')).toBe(false);
    expect(ok('type', 'x'.repeat(61))).toBe(false);
    expect(ok('token', 'cdr_AbC-12_x')).toBe(true);
    expect(ok('token', 'mistyped link')).toBe(true);
    expect(ok('token', 'x'.repeat(201))).toBe(false);
  });
});
