import { sql } from 'kysely';
import type { Actor } from '../../auth/roles.ts';
import type { Db } from '../../db/database.ts';
import { visibleTo } from '../cases/access.ts';

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
  acknowledge_by: string | null;
  stage2_acknowledge_by: string | null;
  stage2_acknowledged_on: string | null;
  stage_due_by: string;
  outer_limit_by: string | null;
  next_due_on: string | null;
  next_due_kind: string | null;
  extended_due_on: string | null;
}

/** The worklist's query: a page of the cases the actor may see, soonest deadline first. */
export class WorklistRepository {
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
    else if (filters.handler === 'me') {
      // A role token is nobody, so nothing is assigned to it.
      q = actor.userId ? q.where('complaints.handler_id', '=', actor.userId) : q.where(sql<boolean>`false`);
    } else if (filters.handler) q = q.where('complaints.handler_id', '=', filters.handler);
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
        .leftJoin('services', (join) =>
          join
            .onRef('services.id', '=', 'complaints.service_id')
            .onRef('services.organisation_id', '=', 'complaints.organisation_id'),
        )
        .leftJoin('users', (join) =>
          join
            .onRef('users.id', '=', 'complaints.handler_id')
            .onRef('users.organisation_id', '=', 'complaints.organisation_id'),
        )
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
          'complaints.stage2_acknowledge_by',
          'complaints.stage2_acknowledged_on',
          'complaints.stage_due_by',
          'complaints.outer_limit_by',
          'complaints.next_due_on',
          'complaints.next_due_kind',
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

  /** The home page's counts of open cases, in one query over the open-cases index. */
  async counts(actor: Actor, dates: { today: string; dueSoonBy: string }): Promise<WorklistCounts> {
    const me = actor.userId;
    const row = await this.db
      .selectFrom('complaints')
      .where(visibleTo(actor))
      .where('complaints.next_due_on', 'is not', null)
      .select((eb) => [
        eb.fn.countAll<number>().as('open'),
        sql<number>`count(*) filter (where complaints.next_due_on < ${dates.today})`.as('overdue'),
        sql<number>`count(*) filter (where complaints.next_due_on between ${dates.today} and ${dates.dueSoonBy})`.as(
          'dueSoon',
        ),
        (me ? sql<number>`count(*) filter (where complaints.handler_id = ${me})` : sql<number>`0`).as('mine'),
        sql<number>`count(*) filter (where complaints.handler_id is null)`.as('unassigned'),
      ])
      .executeTakeFirstOrThrow();
    return {
      open: Number(row.open),
      overdue: Number(row.overdue),
      dueSoon: Number(row.dueSoon),
      mine: Number(row.mine),
      unassigned: Number(row.unassigned),
    };
  }
}

export interface WorklistCounts {
  open: number;
  overdue: number;
  dueSoon: number;
  mine: number;
  unassigned: number;
}
