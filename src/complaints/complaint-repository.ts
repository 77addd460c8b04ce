import { type ExpressionBuilder, sql } from 'kysely';
import { type Actor, can } from '../auth/roles.ts';
import type { Db } from '../db/database.ts';
import type { ComplaintRow, DB } from '../db/schema.ts';

export interface WorklistFilters {
  status?: string[];
  stage?: number | null;
  serviceId?: string | null;
  /** A user id, 'me' or 'unassigned'. */
  handler?: string | null;
  overdue?: boolean;
  dueSoon?: boolean;
  /** Include closed, resolved and withdrawn cases (the worklist shows open ones by default). */
  includeClosed?: boolean;
  q?: string | null;
}

export interface WorklistRow {
  id: string;
  reference: string;
  status: string;
  stage: number;
  channel: string;
  received_on: string;
  complainant_name: string;
  service_name: string | null;
  handler_name: string | null;
  acknowledged_on: string | null;
  acknowledge_by: string;
  stage_due_by: string;
  next_due_on: string | null;
  extended_due_on: string | null;
}

/** Limits a complaints query to the actor's organisation and to the cases their role may see. */
export function visibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'complaints'>) => {
    const inOrg = eb('complaints.organisation_id', '=', actor.organisationId);
    if (can(actor.role, 'complaint:read-all')) return inOrg;
    if (can(actor.role, 'complaint:read-assigned')) {
      return eb.and([
        inOrg,
        eb.or([eb('complaints.investigator_id', '=', actor.id), eb('complaints.handler_id', '=', actor.id)]),
      ]);
    }
    return eb.and([inOrg, eb.val(false)]);
  };
}

export class ComplaintRepository {
  constructor(private readonly db: Db) {}

