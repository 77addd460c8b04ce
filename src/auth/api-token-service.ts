import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AuditService } from '../audit/audit-service.ts';
import type { Db } from '../db/database.ts';
import { NotFoundError, ValidationError, zodToFieldErrors } from '../errors.ts';
import { unscoped } from '../tenancy/scope.ts';
import { type Actor, isRole, type Role } from './roles.ts';
import { hashSecret, newSecret } from './tokens.ts';

/** The most requests a minute one token may be allowed; more would make the limit meaningless. */
export const MAX_TOKEN_RATE_LIMIT = 100_000;

export interface ApiTokenSummary {
  id: string;
  name: string;
  /** Whether the token acts as a role, or as a person with whatever role they have now. */
  actsAs: 'role' | 'person';
  /** The role it acts with: its own, or its person's current one. */
  role: Role;
  person: { id: string; name: string; active: boolean } | null;
  /** Its own allowance of requests a minute; null for the configured default. */
  rateLimit: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A token that was sent and is good: who it acts as, and its own rate limit (null for the default). */
export interface VerifiedToken {
  actor: Actor;
  rateLimit: number | null;
}

/** An empty form field is a value not given. */
const blankIsAbsent = (value: unknown) =>
  value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;
/** Digits typed into a form or given on the command line; anything else ('2.5', '1e3', '0x10') is refused. */
const typedWholeNumber = (value: unknown) => {
  const given = blankIsAbsent(value);
  return typeof given === 'string' && /^\s*\d{1,9}\s*$/.test(given) ? Number(given) : given;
};
const RATE_LIMIT_MESSAGE = `Rate limit must be a whole number of requests a minute, from 1 to ${MAX_TOKEN_RATE_LIMIT.toLocaleString('en-GB')}`;

/** What the administration form and the command line ask for a token; every problem is reported at once. */
export const tokenRequestSchema = z
  .object({
    name: z.preprocess(
      blankIsAbsent,
      z.string().trim().max(100, 'Name must be 100 characters or fewer').optional(),
    ),
    actsAs: z.enum(['role', 'person'], {
      message: 'Select whether the token acts as a role or as a person',
    }),
    role: z.preprocess(blankIsAbsent, z.string().optional()),
    email: z.preprocess(blankIsAbsent, z.string().trim().toLowerCase().optional()),
    rateLimit: z.preprocess(
      typedWholeNumber,
      z
        .number({ message: RATE_LIMIT_MESSAGE })
        .int(RATE_LIMIT_MESSAGE)
        .min(1, RATE_LIMIT_MESSAGE)
        .max(MAX_TOKEN_RATE_LIMIT, RATE_LIMIT_MESSAGE)
        .optional(),
    ),
  })
  .superRefine((request, ctx) => {
    if (request.actsAs === 'role' && !(request.role && isRole(request.role))) {
      ctx.addIssue({ code: 'custom', path: ['role'], message: 'Select a role' });
    }
    if (request.actsAs === 'person' && !request.email) {
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'Enter the email address of the person the token acts as',
      });
    }
  });

const NO_SUCH_PERSON = {
  field: 'email',
  message: 'Enter the email address of someone in this organisation who has access',
};

/**
 * A verified token is remembered briefly, so a busy client does not cost a database read per request. A
 * revocation, or a change to a personal token's person (their role, or their deactivation), takes effect at
 * once on the server that made it and within CACHE_MS on any other.
 */
export const CACHE_MS = 10_000;
const CACHE_MAX = 1000;

interface CachedToken {
  verified: { actor: Omit<Actor, 'ip' | 'requestId'>; rateLimit: number | null };
  until: number;
}

export class ApiTokenService {
  private readonly cache = new Map<string, CachedToken>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A role token: it acts with one role in the organisation and is nobody in particular. */
  create(
    organisationId: string,
    role: string,
    name: string,
    actor: Actor | null,
  ): Promise<{ id: string; token: string }> {
    return this.issue(organisationId, { actsAs: 'role', role, name }, actor);
  }

