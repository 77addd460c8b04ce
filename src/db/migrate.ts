import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from './database.ts';
import * as initial from './migrations/0001-initial.ts';
import * as publicDrafts from './migrations/0002-public-drafts.ts';
import * as worklistOrder from './migrations/0003-worklist-order.ts';

// Listed by hand so a bundled or compiled build finds them; never edit one after it has landed.
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-public-drafts': publicDrafts,
  '0003-worklist-order': worklistOrder,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
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
