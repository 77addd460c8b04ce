import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.ts';
import { complaintInput, createTestApp, TEST_COMPLAINTS_TEAM, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';
import { linksOf } from '../support/html.ts';

// Six hand-built cases, read on Wed 25 Nov 2026. Due soon is within 3 working days (to Mon 30 Nov); the
// outer limit is near within 20 working days (to Wed 23 Dec).
//   A  handler's, stage 1, due Fri 20 Nov (overdue)
//   B  handler's, stage 1, due Fri 27 Nov (due soon)
//   C  handler's, stage 2 investigating, investigator's, due 20 Dec, outer limit 22 Dec (near)
//   D  not assigned, stage 2 response drafted, investigator's, due 10 Dec
//   E  manager's, stage 2 response drafted, due Tue 24 Nov (overdue)
//   F  handler's, closed
describe.each(databaseKinds())('home pages by role on %s', (kind) => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp(kind, { now: () => new Date('2026-11-25T10:00:00Z') });
    const u = ctx.users;
    const cases: Record<string, Record<string, unknown>> = {
      A: { handler_id: u['complaints-handler'].id, next_due_on: '2026-11-20' },
      B: { handler_id: u['complaints-handler'].id, next_due_on: '2026-11-27' },
      C: {
        handler_id: u['complaints-handler'].id,
        investigator_id: u.investigator.id,
        stage: 2,
        status: 'investigating',
        next_due_on: '2026-12-20',
        outer_limit_by: '2026-12-22',
      },
      D: {
        investigator_id: u.investigator.id,
        stage: 2,
        status: 'response-drafted',
        next_due_on: '2026-12-10',
      },
      E: {
        handler_id: u['complaints-manager'].id,
        stage: 2,
        status: 'response-drafted',
        next_due_on: '2026-11-24',
      },
      F: { handler_id: u['complaints-handler'].id, status: 'closed', next_due_on: null, next_due_kind: null },
    };
    for (const [name, changes] of Object.entries(cases)) {
      const c = await ctx.services.intake.create(
        ctx.organisationId,
        complaintInput({ complainant: { name: `Person ${name}`, email: 'p@example.com' } }),
        null,
      );
      await ctx.services.database.db
        .updateTable('complaints')
        .set({
          handler_id: null,
          investigator_id: null,
          status: 'acknowledged',
          stage: 1,
          next_due_kind: 'respond',
          outer_limit_by: '2027-05-01',
          ...(changes.stage === 2 ? { stage2_started_on: '2026-11-10' } : {}),
          ...changes,
        })
        .where('id', '=', c.id)
        .execute();
    }
  });
  afterAll(async () => ctx?.close());

  async function home(role: Role) {
    const session = await ctx.session(role);
    const response = await session.get('/');
    expect(response.statusCode).toBe(200);
    return { html: response.body, links: linksOf(response.body) };
  }

  it('shows a handler their own cases: assigned, overdue, due soon, and those nobody has', async () => {
    const { html, links } = await home('complaints-handler');
    expect(links).toContainEqual({ text: '3 cases assigned to me', href: '/complaints?handler=me' });
    expect(links).toContainEqual({
      text: '1 of my cases overdue',
      href: '/complaints?handler=me&overdue=yes',
    });
    expect(links).toContainEqual({
      text: '1 of my cases due soon',
      href: '/complaints?handler=me&dueSoon=yes',
    });
    expect(links).toContainEqual({ text: '1 case not yet assigned', href: '/complaints?handler=unassigned' });
    // Their cases by next deadline, with the next step in working days: A is 3 working days overdue
    // (Mon 23, Tue 24, Wed 25 Nov), B due in 2 (Thu 26, Fri 27).
    expect(html).toContain('My cases by next deadline');
    const a = html.indexOf('Person A');
    const b = html.indexOf('Person B');
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    expect(html).toContain('Send stage 1 response, 3 working days overdue');
    expect(html).toContain('Send stage 1 response by 27 Nov 2026 (2 working days)');
    expect(html).not.toContain('Person D');
  });

  it('shows an investigator the cases they investigate, not "assigned to me 0"', async () => {
    const { html, links } = await home('investigator');
    expect(links).toContainEqual({ text: '2 open investigations', href: '/complaints' });
    expect(links).toContainEqual({ text: '0 investigations overdue', href: '/complaints?overdue=yes' });
    expect(html).toContain('Person C');
    expect(html).toContain('Person D');
    expect(html).not.toContain('Person A');
    expect(html).not.toMatch(/assigned to me/i);
  });

  it('shows a responsible person the responses waiting for sign-off', async () => {
    const { html, links } = await home('responsible-person');
    expect(links).toContainEqual({
      text: '2 responses waiting for sign-off',
      href: '/complaints?status=response-drafted',
    });
    expect(links).toContainEqual({ text: '2 overdue cases', href: '/complaints?overdue=yes' });
    expect(links).toContainEqual({ text: '3 stage 2 investigations', href: '/complaints?stage=2' });
    expect(html).toContain('Waiting for sign-off');
    // E (overdue) comes before D.
    expect(html.indexOf('Person E')).toBeGreaterThan(0);
    expect(html.indexOf('Person D')).toBeGreaterThan(html.indexOf('Person E'));
  });

  it('shows a senior leader overdue cases and those near their outer limit, and says why', async () => {
    const { html, links } = await home('senior-leader');
    expect(links).toContainEqual({ text: '2 overdue cases', href: '/complaints?overdue=yes' });
    expect(links).toContainEqual({
      text: '1 case near its outer time limit',
      href: '/complaints?outerLimitNear=yes',
    });
    expect(html).toContain('does not yet record how serious a complaint is');
  });

  it('shows a manager the unassigned cases and each handler’s load', async () => {
    const { html, links } = await home('complaints-manager');
    const u = ctx.users;
    expect(links).toContainEqual({ text: '1 case not yet assigned', href: '/complaints?handler=unassigned' });
    expect(links).toContainEqual({ text: '2 overdue cases', href: '/complaints?overdue=yes' });
    expect(links).toContainEqual({ text: '1 case due soon', href: '/complaints?dueSoon=yes' });
    expect(links).toContainEqual({ text: '5 open cases', href: '/complaints' });
    expect(html).toContain('The team’s load');
    const handler = u['complaints-handler'].id;
    expect(links).toContainEqual({ text: '3 open cases', href: `/complaints?handler=${handler}` });
    expect(links).toContainEqual({
      text: '1 overdue case',
      href: `/complaints?handler=${handler}&overdue=yes`,
    });
    const manager = u['complaints-manager'].id;
    expect(links).toContainEqual({ text: '1 open case', href: `/complaints?handler=${manager}` });
    expect(links).toContainEqual({
      text: '0 overdue cases',
      href: '/complaints?handler=unassigned&overdue=yes',
    });
  });

  it('shows an administrator the administration tasks', async () => {
    const { links } = await home('administrator');
    expect(links.map((l) => l.text)).toContain('People and roles');
    expect(links).toContainEqual({ text: '5 open cases', href: '/complaints' });
  });

  it.each(['board-member', 'colleague'] as const)(
    'tells a %s what will appear and where to go now',
    async (role) => {
      const { html, links } = await home(role);
      expect(html).toContain('What will appear here');
      expect(html).toContain('Where to go now');
      expect(html).toContain(TEST_COMPLAINTS_TEAM.complaints_team_name);
      expect(links).toContainEqual({
        text: TEST_COMPLAINTS_TEAM.contact_email,
        href: `mailto:${TEST_COMPLAINTS_TEAM.contact_email}`,
      });
      // No figures: nothing that looks like a count of cases.
      expect(html).not.toMatch(/\d+ (open|overdue) cases?/);
    },
  );

  it('every figure on every page is a link whose text says what it counts', async () => {
    for (const role of [
      'complaints-handler',
      'investigator',
      'responsible-person',
      'senior-leader',
      'complaints-manager',
      'administrator',
    ] as const) {
      const { links } = await home(role);
      for (const link of links.filter((l) => l.href.startsWith('/complaints?') || l.href === '/complaints'))
        expect(link.text, `${role}: ${link.href}`).not.toMatch(/^\d+$/);
    }
  });
});
