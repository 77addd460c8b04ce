import type { Kysely } from 'kysely';
import { runStatements } from '../../../db/run-statements.ts';

/**
 * Recalculating due dates after a change to the calendar or the timescales is work for a background job, not
 * for the request that made the change: the change writes a request row in its own transaction (so a change
 * that rolls back asks for nothing), and the job takes the requests, one organisation at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table deadline_recalculations (
      id bigserial primary key,
      organisation_id uuid not null references organisations(id),
      reason text not null check (reason in ('settings','closure-days','bank-holidays')),
      requested_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      attempts integer not null default 0,
      retry_at timestamptz
    );
    create index deadline_recalculations_unfinished on deadline_recalculations (organisation_id, id)
      where finished_at is null;
  `,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