  async worklist(
    actor: Actor,
    filters: WorklistFilters,
    dates: { today: string; dueSoonBy: string },
    page: number,
    pageSize: number,
  ): Promise<{ items: WorklistRow[]; total: number }> {
    let q = this.db.selectFrom('complaints').where(visibleTo(actor));
    if (filters.status?.length) q = q.where('complaints.status', 'in', filters.status);
    else if (!filters.includeClosed) q = q.where('complaints.next_due_on', 'is not', null);
    if (filters.stage) q = q.where('complaints.stage', '=', filters.stage);
    if (filters.serviceId) q = q.where('complaints.service_id', '=', filters.serviceId);
    if (filters.handler === 'unassigned') q = q.where('complaints.handler_id', 'is', null);
    else if (filters.handler === 'me') q = q.where('complaints.handler_id', '=', actor.id);
    else if (filters.handler) q = q.where('complaints.handler_id', '=', filters.handler);
    if (filters.overdue) q = q.where('complaints.next_due_on', '<', dates.today);
    if (filters.dueSoon) {
      q = q
        .where('complaints.next_due_on', '>=', dates.today)
        .where('complaints.next_due_on', '<=', dates.dueSoonBy);
    }
    if (filters.q) {
      const term = filters.q.trim();
      q = q.where((eb) =>
        eb.or([
          eb('complaints.reference', '=', term.toUpperCase()),
          eb('complaints.complainant_name', 'ilike', `%${term.replace(/[%_\\]/g, '\\$&')}%`),
        ]),
      );
    }
    const [items, count] = await Promise.all([
      q
        .leftJoin('services', 'services.id', 'complaints.service_id')
        .leftJoin('users', 'users.id', 'complaints.handler_id')
        .select([
          'complaints.id',
          'complaints.reference',
          'complaints.status',
          'complaints.stage',
          'complaints.channel',
          'complaints.received_on',
          'complaints.complainant_name',
          'services.name as service_name',
          'users.name as handler_name',
          'complaints.acknowledged_on',
          'complaints.acknowledge_by',
          'complaints.stage_due_by',
          'complaints.next_due_on',
          'complaints.extended_due_on',
        ])
        .orderBy(sql`complaints.next_due_on asc nulls last`)
        .orderBy('complaints.received_on', 'desc')
        .orderBy('complaints.id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  }

  async findVisible(actor: Actor, reference: string): Promise<ComplaintRow | undefined> {
    return this.db
      .selectFrom('complaints')
      .selectAll()
      .where(visibleTo(actor))
      .where('reference', '=', reference)
      .executeTakeFirst();
  }

  async detailParts(organisationId: string, complaintId: string) {
    const [events, issues, remedies, colleagues, notes, pauses, extensions, attachments, correspondence] =
      await Promise.all([
        this.db
          .selectFrom('complaint_events')
          .select([
            'id',
            'type',
            'from_status',
            'to_status',
            'stage',
            'actor_label',
            'reason',
            'detail',
            'occurred_on',
            'created_at',
          ])
          .where('organisation_id', '=', organisationId)
          .where('complaint_id', '=', complaintId)
          .orderBy('id')
          .execute(),
        this.db
          .selectFrom('complaint_issues')
          .leftJoin('services', 'services.id', 'complaint_issues.service_id')
          .select([
            'complaint_issues.id',
            'complaint_issues.summary',
            'complaint_issues.outcome',
            'complaint_issues.findings',
            'complaint_issues.service_id',
            'services.name as service_name',
          ])
          .where('complaint_issues.organisation_id', '=', organisationId)
          .where('complaint_issues.complaint_id', '=', complaintId)
          .orderBy('complaint_issues.created_at')
          .execute(),
        this.db
          .selectFrom('complaint_remedies')
          .select(['id', 'issue_id', 'kind', 'amount_pence', 'description', 'created_at'])
          .where('organisation_id', '=', organisationId)
          .where('complaint_id', '=', complaintId)
          .orderBy('created_at')
          .execute(),
        this.db
          .selectFrom('complaint_colleagues')
          .select(['id', 'user_id', 'name', 'job_title', 'involvement', 'informed_on'])
          .where('organisation_id', '=', organisationId)
          .where('complaint_id', '=', complaintId)
          .orderBy('created_at')
          .execute(),
        this.db
          .selectFrom('complaint_notes')
          .leftJoin('users', 'users.id', 'complaint_notes.author_id')
          .select([
            'complaint_notes.id',
            'complaint_notes.body',
            'complaint_notes.created_at',
            'users.name as author_name',
          ])
          .where('complaint_notes.organisation_id', '=', organisationId)
          .where('complaint_notes.complaint_id', '=', complaintId)
          .orderBy('complaint_notes.created_at', 'desc')
          .execute(),
        this.db
          .selectFrom('complaint_pauses')
          .select(['id', 'stage', 'from_on', 'to_on', 'reason'])
          .where('organisation_id', '=', organisationId)
          .where('complaint_id', '=', complaintId)
          .orderBy('from_on')
          .execute(),
        this.db
          .selectFrom('complaint_extensions')
          .select([
            'id',
            'stage',
            'previous_due_on',
            'new_due_on',
            'reason',
            'complainant_told_on',
            'created_at',
          ])
          .where('organisation_id', '=', organisationId)
          .where('complaint_id', '=', complaintId)
          .orderBy('created_at')
          .execute(),
        this.db
          .selectFrom('attachments')
          .select(['id', 'filename', 'media_type', 'size_bytes', 'created_at'])
          .where('organisation_id', '=', organisationId)
          .where('complaint_id', '=', complaintId)
          .orderBy('created_at')
          .execute(),
        this.db
          .selectFrom('correspondence')
          .leftJoin('outbox', (join) =>
            join
              .onRef('outbox.id', '=', 'correspondence.outbox_id')
              .on('outbox.organisation_id', '=', organisationId),
          )
          // The case page lists correspondence; the letters themselves are read on the correspondence page.
          .select([
            'correspondence.id',
            'correspondence.direction',
            'correspondence.template_key',
            'correspondence.channel',
            'correspondence.subject',
            'correspondence.created_at',
            'outbox.status as delivery_status',
          ])
          .where('correspondence.organisation_id', '=', organisationId)
          .where('correspondence.complaint_id', '=', complaintId)
          .orderBy('correspondence.created_at', 'desc')
          .execute(),
      ]);
    return { events, issues, remedies, colleagues, notes, pauses, extensions, attachments, correspondence };
  }
}

export type DetailParts = Awaited<ReturnType<ComplaintRepository['detailParts']>>;
