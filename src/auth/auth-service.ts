import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AuditService } from '../audit/audit-service.ts';
import type { Db } from '../db/database.ts';
import type { UserRow } from '../db/schema.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { DomainError, NotFoundError, ValidationError, zodToFieldErrors } from '../errors.ts';
import type { OutboxService } from '../notifications/outbox-service.ts';
import { unscoped } from '../tenancy/scope.ts';
import { type Actor, isRole, ROLES, type Role } from './roles.ts';
import { hashSecret, newSecret } from './tokens.ts';

const MAX_FAILED_SIGN_INS = 5;
const LOCK_MINUTES = 15;
const SESSION_HOURS = 8;
const RESET_MINUTES = 60;
/** Reset links one account may be sent within RESET_MINUTES; more requests send nothing, silently. */
const MAX_RESETS_OUTSTANDING = 3;
const FIRST_SIGN_IN_HOURS = 72;
// OWASP's recommended argon2id settings (19 MiB, 2 iterations, 1 lane).
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Password hashing, in one object so a test can count the verifications a sign-in costs. */
export const passwordHashing = {
  hash: (password: string): Promise<string> => hash(password, ARGON2),
  verify: (passwordHash: string, password: string): Promise<boolean> =>
    verify(passwordHash, password).catch(() => false),
};

export const passwordSchema = z
  .string()
  .min(12, 'Password must be 12 characters or more')
  .max(200, 'Password must be 200 characters or fewer')
  .refine((p) => !/^(.)\1+$/.test(p), 'Password must not be one character repeated')
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), 'Choose a password that is harder to guess');

const COMMON_PASSWORDS = new Set([
  'password1234',
  'passwordpassword',
  '123456789012',
  'qwertyuiopas',
  'letmeinletmein',
  'welcome12345',
  'administrator',
  'changeme1234',
]);

export const userInputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter the person’s full name')
    .max(200, 'Name must be 200 characters or fewer'),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .email('Enter an email address in the correct format, like name@example.nhs.uk'),
  role: z.enum(ROLES, { message: 'Select a role' }),
});

export class SignInError extends DomainError {
  override readonly statusCode = 401;
}

export interface SessionUser {
  sessionId: string;
  userId: string;
  organisationId: string;
  name: string;
  email: string;
  role: Role;
}

/** The email carrying a one-time link to set a password, worded by the caller around the link's token. */
export type PasswordLinkEmail = (token: string) => { subject: string; body: string };

