import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import type { Actor } from '../../src/auth/roles.ts';
import { addCalendarDays, formatLongDate } from '../../src/domain/calendar/index.ts';
import { EVENT_TYPES, eventPayloadSchemas } from '../../src/domain/lifecycle/index.ts';
import { buildOpenApiDocument } from '../../src/modules/api/openapi.ts';
import { complaintDocumentSchema } from '../../src/modules/cases/complaint-document.ts';
import { complaintIntakeSchema } from '../../src/modules/intake/intake-schema.ts';
import {
  complaintListSchema,
  complaintSchema,
  createComplaintRequestSchema,
  EVENT_FIELDS,
  validationErrorSchema,
} from '../support/api-schemas.ts';
import { complaintInput, createTestApp, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

const REFERENCE = /^CMP-\d{4}-\d{6}$/;

type Method = 'GET' | 'POST';

describe.each(databaseKinds())('JSON API on %s', (kind) => {
  let ctx: TestContext;
  let handler: string;
  let manager: string;
  let responsible: string;

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    [handler, manager, responsible] = await Promise.all([
      ctx.apiToken('complaints-handler'),
      ctx.apiToken('complaints-manager'),
      ctx.apiToken('responsible-person'),
    ]);
    await ctx.services.organisations.addService(adminActor(), {
      name: 'Emergency department',
      kind: 'service',
    });
  });
  afterAll(async () => ctx?.close());

  function adminActor(): Actor {
    const user = ctx.users.administrator;
    return {
      kind: 'user',
      id: user.id,
      userId: user.id,
      organisationId: ctx.organisationId,
      role: user.role,
      label: user.name,
    };
  }

  function api(method: Method, url: string, token: string | null, payload?: unknown) {
    return ctx.app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }

  async function create(overrides: Record<string, unknown> = {}, token = handler) {
    const response = await api('POST', '/api/v1/complaints', token, complaintInput(overrides));
    expect(response.statusCode, response.body).toBe(201);
    return complaintSchema.parse(response.json());
  }

  async function event(reference: string, body: Record<string, unknown>, token = handler) {
    return api('POST', `/api/v1/complaints/${reference}/events`, token, body);
  }

  async function applied(reference: string, body: Record<string, unknown>, token = handler) {
    const response = await event(reference, body, token);
    expect(response.statusCode, response.body).toBe(200);
    return complaintSchema.parse(response.json());
  }

  /** Signs the response off through the API with the responsible person's own token, as a person must. */
  async function signOff(reference: string) {
    const person = ctx.users['responsible-person'];
    const { token } = await ctx.services.apiTokens.issue(
      ctx.organisationId,
      { actsAs: 'person', email: person.email, name: 'Sign-off' },
      null,
    );
    const forSignOff = complaintSchema.parse(
      (await api('GET', `/api/v1/complaints/${reference}`, token)).json(),
    );
    expect(forSignOff.allowedEvents).toEqual(['sign-off', 'return-response']);
    return applied(reference, { type: 'sign-off', note: 'Approved' }, token);
  }

  /** A UK date some calendar days before today. */
  function calendarDaysAgo(days: number): string {
    return addCalendarDays(ctx.services.today(), -days);
  }

  it('answers a create with exactly what a read of the new complaint shows', async () => {
    const created = await create({ service: undefined });
    const read = await api('GET', `/api/v1/complaints/${created.reference}`, handler);
    expect(read.statusCode).toBe(200);
    expect(created).toEqual(complaintSchema.parse(read.json()));
  });

  /** Everything a refused request might have written. */
  async function snapshot() {
    const { db } = ctx.services.database;
    const [complaints, events, pauses, extensions] = await Promise.all([
      db.selectFrom('complaints').selectAll().orderBy('reference').execute(),
      db
        .selectFrom('complaint_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      db.selectFrom('complaint_pauses').selectAll().orderBy('id').execute(),
      db.selectFrom('complaint_extensions').selectAll().orderBy('id').execute(),
    ]);
    return { complaints, events: Number(events.n), pauses, extensions };
  }

  function fieldErrors(response: LightMyRequestResponse) {
    expect(response.statusCode, response.body).toBe(422);
    const body = validationErrorSchema.parse(response.json());
    return Object.fromEntries(body.errors.map((e) => [e.field, e.message]));
  }

  describe('creating a complaint', () => {
    it('records it and answers 201 with the reference, deadlines and a Location header', async () => {
      const response = await api(
        'POST',
        '/api/v1/complaints',
        handler,
        complaintInput({
          channel: 'phone',
          service: 'emergency department',
          complainant: { name: 'Sam Patient', phone: '01632 960 001', preferredContact: 'phone' },
          onBehalfOf: { name: 'Jo Patient', relationship: 'Daughter', consent: 'given' },
        }),
      );
      expect(response.statusCode, response.body).toBe(201);
      const body = complaintSchema.parse(response.json());
      expect(body.reference).toMatch(REFERENCE);
      expect(response.headers.location).toBe(`/api/v1/complaints/${body.reference}`);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(body).toMatchObject({
        status: 'received',
        stage: 1,
        channel: 'phone',
        receivedOn: '2026-11-02',
        service: 'Emergency department',
        complainant: { name: 'Sam Patient', phone: '01632 960 001', email: null, preferredContact: 'phone' },
        onBehalfOf: { name: 'Jo Patient', relationship: 'Daughter', consent: 'given' },
        handler: null,
      });
      expect(body.deadlines.acknowledgeBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(body.deadlines.stageDueBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(body.events.map((e) => e.type)).toEqual(['received']);
      expect(body.allowedEvents).toContain('acknowledge');

      const stored = await ctx.services.database.db
        .selectFrom('complaints')
        .select(['reference', 'complainant_name'])
        .where('reference', '=', body.reference)
        .executeTakeFirstOrThrow();
      expect(stored.complainant_name).toBe('Sam Patient');
      const again = await api('GET', response.headers.location as string, handler);
      expect(again.json().reference).toBe(body.reference);
    });

    it('gives out no internal ids, hashes or tokens', async () => {
      const body = await create();
      const text = JSON.stringify(body);
      expect(text).not.toMatch(
        /organisation_?id|service_?id|handler_?id|actor_?id|password|token_hash|cdr_/i,
      );
      expect(text).not.toContain(ctx.organisationId);
    });

    it('counts working days from the UK date of receipt, skipping weekends and bank holidays', async () => {
      // Tuesday 23 December 2025: day 1 is Wednesday 24th; 25th and 26th are bank holidays, then the weekend.
      const christmas2025 = await create({ receivedAt: '2025-12-23T10:00:00Z' });
      expect(christmas2025.receivedOn).toBe('2025-12-23');
      expect(christmas2025.deadlines).toMatchObject({
        acknowledgeBy: '2025-12-30', // 24, 29, 30
        stageDueBy: '2026-01-09', // 24, 29, 30, 31, (1 Jan holiday) 2, 5, 6, 7, 8, 9
        outerLimitBy: '2026-06-22', // the six months beginning with 23 December end the day before 23 June
        state: 'overdue',
        extended: false,
      });
      // Thursday 23 December 2021: Christmas and Boxing Day fell at the weekend, so Monday 27th and Tuesday
      // 28th were substitute days, as was Monday 3 January 2022 for New Year's Day.
      const christmas2021 = await create({ receivedAt: '2021-12-23T10:00:00Z' });
      expect(christmas2021.deadlines).toMatchObject({
        acknowledgeBy: '2021-12-30', // 24, 29, 30
        stageDueBy: '2022-01-11', // 24, 29, 30, 31, 4, 5, 6, 7, 10, 11
      });
      // 00:30 BST on 1 July is 23:30 UTC on 30 June; the complaint was received on 1 July (a Wednesday).
      const midnight = await create({ receivedAt: '2026-06-30T23:30:00Z' });
      expect(midnight.receivedOn).toBe('2026-07-01');
      expect(midnight.deadlines.acknowledgeBy).toBe('2026-07-06'); // Thu 2, Fri 3, Mon 6
    });

    it('works out Christmas 2026 with its substitute Boxing Day (clock set to January 2027)', async () => {
      // Wednesday 23 December 2026: day 1 is Thursday 24th; Friday 25th is Christmas, Boxing Day (Saturday)
      // is substituted on Monday 28th, so days 2 and 3 are Tuesday 29th and Wednesday 30th. The intake refuses
      // future dates, so the clock is moved past it for this one request (with a token of its own, so neither
      // the rate limiter's window nor the remembered verification of other requests' token is moved).
      const own = await ctx.apiToken('complaints-handler');
      vi.useFakeTimers({ toFake: ['Date'], now: new Date('2027-01-15T12:00:00Z') });
      let response: LightMyRequestResponse;
      try {
        response = await ctx.app.inject({
          method: 'POST',
          url: '/api/v1/complaints',
          remoteAddress: '192.0.2.25',
          headers: { authorization: `Bearer ${own}` },
          payload: complaintInput({ receivedAt: '2026-12-23T10:00:00Z' }),
        });
      } finally {
        vi.useRealTimers();
      }
      expect(response.statusCode, response.body).toBe(201);
      expect(complaintSchema.parse(response.json()).deadlines).toMatchObject({
        acknowledgeBy: '2026-12-30',
        stageDueBy: '2027-01-11', // 24, 29, 30, 31, (1 Jan holiday) 4, 5, 6, 7, 8, 11
        outerLimitBy: '2027-06-22',
      });
    });

    it('refuses invalid complaints with field errors and writes nothing', async () => {
      const before = await snapshot();
      const cases: [string, Record<string, unknown>, string][] = [
        ['complainant.name', { complainant: { email: 'alex@example.com' } }, 'full name'],
        ['channel', { channel: 'pigeon' }, 'Channel must be one of'],
        ['receivedAt', { receivedAt: new Date(Date.now() + 86_400_000).toISOString() }, 'future'],
        ['complainant.email', { complainant: { name: 'Alex Example' } }, 'at least one way to contact'],
        ['service', { service: 'No such ward' }, 'no service called'],
        ['description', { description: '   ' }, 'Enter what happened'],
      ];
      for (const [field, overrides, message] of cases) {
        const errors = fieldErrors(
          await api('POST', '/api/v1/complaints', handler, complaintInput(overrides)),
        );
        expect(errors[field], `${field} for ${JSON.stringify(overrides)}`).toContain(message);
      }
      const several = fieldErrors(
        await api('POST', '/api/v1/complaints', handler, { channel: 'fax', complainant: {} }),
      );
      expect(Object.keys(several)).toEqual(
        expect.arrayContaining(['channel', 'receivedAt', 'complainant.name', 'description']),
      );
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a receivedAt that is not a date with a field error, not a server error', async () => {
      // Needs src/complaints/intake.ts to skip its cross-field checks when receivedAt did not parse.
      const before = await snapshot();
      for (const receivedAt of ['yesterday', '2026-13-45T10:00:00Z', 42]) {
        const errors = fieldErrors(
          await api('POST', '/api/v1/complaints', handler, complaintInput({ receivedAt })),
        );
        expect(errors.receivedAt, String(receivedAt)).toBeTruthy();
      }
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a body that is not a JSON object with a message that says what to send', async () => {
      const before = await snapshot();
      const send = (payload: string, contentType: string) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/v1/complaints',
          headers: { authorization: `Bearer ${handler}`, 'content-type': contentType },
          payload,
        });
      const broken = await send('{"channel": "email",', 'application/json');
      expect(broken.statusCode).toBe(400);
      expect(broken.json()).toEqual({
        error: 'bad-request',
        message: expect.stringContaining('not valid JSON'),
      });
      const empty = await send('', 'application/json');
      expect(empty.statusCode).toBe(400);
      expect(empty.json().message).toContain('empty');
      const array = await send('[1, 2]', 'application/json');
      expect(fieldErrors(array).body).toContain('JSON object');
      const text = await send('channel=email', 'application/x-www-form-urlencoded');
      expect(text.statusCode).toBe(415);
      expect(text.json().message).toContain('Content-Type: application/json');
      const poisoned = await send('{"__proto__": {"admin": true}}', 'application/json');
      expect(poisoned.statusCode).toBe(400);
      expect(await snapshot()).toEqual(before);
    });

    it('asks for a token, and refuses an unknown one, without writing anything', async () => {
      const before = await snapshot();
      const requests: [Method, string][] = [
        ['POST', '/api/v1/complaints'],
        ['GET', '/api/v1/complaints'],
        ['GET', '/api/v1/complaints/CMP-2026-000001'],
        ['POST', '/api/v1/complaints/CMP-2026-000001/events'],
      ];
      for (const [method, url] of requests) {
        for (const headers of [
          {},
          { authorization: 'Bearer cdr_not-a-real-token' },
          { authorization: `Basic ${handler}` },
          { authorization: 'Bearer' },
        ]) {
          const response = await ctx.app.inject({
            method,
            url,
            headers,
            ...(method === 'POST' ? { payload: complaintInput({ type: 'acknowledge' }) } : {}),
          });
          expect(response.statusCode, `${method} ${url} ${JSON.stringify(headers)}`).toBe(401);
          expect(response.json()).toEqual({
            error: 'unauthorised',
            message: expect.stringContaining('Bearer'),
          });
        }
      }
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a revoked token', async () => {
      const { id, token } = await ctx.services.apiTokens.create(
        ctx.organisationId,
        'complaints-handler',
        'x',
        null,
      );
      expect((await api('GET', '/api/v1/complaints', token)).statusCode).toBe(200);
      await ctx.services.apiTokens.revoke(adminActor(), id);
      expect((await api('GET', '/api/v1/complaints', token)).statusCode).toBe(401);
    });
  });

  describe('reading a complaint', () => {
    it('returns the case with its deadlines and events, and records the read in the audit trail', async () => {
      const created = await create();
      await applied(created.reference, { type: 'acknowledge', note: 'Phoned to acknowledge' });
      const response = await api('GET', `/api/v1/complaints/${created.reference}`, manager);
      expect(response.statusCode).toBe(200);
      const body = complaintSchema.parse(response.json());
      expect(body).toMatchObject({
        reference: created.reference,
        status: 'acknowledged',
        stage: 1,
        receivedAt: '2026-11-02T10:00:00.000Z',
        receivedOn: '2026-11-02',
        description: complaintInput().description,
        outcomeSought: 'An explanation and an apology',
        complainant: { name: 'Alex Example', email: 'alex@example.com' },
      });
      expect(body.deadlines.acknowledgedOn).toBe(ctx.services.today());
      expect(body.events.map((e) => [e.type, e.from, e.to, e.stage])).toEqual([
        ['received', null, 'received', 1],
        ['acknowledge', 'received', 'acknowledged', 1],
      ]);
      expect(body.events[1]).toMatchObject({
        actor: 'API token test complaints-handler',
        reason: 'Phoned to acknowledge',
        occurredOn: ctx.services.today(),
      });
      expect(body.allowedEvents).toEqual([
        'resolve-stage1',
        'escalate',
        'extend',
        'agree-response-period',
        'pause',
        'decline',
        'withdraw',
      ]);
      const views = await ctx.services.database.db
        .selectFrom('audit_log')
        .select(['actor_label'])
        .where('action', '=', 'complaint.view')
        .where('entity_id', '=', created.reference)
        .execute();
      expect(views.map((v) => v.actor_label)).toEqual([
        expect.stringContaining('API token test complaints-manager'),
      ]);
    });

    it('answers 404 for an unknown or malformed reference', async () => {
      for (const reference of ['CMP-2026-999999', 'nonsense', 'CMP-2026-000001%27']) {
        const response = await api('GET', `/api/v1/complaints/${reference}`, handler);
        expect(response.statusCode, reference).toBe(404);
        expect(response.json()).toEqual({ error: 'not-found', message: 'Complaint not found' });
      }
    });

    it('keeps organisations apart: another organisation’s token cannot see or change a complaint', async () => {
      const created = await create();
      const other = await ctx.services.organisations.create({
        name: 'Other Borough Council',
        slug: 'other-borough',
        division: 'england-and-wales',
        preset: 'uk-central-government',
      });
      const { token } = await ctx.services.apiTokens.create(other.id, 'administrator', 'other admin', null);
      const before = await snapshot();
      const read = await api('GET', `/api/v1/complaints/${created.reference}`, token);
      expect(read.statusCode).toBe(404);
      const change = await event(created.reference, { type: 'acknowledge' }, token);
      expect(change.statusCode).toBe(404);
      const list = complaintListSchema.parse(
        (await api('GET', '/api/v1/complaints?includeClosed=true', token)).json(),
      );
      expect(list.total).toBe(0);
      expect(await snapshot()).toEqual(before);
      // Its own complaints get its own numbering, and the first organisation cannot see them.
      const own = await api(
        'POST',
        '/api/v1/complaints',
        token,
        complaintInput({ receivedAt: '2023-05-02T09:00:00Z' }),
      );
      expect(own.statusCode).toBe(201);
      expect(own.json().reference).toBe('CMP-2023-000001');
      expect((await api('GET', own.headers.location as string, handler)).statusCode).toBe(404);
    });
  });

  describe('listing complaints', () => {
    let token: string;
    const refs: Record<string, string> = {};

    // A separate organisation, so the list holds only these cases whatever else the suite records.
    beforeAll(async () => {
      const org = await ctx.services.organisations.create({
        name: 'Listing Trust',
        slug: 'listing-trust',
        division: 'england-and-wales',
        preset: 'nhs-england',
      });
      token = (await ctx.services.apiTokens.create(org.id, 'complaints-manager', 'lister', null)).token;
      const post = async (name: string, receivedAt: string) => {
        const response = await api(
          'POST',
          '/api/v1/complaints',
          token,
          complaintInput({ receivedAt, complainant: { name, email: 'x@example.com' } }),
        );
        expect(response.statusCode, response.body).toBe(201);
        return response.json().reference as string;
      };
      refs.old = await post('Old Overdue', '2025-01-06T09:00:00Z');
      refs.fresh = await post('Fresh Today', new Date(Date.now() - 60_000).toISOString());
      refs.escalated = await post('Escalated Case', '2026-10-01T09:00:00Z');
      refs.resolved = await post('Resolved Case', '2026-10-02T09:00:00Z');
      refs.paused = await post('Paused Case', '2026-10-05T09:00:00Z');
      expect((await event(refs.escalated, { type: 'escalate', reason: 'Serious' }, token)).statusCode).toBe(
        200,
      );
      expect((await event(refs.resolved, { type: 'acknowledge' }, token)).statusCode).toBe(200);
      const resolved = await event(
        refs.resolved,
        { type: 'resolve-stage1', outcome: 'not-upheld', summary: 'Explained', satisfied: 'unknown' },
        token,
      );
      expect(resolved.statusCode).toBe(200);
      expect(
        (await event(refs.paused, { type: 'pause', reason: 'Awaiting consent' }, token)).statusCode,
      ).toBe(200);
    });

    async function list(query = '') {
      const response = await api('GET', `/api/v1/complaints${query}`, token);
      expect(response.statusCode, response.body).toBe(200);
      return complaintListSchema.parse(response.json());
    }
    const references = (result: { items: { reference: string }[] }) => result.items.map((i) => i.reference);

    it('lists open complaints by default, soonest deadline first, with summaries', async () => {
      const result = await list();
      expect(result).toMatchObject({ total: 4, page: 1, pageSize: 25 });
      expect(new Set(references(result))).toEqual(
        new Set([refs.old, refs.fresh, refs.escalated, refs.paused]),
      );
      const due = result.items.map((i) => i.deadlines.nextDueOn as string);
      expect([...due].sort()).toEqual(due);
      const old = result.items.find((i) => i.reference === refs.old);
      expect(old).toEqual({
        reference: refs.old,
        status: 'received',
        stage: 1,
        channel: 'email',
        receivedOn: '2025-01-06',
        complainantName: 'Old Overdue',
        service: null,
        handler: null,
        deadlines: {
          acknowledgeBy: '2025-01-09',
          acknowledgedOn: null,
          stage2AcknowledgeBy: null,
          stage2AcknowledgedOn: null,
          stageDueBy: '2025-01-20',
          outerLimitBy: '2025-07-05', // the six months beginning with Monday 6 January 2025
          nextDueOn: '2025-01-09',
          nextDueKind: 'acknowledge',
          state: 'overdue',
          // Read on the day the test runs, so how many working days varies.
          nextStep: expect.stringMatching(/^Acknowledge, [\d,]+ working days overdue$/),
          extended: false,
        },
      });
    });

    it('includes finished complaints when asked', async () => {
      expect((await list('?includeClosed=true')).total).toBe(5);
      expect(references(await list('?status=resolved'))).toEqual([refs.resolved]);
    });

    it('filters by status (one or several), stage, overdue and due soon', async () => {
      expect(new Set(references(await list('?status=received,paused')))).toEqual(
        new Set([refs.old, refs.fresh, refs.paused]),
      );
      expect(new Set(references(await list('?status=received&status=investigating')))).toEqual(
        new Set([refs.old, refs.fresh, refs.escalated]),
      );
      expect(references(await list('?stage=2'))).toEqual([refs.escalated]);
      const overdue = await list('?overdue=true');
      expect(references(overdue)).toContain(refs.old);
      expect(references(overdue)).not.toContain(refs.fresh);
      expect(overdue.items.every((i) => i.deadlines.state === 'overdue')).toBe(true);
      const dueSoon = await list('?dueSoon=true');
      expect(references(dueSoon)).toContain(refs.fresh);
      expect(references(dueSoon)).not.toContain(refs.old);
      expect(dueSoon.items.every((i) => i.deadlines.state === 'due-soon')).toBe(true);
    });

    it('filters by handler, named by email address, or unassigned', async () => {
      const manager: Actor = {
        kind: 'user',
        id: ctx.users['complaints-manager'].id,
        userId: ctx.users['complaints-manager'].id,
        organisationId: ctx.organisationId,
        role: 'complaints-manager',
        label: 'Test complaints-manager',
      };
      // Handlers belong to the first organisation; assign one there and list with that organisation's token.
      const mine = await create();
      await ctx.services.caseRecords.assign(manager, mine.reference, {
        handlerId: ctx.users['complaints-handler'].id,
      });
      const email = encodeURIComponent(ctx.users['complaints-handler'].email.toUpperCase());
      const response = await api('GET', `/api/v1/complaints?handler=${email}`, handler);
      const byHandler = complaintListSchema.parse(response.json());
      expect(references(byHandler)).toEqual([mine.reference]);
      expect(byHandler.items[0]?.handler).toBe('Test complaints-handler');
      const detail = complaintSchema.parse(
        (await api('GET', `/api/v1/complaints/${mine.reference}`, handler)).json(),
      );
      expect(detail.handler).toBe('Test complaints-handler');
      expect(JSON.stringify(detail)).not.toContain(ctx.users['complaints-handler'].id);
      expect((await list('?handler=unassigned')).total).toBe(4);
      const unknown = await api('GET', '/api/v1/complaints?handler=nobody@example.com', handler);
      expect(fieldErrors(unknown).handler).toContain('no user');
    });

    it('pages through the results', async () => {
      const first = await list('?pageSize=2');
      const second = await list('?pageSize=2&page=2');
      const third = await list('?pageSize=2&page=3');
      expect([first.items.length, second.items.length, third.items.length]).toEqual([2, 2, 0]);
      expect(second).toMatchObject({ total: 4, page: 2, pageSize: 2 });
      expect(new Set([...references(first), ...references(second)]).size).toBe(4);
    });

    it('refuses query parameters it does not understand', async () => {
      const cases: [string, string, string][] = [
        ['?status=open', 'status', 'Unknown status "open"'],
        ['?status=received,nope', 'status', '"nope"'],
        ['?stage=3', 'stage', 'stage must be 1 or 2'],
        ['?page=0', 'page', 'whole number from 1'],
        ['?page=-1', 'page', 'whole number'],
        ['?page=1.5', 'page', 'whole number'],
        ['?pageSize=101', 'pageSize', 'from 1 to 100'],
        ['?pageSize=abc', 'pageSize', 'from 1 to 100'],
        ['?overdue=yes', 'overdue', 'true or false'],
        ['?handler=me', 'handler', 'email address'],
        ['?satus=received', 'satus', 'Unknown query parameter'],
      ];
      for (const [query, field, message] of cases) {
        const errors = fieldErrors(await api('GET', `/api/v1/complaints${query}`, token));
        expect(errors[field], query).toContain(message);
      }
    });
  });

  describe('recording events', () => {
    it('takes a complaint through stage 2: acknowledge, escalate, acknowledge again, submit, sign off, send, close', async () => {
      const { reference } = await create();
      const acknowledged = await applied(reference, { type: 'acknowledge' });
      expect(acknowledged.status).toBe('acknowledged');
      expect(fieldErrors(await event(reference, { type: 'escalate' })).reason).toBe(
        'Enter the reason for escalating',
      );
      const escalated = await applied(reference, { type: 'escalate', reason: 'Needs an investigation' });
      expect(escalated).toMatchObject({
        status: 'investigating',
        stage: 2,
        stage2StartedOn: ctx.services.today(),
        deadlines: { stage2AcknowledgedOn: null, nextDueKind: 'acknowledge-stage2' },
      });
      expect(escalated.deadlines.stage2AcknowledgeBy).toBeTruthy();
      expect(escalated.deadlines.stageDueBy > acknowledged.deadlines.stageDueBy).toBe(true);
      expect(escalated.allowedEvents[0]).toBe('acknowledge');
      const stage2 = await applied(reference, { type: 'acknowledge', note: 'Stage 2 letter sent' });
      expect(stage2.deadlines).toMatchObject({
        acknowledgedOn: acknowledged.deadlines.acknowledgedOn,
        stage2AcknowledgedOn: ctx.services.today(),
        nextDueKind: 'respond',
      });

      const tooEarly = await event(reference, { type: 'close' });
      expect(tooEarly.statusCode).toBe(409);
      expect(tooEarly.json()).toEqual({
        error: 'conflict',
        message: expect.stringContaining('the response must be submitted, signed off and sent first'),
      });
      expect(fieldErrors(await event(reference, { type: 'submit-response' }))).toEqual({
        outcome: 'Select the outcome',
      });
      // Without a response of its own, the draft from the template still has parts to write.
      expect(
        fieldErrors(await event(reference, { type: 'submit-response', outcome: 'partly-upheld' })),
      ).toEqual({ response: expect.stringContaining('[To complete: …]') });
      const submitted = await applied(reference, {
        type: 'submit-response',
        outcome: 'partly-upheld',
        summary: 'We apologised and changed the triage process',
        response: 'Dear Alex Example\n\nWe apologised and changed the triage process.',
        note: 'Draft attached',
      });
      expect(submitted.response).toMatchObject({ version: 1, status: 'submitted' });
      expect(submitted).toMatchObject({ status: 'response-drafted', outcome: 'partly-upheld' });
      expect(submitted.allowedEvents).not.toContain('sign-off');
      expect(submitted.allowedEvents).not.toContain('return-response');

      const before = await snapshot();
      const byHandler = await event(reference, { type: 'sign-off' });
      expect(byHandler.statusCode).toBe(403);
      expect(byHandler.json().message).toContain('Only a responsible person or senior leader');
      // A role token is nobody: the response is signed with the name of the person who signed it off.
      const byRoleToken = await event(reference, { type: 'sign-off' }, responsible);
      expect(byRoleToken.statusCode).toBe(403);
      expect(byRoleToken.json().message).toContain('signed off by a person');
      expect(await snapshot()).toEqual(before);

      const forSignOff = complaintSchema.parse(
        (await api('GET', `/api/v1/complaints/${reference}`, responsible)).json(),
      );
      expect(forSignOff.allowedEvents).toEqual(['return-response']);
      // The final response cannot go before sign-off.
      const early = await api('GET', `/api/v1/complaints/${reference}/letters/final-response`, handler);
      expect(early.statusCode).toBe(409);
      expect(early.json().message).toContain('only after a responsible person has signed it off');
      await signOff(reference);

      const signedOff = complaintSchema.parse(
        (await api('GET', `/api/v1/complaints/${reference}`, handler)).json(),
      );
      expect(signedOff.status).toBe('signed-off');
      expect(signedOff.allowedEvents).not.toContain('close');
      expect((await event(reference, { type: 'close' })).json().message).toContain('signed off but not sent');

      const draft = await api('GET', `/api/v1/complaints/${reference}/letters/final-response`, handler);
      expect(draft.statusCode, draft.body).toBe(200);
      const letter = draft.json() as { subject: string; body: string; toComplete: boolean };
      expect(letter.body).toContain(`${ctx.users['responsible-person'].name}\nResponsible person`);
      expect(letter.body).not.toContain(ctx.users['complaints-handler'].name);
      // The approved text is locked: a different body is refused, the approved one goes.
      const changed = await api('POST', `/api/v1/complaints/${reference}/letters/final-response`, handler, {
        subject: letter.subject,
        body: `${letter.body}\n\nP.S.`,
      });
      expect(changed.statusCode).toBe(422);
      expect(changed.body).toContain('exactly as it was signed off');
      const sent = await api('POST', `/api/v1/complaints/${reference}/letters/final-response`, handler, {
        subject: letter.subject,
        body: letter.body,
      });
      expect(sent.statusCode, sent.body).toBe(201);
      const closed = await applied(reference, { type: 'close' });
      expect(closed).toMatchObject({
        status: 'closed',
        stage: 2,
        outcome: 'partly-upheld',
        outcomeSummary: 'We apologised and changed the triage process',
        closedOn: ctx.services.today(),
        deadlines: { nextDueOn: null, state: null },
        allowedEvents: ['reopen'],
      });
      expect(closed.events.map((e) => `${e.type}:${e.from}->${e.to}`)).toEqual([
        'received:null->received',
        'acknowledge:received->acknowledged',
        'escalate:acknowledged->investigating',
        'acknowledge:investigating->investigating',
        'submit-response:investigating->response-drafted',
        'sign-off:response-drafted->signed-off',
        'correspondence-sent:null->null',
        'close:signed-off->closed',
      ]);
      // The timeline names the token and the person behind it; the letter is signed by the person.
      expect(closed.events.find((e) => e.type === 'sign-off')?.actor).toBe(
        `API token Sign-off of ${ctx.users['responsible-person'].name}`,
      );
      expect(closed.events.find((e) => e.type === 'escalate')?.reason).toBe('Needs an investigation');

      const reopened = await applied(reference, {
        type: 'reopen',
        reason: 'New evidence from the complainant',
      });
      expect(reopened).toMatchObject({ status: 'investigating', stage: 2, outcome: null, closedOn: null });
      const row = await ctx.services.database.db
        .selectFrom('complaints')
        .select(['escalation_kind', 'signed_off_by', 'final_response_sent_on'])
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      // Looked at again: a new response must be signed off and sent before it can close once more.
      expect(row).toEqual({ escalation_kind: 'reopened', signed_off_by: null, final_response_sent_on: null });
    });

    it('never invents an acknowledgement: escalating an unacknowledged complaint leaves it unacknowledged', async () => {
      const { reference } = await create();
      const escalated = await applied(reference, { type: 'escalate', reason: 'Serious from the start' });
      expect(escalated.deadlines).toMatchObject({ acknowledgedOn: null, stage2AcknowledgedOn: null });
      const row = await ctx.services.database.db
        .selectFrom('complaints')
        .select(['acknowledged_on', 'escalation_kind'])
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ acknowledged_on: null, escalation_kind: 'direct' });
    });

    it('resolves at stage 1, and escalates when the complainant is unhappy with the answer', async () => {
      const { reference } = await create();
      await applied(reference, { type: 'acknowledge' });
      const missing = fieldErrors(await event(reference, { type: 'resolve-stage1', outcome: 'maybe' }));
      expect(missing).toEqual({
        outcome: 'Select the outcome',
        summary: 'Enter a summary of the resolution',
        satisfied: 'Select whether the complainant was satisfied',
      });
      const resolved = await applied(reference, {
        type: 'resolve-stage1',
        outcome: 'upheld',
        summary: 'Apologised by phone',
        satisfied: 'yes',
      });
      expect(resolved).toMatchObject({
        status: 'resolved',
        stage: 1,
        outcome: 'upheld',
        outcomeSummary: 'Apologised by phone',
        satisfied: 'yes',
        resolvedOn: ctx.services.today(),
        allowedEvents: ['escalate'],
      });
      const reopen = await event(reference, { type: 'reopen', reason: 'Unhappy' });
      expect(reopen.statusCode).toBe(409);
      expect(reopen.json().message).toContain('escalate the complaint to stage 2');
      const asked = calendarDaysAgo(0);
      const escalated = await applied(reference, {
        type: 'escalate',
        reason: 'Unhappy with the answer',
        requestedOn: asked,
      });
      // No longer resolved to their satisfaction; the stage 1 answer stays in the history.
      expect(escalated).toMatchObject({
        status: 'investigating',
        stage: 2,
        satisfied: null,
        outcome: null,
        resolvedOn: ctx.services.today(),
        stage2StartedOn: asked,
      });
      const row = await ctx.services.database.db
        .selectFrom('complaint_events')
        .select(['detail'])
        .where('organisation_id', '=', ctx.organisationId)
        .where('type', '=', 'escalate')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(row.detail).toEqual({
        kind: 'after-stage1-answer',
        requestedOn: asked,
        previousOutcome: 'upheld',
        previousSatisfied: 'yes',
      });
    });

    it('pauses and resumes the clock', async () => {
      const { reference } = await create();
      await applied(reference, { type: 'acknowledge' });
      expect(fieldErrors(await event(reference, { type: 'pause' })).reason).toBe(
        'Enter the reason for pausing',
      );
      const paused = await applied(reference, { type: 'pause', reason: 'Waiting for consent' });
      expect(paused).toMatchObject({
        status: 'paused',
        allowedEvents: ['resume', 'agree-response-period', 'withdraw'],
      });
      expect(paused.pauses).toEqual([
        { stage: 1, from: ctx.services.today(), to: null, reason: 'Waiting for consent' },
      ]);
      const blocked = await event(reference, { type: 'escalate', reason: 'x' });
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json().message).toContain('Resume it');
      const resumed = await applied(reference, { type: 'resume' });
      expect(resumed.status).toBe('acknowledged');
      expect(resumed.pauses[0]?.to).toBe(ctx.services.today());
      expect(resumed.events.map((e) => e.type).slice(-2)).toEqual(['pause', 'resume']);
    });

    it('extends the deadline, checking the new date and when the complainant was told', async () => {
      const { reference, deadlines } = await create({
        receivedAt: new Date(Date.now() - 60_000).toISOString(),
      });
      const today = ctx.services.today();
      const { calendar } = await ctx.services.calendars.forOrganisation(ctx.organisationId);
      const newDue = calendar.addWorkingDays(deadlines.stageDueBy, 5);
      const before = await snapshot();
      const past = fieldErrors(
        await event(reference, {
          type: 'extend',
          reason: 'Complex',
          newDueDate: '2020-01-06',
          complainantToldOn: today,
        }),
      );
      expect(past.newDueDate).toContain('must be after the current due date');
      const untold = fieldErrors(
        await event(reference, { type: 'extend', reason: 'Complex', newDueDate: newDue }),
      );
      expect(untold.complainantToldOn).toBe('Enter the date the complainant was told');
      const noReason = fieldErrors(
        await event(reference, { type: 'extend', newDueDate: 'soon', complainantToldOn: today }),
      );
      expect(noReason).toMatchObject({
        reason: expect.any(String),
        newDueDate: expect.stringContaining('real date'),
      });
      const tomorrow = calendar.addWorkingDays(today, 1);
      const future = fieldErrors(
        await event(reference, {
          type: 'extend',
          reason: 'Complex',
          newDueDate: newDue,
          complainantToldOn: tomorrow,
        }),
      );
      expect(future.complainantToldOn).toContain('today or in the past');
      expect(await snapshot()).toEqual(before);

      // A handler records it; a manager authorises it (SPSO: an appropriate manager).
      const unauthorised = fieldErrors(
        await event(reference, {
          type: 'extend',
          reason: 'Waiting for a clinical opinion',
          newDueDate: newDue,
          complainantToldOn: today,
        }),
      );
      expect(unauthorised.authorisedBy).toBe('Select the manager who authorised the extension');
      const notAManager = fieldErrors(
        await event(reference, {
          type: 'extend',
          reason: 'Waiting for a clinical opinion',
          newDueDate: newDue,
          complainantToldOn: today,
          authorisedBy: ctx.users['complaints-handler'].email,
        }),
      );
      expect(notAManager.authorisedBy).toContain('complaints manager, responsible person');
      expect(await snapshot()).toEqual(before);
      const extended = await applied(reference, {
        type: 'extend',
        reason: 'Waiting for a clinical opinion',
        newDueDate: newDue,
        complainantToldOn: today,
        authorisedBy: ctx.users['complaints-manager'].email,
      });
      expect(extended.deadlines).toMatchObject({ stageDueBy: newDue, extended: true });
      expect(extended.extensions).toEqual([
        {
          stage: 1,
          previousDueOn: deadlines.stageDueBy,
          newDueOn: newDue,
          reason: 'Waiting for a clinical opinion',
          complainantToldOn: today,
          authorisedBy: ctx.users['complaints-manager'].name,
          recordedAt: expect.any(String),
        },
      ]);
      // The NHS England preset caps stage 1 at 20 working days in all: one day further is refused.
      const { timescales } = await ctx.services.calendars.forOrganisation(ctx.organisationId);
      const cap = calendar.addWorkingDays(extended.receivedOn, timescales.stage1MaxExtendedDays ?? 0);
      const beyond = fieldErrors(
        await event(reference, {
          type: 'extend',
          reason: 'Still waiting',
          newDueDate: calendar.addWorkingDays(cap, 1),
          complainantToldOn: today,
          authorisedBy: ctx.users['complaints-manager'].email,
        }),
      );
      expect(beyond.newDueDate).toBe(
        `Stage 1 can be extended to 20 working days in all: the latest date is ${formatLongDate(cap)}`,
      );
    });

    it('lets the responsible person return a response for changes; withdraws a complaint, which can be reopened', async () => {
      const { reference } = await create();
      await applied(reference, { type: 'escalate', reason: 'Serious' });
      await applied(reference, {
        type: 'submit-response',
        outcome: 'upheld',
        summary: 'Found',
        response: 'Found',
      });
      // Returning a draft is the responsible person's: a handler's token may not.
      expect((await event(reference, { type: 'return-response', reason: 'x' })).statusCode).toBe(403);
      expect(
        fieldErrors(await event(reference, { type: 'return-response' }, responsible)).reason,
      ).toBeTruthy();
      const returned = await applied(
        reference,
        { type: 'return-response', reason: 'Add the timeline' },
        responsible,
      );
      expect(returned.status).toBe('investigating');
      const withdrawn = await applied(reference, {
        type: 'withdraw',
        reason: 'The complainant asked to stop',
      });
      expect(withdrawn).toMatchObject({
        status: 'withdrawn',
        allowedEvents: ['reopen'],
        closedOn: expect.any(String),
      });
      const after = await event(reference, { type: 'pause', reason: 'x' });
      expect(after.statusCode).toBe(409);
      expect(after.json().message).toBe(
        'This complaint has been withdrawn. Reopen it before recording anything else.',
      );
      const reopened = await applied(reference, {
        type: 'reopen',
        reason: 'They want it looked at after all',
      });
      expect(reopened).toMatchObject({ status: 'investigating', stage: 2, closedOn: null });
    });

    it('closes a complaint as not taken forward, with the reason, and can reopen it', async () => {
      const { reference } = await create();
      const before = await snapshot();
      expect(
        fieldErrors(
          await event(reference, { type: 'decline', closureReason: 'referred-elsewhere', reason: 'x' }),
        ),
      ).toEqual({
        referredTo: 'Enter the organisation the complaint was referred to',
      });
      expect(await snapshot()).toEqual(before);
      const declined = await applied(reference, {
        type: 'decline',
        closureReason: 'referred-elsewhere',
        referredTo: 'Anytown Borough Council',
        reason: 'This is about social care arranged by the council, so we have passed it to them.',
      });
      expect(declined).toMatchObject({
        status: 'not-taken-forward',
        closedOn: ctx.services.today(),
        deadlines: { nextDueOn: null },
        allowedEvents: ['reopen'],
      });
      const row = await ctx.services.database.db
        .selectFrom('complaints')
        .select(['closure_reason', 'referred_to'])
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ closure_reason: 'referred-elsewhere', referred_to: 'Anytown Borough Council' });
      const reopened = await applied(reference, { type: 'reopen', reason: 'The council passed it back' });
      expect(reopened.status).toBe('received');
    });

    it('refuses a missing or unknown event type, and dates in the future, with field errors', async () => {
      const { reference } = await create();
      const before = await snapshot();
      expect(fieldErrors(await event(reference, {})).type).toContain('Enter the type of event');
      expect(fieldErrors(await event(reference, { type: 'approve' })).type).toContain(
        '"approve" is not an event',
      );
      expect(fieldErrors(await event(reference, { type: 42 })).type).toContain('Enter the type of event');
      const tomorrow = fieldErrors(await event(reference, { type: 'acknowledge', occurredOn: '2999-01-01' }));
      expect(tomorrow.occurredOn).toContain('future');
      const badDate = fieldErrors(await event(reference, { type: 'acknowledge', occurredOn: '2026-02-30' }));
      expect(badDate.occurredOn).toContain('real date');
      const notJson = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/complaints/${reference}/events`,
        headers: { authorization: `Bearer ${handler}`, 'content-type': 'application/json' },
        payload: 'type=acknowledge',
      });
      expect(notJson.statusCode).toBe(400);
      expect((await event('CMP-2026-999999', { type: 'acknowledge' })).statusCode).toBe(404);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a transition that is not allowed with 409 and a message, changing nothing', async () => {
      const { reference } = await create();
      const before = await snapshot();
      const cases: [Record<string, unknown>, string][] = [
        [{ type: 'resume' }, 'You can only resume a complaint that is paused'],
        [
          { type: 'submit-response', outcome: 'upheld', summary: 'x', response: 'x' },
          'Escalate the complaint to stage 2 first',
        ],
        [{ type: 'close' }, 'not by closing it'],
        [{ type: 'reopen', reason: 'x' }, 'still open'],
        [{ type: 'accept-late', reason: 'x' }, 'within the time limit'],
      ];
      for (const [body, message] of cases) {
        const response = await event(reference, body);
        expect(response.statusCode, JSON.stringify(body)).toBe(409);
        expect(response.json().message).toContain(message);
      }
      const returned = await event(reference, { type: 'return-response', reason: 'x' }, responsible);
      expect(returned.statusCode).toBe(409);
      expect(returned.json().message).toContain('no response waiting');
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('OpenAPI document', () => {
    it('is public and describes the API in OpenAPI 3.1 with bearer tokens', async () => {
      const response = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(response.statusCode).toBe(200);
      const doc = response.json();
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info).toMatchObject({ title: expect.any(String), version: ctx.services.version });
      expect(doc.components.securitySchemes.bearerAuth).toEqual(
        expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      );
      expect(doc.security).toEqual([{ bearerAuth: [] }]);
      expect(doc.paths['/api/openapi.json'].get.security).toEqual([]);
    });

    it('documents every route the app serves under /api, with its methods', () => {
      const doc = buildOpenApiDocument(ctx.services.modules, {
        version: 'x',
        serverUrl: 'http://localhost',
        extraSchemas: { Complaint: complaintDocumentSchema(ctx.services.modules) },
      });
      const served = apiRoutesServed(ctx.app.printRoutes({ commonPrefix: false }));
      expect(served.length).toBeGreaterThanOrEqual(5);
      const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
      const servedAsOpenApi = served.map((r) => r.replace(/:(\w+)/g, '{$1}'));
      expect(new Set(documented)).toEqual(new Set(servedAsOpenApi));
    });

    it('documents the request bodies the services actually accept', () => {
      const optional = (schema: z.ZodType) => schema.safeParse(undefined).success;
      const fieldsOf = (shape: Record<string, z.ZodType>) =>
        Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, optional(schema)]));
      for (const type of EVENT_TYPES) {
        const { occurredOn, ...accepted } = eventPayloadSchemas[type].shape as Record<string, z.ZodType>;
        expect(occurredOn, type).toBeTruthy();
        expect(fieldsOf(EVENT_FIELDS[type]), type).toEqual(fieldsOf(accepted));
      }
      const { serviceId: _internal, ...intake } = complaintIntakeSchema.shape;
      expect(Object.keys(createComplaintRequestSchema.shape).sort()).toEqual(Object.keys(intake).sort());
      expect(Object.keys(createComplaintRequestSchema.shape.complainant.shape).sort()).toEqual(
        Object.keys(complaintIntakeSchema.shape.complainant.shape).sort(),
      );
    });

    it('is well formed: every operation has responses, every $ref resolves, errors are described', async () => {
      const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const refs = new Set<string>();
      collectRefs(doc, refs);
      for (const ref of refs) {
        expect(ref.startsWith('#/'), ref).toBe(true);
        const target = ref
          .slice(2)
          .split('/')
          .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
        expect(target, ref).toBeTruthy();
      }
      const expectCodes = (method: string, path: string, codes: string[]) => {
        const operation = doc.paths[path][method];
        expect(operation.operationId).toBeTruthy();
        expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(expect.arrayContaining(codes));
      };
      expectCodes('get', '/api/v1/complaints', ['200', '401', '403', '422']);
      expectCodes('post', '/api/v1/complaints', ['201', '400', '401', '403', '422']);
      expectCodes('get', '/api/v1/complaints/{reference}', ['200', '401', '403', '404']);
      expectCodes('post', '/api/v1/complaints/{reference}/events', [
        '200',
        '401',
        '403',
        '404',
        '409',
        '422',
      ]);
      expect(doc.paths['/api/v1/complaints'].post.requestBody.content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/NewComplaint',
      });
      const events = doc.components.schemas.EventRequest;
      expect(events.oneOf).toHaveLength(15);
      expect(doc.components.schemas.ExtendEvent.required).toEqual(
        expect.arrayContaining(['type', 'reason', 'newDueDate', 'complainantToldOn']),
      );
      expect(doc.components.schemas.Complaint.properties.deadlines).toBeTruthy();
    });
  });
});

/** The routes under /api in Fastify's route tree, as "METHOD /path" (HEAD left out: Fastify adds it to GET). */
function apiRoutesServed(tree: string): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([^)]*)\))?$/.exec(line);
    if (!match?.[2]) continue;
    const depth = Math.floor((match[1] ?? '').length / 4);
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + match[2];
    stack[depth] = path;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (method && method !== 'HEAD' && path.startsWith('/api/')) routes.push(`${method} ${path}`);
    }
  }
  return routes;
}

function collectRefs(node: unknown, refs: Set<string>) {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, refs);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') refs.add(value);
      else collectRefs(value, refs);
    }
  }
}
