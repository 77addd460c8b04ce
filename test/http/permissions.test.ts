import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/auth/roles.ts';
import { complaintInput, createTestApp, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

/**
 * Each role against each family of web routes. `true` means the page is served (200); `false` means refused
 * (403). Written out by hand so a change to the role table is a deliberate change here too.
 */
const EXPECTED: Record<string, Record<Role, boolean>> = {
  worklist: {
    administrator: true,
    'complaints-manager': true,
    'complaints-handler': true,
    investigator: true,
    'responsible-person': true,
    'senior-leader': true,
    'board-member': false,
    colleague: false,
  },
  recordComplaint: {
    administrator: true,
    'complaints-manager': true,
    'complaints-handler': true,
    investigator: false,
    'responsible-person': false,
    'senior-leader': false,
    'board-member': false,
    colleague: false,
  },
  casePage: {
    administrator: true,
    'complaints-manager': true,
    'complaints-handler': true,
    investigator: false,
    'responsible-person': true,
    'senior-leader': true,
    'board-member': false,
    colleague: false,
  },
  auditTrail: {
    administrator: true,
    'complaints-manager': false,
    'complaints-handler': false,
    investigator: false,
    'responsible-person': false,
    'senior-leader': false,
    'board-member': false,
    colleague: false,
  },
  settings: {
    administrator: true,
    'complaints-manager': false,
    'complaints-handler': false,
    investigator: false,
    'responsible-person': false,
    'senior-leader': false,
    'board-member': false,
    colleague: false,
  },
  users: {
    administrator: true,
    'complaints-manager': false,
    'complaints-handler': false,
    investigator: false,
    'responsible-person': false,
    'senior-leader': false,
    'board-member': false,
    colleague: false,
  },
  apiTokens: {
    administrator: true,
    'complaints-manager': false,
    'complaints-handler': false,
    investigator: false,
    'responsible-person': false,
    'senior-leader': false,
    'board-member': false,
    colleague: false,
  },
  adminIndex: {
    administrator: true,
    'complaints-manager': true,
    'complaints-handler': false,
    investigator: false,
    'responsible-person': false,
    'senior-leader': false,
    'board-member': false,
    colleague: false,
  },
  home: {
    administrator: true,
    'complaints-manager': true,
    'complaints-handler': true,
    investigator: true,
    'responsible-person': true,
    'senior-leader': true,
    'board-member': true,
    colleague: true,
  },
};

describe.each(databaseKinds())('permissions of web routes on %s', (kind) => {
  let ctx: TestContext;
  let reference: string;
  const urls = () => ({
    worklist: '/complaints',
    recordComplaint: '/complaints/new',
    casePage: `/complaints/${reference}`,
    auditTrail: `/complaints/${reference}/audit`,
    settings: '/admin/settings',
    users: '/admin/users',
    apiTokens: '/admin/api-tokens',
    adminIndex: '/admin',
    home: '/',
  });

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    const row = await ctx.services.intake.create(ctx.organisationId, complaintInput(), null);
    reference = row.reference;
  });
  afterAll(async () => ctx?.close());

  for (const role of ROLES) {
    it(`${role}: each route family is served or refused as the role table says`, async () => {
      const session = await ctx.session(role);
      const results: Record<string, number> = {};
      for (const [family, url] of Object.entries(urls())) {
        results[family] = (await session.get(url)).statusCode;
      }
      const expected = Object.fromEntries(
        Object.entries(EXPECTED).map(([family, byRole]) => [
          family,
          byRole[role] ? 200 : family === 'casePage' && role === 'investigator' ? 404 : 403,
        ]),
      );
      expect(results).toEqual(expected);
    });
  }

  it('an investigator sees a case once it is assigned to them, and only then', async () => {
    const handler = await ctx.session('complaints-handler');
    await handler.get(`/complaints/${reference}`);
    const assigned = await handler.post(`/complaints/${reference}/assign`, {
      handlerId: '',
      investigatorId: ctx.users.investigator.id,
    });
    expect(assigned.statusCode).toBe(303);
    const investigator = await ctx.session('investigator');
    expect((await investigator.get(`/complaints/${reference}`)).statusCode).toBe(200);
    const list = await investigator.get('/complaints');
    expect(list.body).toContain(reference);
  });

  it('refuses changes by roles that may only read, and writes nothing', async () => {
    const before = await ctx.services.database.db
      .selectFrom('complaint_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const leader = await ctx.session('senior-leader');
    await leader.get(`/complaints/${reference}`);
    const note = await leader.post(`/complaints/${reference}/issues`, { summary: 'Should not be added' });
    expect(note.statusCode).toBe(403);
    const ack = await leader.post(`/complaints/${reference}/events/acknowledge`, {});
    expect(ack.statusCode).toBe(403);
    const board = await ctx.session('board-member');
    await board.get('/');
    expect((await board.post(`/complaints/${reference}/notes`, { body: 'x' })).statusCode).toBe(403);
    const after = await ctx.services.database.db
      .selectFrom('complaint_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('keeps organisations apart: a case of another organisation is not found', async () => {
    const other = await ctx.services.organisations.create({
      name: 'Other Trust',
      slug: 'other-trust',
      division: 'scotland',
      preset: 'spso',
    });
    await ctx.services.database.db
      .updateTable('organisations')
      .set({ reference_prefix: 'OTH' })
      .where('id', '=', other.id)
      .execute();
    const theirs = await ctx.services.intake.create(other.id, complaintInput(), null);
    expect(theirs.reference).toMatch(/^OTH-/);
    const admin = await ctx.session('administrator');
    expect((await admin.get(`/complaints/${theirs.reference}`)).statusCode).toBe(404);
    expect((await admin.get(`/complaints/${theirs.reference}/audit`)).statusCode).toBe(404);
  });
});