const EMAIL_TAKEN = { field: 'email', message: 'Someone already uses this email address' };

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  locked: boolean;
  lastSignInAt: Date | null;
}

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly now: () => Date = () => new Date(),
    /** Told after a person's role or access changed, so what remembers them (API tokens) can forget. */
    private readonly personChanged: (userId: string) => void = () => {},
  ) {}

  hashPassword(password: string): Promise<string> {
    return passwordHashing.hash(password);
  }

  /**
   * Adds a person with a one-time link to set their password. With `invitation`, the link is emailed to them
   * in the same transaction, so there is never a person without their invitation or an invitation without them.
   */
  async createUser(
    organisationId: string,
    input: unknown,
    actor: Actor | null,
    invitation?: PasswordLinkEmail,
  ): Promise<{ user: UserRow; setPasswordToken: string }> {
    const parsed = userInputSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error.issues));
    const { name, email, role } = parsed.data;
    if (await this.findByEmail(email)) throw new ValidationError([EMAIL_TAKEN]);
    try {
      return await this.insertUser(organisationId, { name, email, role }, actor, invitation);
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_unique')) throw new ValidationError([EMAIL_TAKEN]);
      throw error;
    }
  }

  private insertUser(
    organisationId: string,
    { name, email, role }: z.infer<typeof userInputSchema>,
    actor: Actor | null,
    invitation: PasswordLinkEmail | undefined,
  ): Promise<{ user: UserRow; setPasswordToken: string }> {
    return this.db.transaction().execute(async (trx) => {
      const user = await trx
        .insertInto('users')
        .values({
          id: randomUUID(),
          organisation_id: organisationId,
          email,
          name,
          role,
          password_hash: null,
          locked_until: null,
          last_sign_in_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const token = newSecret();
      await trx
        .insertInto('password_tokens')
        .values({
          token_hash: hashSecret(token),
          user_id: user.id,
          organisation_id: organisationId,
          purpose: 'first-sign-in',
          expires_at: new Date(this.now().getTime() + FIRST_SIGN_IN_HOURS * 3600_000),
          used_at: null,
        })
        .execute();
      await this.audit.record(
        actor,
        { action: 'user.create', entityType: 'user', entityId: user.id, detail: { role } },
        trx,
      );
      if (invitation)
        await this.outbox.enqueue({ organisationId, recipient: user.email, ...invitation(token) }, trx);
      return { user, setPasswordToken: token };
    });
  }

  async listUsers(organisationId: string): Promise<UserSummary[]> {
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'name', 'email', 'role', 'active', 'locked_until', 'last_sign_in_at'])
      .where('organisation_id', '=', organisationId)
      .orderBy('name')
      .execute();
    const now = this.now();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      role: r.role as Role,
      active: r.active,
      locked: r.locked_until !== null && r.locked_until > now,
      lastSignInAt: r.last_sign_in_at,
    }));
  }

  async usersWithRoles(
    organisationId: string,
    roles: readonly Role[],
  ): Promise<{ id: string; name: string; role: Role }[]> {
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'name', 'role'])
      .where('organisation_id', '=', organisationId)
      .where('active', '=', true)
      .where('role', 'in', [...roles])
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ ...r, role: r.role as Role }));
  }

  async updateUser(actor: Actor, userId: string, input: { role?: string; active?: boolean }): Promise<void> {
    if (input.role !== undefined && !isRole(input.role))
      throw new ValidationError([{ field: 'role', message: 'Select a role' }]);
    if (userId === actor.userId && (input.active === false || (input.role && input.role !== actor.role))) {
      throw new ValidationError([
        { field: 'role', message: 'You cannot change your own role or deactivate yourself' },
      ]);
    }
    if (!z.string().uuid().safeParse(userId).success) throw new NotFoundError('User');
    await this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('users')
        .set({
          ...(input.role !== undefined ? { role: input.role } : {}),
          ...(input.active !== undefined ? { active: input.active } : {}),
          ...(input.active === true ? { failed_sign_ins: 0, locked_until: null } : {}),
        })
        .where('organisation_id', '=', actor.organisationId)
        .where('id', '=', userId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('User');
      if (input.active === false) {
        await trx
          .deleteFrom('sessions')
          .where('organisation_id', '=', actor.organisationId)
          .where('user_id', '=', userId)
          .execute();
      }
      await this.audit.record(
        actor,
        { action: 'user.update', entityType: 'user', entityId: userId, detail: { ...input } },
        trx,
      );
    });
    this.personChanged(userId);
  }

  /**
   * Someone with access, found by email across organisations as at sign-in (emails are unique): for the
   * command line, which names a person by email without their organisation.
   */
  async personByEmail(email: string): Promise<{ id: string; organisationId: string; name: string } | null> {
    const user = await this.findByEmail(email ?? '');
    return user?.active ? { id: user.id, organisationId: user.organisation_id, name: user.name } : null;
  }

  /** Email addresses are unique across organisations: signing in is how we find out whose person this is. */
  private findByEmail(email: string) {
    return unscoped(this.db)
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
      .executeTakeFirst();
  }

  /**
   * Returns a session token. An unknown email, an inactive account, one without a password, a locked one and
   * a wrong password all get the same message for the same work (one argon2 verification), so sign-in
   * reveals neither which accounts exist nor which are locked.
   */
  async signIn(
    email: string,
    password: string,
    ip: string | null,
  ): Promise<{ token: string; user: SessionUser }> {
    const generic = new SignInError('Enter a correct email address and password');
    const user = await this.findByEmail(email ?? '');
    if (!user?.active || !user.password_hash) {
      await passwordHashing.verify(DUMMY_HASH, password || 'x');
      throw generic;
    }
    const now = this.now();
    const actor: Actor = {
      kind: 'user',
      id: user.id,
      userId: user.id,
      organisationId: user.organisation_id,
      role: user.role as Role,
      label: user.name,
      ip,
    };
    if (user.locked_until && user.locked_until > now) {
      await passwordHashing.verify(DUMMY_HASH, password || 'x');
      await this.audit.record(actor, {
        action: 'auth.sign-in-refused',
        entityType: 'user',
        entityId: user.id,
        detail: { reason: 'locked' },
      });
      throw generic;
    }
    const ok = await passwordHashing.verify(user.password_hash, password ?? '');
    if (!ok) {
      await this.recordFailedSignIn(actor, now);
      throw generic;
    }
    const token = newSecret();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: now })
        .where('organisation_id', '=', user.organisation_id)
        .where('id', '=', user.id)
        .execute();
      await trx
        .insertInto('sessions')
        .values({
          id: hashSecret(token),
          user_id: user.id,
          organisation_id: user.organisation_id,
          expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000),
        })
        .execute();
      await this.audit.record(actor, { action: 'auth.sign-in', entityType: 'user', entityId: user.id }, trx);
    });
    return {
      token,
      user: {
        sessionId: hashSecret(token),
        userId: user.id,
        organisationId: user.organisation_id,
        name: user.name,
        email: user.email,
        role: user.role as Role,
      },
    };
  }

  /** Counts a failure in the database itself, so attempts made at the same moment are all counted. */
  private async recordFailedSignIn(actor: Actor, now: Date): Promise<void> {
    const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
    const reachesLimit = sql<boolean>`failed_sign_ins + 1 >= ${MAX_FAILED_SIGN_INS}`;
    const row = await this.db
      .updateTable('users')
      .set({
        failed_sign_ins: sql`case when ${reachesLimit} then 0 else failed_sign_ins + 1 end`,
        locked_until: sql`case when ${reachesLimit} then ${lockUntil}::timestamptz else locked_until end`,
      })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', actor.id)
      .returning(['locked_until'])
      .executeTakeFirst();
    const locked = row?.locked_until?.getTime() === lockUntil.getTime();
    await this.audit.record(actor, {
      action: locked ? 'auth.locked' : 'auth.sign-in-failed',
      entityType: 'user',
      entityId: actor.id,
    });
  }

  async session(token: string): Promise<SessionUser | null> {
    if (!token || token.length > 100) return null;
    const id = hashSecret(token);
    const now = this.now();
    // Found by the hash of the cookie's secret: whose session it is, and so which organisation, is the answer.
    const row = await unscoped(this.db)
      .selectFrom('sessions')
      .innerJoin('users', (join) =>
        join
          .onRef('users.id', '=', 'sessions.user_id')
          .onRef('users.organisation_id', '=', 'sessions.organisation_id'),
      )
      .select([
        'sessions.id',
        'sessions.expires_at',
        'sessions.last_seen_at',
        'users.id as user_id',
        'users.organisation_id',
        'users.name',
        'users.email',
        'users.role',
        'users.active',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!row?.active || row.expires_at <= now) return null;
    // Sliding expiry, written at most once a minute to keep reads cheap.
    if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
      await this.db
        .updateTable('sessions')
        .set({ last_seen_at: now, expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000) })
        .where('organisation_id', '=', row.organisation_id)
        .where('id', '=', id)
        .execute();
    }
    return {
      sessionId: id,
      userId: row.user_id,
      organisationId: row.organisation_id,
      name: row.name,
      email: row.email,
      role: row.role as Role,
    };
  }

  async signOut(token: string): Promise<void> {
    await unscoped(this.db).deleteFrom('sessions').where('id', '=', hashSecret(token)).execute();
  }

  /**
   * Emails a one-time reset link, in the same transaction as the link. Behaves the same whether or not the
   * email is known, and sends nothing once MAX_RESETS_OUTSTANDING links were sent to the account within the
   * hour, so the form cannot be used to flood someone's inbox. Returns the token only for tests.
   */
  async requestPasswordReset(
    email: string,
    resetEmail: PasswordLinkEmail,
  ): Promise<{ user: UserRow; token: string } | null> {
    const user = await this.findByEmail(email ?? '');
    if (!user?.active) return null;
    const now = this.now();
    return this.db.transaction().execute(async (trx) => {
      // Requests for one account wait for each other here, so the limit holds when they arrive together.
      await trx
        .selectFrom('users')
        .select('id')
        .where('organisation_id', '=', user.organisation_id)
        .where('id', '=', user.id)
        .forUpdate()
        .execute();
      const recent = await trx
        .selectFrom('password_tokens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organisation_id', '=', user.organisation_id)
        .where('user_id', '=', user.id)
        .where('purpose', '=', 'reset')
        .where('expires_at', '>', now)
        .executeTakeFirstOrThrow();
      if (Number(recent.n) >= MAX_RESETS_OUTSTANDING) return null;
      const token = newSecret();
      await trx
        .insertInto('password_tokens')
        .values({
          token_hash: hashSecret(token),
          user_id: user.id,
          organisation_id: user.organisation_id,
          purpose: 'reset',
          expires_at: new Date(now.getTime() + RESET_MINUTES * 60_000),
          used_at: null,
        })
        .execute();
      await this.outbox.enqueue(
        { organisationId: user.organisation_id, recipient: user.email, ...resetEmail(token) },
        trx,
      );
      return { user, token };
    });
  }

  async checkPasswordToken(
    token: string,
  ): Promise<{ userId: string; organisationId: string; purpose: string } | null> {
    if (!token || token.length > 100) return null;
    // Found by the hash of the link's secret, before anyone knows whose link it is.
    const row = await unscoped(this.db)
      .selectFrom('password_tokens')
      .select(['user_id', 'organisation_id', 'purpose', 'expires_at', 'used_at'])
      .where('token_hash', '=', hashSecret(token))
      .executeTakeFirst();
    if (!row || row.used_at || row.expires_at <= this.now()) return null;
    return { userId: row.user_id, organisationId: row.organisation_id, purpose: row.purpose };
  }

  async setPassword(token: string, password: string, confirm: string): Promise<void> {
    const errors = [];
    const parsed = passwordSchema.safeParse(password ?? '');
    if (!parsed.success)
      errors.push({ field: 'password', message: parsed.error.issues[0]?.message ?? 'Enter a password' });
    if (parsed.success && password !== confirm)
      errors.push({ field: 'confirm', message: 'The passwords do not match' });
    if (errors.length) throw new ValidationError(errors);
    const found = await this.checkPasswordToken(token);
    if (!found) throw new DomainError('This link has expired or has already been used. Ask for a new one.');
    const passwordHash = await this.hashPassword(password);
    await this.db.transaction().execute(async (trx) => {
      // Mark used first and check it took, so a link cannot be used twice in a race.
      const used = await trx
        .updateTable('password_tokens')
        .set({ used_at: this.now() })
        .where('organisation_id', '=', found.organisationId)
        .where('token_hash', '=', hashSecret(token))
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1)
        throw new DomainError('This link has already been used. Ask for a new one.');
      // Every other link this person was sent (older resets, an invitation) is spent with it.
      await trx
        .updateTable('password_tokens')
        .set({ used_at: this.now() })
        .where('organisation_id', '=', found.organisationId)
        .where('user_id', '=', found.userId)
        .where('used_at', 'is', null)
        .execute();
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null })
        .where('organisation_id', '=', found.organisationId)
        .where('id', '=', found.userId)
        .execute();
      await trx
        .deleteFrom('sessions')
        .where('organisation_id', '=', found.organisationId)
        .where('user_id', '=', found.userId)
        .execute();
      const user = await trx
        .selectFrom('users')
        .select(['organisation_id', 'name', 'role'])
        .where('organisation_id', '=', found.organisationId)
        .where('id', '=', found.userId)
        .executeTakeFirstOrThrow();
      await this.audit.record(
        {
          kind: 'user',
          id: found.userId,
          userId: found.userId,
          organisationId: user.organisation_id,
          role: user.role as Role,
          label: user.name,
        },
        { action: 'auth.password-set', entityType: 'user', entityId: found.userId },
        trx,
      );
    });
  }
}

// A valid argon2id hash of a random string, used only to even out timing for unknown emails.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$0Y810i+53XsDTYvCp4quCw$bEySOyhUDARAivWCkZzqD/orjJNJlcW7NBgoEyNc+ns';
