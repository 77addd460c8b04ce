import type { Kysely } from 'kysely';
import { runStatements } from '../run-statements.ts';

/**
 * Answers to the public complaint form kept between pages, keyed by the hash of a random token held in the
 * person's cookie, so nothing they type lives in the browser. Once the complaint is sent the answers are wiped
 * and only the reference and due dates stay (until expiry), so a refresh or second click shows the same
 * confirmation instead of sending the complaint again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table public_drafts (
      id text primary key,
      organisation_id uuid not null references organisations(id),
      answers jsonb not null,
      claimed_at timestamptz,
      reference text,
      acknowledge_by date,
      stage_due_by date,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index public_drafts_expiry on public_drafts (expires_at);
  `,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
