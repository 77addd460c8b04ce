import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../src/auth/permissions.ts';
import { ROLES } from '../../src/auth/roles.ts';
import { createTestApp, type TestContext, type TestSession } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';
import { changedTables, type DatabaseState, databaseState } from '../support/database-state.ts';
import {
  type CaseFixture,
  type OrganisationFixture,
  organisationFixture,
  otherOrganisationPeople,
  testOrganisationPeople,
} from '../support/route-fixture.ts';
import {
  type Answer,
  expectedAnswer,
  MALFORMED,
  type Principal,
  type RouteUnderTest,
  routeTable,
  urlFor,
} from '../support/route-table.ts';

/**
 * Generated from the app's own route table (test/support/route-table.ts): every route, every role and nobody
 * signed in; every staff form without its CSRF token; every id of another organisation; every parameter
 * malformed. A route added later is tried here without anyone listing it.
 */

const PRINCIPALS: readonly Principal[] = [...ROLES, 'anonymous'];

/** Who is sending: a browser session for pages, a bearer token (or none) for the API. */
interface Sender {
  session: TestSession;
  token: string | null;
}

/** What the answer was, in the terms the route table expects. */
function answerOf(route: RouteUnderTest, response: LightMyRequestResponse): Answer | string {
  const { statusCode: status } = response;
  const location = String(response.headers.location ?? '');
  const json = route.api ? (response.json() as { error?: string }) : null;
  if (status >= 500) return `a server error (${status})`;
  if (status === 401 && json?.error === 'unauthorised') return 'sign in';
  if (status === 303 && !route.api && /^\/sign-in(\?next=|$)/.test(location)) return 'sign in';
  if (status === 403 && (!json || json.error === 'forbidden')) return 'forbidden';
  if (status === 404 && (!json || json.error === 'not-found')) return 'not found';
  if ([401, 403, 404].includes(status)) return `${status} ${response.body.slice(0, 120)}`;
  return 'allowed';
}

