import type { Kysely } from 'kysely';
import { runStatements } from '../../../db/run-statements.ts';

/**
 * Each reasonable adjustment the complainant asked for, as the sender recorded it when sending a letter: met,
 * or not and why. Null for contact recorded before this, and for letters to someone who asked for none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'alter table correspondence add column adjustments jsonb;');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
