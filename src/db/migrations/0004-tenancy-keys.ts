import type { Kysely } from 'kysely';
import { runStatements } from '../run-statements.ts';

/**
 * Tenancy by construction: every row that points at another row points at it together with its
 * organisation, through composite keys (organisation_id, id), so the database itself refuses a link between
 * two organisations' rows, whatever a query forgets.
 */
const REFERENCED = ['services', 'users', 'complaints', 'complaint_issues', 'outbox'];

// [table, column, referenced table]
const LINKS: [string, string, string][] = [
  ['complaints', 'service_id', 'services'],
  ['complaints', 'handler_id', 'users'],
  ['complaints', 'investigator_id', 'users'],
  ['sessions', 'user_id', 'users'],
  ['password_tokens', 'user_id', 'users'],
  ['complaint_pauses', 'complaint_id', 'complaints'],
  ['complaint_extensions', 'complaint_id', 'complaints'],
  ['complaint_extensions', 'created_by', 'users'],
  ['complaint_events', 'complaint_id', 'complaints'],
  ['complaint_events', 'actor_id', 'users'],
  ['complaint_issues', 'complaint_id', 'complaints'],
  ['complaint_issues', 'service_id', 'services'],
  ['complaint_remedies', 'complaint_id', 'complaints'],
  ['complaint_remedies', 'issue_id', 'complaint_issues'],
  ['complaint_colleagues', 'complaint_id', 'complaints'],
  ['complaint_colleagues', 'user_id', 'users'],
  ['complaint_notes', 'complaint_id', 'complaints'],
  ['complaint_notes', 'author_id', 'users'],
  ['attachments', 'complaint_id', 'complaints'],
  ['attachments', 'uploaded_by', 'users'],
  ['letter_templates', 'updated_by', 'users'],
  ['outbox', 'complaint_id', 'complaints'],
  ['correspondence', 'complaint_id', 'complaints'],
  ['correspondence', 'outbox_id', 'outbox'],
  ['correspondence', 'created_by', 'users'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const keys = REFERENCED.map(
    (table) => `alter table ${table} add constraint ${table}_tenant_key unique (organisation_id, id);`,
  );
  const links = LINKS.map(
    ([table, column, referenced]) =>
      `alter table ${table} drop constraint ${table}_${column}_fkey, ` +
      `add constraint ${table}_${column}_tenant_fkey foreign key (organisation_id, ${column}) ` +
      `references ${referenced} (organisation_id, id);`,
  );
  await runStatements(db, [...keys, ...links].join('\n'));
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
