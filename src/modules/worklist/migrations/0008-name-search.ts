import type { Kysely } from 'kysely';
import { runStatements } from '../../../db/run-statements.ts';

/**
 * The worklist finds a complainant by any part of their name (`ilike '%patel%'`), which no b-tree can serve:
 * trigram indexes (pg_trgm, shipped with PostgreSQL and with the embedded database) can. One covers every
 * case, for searches that include finished ones; a small partial one covers open cases, the worklist's
 * default, so an open-case search never reads the finished cases that share a name.
 *
 * New rows wait in each index's pending list until it is merged into the index, and every search reads the
 * whole list: a 256 kB limit (the default is 4 MB, some 15,000 complaints) keeps that read short, and the
 * merge it triggers now and then small.
 *
 * pg_trgm is a trusted extension: the database's owner may create it without being a superuser.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create extension if not exists pg_trgm;
    create index complaints_name_trigrams on complaints using gin (complainant_name gin_trgm_ops)
      with (gin_pending_list_limit = 256);
    create index complaints_open_name_trigrams on complaints using gin (complainant_name gin_trgm_ops)
      with (gin_pending_list_limit = 256) where next_due_on is not null;
  `,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
