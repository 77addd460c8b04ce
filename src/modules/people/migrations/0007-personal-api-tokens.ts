import type { Kysely } from 'kysely';
import { runStatements } from '../../../db/run-statements.ts';

/**
 * A token acts either as a role (role set, no person) or as a person (their role and assignments, read when
 * the token is used, so no role is stored). The person is referenced with their organisation, so a token
 * can never act as someone from another organisation. `rate_limit` is the token's own allowance of
 * requests a minute; null means the configured default.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table api_tokens
      alter column role drop not null,
      add column user_id uuid,
      add column rate_limit integer,
      add constraint api_tokens_user_id_tenant_fkey foreign key (organisation_id, user_id)
        references users (organisation_id, id),
      add constraint api_tokens_role_or_person check ((role is null) <> (user_id is null)),
      add constraint api_tokens_rate_limit_positive check (rate_limit > 0);
  `,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
