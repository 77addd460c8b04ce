import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  complaintInput,
  createTestApp,
  TEST_PASSWORD,
  type TestContext,
  type TestSession,
} from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';
import { paths } from '../support/paths.ts';

const NUL = '\u0000';
/** NUL and other control characters a person never types, with tab, line feed and carriage return kept. */
const DIRTY = `Waited${NUL} four\u0007 hours\u001b\tin A&E\r\nNobody${NUL}${NUL} told me why`;
const CLEAN = 'Waited four hours\tin A&E\r\nNobody told me why';

describe.each(databaseKinds())('bad input never gives a 500 on %s', (kind) => {
  let ctx: TestContext;
  let handler: TestSession;
  let token: string;

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    handler = await ctx.session('complaints-handler');
    token = await ctx.apiToken('complaints-handler');
  });
  afterAll(async () => ctx?.close());

  const db = () => ctx.services.database.db;

  function api(method: 'GET' | 'POST', url: string, payload?: unknown) {
    return ctx.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }

  async function newCase() {
    const response = await api('POST', paths.api.complaints(), complaintInput());
    expect(response.statusCode, response.body).toBe(201);
    return response.json().reference as string;
  }

  /** Every row the requests below might write. */
  async function snapshot() {
    const [complaints, events, notes, attachments, outbox, tokens, drafts, sessions, closures, apiTokens] =
      await Promise.all([
        db().selectFrom('complaints').selectAll().orderBy('id').execute(),
        db().selectFrom('complaint_events').select(['id', 'type', 'reason']).orderBy('id').execute(),
        db().selectFrom('complaint_notes').select(['id', 'body']).orderBy('id').execute(),
        db().selectFrom('attachments').select(['id', 'filename']).orderBy('id').execute(),
        db().selectFrom('outbox').select(['id', 'recipient']).orderBy('id').execute(),
        db().selectFrom('password_tokens').select(['token_hash']).orderBy('token_hash').execute(),
        db().selectFrom('public_drafts').select(['id', 'answers']).orderBy('id').execute(),
        db().selectFrom('sessions').select(['id']).orderBy('id').execute(),
        db().selectFrom('closure_days').selectAll().orderBy('day').execute(),
        db().selectFrom('api_tokens').select(['id', 'revoked_at']).orderBy('id').execute(),
      ]);
    return { complaints, events, notes, attachments, outbox, tokens, drafts, sessions, closures, apiTokens };
  }

  function expectNoControlCharacters(value: unknown) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
    expect(JSON.stringify(value)).not.toMatch(/\\u000[0-8bcef]|\\u001[0-9a-f]|[\u0000-\u0008]/);
  }

  describe('a field sent twice keeps one value', () => {
    it('on sign-in, before anyone is signed in', async () => {
      const session = ctx.anonymous();
      await session.get('/sign-in');
      const unknownBoth = await session.post('/sign-in', {
        email: ['nobody@test.example', 'nobody-else@test.example'],
        password: ['one', 'two'],
      });
      expect(unknownBoth.statusCode).toBe(401);
      expect(unknownBoth.body).toContain('Enter a correct email address and password');
      const lastCounts = await session.post('/sign-in', {
        email: ['nobody@test.example', ctx.users.colleague.email],
        password: ['wrong password', TEST_PASSWORD],
      });
      expect(lastCounts.statusCode).toBe(303);
    });

    it('on forgot password, sending one email to the last address only', async () => {
      const before = await snapshot();
      const session = ctx.anonymous();
      const response = await session.post(
        '/forgot-password',
        { email: ['nobody@test.example', ctx.users['senior-leader'].email] },
        { formPage: '/forgot-password' },
      );
      expect(response.statusCode).toBe(200);
      const after = await snapshot();
      expect(after.outbox.slice(before.outbox.length).map((m) => m.recipient)).toEqual([
        ctx.users['senior-leader'].email,
      ]);
    });

    it('on a case note, the public form and the worklist query', async () => {
      const reference = await newCase();
      await handler.get(paths.complaints.show(reference));
      const note = await handler.post(paths.complaints.notes(reference), { body: ['first', 'second'] });
      expect(note.statusCode).toBe(303);
      const stored = await db().selectFrom('complaint_notes').select('body').execute();
      expect(stored.map((n) => n.body)).toContain('second');

      const visitor = ctx.anonymous();
      const who = await visitor.post(
        paths.complain.step('who'),
        { complainingFor: ['someone-else', 'myself'] },
        { formPage: paths.complain.step('who') },
      );
      expect(who.statusCode).toBe(303);
      expect(who.headers.location).toBe(paths.complain.step('about-you'));

      const list = await handler.get('/complaints?q=a&q=b&page=1&page=2&status=received&status=closed');
      expect(list.statusCode).toBe(200);
    });
  });

  describe('control characters are removed before anything reads them', () => {
    it('from the public complaint form, through to the complaint it sends', async () => {
      const visitor = ctx.anonymous();
      const answer = (name: string, fields: Record<string, string>) =>
        visitor.post(paths.complain.step(name), fields, { formPage: paths.complain.step(name) });
      expect((await answer('who', { complainingFor: `myself${NUL}` })).statusCode).toBe(303);
      const aboutYou = await answer('about-you', {
        name: `Sam${NUL} Complainant\u0008`,
        email: 'sam@example.com',
        phone: '',
        address: '',
        preferredContact: 'email',
      });
      expect(aboutYou.statusCode).toBe(303);
      expect(
        (await answer('what-happened', { description: DIRTY, whenHappened: `May${NUL}` })).statusCode,
      ).toBe(303);
      const draft = await db()
        .selectFrom('public_drafts')
        .select('answers')
        .orderBy('created_at', 'desc')
        .execute();
      expectNoControlCharacters(draft);
      expect(JSON.stringify(draft)).toContain(JSON.stringify(CLEAN.replace(/\r\n/g, '\n')).slice(1, -1));
      expect((await answer('outcome', { outcomeSought: `Sorry${NUL}` })).headers.location).toBe(
        paths.complain.step('adjustments'),
      );
      expect((await answer('adjustments', { needsAdjustments: 'no', adjustments: '' })).statusCode).toBe(303);
      const sent = await visitor.post(paths.complain.check(), {}, { formPage: paths.complain.check() });
      expect(sent.statusCode).toBe(303);
      const row = await db()
        .selectFrom('complaints')
        .select(['complainant_name', 'description', 'outcome_sought'])
        .where('complainant_email', '=', 'sam@example.com')
        .executeTakeFirstOrThrow();
      expect(row).toEqual({
        complainant_name: 'Sam Complainant',
        description: CLEAN.replace(/\r\n/g, '\n'),
        outcome_sought: 'Sorry',
      });
    });

    it('from sign-in', async () => {
      const session = ctx.anonymous();
      await session.get('/sign-in');
      const wrong = await session.post('/sign-in', {
        email: `nobody${NUL}@test.example`,
        password: `x${NUL}`,
      });
      expect(wrong.statusCode).toBe(401);
      const email = ctx.users['board-member'].email;
      const right = await session.post('/sign-in', {
        email: `${email.slice(0, 3)}${NUL}${email.slice(3)}`,
        password: TEST_PASSWORD,
      });
      expect(right.statusCode).toBe(303);
    });

    it('from case notes and the reasons given for events', async () => {
      const reference = await newCase();
      await handler.get(paths.complaints.show(reference));
      expect((await handler.post(paths.complaints.notes(reference), { body: DIRTY })).statusCode).toBe(303);
      const paused = await handler.post(paths.complaints.event(reference, 'pause'), {
        reason: `Waiting for the complainant${NUL}\u0007`,
      });
      expect(paused.statusCode, paused.body).toBe(303);
      const complaint = await db()
        .selectFrom('complaints')
        .select('id')
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      const [notes, events] = await Promise.all([
        db().selectFrom('complaint_notes').select('body').where('complaint_id', '=', complaint.id).execute(),
        db()
          .selectFrom('complaint_events')
          .select(['type', 'reason'])
          .where('complaint_id', '=', complaint.id)
          .execute(),
      ]);
      expect(notes).toEqual([{ body: CLEAN }]);
      expect(events).toContainEqual({ type: 'pause', reason: 'Waiting for the complainant' });
    });

    it('from the JSON API and its query strings', async () => {
      const created = await api(
        'POST',
        paths.api.complaints(),
        complaintInput({
          complainant: { name: `Alex${NUL} Example`, email: 'alex@example.com' },
          description: DIRTY,
        }),
      );
      expect(created.statusCode, created.body).toBe(201);
      const body = created.json();
      expect(body.complainant.name).toBe('Alex Example');
      expect(body.description).toBe(CLEAN);
      const paused = await api('POST', paths.api.events(body.reference), {
        type: 'pause',
        reason: `Waiting${NUL} for records`,
      });
      expect(paused.statusCode, paused.body).toBe(200);
      expect(paused.json().events.at(-1)).toMatchObject({ reason: 'Waiting for records' });

      const before = await snapshot();
      const listed = await api('GET', `${paths.api.complaints()}?status=received%00`);
      expect(listed.statusCode).toBe(200);
      const unknown = await api('GET', `${paths.api.complaints()}?status=%00nothing`);
      expect(unknown.statusCode).toBe(422);
      const read = await api('GET', `${paths.api.complaint(body.reference)}%00`);
      expect(read.statusCode).toBe(200);
      const badKey = await api('POST', paths.api.complaints(), { ...complaintInput(), [`x${NUL}`]: 'y' });
      expect(badKey.statusCode).toBe(400);
      expect(badKey.json().message).toContain('control character');
      const deep = await ctx.app.inject({
        method: 'POST',
        url: paths.api.complaints(),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: `${'['.repeat(100)}${']'.repeat(100)}`,
      });
      expect(deep.statusCode).toBe(400);
      expect(await snapshot()).toEqual(before);
    });

    it('from the worklist search', async () => {
      const response = await handler.get('/complaints?q=Alex%00Example');
      expect(response.statusCode).toBe(200);
    });
  });

  describe('a broken multipart upload is a 400 that changes nothing', () => {
    let reference: string;
    beforeAll(async () => {
      reference = await newCase();
      await handler.get(paths.complaints.show(reference));
    });

    async function sendMultipart(
      url: string,
      contentType: string,
      payload: string,
      session: TestSession = handler,
    ): Promise<LightMyRequestResponse> {
      const cookie = (session as unknown as { cookieHeader(): string }).cookieHeader();
      const csrf = encodeURIComponent(session.csrfToken ?? '');
      return ctx.app.inject({
        method: 'POST',
        url: `${url}?_csrf=${csrf}`,
        headers: { cookie, 'content-type': contentType },
        payload,
      });
    }

    const part = (boundary: string, name: string, filename: string | null, content: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n` +
      `Content-Type: text/plain\r\n\r\n${content}`;

    it('for a body cut short, a missing boundary or a boundary that is not in the body', async () => {
      const before = await snapshot();
      const url = paths.complaints.attachments(reference);
      const cases: [string, string, string][] = [
        ['cut short', 'multipart/form-data; boundary=abc', part('abc', 'file', 'notes.txt', 'Some notes')],
        ['no boundary', 'multipart/form-data', 'not a multipart body'],
        [
          'wrong boundary',
          'multipart/form-data; boundary=zzz',
          `${part('abc', 'file', 'a.txt', 'x')}\r\n--abc--\r\n`,
        ],
      ];
      for (const [label, contentType, payload] of cases) {
        const response = await sendMultipart(url, contentType, payload);
        expect(response.statusCode, label).toBe(400);
        expect(response.body, label).toContain('The file could not be uploaded');
      }
      expect(await snapshot()).toEqual(before);
    });

    it('for a multipart body sent to a form that takes no files', async () => {
      const before = await snapshot();
      const body = `${part('abc', 'body', null, 'A note')}\r\n--abc--\r\n`;
      const note = await sendMultipart(
        paths.complaints.notes(reference),
        'multipart/form-data; boundary=abc',
        body,
      );
      expect(note.statusCode).toBe(400);
      expect(note.body).toContain('This form does not take files');
      const signIn = await sendMultipart(
        '/sign-in',
        'multipart/form-data; boundary=abc',
        body,
        ctx.anonymous(),
      );
      expect(signIn.statusCode).toBe(400);
      expect(signIn.body).toContain('This form does not take files');
      expect(await snapshot()).toEqual(before);
    });

    it('while a good upload still works, with control characters taken out of its name', async () => {
      const response = await sendMultipart(
        paths.complaints.attachments(reference),
        'multipart/form-data; boundary=abc',
        `${part('abc', 'file', `notes${NUL}.txt`, 'Some notes about the call')}\r\n--abc--\r\n`,
      );
      expect(response.statusCode, response.body).toBe(303);
      const files = await db().selectFrom('attachments').select('filename').execute();
      expect(files.map((f) => f.filename)).toContain('notes.txt');
    });
  });

  describe('a malformed id, reference, date or name in a URL is not found, and changes nothing', () => {
    let reference: string;
    let admin: TestSession;
    beforeAll(async () => {
      reference = await newCase();
      await handler.get(paths.complaints.show(reference));
      admin = await ctx.session('administrator');
      await admin.get(paths.admin.calendar());
    });

    it('on pages and forms', async () => {
      const before = await snapshot();
      for (const [session, method, url] of [
        [handler, 'GET', '/complaints/CMP-2026-1%27'],
        [handler, 'GET', `/complaints/${reference}/events/Not%20An%20Event`],
        [handler, 'POST', `/complaints/${reference}/issues/not-a-uuid`],
        [handler, 'POST', `/complaints/${reference}/attachments/${'9'.repeat(40)}`],
        [handler, 'GET', `/complaints/${reference}/correspondence/1%3B%20drop`],
        [handler, 'GET', `/complaints/${reference}/letters/${'x'.repeat(100)}`],
        [admin, 'POST', '/admin/calendar/closure-days/2026-02-30/delete'],
        [admin, 'POST', '/admin/calendar/closure-days/yesterday/delete'],
        [admin, 'POST', '/admin/users/12345'],
        [admin, 'POST', '/admin/api-tokens/%00/revoke'],
        [admin, 'GET', '/admin/templates/Final%20response'],
      ] as const) {
        const response = method === 'GET' ? await session.get(url) : await session.post(url, {});
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(response.body, url).toContain('Page not found');
      }
      expect(await snapshot()).toEqual(before);
    });

    it('on the API, saying what was not found', async () => {
      const before = await snapshot();
      const malformed = await api('GET', '/api/v1/complaints/cmp-2026-000001');
      expect(malformed.statusCode).toBe(404);
      expect(malformed.json()).toEqual({ error: 'not-found', message: 'Complaint not found' });
      const letter = await api('POST', `/api/v1/complaints/${reference}/letters/..%2F..%2Fetc`, {});
      expect(letter.statusCode).toBe(404);
      expect(letter.json().error).toBe('not-found');
      expect(await snapshot()).toEqual(before);
    });

    it('still asks a signed-out person to sign in first, and refuses a role that may not use the page', async () => {
      const anonymous = await ctx.anonymous().get('/complaints/not-a-reference');
      expect(anonymous.statusCode).toBe(303);
      expect(anonymous.headers.location).toMatch(/^\/sign-in\?next=/);
      const colleague = await ctx.session('colleague');
      await colleague.get('/');
      expect((await colleague.post('/admin/users/not-a-uuid', { role: 'administrator' })).statusCode).toBe(
        403,
      );
    });
  });
});
