import type { Kysely } from 'kysely';
import { runStatements } from '../../../db/run-statements.ts';

/**
 * The final response as it is submitted for sign-off, one row a version: what the handler wrote, and what the
 * responsible person decided (approved, with the signed text that goes out exactly as it stands, or returned
 * with comments). A change after approval is a new version that needs a new sign-off.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table response_drafts (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      complaint_id uuid not null,
      version integer not null,
      body text not null,
      status text not null default 'submitted' check (status in ('submitted','returned','approved','superseded')),
      submitted_by uuid,
      submitted_on date not null,
      decided_by uuid,
      decided_on date,
      comments text,
      approved_body text,
      created_at timestamptz not null default now(),
      unique (organisation_id, complaint_id, version),
      foreign key (organisation_id, complaint_id) references complaints (organisation_id, id),
      foreign key (organisation_id, submitted_by) references users (organisation_id, id),
      foreign key (organisation_id, decided_by) references users (organisation_id, id)
    );
  `,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
