import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/auth/roles.ts';
import { complaintListSchema, complaintSchema } from '../support/api-schemas.ts';
import { complaintInput, createTestApp, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

type Outcome = 'allowed' | 403 | 404;

interface Expected {
  create: Outcome;
  read: Outcome;
  list: Outcome | 'empty';
  /** A handling event (acknowledge) on a complaint in the organisation. */
  handle: Outcome;
  /** Signing off a response waiting for sign-off. */
  signOff: Outcome;
}

// Need-to-know: board members and colleagues see no case records; an investigator sees only the cases assigned
// to it, and a role token is not a person cases are assigned to, so an investigator's role token finds none.
// Nor can a role token sign a response off: the final response is signed by the person who signed it off, so
// even the roles that may sign off are refused through a role token.
const MATRIX: Record<Role, Expected> = {
  administrator: {
    create: 'allowed',
    read: 'allowed',
    list: 'allowed',
    handle: 'allowed',
    signOff: 403,
  },
  'complaints-manager': {
    create: 'allowed',
    read: 'allowed',
    list: 'allowed',
    handle: 'allowed',
    signOff: 403,
  },
  'complaints-handler': {
    create: 'allowed',
    read: 'allowed',
    list: 'allowed',
    handle: 'allowed',
    signOff: 403,
  },
  investigator: { create: 403, read: 404, list: 'empty', handle: 404, signOff: 403 },
  'responsible-person': { create: 403, read: 'allowed', list: 'allowed', handle: 403, signOff: 403 },
  'senior-leader': { create: 403, read: 'allowed', list: 'allowed', handle: 403, signOff: 403 },
  'board-member': { create: 403, read: 403, list: 403, handle: 403, signOff: 403 },
  colleague: { create: 403, read: 403, list: 403, handle: 403, signOff: 403 },
};

describe.each(databaseKinds())('JSON API permissions on %s', (kind) => {
  let ctx: TestContext;
  let handler: string;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    for (const role of ROLES) tokens[role] = await ctx.apiToken(role);
    handler = tokens['complaints-handler'];
  });
  afterAll(async () => ctx?.close());

  function api(method: 'GET' | 'POST', url: string, token: string, payload?: object) {
    return ctx.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
  }

  async function newComplaint(): Promise<string> {
    const response = await api('POST', '/api/v1/complaints', handler, complaintInput());
    expect(response.statusCode, response.body).toBe(201);
    return response.json().reference;
  }

  async function awaitingSignOff(): Promise<string> {
    const reference = await newComplaint();
    for (const body of [
      { type: 'escalate', reason: 'Serious' },
      { type: 'submit-response', outcome: 'upheld', summary: 'Found', response: 'Found' },
    ]) {
      const response = await api('POST', `/api/v1/complaints/${reference}/events`, handler, body);
      expect(response.statusCode, response.body).toBe(200);
    }
    return reference;
  }

  async function snapshot() {
    const { db } = ctx.services.database;
    const [complaints, events] = await Promise.all([
      db.selectFrom('complaints').selectAll().orderBy('reference').execute(),
      db
        .selectFrom('complaint_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { complaints, events: Number(events.n) };
  }

  /** Checks the status, and that a refused request left every complaint and event as it was. */
  async function check(
    label: string,
    expected: Outcome | 'empty',
    send: () => ReturnType<typeof api>,
    allowedStatus = 200,
  ) {
    const before = await snapshot();
    const response = await send();
    if (expected === 'allowed' || expected === 'empty') {
      expect(response.statusCode, `${label}: ${response.body}`).toBe(allowedStatus);
      return response;
    }
    expect(response.statusCode, `${label}: ${response.body}`).toBe(expected);
    expect(response.json(), label).toEqual({
      error: expected === 403 ? 'forbidden' : 'not-found',
      message: expect.any(String),
    });
    expect(await snapshot(), `${label} changed something`).toEqual(before);
    return response;
  }

  it.each(ROLES)('%s: create, read, list and change complaints as its role allows', async (role) => {
    const expected = MATRIX[role];
    const token = tokens[role];
    const reference = await newComplaint();

    const created = await check(
      `${role} create`,
      expected.create,
      () => api('POST', '/api/v1/complaints', token, complaintInput()),
      201,
    );
    if (expected.create === 'allowed') expect(created.json().reference).toMatch(/^CMP-\d{4}-\d{6}$/);

    const read = await check(`${role} read`, expected.read, () =>
      api('GET', `/api/v1/complaints/${reference}`, token),
    );
    if (expected.read === 'allowed') expect(complaintSchema.parse(read.json()).reference).toBe(reference);

    const list = await check(`${role} list`, expected.list, () =>
      api('GET', '/api/v1/complaints?includeClosed=true', token),
    );
    if (expected.list === 'allowed') expect(complaintListSchema.parse(list.json()).total).toBeGreaterThan(0);
    if (expected.list === 'empty')
      expect(complaintListSchema.parse(list.json())).toMatchObject({ total: 0, items: [] });

    const handled = await check(`${role} acknowledge`, expected.handle, () =>
      api('POST', `/api/v1/complaints/${reference}/events`, token, { type: 'acknowledge' }),
    );
    if (expected.handle === 'allowed') expect(handled.json().status).toBe('acknowledged');

    const waiting = await awaitingSignOff();
    const signed = await check(`${role} sign-off`, expected.signOff, () =>
      api('POST', `/api/v1/complaints/${waiting}/events`, token, { type: 'sign-off' }),
    );
    if (expected.signOff === 'allowed') expect(signed.json().status).toBe('signed-off');
  });

  it('refuses board members and colleagues before looking at the input or the complaint', async () => {
    for (const role of ['board-member', 'colleague'] as const) {
      const token = tokens[role];
      for (const [method, url, payload] of [
        ['POST', '/api/v1/complaints', { nonsense: true }],
        ['GET', '/api/v1/complaints?stage=9', undefined],
        ['GET', '/api/v1/complaints/CMP-2026-999999', undefined],
        ['POST', '/api/v1/complaints/CMP-2026-999999/events', { type: 'no-such-event' }],
      ] as const) {
        const response = await api(method, url, token, payload);
        expect(response.statusCode, `${role} ${method} ${url}`).toBe(403);
      }
    }
  });

  it('shows each role only the events it may record', async () => {
    const reference = await awaitingSignOff();
    const allowed = async (role: Role) =>
      complaintSchema.parse((await api('GET', `/api/v1/complaints/${reference}`, tokens[role])).json())
        .allowedEvents;
    expect(await allowed('complaints-handler')).toEqual([
      'acknowledge',
      'extend',
      'agree-response-period',
      'pause',
      'withdraw',
    ]);
    // A role token is nobody, so it can return a response but never sign one off.
    expect(await allowed('responsible-person')).toEqual(['return-response']);
    expect(await allowed('administrator')).toEqual([
      'acknowledge',
      'return-response',
      'extend',
      'agree-response-period',
      'pause',
      'withdraw',
    ]);
  });

  it("signs off with a responsible person's own token, and the case names them", async () => {
    const person = ctx.users['responsible-person'];
    const { token } = await ctx.services.apiTokens.issue(
      ctx.organisationId,
      { actsAs: 'person', email: person.email, name: 'Board pack sync' },
      null,
    );
    const reference = await awaitingSignOff();
    const before = complaintSchema.parse((await api('GET', `/api/v1/complaints/${reference}`, token)).json());
    expect(before.allowedEvents).toEqual(['sign-off', 'return-response']);
    const signed = await api('POST', `/api/v1/complaints/${reference}/events`, token, { type: 'sign-off' });
    expect(signed.statusCode, signed.body).toBe(200);
    const row = await ctx.services.database.db
      .selectFrom('complaints')
      .select(['status', 'signed_off_by'])
      .where('organisation_id', '=', ctx.organisationId)
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'signed-off', signed_off_by: person.id });
  });
});
