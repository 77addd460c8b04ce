import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** `date` columns travel as 'YYYY-MM-DD' strings (see database.ts type parsers), never as JS Dates. */
type DateColumn = string;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | null | undefined, string | null>;

export interface OrganisationsTable {
  id: string;
  slug: string;
  name: string;
  parent_id: string | null;
  division: string;
  nation: string;
  sector: string;
  /** Null: the Ombudsman follows from the nation and sector (src/domain/ombudsman.ts). */
  ombudsman_override: string | null;
  independent_tier: Generated<string>;
  independent_tier_name: string | null;
  independent_tier_website: string | null;
  independent_tier_time_limit_months: number | null;
  preset: string;
  timescale_overrides: Json<Record<string, unknown>>;
  reference_prefix: Generated<string>;
  complaints_team_name: string | null;
  complaints_team_phone: string | null;
  /** The complaints team's email address. */
  contact_email: string | null;
  complaints_team_address: string | null;
  advocacy_name: string | null;
  advocacy_url: string | null;
  created_at: Generated<Date>;
}

export interface ServicesTable {
  id: string;
  organisation_id: string;
  name: string;
  kind: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ClosureDaysTable {
  organisation_id: string;
  day: DateColumn;
  reason: string;
  created_at: Generated<Date>;
}

export interface BankHolidaysTable {
  division: string;
  day: DateColumn;
  title: string;
  source: string;
  loaded_at: Generated<Date>;
}

/** When a division's bank holidays last changed (migration 0017). */
export interface BankHolidayUpdatesTable {
  division: string;
  updated_at: Generated<Date>;
  change: 'import' | 'add' | 'remove';
}

export interface UsersTable {
  id: string;
  organisation_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string | null;
  active: Generated<boolean>;
  failed_sign_ins: Generated<number>;
  locked_until: Date | null;
  last_sign_in_at: Date | null;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  organisation_id: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  last_seen_at: Generated<Date>;
}

export interface PasswordTokensTable {
  token_hash: string;
  user_id: string;
  organisation_id: string;
  purpose: 'reset' | 'first-sign-in';
  expires_at: Timestamp;
  used_at: Date | null;
  created_at: Generated<Date>;
}

export interface ApiTokensTable {
  id: string;
  organisation_id: string;
  token_hash: string;
  /** The role a role token acts as; null for a personal token, which acts with its person's role. */
  role: string | null;
  /** The person a personal token acts as; null for a role token. */
  user_id: string | null;
  name: string;
  /** Requests a minute this token may make; null for the configured default. */
  rate_limit: number | null;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface ReferenceCountersTable {
  organisation_id: string;
  year: number;
  last_value: number;
}

export interface OnBehalfOf {
  name: string;
  relationship: string;
  consent: 'given' | 'not-needed' | 'to-follow';
}

export interface ComplaintsTable {
  id: string;
  organisation_id: string;
  reference: string;
  channel: string;
  received_at: Timestamp;
  received_on: DateColumn;
  status: string;
  stage: number;
  paused_from_status: string | null;
  complainant_name: string;
  complainant_email: string | null;
  complainant_phone: string | null;
  complainant_address: string | null;
  preferred_contact: string | null;
  on_behalf_of: Json<OnBehalfOf | null>;
  description: string;
  when_happened: string | null;
  service_id: string | null;
  outcome_sought: string | null;
  adjustments: string | null;
  handler_id: string | null;
  investigator_id: string | null;
  acknowledged_on: DateColumn | null;
  stage2_started_on: DateColumn | null;
  extended_due_on: DateColumn | null;
  acknowledge_by: DateColumn | null;
  stage_due_by: DateColumn;
  outer_limit_by: DateColumn | null;
  next_due_on: DateColumn | null;
  /** Which deadline next_due_on is: 'acknowledge', 'acknowledge-stage2', 'respond' or 'outer-limit'. */
  next_due_kind: string | null;
  stage2_acknowledge_by: DateColumn | null;
  stage2_acknowledged_on: DateColumn | null;
  /** How the case reached stage 2: 'direct', 'after-stage1-answer' or 'reopened'. */
  escalation_kind: string | null;
  outer_limit_agreed_on: DateColumn | null;
  outer_limit_agreed_by: DateColumn | null;
  signed_off_by: string | null;
  signed_off_on: DateColumn | null;
  final_response_sent_on: DateColumn | null;
  closure_reason: string | null;
  referred_to: string | null;
  became_aware_on: DateColumn | null;
  late_accepted_on: DateColumn | null;
  late_accepted_by: string | null;
  late_accepted_reason: string | null;
  outcome: string | null;
  outcome_summary: string | null;
  satisfied: string | null;
  resolved_on: DateColumn | null;
  closed_on: DateColumn | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export interface ComplaintPausesTable {
  id: string;
  organisation_id: string;
  complaint_id: string;
  stage: number;
  from_on: DateColumn;
  to_on: DateColumn | null;
  reason: string;
}

export interface ComplaintExtensionsTable {
  id: string;
  organisation_id: string;
  complaint_id: string;
  stage: number;
  previous_due_on: DateColumn;
  new_due_on: DateColumn;
  reason: string;
  complainant_told_on: DateColumn;
  created_by: string | null;
  authorised_by: string | null;
  created_at: Generated<Date>;
}

export interface ComplaintEventsTable {
  id: Generated<string>;
  organisation_id: string;
  complaint_id: string;
  type: string;
  from_status: string | null;
  to_status: string | null;
  stage: number | null;
  actor_id: string | null;
  actor_label: string;
  reason: string | null;
  detail: Json<Record<string, unknown>>;
  occurred_on: DateColumn;
  created_at: Generated<Date>;
}

export interface ComplaintIssuesTable {
  id: string;
  organisation_id: string;
  complaint_id: string;
  summary: string;
  service_id: string | null;
  outcome: string | null;
  findings: string | null;
  created_at: Generated<Date>;
}

export interface ComplaintRemediesTable {
  id: string;
  organisation_id: string;
  complaint_id: string;
  issue_id: string | null;
  kind: string;
  amount_pence: number | null;
  description: string;
  created_at: Generated<Date>;
}

export interface ComplaintColleaguesTable {
  id: string;
  organisation_id: string;
  complaint_id: string;
  user_id: string | null;
  name: string;
  job_title: string | null;
  involvement: string;
  informed_on: DateColumn | null;
  created_at: Generated<Date>;
}

export interface ComplaintNotesTable {
  id: string;
  organisation_id: string;
  complaint_id: string;
  author_id: string | null;
  body: string;
  created_at: Generated<Date>;
}

export interface AttachmentsTable {
  id: string;
  organisation_id: string;
  complaint_id: string;
  filename: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: string | null;
  created_at: Generated<Date>;
}

export interface LetterTemplatesTable {
  organisation_id: string;
  key: string;
  subject: string;
  body: string;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface OutboxTable {
  id: string;
  organisation_id: string;
  complaint_id: string | null;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Generated<Date>;
  lease_until: Date | null;
  provider_ref: string | null;
  sent_at: Date | null;
  created_at: Generated<Date>;
}

export interface CorrespondenceTable {
  id: string;
  organisation_id: string;
  complaint_id: string;
  direction: 'outbound' | 'inbound';
  template_key: string | null;
  channel: string;
  recipient: string | null;
  subject: string;
  body: string;
  outbox_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  /** Each reasonable adjustment asked for, as the sender recorded it: met, or not and why. */
  adjustments: Json<AdjustmentRecord[] | null>;
}

export interface AdjustmentRecord {
  kind: string;
  met: boolean;
  reason: string | null;
}

export interface ResponseDraftsTable {
  id: string;
  organisation_id: string;
  complaint_id: string;
  version: number;
  body: string;
  status: 'submitted' | 'returned' | 'approved' | 'superseded';
  submitted_by: string | null;
  submitted_on: DateColumn;
  decided_by: string | null;
  decided_on: DateColumn | null;
  comments: string | null;
  /** The text as approved, with the approver's signature: the final response goes exactly as this. */
  approved_body: string | null;
  created_at: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<string>;
  organisation_id: string | null;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  complaint_id: string | null;
  ip: string | null;
  request_id: string | null;
  detail: Json<Record<string, unknown>>;
  at: Generated<Date>;
}

export interface JobLeasesTable {
  name: string;
  holder: string;
  lease_until: Timestamp;
}

/** Answers to the public complaint form between pages; wiped when sent, leaving the reference and due dates. */
export interface PublicDraftsTable {
  id: string;
  organisation_id: string;
  answers: Json<Record<string, unknown>>;
  claimed_at: Date | null;
  reference: string | null;
  acknowledge_by: DateColumn | null;
  stage_due_by: DateColumn | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

/**
 * A request, written with a change to an organisation's calendar or timescales, for its open cases' due dates to
 * be recalculated; the deadlines module's job takes it (src/modules/deadlines/recalculation-requests.ts).
 */
export interface DeadlineRecalculationsTable {
  id: Generated<number>;
  organisation_id: string;
  reason: string;
  requested_at: Generated<Date>;
  /** When a run took it; renewed after each batch, so a run that died is noticed by its silence. */
  started_at: Date | null;
  finished_at: Date | null;
  attempts: Generated<number>;
  /** After a failed run: not taken again before this. */
  retry_at: Date | null;
}

export interface DB {
  organisations: OrganisationsTable;
  services: ServicesTable;
  closure_days: ClosureDaysTable;
  bank_holidays: BankHolidaysTable;
  bank_holiday_updates: BankHolidayUpdatesTable;
  users: UsersTable;
  sessions: SessionsTable;
  password_tokens: PasswordTokensTable;
  api_tokens: ApiTokensTable;
  reference_counters: ReferenceCountersTable;
  complaints: ComplaintsTable;
  complaint_pauses: ComplaintPausesTable;
  complaint_extensions: ComplaintExtensionsTable;
  complaint_events: ComplaintEventsTable;
  complaint_issues: ComplaintIssuesTable;
  complaint_remedies: ComplaintRemediesTable;
  complaint_colleagues: ComplaintColleaguesTable;
  complaint_notes: ComplaintNotesTable;
  attachments: AttachmentsTable;
  letter_templates: LetterTemplatesTable;
  outbox: OutboxTable;
  correspondence: CorrespondenceTable;
  response_drafts: ResponseDraftsTable;
  audit_log: AuditLogTable;
  job_leases: JobLeasesTable;
  public_drafts: PublicDraftsTable;
  deadline_recalculations: DeadlineRecalculationsTable;
}

export type ComplaintRow = Selectable<ComplaintsTable>;
export type NewComplaintRow = Insertable<ComplaintsTable>;
export type ComplaintUpdate = Updateable<ComplaintsTable>;
export type UserRow = Selectable<UsersTable>;
export type OrganisationRow = Selectable<OrganisationsTable>;
