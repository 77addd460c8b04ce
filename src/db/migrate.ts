import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import { registry } from '../modules/index.ts';
import type { Db } from './database.ts';
import * as initial from './migrations/0001-initial.ts';
import * as publicDrafts from './migrations/0002-public-drafts.ts';
import * as worklistOrder from './migrations/0003-worklist-order.ts';
import * as tenancyKeys from './migrations/0004-tenancy-keys.ts';

// The platform's migrations: those from before the product was split into modules, and those that span
// every module's tables. Every other is declared by the module it belongs to. Listed by hand so a bundled
// build finds them; never edit one after it has landed. Names are numbered once across the whole product.
const platformMigrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-public-drafts': publicDrafts,
  '0003-worklist-order': worklistOrder,
  '0004-tenancy-keys': tenancyKeys,
};

export function allMigrations(): Record<string, Migration> {
  const modules = registry.migrations();
  const numbers = new Set(Object.keys(platformMigrations).map((name) => name.slice(0, 4)));
  for (const name of Object.keys(modules)) {
    if (numbers.has(name.slice(0, 4))) throw new Error(`Migration ${name} reuses a number of the platform's`);
  }
  return { ...platformMigrations, ...modules };
}

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return allMigrations();
  }
}

export class MigrationError extends Error {}

/** Brings the schema up to date; throws (so the process exits non-zero) when any migration fails. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? '');
    throw new MigrationError(`Migration ${failed?.migrationName ?? ''} failed: ${cause}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