describe.each(databaseKinds())('every route, generated from the route table, on %s', (kind) => {
  let ctx: TestContext;
  let ours: OrganisationFixture;
  let theirs: OrganisationFixture;
  let routes: RouteUnderTest[];
  let problems: string[];
  let readState: () => Promise<DatabaseState>;
  const senders = new Map<Principal, Sender>();

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    const year = Number(ctx.services.today().slice(0, 4)) + 1;
    ours = await organisationFixture(ctx, testOrganisationPeople(ctx), `${year}-06-10`);
    theirs = await organisationFixture(
      ctx,
      await otherOrganisationPeople(ctx, 'other-trust'),
      `${year}-06-11`,
    );
    ({ routes, problems } = routeTable(ctx.routes));
    readState = await databaseState(ctx.services.database.db);
    for (const role of ROLES)
      senders.set(role, { session: await ctx.session(role), token: await ctx.apiToken(role) });
    senders.set('anonymous', { session: await anonymous(), token: null });
  });
  afterAll(async () => ctx?.close());

  /** Someone not signed in who has opened a page, so holds a CSRF token as a browser would. */
  async function anonymous(): Promise<TestSession> {
    const session = ctx.anonymous();
    await session.get('/sign-in');
    return session;
  }

  /** A sender of its own for a request that ends the session it is sent in. */
  async function senderFor(route: RouteUnderTest, principal: Principal): Promise<Sender> {
    const sender = senders.get(principal) as Sender;
    if (!route.request?.endsSession) return { ...sender, session: sender.session.clone() };
    return {
      ...sender,
      session: principal === 'anonymous' ? await anonymous() : await ctx.session(principal),
    };
  }

  /**
   * Sends the route's sample request. `csrf` replaces the session's CSRF token (false: none); the session is
   * a copy, so what a request does to its cookies (signing in as someone else) stays with that request.
   */
  async function send(
    route: RouteUnderTest,
    url: string,
    sender: Sender,
    fixture: { ours: OrganisationFixture; c: CaseFixture },
    csrf?: string | false,
  ): Promise<LightMyRequestResponse> {
    const body = route.request?.body(fixture.ours, fixture.c) ?? {};
    if (route.api) {
      return ctx.app.inject({
        method: route.method,
        url,
        headers: sender.token ? { authorization: `Bearer ${sender.token}` } : {},
        ...(route.method === 'POST' ? { payload: body } : {}),
      });
    }
    const { session } = sender;
    if (route.method === 'GET') return session.get(url);
    const file = route.request?.file;
    if (file) return session.upload(url, file, csrf === undefined ? {} : { csrf });
    const fields = body as Record<string, string>;
    if (csrf === false) return session.post(url, fields, { csrf: false });
    return session.post(url, csrf === undefined ? fields : { ...fields, _csrf: csrf });
  }

  /**
   * Sends requests and checks each answer, and that every one not allowed wrote nothing anywhere. The database
   * is read only around requests that should be refused (allowed ones write, an audit entry at least).
   */
  function checker() {
    const mismatches: string[] = [];
    let state: DatabaseState | null = null;
    return {
      mismatches,
      /** `expected` is an answer, or the exact status of a refusal the route table names (410, say). */
      async check(
        route: RouteUnderTest,
        label: string,
        expected: Answer | number,
        request: () => Promise<LightMyRequestResponse>,
      ) {
        const before = expected === 'allowed' ? null : (state ?? (await readState()));
        const response = await request();
        const answer = typeof expected === 'number' ? response.statusCode : answerOf(route, response);
        if (answer !== expected)
          mismatches.push(
            `${route.label} ${label}: expected ${expected}, got ${answer} (${response.statusCode})`,
          );
        if (!before) {
          state = null;
          return;
        }
        state = await readState();
        const changed = changedTables(before, state);
        if (changed.length)
          mismatches.push(`${route.label} ${label}: answered ${answer} but wrote to ${changed.join(', ')}`);
      },
    };
  }

  /** The role the route lets in with the test organisation's open case: an administrator, mostly. */
  function allowedPrincipal(route: RouteUnderTest): Principal {
    if (route.access === 'public') return 'anonymous';
    const role = ROLES.find((r) => expectedAnswer(route, r) === 'allowed');
    if (!role) throw new Error(`${route.label}: no role may use it`);
    return role;
  }

  it('knows what every route allows and what each of its parameters names', () => {
    expect(problems).toEqual([]);
    expect(routes.length).toBeGreaterThan(50);
  });

  it.each(PRINCIPALS)(
    '%s: every route lets them in or turns them away as its access says, and turning away writes nothing',
    async (principal) => {
      const { check, mismatches } = checker();
      for (const route of routes) {
        const sender = await senderFor(route, principal);
        const url = urlFor(route, ours, ours.open);
        const expected = expectedAnswer(route, principal, { person: !route.api });
        await check(route, `as ${principal}`, expected, () =>
          send(route, url, sender, { ours, c: ours.open }),
        );
      }
      expect(mismatches).toEqual([]);
    },
  );

  it('lets a role that reads only its assigned cases into those, as a person, and never with a role token', async () => {
    const { check, mismatches } = checker();
    const readers = ROLES.filter((r) => can(r, 'complaint:read-assigned') && !can(r, 'complaint:read-all'));
    expect(readers.length).toBeGreaterThan(0);
    for (const role of readers) {
      const user = ctx.users[role];
      const personal = await ctx.services.apiTokens.issue(
        ctx.organisationId,
        { actsAs: 'person', email: user.email, name: `${role}'s own token` },
        null,
      );
      for (const route of routes.filter((r) => r.case)) {
        const url = urlFor(route, ours, ours.assigned);
        const fixture = { ours, c: ours.assigned };
        const sender = await senderFor(route, role);
        await check(route, `as ${role} on their case`, expectedAnswer(route, role, { assigned: true }), () =>
          send(route, url, route.api ? { ...sender, token: personal.token } : sender, fixture),
        );
        if (!route.api) continue;
        const asNobody = expectedAnswer(route, role, { assigned: true, person: false });
        await check(route, `as ${role}'s role token on their case`, asNobody, () =>
          send(route, url, sender, fixture),
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses every form post without its CSRF token, or with a wrong one, and writes nothing', async () => {
    const { check, mismatches } = checker();
    const forms = routes.filter((r) => r.method === 'POST' && !r.api);
    expect(forms.length).toBeGreaterThan(20);
    for (const route of forms) {
      const principal = allowedPrincipal(route);
      const url = urlFor(route, ours, ours.open);
      for (const csrf of [false, 'not-the-token'] as const) {
        const sender = await senderFor(route, principal);
        await check(route, `as ${principal} with CSRF token ${csrf || 'left out'}`, 'forbidden', () =>
          send(route, url, sender, { ours, c: ours.open }, csrf),
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("answers not found to another organisation's ids on every route that takes one, writing nothing in either", async () => {
    const { check, mismatches } = checker();
    const theirCases = [theirs.open, theirs.assigned];
    const taking = routes.filter((r) => r.params.some((p) => p.kind.owned));
    expect(taking.length).toBeGreaterThan(15);
    for (const route of taking) {
      const principal = allowedPrincipal(route);
      const owned = route.params.filter((p) => p.kind.owned);
      // Each of their ids alone among ours (their issue on our case), then all of theirs together.
      const swaps = owned.length > 1 ? [...owned.map((p) => [p]), owned] : [owned];
      for (const swap of swaps) {
        const raw = Object.fromEntries(
          swap.map((p) => [p.name, encodeURIComponent(p.kind.value(theirs, theirs.open))]),
        );
        const url = urlFor(route, ours, ours.open, raw);
        const sender = await senderFor(route, principal);
        await check(
          route,
          `as ${principal} with their ${swap.map((p) => p.kind.what).join(' and ')}`,
          'not found',
          () => send(route, url, sender, { ours, c: ours.open }),
        );
      }
    }
    expect(mismatches).toEqual([]);
    const theirIds = [
      ...theirCases.flatMap((c) => Object.values(c)),
      theirs.serviceId,
      theirs.userId,
      theirs.tokenId,
      theirs.outboxId,
    ];
    const ourAuditOfTheirs = await ctx.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('organisation_id', '=', ours.organisationId)
      .where((eb) =>
        eb.or([
          eb(
            'complaint_id',
            'in',
            theirCases.map((c) => c.id),
          ),
          eb('entity_id', 'in', theirIds),
        ]),
      )
      .execute();
    expect(ourAuditOfTheirs).toEqual([]);
  });

  // Every parameter of every route (the case's sub-pages and form pages added many): more than the default time.
  it('answers not found to a malformed or unknown parameter on every route, never a server error, writing nothing', {
    timeout: 120_000,
  }, async () => {
    const { check, mismatches } = checker();
    const taking = routes.filter((r) => r.params.length);
    for (const route of taking) {
      const principal = allowedPrincipal(route);
      for (const param of route.params) {
        const unknown = param.kind.unknown.map((value) => ({ value: encodeURIComponent(value) }));
        const tries: readonly { value: string; status?: number }[] = [...MALFORMED, ...unknown];
        for (const { value, status } of tries) {
          const url = urlFor(route, ours, ours.open, { [param.name]: value });
          const sender = await senderFor(route, principal);
          const expected = status ?? param.kind.notFound ?? 'not found';
          await check(route, `as ${principal} with :${param.name} ${value.slice(0, 40)}`, expected, () =>
            send(route, url, sender, { ours, c: ours.open }),
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
