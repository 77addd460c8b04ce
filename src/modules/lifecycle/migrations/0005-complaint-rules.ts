import type { Kysely } from 'kysely';
import { runStatements } from '../../../db/run-statements.ts';

/**
 * What the procedure's rules need recorded: the stage 2 acknowledgement and its deadline, how a case came to
 * stage 2, an agreed longer response period, who signed the final response off and when it was sent, why a
 * complaint was not taken forward, when the person became aware of the problem and any discretion used to
 * accept it late, who authorised each extension, and which deadline is next.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table complaints alter column acknowledge_by drop not null;
    alter table complaints
      add column stage2_acknowledge_by date,
      add column stage2_acknowledged_on date,
      add column escalation_kind text check (escalation_kind in ('direct','after-stage1-answer','reopened')),
      add column outer_limit_agreed_on date,
      add column outer_limit_agreed_by date,
      add column signed_off_by uuid,
      add column signed_off_on date,
      add column final_response_sent_on date,
      add column closure_reason text check (closure_reason in ('out-of-time','outside-remit','referred-elsewhere')),
      add column referred_to text,
      add column became_aware_on date,
      add column late_accepted_on date,
      add column late_accepted_by uuid,
      add column late_accepted_reason text,
      add column next_due_kind text check (next_due_kind in ('acknowledge','acknowledge-stage2','respond','outer-limit'));
    alter table complaints
      add constraint complaints_signed_off_by_tenant_fkey foreign key (organisation_id, signed_off_by)
        references users (organisation_id, id),
      add constraint complaints_late_accepted_by_tenant_fkey foreign key (organisation_id, late_accepted_by)
        references users (organisation_id, id);
    update complaints set next_due_kind = case
      when next_due_on is null then null
      when status = 'received' and acknowledged_on is null and next_due_on = acknowledge_by then 'acknowledge'
      else 'respond' end;
    alter table complaint_extensions add column authorised_by uuid;
    alter table complaint_extensions
      add constraint complaint_extensions_authorised_by_tenant_fkey foreign key (organisation_id, authorised_by)
        references users (organisation_id, id);
  `,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
