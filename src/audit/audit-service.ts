import type { Insertable } from 'kysely';
import type { Actor } from '../auth/roles.ts';
import type { Db } from '../db/database.ts';
import type { AuditLogTable } from '../db/schema.ts';
import { inScope, type TenancyScope } from '../tenancy/scope.ts';

/**
 * The audit actions that exist: each module adds its own to this interface (declaration merging) and lists
 * them in its module.ts, so an action is a known name, never a free string.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by each module
export interface AuditActionRegistry {}
export type AuditAction = keyof AuditActionRegistry & string;
export type AuditActionsOf<T extends readonly string[]> = { readonly [K in T[number]]: true };

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  complaintId?: string | null;
  detail?: Record<string, unknown>;
  /** For actions with no signed-in actor (a complaint sent through the public form). */
  organisationId?: string;
}

export interface AuditRecord {
  id: string;
  at: Date;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  ip: string | null;
  requestId: string | null;
  detail: Record<string, unknown>;
}

/** The audit row for an entry; exported for statements that write it together with the change it records. */
export function auditValues(actor: Actor | null, entry: AuditEntry): Insertable<AuditLogTable> {
  return {
    organisation_id: actor?.organisationId ?? entry.organisationId ?? null,
    actor_id: actor?.userId ?? actor?.id ?? null,
    actor_label: actor ? `${actor.label} (${actor.role})` : 'anonymous',
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId ?? null,
    complaint_id: entry.complaintId ?? null,
    ip: actor?.ip ?? null,
    request_id: actor?.requestId ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
  };
}

/** Every view and change of a case is recorded: who, what, when, from where. Never personal data in `detail`. */
export class AuditService {
  constructor(private readonly db: Db) {}

  async record(actor: Actor | null, entry: AuditEntry, executor: Db = this.db): Promise<void> {
    await executor.insertInto('audit_log').values(auditValues(actor, entry)).execute();
  }

  async forComplaint(scope: TenancyScope, complaintId: string, limit = 500): Promise<AuditRecord[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .select(['id', 'at', 'actor_label', 'action', 'entity_type', 'entity_id', 'ip', 'request_id', 'detail'])
      .where(inScope(scope, 'audit_log'))
      .where('complaint_id', '=', complaintId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: String(r.id),
      at: r.at,
      actorLabel: r.actor_label,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      ip: r.ip,
      requestId: r.request_id,
      detail: r.detail,
    }));
  }
}
