import type { Kysely } from 'kysely';
import { runStatements } from '../run-statements.ts';

// Every business table carries organisation_id so each query can be scoped to its tenant (and distributed by it).
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table organisations (
      id uuid primary key,
      slug text not null unique,
      name text not null,
      parent_id uuid references organisations(id),
      division text not null check (division in ('england-and-wales','scotland','northern-ireland')),
      ombudsman text not null check (ombudsman in ('phso','spso','psow','nipso')),
      preset text not null check (preset in ('spso','nhs-england','uk-central-government')),
      timescale_overrides jsonb not null default '{}'::jsonb,
      reference_prefix text not null default 'CMP',
      contact_email text,
      created_at timestamptz not null default now()
    );

    create table services (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      name text not null,
      kind text not null check (kind in ('service','team','site')),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      unique (organisation_id, name)
    );

    create table closure_days (
      organisation_id uuid not null references organisations(id),
      day date not null,
      reason text not null,
      created_at timestamptz not null default now(),
      primary key (organisation_id, day)
    );

    -- Reference data shared by all organisations: holidays loaded from a newer GOV.UK feed or added by hand.
    create table bank_holidays (
      division text not null check (division in ('england-and-wales','scotland','northern-ireland')),
      day date not null,
      title text not null,
      source text not null check (source in ('govuk-feed','admin')),
      loaded_at timestamptz not null default now(),
      primary key (division, day)
    );

    create table users (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      email text not null,
      name text not null,
      role text not null check (role in ('administrator','complaints-manager','complaints-handler','investigator',
        'responsible-person','senior-leader','board-member','colleague')),
      password_hash text,
      active boolean not null default true,
      failed_sign_ins integer not null default 0,
      locked_until timestamptz,
      last_sign_in_at timestamptz,
      created_at timestamptz not null default now()
    );
    create unique index users_email_unique on users (lower(email));
    create index users_org on users (organisation_id, role);

    create table sessions (
      id text primary key,
      user_id uuid not null references users(id),
      organisation_id uuid not null references organisations(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now()
    );
    create index sessions_user on sessions (user_id);

    create table password_tokens (
      token_hash text primary key,
      user_id uuid not null references users(id),
      organisation_id uuid not null references organisations(id),
      purpose text not null check (purpose in ('reset','first-sign-in')),
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );

    create table api_tokens (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      token_hash text not null unique,
      role text not null,
      name text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    create table reference_counters (
      organisation_id uuid not null references organisations(id),
      year integer not null,
      last_value integer not null,
      primary key (organisation_id, year)
    );

    create table complaints (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      reference text not null,
      channel text not null check (channel in ('online','phone','letter','email','in-person')),
      received_at timestamptz not null,
      received_on date not null,
      status text not null,
      stage smallint not null check (stage in (1,2)),
      paused_from_status text,
      complainant_name text not null,
      complainant_email text,
      complainant_phone text,
      complainant_address text,
      preferred_contact text,
      on_behalf_of jsonb,
      description text not null,
      when_happened text,
      service_id uuid references services(id),
      outcome_sought text,
      adjustments text,
      handler_id uuid references users(id),
      investigator_id uuid references users(id),
      acknowledged_on date,
      stage2_started_on date,
      extended_due_on date,
      acknowledge_by date not null,
      stage_due_by date not null,
      outer_limit_by date,
      next_due_on date,
      outcome text check (outcome in ('upheld','partly-upheld','not-upheld')),
      outcome_summary text,
      satisfied text check (satisfied in ('yes','no','unknown')),
      resolved_on date,
      closed_on date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      unique (organisation_id, reference)
    );
    create index complaints_worklist on complaints (organisation_id, next_due_on, id) where next_due_on is not null;
    create index complaints_status on complaints (organisation_id, status, next_due_on);
    create index complaints_handler on complaints (organisation_id, handler_id, next_due_on);
    create index complaints_investigator on complaints (organisation_id, investigator_id) where investigator_id is not null;
    create index complaints_received on complaints (organisation_id, received_on);

    create table complaint_pauses (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      complaint_id uuid not null references complaints(id),
      stage smallint not null,
      from_on date not null,
      to_on date,
      reason text not null
    );
    create index complaint_pauses_complaint on complaint_pauses (complaint_id);

    create table complaint_extensions (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      complaint_id uuid not null references complaints(id),
      stage smallint not null,
      previous_due_on date not null,
      new_due_on date not null,
      reason text not null,
      complainant_told_on date not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index complaint_extensions_complaint on complaint_extensions (complaint_id);

    create table complaint_events (
      id bigserial primary key,
      organisation_id uuid not null references organisations(id),
      complaint_id uuid not null references complaints(id),
      type text not null,
      from_status text,
      to_status text,
      stage smallint,
      actor_id uuid references users(id),
      actor_label text not null,
      reason text,
      detail jsonb not null default '{}'::jsonb,
      occurred_on date not null,
      created_at timestamptz not null default now()
    );
    create index complaint_events_complaint on complaint_events (complaint_id, id);

    create table complaint_issues (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      complaint_id uuid not null references complaints(id),
      summary text not null,
      service_id uuid references services(id),
      outcome text check (outcome in ('upheld','partly-upheld','not-upheld','withdrawn','not-pursued')),
      findings text,
      created_at timestamptz not null default now()
    );
    create index complaint_issues_complaint on complaint_issues (complaint_id);

    create table complaint_remedies (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      complaint_id uuid not null references complaints(id),
      issue_id uuid references complaint_issues(id),
      kind text not null check (kind in ('apology','explanation','financial-redress','service-change','other')),
      amount_pence integer,
      description text not null,
      created_at timestamptz not null default now()
    );
    create index complaint_remedies_complaint on complaint_remedies (complaint_id);

    create table complaint_colleagues (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      complaint_id uuid not null references complaints(id),
      user_id uuid references users(id),
      name text not null,
      job_title text,
      involvement text not null,
      informed_on date,
      created_at timestamptz not null default now()
    );
    create index complaint_colleagues_complaint on complaint_colleagues (complaint_id);

    create table complaint_notes (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      complaint_id uuid not null references complaints(id),
      author_id uuid references users(id),
      body text not null,
      created_at timestamptz not null default now()
    );
    create index complaint_notes_complaint on complaint_notes (complaint_id);

    create table attachments (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      complaint_id uuid not null references complaints(id),
      filename text not null,
      media_type text not null,
      size_bytes integer not null,
      sha256 text not null,
      content bytea not null,
      uploaded_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index attachments_complaint on attachments (complaint_id);

    create table letter_templates (
      organisation_id uuid not null references organisations(id),
      key text not null,
      subject text not null,
      body text not null,
      updated_by uuid references users(id),
      updated_at timestamptz not null default now(),
      primary key (organisation_id, key)
    );

    create table outbox (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      complaint_id uuid references complaints(id),
      channel text not null check (channel in ('email','letter')),
      recipient text not null,
      subject text not null,
      body text not null,
      status text not null check (status in ('pending','sending','sent','failed')),
      attempts integer not null default 0,
      last_error text,
      next_attempt_at timestamptz not null default now(),
      lease_until timestamptz,
      provider_ref text,
      sent_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index outbox_due on outbox (status, next_attempt_at);
    create index outbox_org on outbox (organisation_id, created_at);

    create table correspondence (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      complaint_id uuid not null references complaints(id),
      direction text not null check (direction in ('outbound','inbound')),
      template_key text,
      channel text not null check (channel in ('email','letter','phone','in-person')),
      recipient text,
      subject text not null,
      body text not null,
      outbox_id uuid references outbox(id),
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index correspondence_complaint on correspondence (complaint_id, created_at);

    create table audit_log (
      id bigserial primary key,
      organisation_id uuid references organisations(id),
      actor_id uuid,
      actor_label text not null,
      action text not null,
      entity_type text not null,
      entity_id text,
      complaint_id uuid,
      ip text,
      request_id text,
      detail jsonb not null default '{}'::jsonb,
      at timestamptz not null default now()
    );
    create index audit_log_complaint on audit_log (complaint_id, id) where complaint_id is not null;
    create index audit_log_org on audit_log (organisation_id, id);

    -- Scheduled work must be safe with several app servers: a lease row per job.
    create table job_leases (
      name text primary key,
      holder text not null,
      lease_until timestamptz not null
    );
  `,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
