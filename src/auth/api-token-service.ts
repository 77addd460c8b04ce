import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AuditService } from '../audit/audit-service.ts';
import type { Db } from '../db/database.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { unscoped } from '../tenancy/scope.ts';
import { type Actor, isRole, ROLES } from './roles.ts';
import { hashSecret, newSecret } from './tokens.ts';

export interface ApiTokenSummary {
  id: string;
  name: string;
  role: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * A verified token is remembered briefly, so a busy client does not cost a database read per request. A
 * revocation takes effect at once on the server that made it and within CACHE_MS on any other.
 */
const CACHE_MS = 10_000;
const CACHE_MAX = 1000;

interface CachedToken {
  actor: Omit<Actor, 'ip' | 'requestId'>;
  until: number;
}

export class ApiTokenService {
  private readonly cache = new Map<string, CachedToken>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async create(
    organisationId: string,
    role: string,
    name: string,
    actor: Actor | null,
  ): Promise<{ id: string; token: string }> {
    if (!isRole(role)) {
      throw new ValidationError([{ field: 'role', message: `Role must be one of: ${ROLES.join(', ')}` }]);
    }
    const cleanName = (name ?? '').trim() || `${role} token`;
    if (cleanName.length > 100)
      throw new ValidationError([{ field: 'name', message: 'Name must be 100 characters or fewer' }]);
    const token = newSecret('cdr_');
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('api_tokens')
        .values({
          id,
          organisation_id: organisationId,
          token_hash: hashSecret(token),
          role,
          name: cleanName,
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
      await this.audit.record(
        actor,
        { action: 'api-token.create', entityType: 'api-token', entityId: id, detail: { role } },
        trx,
      );
    });
    return { id, token };
  }

  async authenticate(token: string, ip: string | null, requestId: string | null): Promise<Actor | null> {
    if (!token.startsWith('cdr_') || token.length > 100) return null;
    const hash = hashSecret(token);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return { ...cached.actor, ip, requestId };
    // Found by the hash of the secret it was sent with: which organisation is what this lookup finds out.
    const row = await unscoped(this.db)
      .selectFrom('api_tokens')
      .select(['id', 'organisation_id', 'role', 'name', 'revoked_at', 'last_used_at'])
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    if (!row || row.revoked_at || !isRole(row.role)) {
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
    const actor = {
      kind: 'api-token' as const,
      id: row.id,
      userId: null,
      organisationId: row.organisation_id,
      role: row.role,
      label: `API token ${row.name}`,
    };
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(hash, { actor, until: now + CACHE_MS });
    return { ...actor, ip, requestId };
  }

  async list(organisationId: string): Promise<ApiTokenSummary[]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'role', 'created_at', 'last_used_at', 'revoked_at'])
      .where('organisation_id', '=', organisationId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
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
        .set({ revoked_at: new Date() })
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
    for (const [hash, cached] of this.cache) if (cached.actor.id === id) this.cache.delete(hash);
  }
}
