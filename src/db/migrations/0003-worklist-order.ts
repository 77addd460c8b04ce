import type { Kysely } from 'kysely';
import { runStatements } from '../run-statements.ts';

// The worklist orders by the next deadline (open cases first), then newest received: one index serves that
// order whether closed cases are included or not, so no page sorts the whole organisation.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create index complaints_worklist_order
      on complaints (organisation_id, next_due_on asc nulls last, received_on desc, id);
    drop index complaints_worklist;
  `,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
