import type { Kysely } from 'kysely';
import { runStatements } from '../../../db/run-statements.ts';

/**
 * The public pages name a service that helps people complain, with its website, beside the complaints team's
 * phone, email and address. Organisations that have none yet keep working: the public pages leave out what is
 * missing and the administration pages ask for it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table organisations
      add column advocacy_name text,
      add column advocacy_url text;
  `,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
