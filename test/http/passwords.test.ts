import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { passwordHashing } from '../../src/auth/auth-service.ts';
import { createTestApp, TEST_PASSWORD, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';

const GENERIC = 'Enter a correct email address and password';
const invitation = (token: string) => ({ subject: 'Invitation', body: `/set-password/${token}` });
const resetEmail = (token: string) => ({ subject: 'Reset', body: `/set-password/${token}` });

/** A page with what differs between two renderings of the same page (nonces, CSRF tokens) taken out. */
function comparable(response: LightMyRequestResponse) {
  return response.body.replace(/nonce="[^"]*"/g, '').replace(/name="_csrf" value="[^"]*"/g, '');
}

describe.each(databaseKinds())('passwords and sign-in on %s', (kind) => {
  let ctx: TestContext;
  let clock = new Date('2026-11-25T10:00:00Z');

  beforeAll(async () => {
    ctx = await createTestApp(kind, { now: () => clock });
  });
  afterAll(async () => ctx?.close());

  async function addUser(email: string, options: { password?: boolean; active?: boolean } = {}) {
    const { user, setPasswordToken } = await ctx.services.auth.createUser(
      ctx.organisationId,
      { name: email, email, role: 'complaints-handler' },
      null,
      invitation,
    );
    const { db } = ctx.services.database;
    await db
      .updateTable('users')
      .set({
        active: options.active ?? true,
        password_hash:
          options.password === false ? null : await ctx.services.auth.hashPassword(TEST_PASSWORD),
      })
      .where('id', '=', user.id)
      .execute();
    return { user, setPasswordToken };
  }

  function userRow(id: string) {
    return ctx.services.database.db
      .selectFrom('users')
      .select(['password_hash', 'failed_sign_ins', 'locked_until'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  async function auditActions(userId: string) {
    const rows = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', userId)
      .orderBy('id')
      .execute();
    return rows.map((r) => r.action);
  }

  it('spends every other link the person was sent when one of them sets the password', async () => {
    const { user, setPasswordToken: invited } = await addUser('links@test.example', { password: false });
    const older = await ctx.services.auth.requestPasswordReset(user.email, resetEmail);
    const newest = await ctx.services.auth.requestPasswordReset(user.email, resetEmail);
    if (!older || !newest) throw new Error('reset links were not issued');
    const session = ctx.anonymous();
    const set = await session.post(
      `/set-password/${newest.token}`,
      { password: 'the newest passphrase', confirm: 'the newest passphrase' },
      { formPage: `/set-password/${newest.token}` },
    );
    expect(set.statusCode).toBe(303);
    const afterSet = await userRow(user.id);

    for (const token of [invited, older.token]) {
      expect((await session.get(`/set-password/${token}`)).statusCode).toBe(410);
      const refused = await session.post(`/set-password/${token}`, {
        password: 'a passphrase from an old link',
        confirm: 'a passphrase from an old link',
      });
      expect(refused.statusCode).toBe(410);
    }
    expect(await userRow(user.id)).toEqual(afterSet);
    expect((await auditActions(user.id)).filter((a) => a === 'auth.password-set')).toHaveLength(1);
    await ctx.anonymous().signIn(user.email, 'the newest passphrase');
  });

  it('sends at most three reset links an hour to one account, answering exactly as always', async () => {
    const { user } = await addUser('flood@test.example');
    const { db } = ctx.services.database;
    const emailsTo = async (recipient: string) =>
      Number(
        (
          await db
            .selectFrom('outbox')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('recipient', '=', recipient)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const resetLinks = async () =>
      Number(
        (
          await db
            .selectFrom('password_tokens')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('user_id', '=', user.id)
            .where('purpose', '=', 'reset')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await emailsTo(user.email);
    const session = ctx.anonymous();
    await session.get('/forgot-password');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await session.post('/forgot-password', { email: user.email }));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    for (const answer of answers.slice(1)) expect(comparable(answer)).toBe(comparable(answers[0] as never));
    expect(await emailsTo(user.email)).toBe(before + 3);
    expect(await resetLinks()).toBe(3);

    // An unknown address is answered with the same page too.
    const unknown = await session.post('/forgot-password', { email: 'nobody-here@test.example' });
    expect(unknown.statusCode).toBe(200);
    expect(comparable(unknown).replace('nobody-here@test.example', user.email)).toBe(
      comparable(answers[0] as never),
    );

    // An hour later the account may be sent a link again.
    clock = new Date(clock.getTime() + 61 * 60_000);
    expect((await session.post('/forgot-password', { email: user.email })).statusCode).toBe(200);
    expect(await emailsTo(user.email)).toBe(before + 4);
  });

  it('gives the same answer for the same work whether the account is unknown, inactive, unready, locked or the password wrong', async () => {
    const inactive = await addUser('inactive@test.example', { active: false });
    await addUser('no-password@test.example', { password: false });
    const locked = await addUser('locked@test.example');
    await addUser('wrong@test.example');
    await ctx.services.database.db
      .updateTable('users')
      .set({ locked_until: new Date(clock.getTime() + 10 * 60_000) })
      .where('id', '=', locked.user.id)
      .execute();
    const verify = vi.spyOn(passwordHashing, 'verify');
    try {
      const session = ctx.anonymous();
      await session.get('/sign-in');
      const cases = [
        { email: 'nobody@test.example', password: TEST_PASSWORD },
        { email: 'inactive@test.example', password: TEST_PASSWORD },
        { email: 'no-password@test.example', password: TEST_PASSWORD },
        { email: 'locked@test.example', password: TEST_PASSWORD },
        { email: 'wrong@test.example', password: 'not the password at all' },
      ];
      const pages = [];
      for (const attempt of cases) {
        verify.mockClear();
        const response = await session.post('/sign-in', attempt);
        expect(response.statusCode, attempt.email).toBe(401);
        expect(response.body, attempt.email).toContain(GENERIC);
        expect(response.body.replaceAll(attempt.email, 'EMAIL'), attempt.email).not.toMatch(
          /locked|too many/i,
        );
        expect(verify, attempt.email).toHaveBeenCalledTimes(1);
        pages.push(comparable(response).replaceAll(attempt.email, 'EMAIL'));
      }
      expect(new Set(pages).size).toBe(1);
    } finally {
      verify.mockRestore();
    }
    expect(await auditActions(locked.user.id)).toContain('auth.sign-in-refused');
    expect((await userRow(inactive.user.id)).failed_sign_ins).toBe(0);
  });

  it('locks after five failures without saying so, records and audits the lock, and refuses even the right password', async () => {
    const { user } = await addUser('five-failures@test.example');
    const session = ctx.anonymous();
    await session.get('/sign-in');
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(await session.post('/sign-in', { email: user.email, password: 'wrong password here' }));
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.body).toContain(GENERIC);
      expect(answer.body).not.toMatch(/locked|too many/i);
    }
    const row = await userRow(user.id);
    expect(row.locked_until?.getTime()).toBe(clock.getTime() + 15 * 60_000);
    expect(row.failed_sign_ins).toBe(0);
    const actions = await auditActions(user.id);
    expect(actions.filter((a) => a === 'auth.sign-in-failed')).toHaveLength(4);
    expect(actions.filter((a) => a === 'auth.locked')).toHaveLength(1);

    const sessionsBefore = await ctx.services.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.id)
      .execute();
    const right = await session.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
    expect(right.statusCode).toBe(401);
    expect(comparable(right)).toBe(comparable(answers[4] as never));
    expect(
      await ctx.services.database.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', user.id)
        .execute(),
    ).toEqual(sessionsBefore);

    clock = new Date(clock.getTime() + 16 * 60_000);
    await ctx.anonymous().signIn(user.email, TEST_PASSWORD);
  });

  it('counts failed attempts made at the same moment', async () => {
    const { user } = await addUser('together@test.example');
    await Promise.all(
      [1, 2, 3].map(() =>
        ctx.services.auth.signIn(user.email, 'wrong password here', null).catch(() => null),
      ),
    );
    expect((await userRow(user.id)).failed_sign_ins).toBe(3);
  });
});
