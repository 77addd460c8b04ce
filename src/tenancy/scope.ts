import type { ExpressionBuilder, ExpressionWrapper, SqlBool } from 'kysely';
import type { Actor } from '../auth/roles.ts';
import type { DB } from '../db/schema.ts';

/**
 * What a query may see: one organisation, or a set of them (a parent department's roll-up of its bodies).
 * Always worked out on the server from who is asking, never taken from a request.
 */
export type TenancyScope =
  | { readonly kind: 'organisation'; readonly organisationId: string }
  | { readonly kind: 'organisations'; readonly organisationIds: readonly string[] };

export function organisationScope(organisationId: string): TenancyScope {
  return { kind: 'organisation', organisationId };
}

export function scopeOf(actor: Pick<Actor, 'organisationId'>): TenancyScope {
  return organisationScope(actor.organisationId);
}

export function organisationsScope(organisationIds: readonly string[]): TenancyScope {
  if (organisationIds.length === 0) throw new Error('A tenancy scope needs at least one organisation');
  return organisationIds.length === 1
    ? organisationScope(organisationIds[0] as string)
    : { kind: 'organisations', organisationIds: [...organisationIds] };
}

export function scopeIds(scope: TenancyScope): readonly string[] {
  return scope.kind === 'organisation' ? [scope.organisationId] : scope.organisationIds;
}

/** The one organisation a write belongs to; a roll-up scope can read but never write. */
export function writableOrganisation(scope: TenancyScope): string {
  if (scope.kind !== 'organisation') throw new Error('Writes need a single-organisation scope');
  return scope.organisationId;
}

type TenantTable = {
  [T in keyof DB]: DB[T] extends { organisation_id: string | null } ? T : never;
}[keyof DB];

/** The `organisation_id` condition for a table (or alias) in the scope: `.where(inScope(scope, 'complaints'))`. */
export function inScope<T extends TenantTable>(scope: TenancyScope, table: T) {
  return (eb: ExpressionBuilder<DB, T>): ExpressionWrapper<DB, T, SqlBool> => {
    const column = eb.ref(`${table}.organisation_id` as never);
    return scope.kind === 'organisation'
      ? eb(column, '=', scope.organisationId as never)
      : eb(column, 'in', scope.organisationIds as never);
  };
}

/**
 * The database without the test-time tenancy guard: for the few queries that are deliberately across
 * organisations (finding a session or token by its hash, a person by email at sign-in, the outbox worker).
 * In production it is the same handle.
 */
export function unscoped<T extends { withoutPlugins(): T }>(db: T): T {
  return db.withoutPlugins();
}
