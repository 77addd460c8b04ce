import { randomUUID } from 'node:crypto';
import type { AuditService } from '../audit/audit-service.ts';
import type { Db } from '../db/database.ts';
import { ValidationError } from '../errors.ts';
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

export class ApiTokenService {
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
    await this.db
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
    await this.audit.record(actor, {
      action: 'api-token.create',
      entityType: 'api-token',
      entityId: id,
      detail: { role },
    });
    return { id, token };
  }

  async authenticate(token: string, ip: string | null, requestId: string | null): Promise<Actor | null> {
    if (!token.startsWith('cdr_') || token.length > 100) return null;
    const row = await this.db
      .selectFrom('api_tokens')
      .select(['id', 'organisation_id', 'role', 'name', 'revoked_at', 'last_used_at'])
      .where('token_hash', '=', hashSecret(token))
      .executeTakeFirst();
    if (!row || row.revoked_at || !isRole(row.role)) return null;
    const now = new Date();
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
      await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
    }
    return {
      kind: 'api-token',
      id: row.id,
      organisationId: row.organisation_id,
      role: row.role,
      label: `API token ${row.name}`,
      ip,
      requestId,
    };
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

  async revoke(actor: Actor, id: string): Promise<void> {
    await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
    await this.audit.record(actor, { action: 'api-token.revoke', entityType: 'api-token', entityId: id });
  }
}