  /**
   * Creates a token from a request (see tokenRequestSchema): a role token, or a personal token acting as
   * someone in the organisation who has access. The secret is returned once; only its hash is kept.
   */
  async issue(
    organisationId: string,
    input: unknown,
    actor: Actor | null,
  ): Promise<{ id: string; token: string; person: { id: string; name: string; role: Role } | null }> {
    const parsed = tokenRequestSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error.issues));
    const request = parsed.data;
    const token = newSecret('cdr_');
    const id = randomUUID();
    const person = await this.db.transaction().execute(async (trx) => {
      const person =
        request.actsAs === 'person' && request.email
          ? await this.personWithAccess(trx, organisationId, request.email)
          : null;
      if (request.actsAs === 'person' && !person) throw new ValidationError([NO_SUCH_PERSON]);
      const role = person ? null : (request.role ?? null);
      await trx
        .insertInto('api_tokens')
        .values({
          id,
          organisation_id: organisationId,
          token_hash: hashSecret(token),
          role,
          user_id: person?.id ?? null,
          name: request.name || (person ? 'Personal token' : `${role} token`),
          rate_limit: request.rateLimit ?? null,
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'api-token.create',
          entityType: 'api-token',
          entityId: id,
          detail: person
            ? { actsAs: 'person', userId: person.id, rateLimit: request.rateLimit ?? null }
            : { actsAs: 'role', role, rateLimit: request.rateLimit ?? null },
        },
        trx,
      );
      return person;
    });
    return { id, token, person };
  }

  /** Someone of the organisation who may sign in today: a token cannot be made for anyone else. */
  private async personWithAccess(trx: Db, organisationId: string, email: string) {
    const row = await trx
      .selectFrom('users')
      .select(['id', 'name', 'role'])
      .where('organisation_id', '=', organisationId)
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .where('active', '=', true)
      .executeTakeFirst();
    return row && isRole(row.role) ? { id: row.id, name: row.name, role: row.role } : null;
  }

  /**
   * Who a token acts as, or null for anything that is not a live token. A personal token acts as its person
   * as they are now: their current role, and nothing at all once they are deactivated.
   */
  async authenticate(
    token: string,
    ip: string | null,
    requestId: string | null,
  ): Promise<VerifiedToken | null> {
    const hash = this.hashOf(token);
    if (!hash) return null;
    const now = this.now().getTime();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return this.withRequest(cached.verified, ip, requestId);
    // Found by the hash of the secret it was sent with: which organisation is what this lookup finds out.
    const row = await unscoped(this.db)
      .selectFrom('api_tokens')
      .leftJoin('users', (join) =>
        join
          .onRef('users.organisation_id', '=', 'api_tokens.organisation_id')
          .onRef('users.id', '=', 'api_tokens.user_id'),
      )
      .select([
        'api_tokens.id',
        'api_tokens.organisation_id',
        'api_tokens.role',
        'api_tokens.user_id',
        'api_tokens.name',
        'api_tokens.rate_limit',
        'api_tokens.revoked_at',
        'api_tokens.last_used_at',
        'users.name as person_name',
        'users.role as person_role',
        'users.active as person_active',
      ])
      .where('api_tokens.token_hash', '=', hash)
      .executeTakeFirst();
    const role = row?.user_id ? (row.person_active ? row.person_role : null) : row?.role;
    if (!row || row.revoked_at || !role || !isRole(role)) {
      this.cache.delete(hash);
      return null;
    }
    if (!row.last_used_at || now - row.last_used_at.getTime() > 60_000) {
      await this.db
        .updateTable('api_tokens')
        .set({ last_used_at: new Date(now) })
        .where('organisation_id', '=', row.organisation_id)
        .where('id', '=', row.id)
        .execute();
    }
    const verified = {
      actor: {
        kind: 'api-token' as const,
        id: row.id,
        userId: row.user_id,
        organisationId: row.organisation_id,
        role,
        label: row.user_id ? `API token ${row.name} of ${row.person_name}` : `API token ${row.name}`,
      },
      rateLimit: row.rate_limit,
    };
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(hash, { verified, until: now + CACHE_MS });
    return this.withRequest(verified, ip, requestId);
  }

  /**
   * Whether the token was verified within the last CACHE_MS on this server, so it can be recognised
   * without a database read.
   */
  isRemembered(token: string): boolean {
    const hash = this.hashOf(token);
    const cached = hash ? this.cache.get(hash) : undefined;
    return cached !== undefined && cached.until > this.now().getTime();
  }

  /** After a change to a person (role, deactivation), their tokens are looked up afresh on their next use. */
  forgetPerson(userId: string): void {
    for (const [hash, cached] of this.cache) {
      if (cached.verified.actor.userId === userId) this.cache.delete(hash);
    }
  }

  private hashOf(token: string): string | null {
    return token.startsWith('cdr_') && token.length <= 100 ? hashSecret(token) : null;
  }

  private withRequest(
    verified: CachedToken['verified'],
    ip: string | null,
    requestId: string | null,
  ): VerifiedToken {
    return { actor: { ...verified.actor, ip, requestId }, rateLimit: verified.rateLimit };
  }

  async list(organisationId: string): Promise<ApiTokenSummary[]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .leftJoin('users', (join) =>
        join
          .onRef('users.organisation_id', '=', 'api_tokens.organisation_id')
          .onRef('users.id', '=', 'api_tokens.user_id'),
      )
      .select([
        'api_tokens.id',
        'api_tokens.name',
        'api_tokens.role',
        'api_tokens.rate_limit',
        'api_tokens.created_at',
        'api_tokens.last_used_at',
        'api_tokens.revoked_at',
        'users.id as person_id',
        'users.name as person_name',
        'users.role as person_role',
        'users.active as person_active',
      ])
      .where('api_tokens.organisation_id', '=', organisationId)
      .orderBy('api_tokens.created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      actsAs: r.person_id ? 'person' : 'role',
      role: (r.person_role ?? r.role) as Role,
      person:
        r.person_id && r.person_name !== null
          ? { id: r.person_id, name: r.person_name, active: r.person_active === true }
          : null,
      rateLimit: r.rate_limit,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    }));
  }

  /** Revokes one of the actor's organisation's live tokens; any other id (another's, revoked, unknown) is a 404. */
  async revoke(actor: Actor, id: string): Promise<void> {
    if (!z.string().uuid().safeParse(id).success) throw new NotFoundError('API token');
    await this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('api_tokens')
        .set({ revoked_at: this.now() })
        .where('organisation_id', '=', actor.organisationId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new NotFoundError('API token');
      await this.audit.record(
        actor,
        { action: 'api-token.revoke', entityType: 'api-token', entityId: id },
        trx,
      );
    });
    for (const [hash, cached] of this.cache) if (cached.verified.actor.id === id) this.cache.delete(hash);
  }
}
