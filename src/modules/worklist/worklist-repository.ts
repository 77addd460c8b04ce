import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Actor } from '../../auth/roles.ts';
import type { Db } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { REFERENCE_PATTERN, visibleTo } from '../cases/access.ts';
import type { WorklistKey } from './cursor.ts';

export interface WorklistFilters {
  status?: string[];
  stage?: number | null;
  serviceId?: string | null;
  /** A user id, 'me' or 'unassigned'. */
  handler?: string | null;
  overdue?: boolean;
  dueSoon?: boolean;
  /** Open cases whose outer time limit falls within OUTER_LIMIT_NEAR_DAYS working days, or has passed. */
  outerLimitNear?: boolean;
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

/** Where a page of the worklist starts: after skipping rows (a numbered page), or after or before a row. */
export type WorklistPosition =
  | { kind: 'offset'; offset: number }
  | { kind: 'after'; key: WorklistKey }
  | { kind: 'before'; key: WorklistKey };

export interface Dates {
  today: string;
  dueSoonBy: string;
  /** The outer time limit is near when it falls on or before this day. */
  outerLimitNearBy: string;
}

/** The complaints the actor may see that match the filters, before any order, columns or limit. */
function matching(db: Db, actor: Actor, filters: WorklistFilters, dates: Dates) {
  let q = db.selectFrom('complaints').where(visibleTo(actor));
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
  if (filters.outerLimitNear) {
    q = q
      .where('complaints.next_due_on', 'is not', null)
      .where('complaints.outer_limit_by', '<=', dates.outerLimitNearBy);
  }
  if (filters.q) {
    const term = filters.q.trim();
    // A reference is looked up by its unique index; anything else is part of a name, found through the
    // trigram indexes of migration 0008. A name never looks like a reference, so one test is enough.
    if (REFERENCE_PATTERN.test(term.toUpperCase())) {
      q = q.where('complaints.reference', '=', term.toUpperCase());
    } else {
      q = q.where('complaints.complainant_name', 'ilike', `%${term.replace(/[%_\\]/g, '\\$&')}%`);
    }
  }
  return q;
}

type Matching = ReturnType<typeof matching>;

/** Whether cases without a next deadline (finished ones) can pass the filters' conditions. */
function undatedMayMatch(filters: WorklistFilters): boolean {
  return (
    Boolean(filters.status?.length || filters.includeClosed) &&
    !filters.overdue &&
    !filters.dueSoon &&
    !filters.outerLimitNear
  );
}

// The worklist order, and its reverse for reading backwards from a key; both follow the index
// complaints_worklist_order (organisation_id, next_due_on asc nulls last, received_on desc, id).
const inOrder = (q: Matching) =>
  q
    .orderBy(sql`complaints.next_due_on asc nulls last`)
    .orderBy('complaints.received_on', 'desc')
    .orderBy('complaints.id');

const inReverse = (q: Matching) =>
  q
    .orderBy(sql`complaints.next_due_on desc nulls first`)
    .orderBy('complaints.received_on', 'asc')
    .orderBy('complaints.id', 'desc');

function withColumns(q: Matching) {
  return q
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
    ]);
}

type Condition = (eb: ExpressionBuilder<DB, 'complaints'>) => Expression<SqlBool>;

/** Cases with a next deadline that come after the key, whose own next deadline is `due`. */
const datedAfter =
  ({ receivedOn, id }: WorklistKey, due: string): Condition =>
  (eb) =>
    eb.and([
      eb('complaints.next_due_on', '>=', due),
      eb.or([
        eb('complaints.next_due_on', '>', due),
        eb('complaints.received_on', '<', receivedOn),
        eb.and([eb('complaints.received_on', '=', receivedOn), eb('complaints.id', '>', id)]),
      ]),
    ]);

/** Cases with a next deadline that come before the key, whose own next deadline is `due`. */
const datedBefore =
  ({ receivedOn, id }: WorklistKey, due: string): Condition =>
  (eb) =>
    eb.and([
      eb('complaints.next_due_on', '<=', due),
      eb.or([
        eb('complaints.next_due_on', '<', due),
        eb('complaints.received_on', '>', receivedOn),
        eb.and([eb('complaints.received_on', '=', receivedOn), eb('complaints.id', '<', id)]),
      ]),
    ]);

/** Finished cases (no next deadline) after the key of a finished case. */
const finishedAfter =
  ({ receivedOn, id }: WorklistKey): Condition =>
  (eb) =>
    eb.and([
      eb('complaints.received_on', '<=', receivedOn),
      eb.or([eb('complaints.received_on', '<', receivedOn), eb('complaints.id', '>', id)]),
    ]);

/** Finished cases before the key of a finished case. */
const finishedBefore =
  ({ receivedOn, id }: WorklistKey): Condition =>
  (eb) =>
    eb.and([
      eb('complaints.received_on', '>=', receivedOn),
      eb.or([eb('complaints.received_on', '>', receivedOn), eb('complaints.id', '<', id)]),
    ]);

/** The `limit` cases after the key: those with a later next deadline, then finished ones. */
async function after(q: Matching, key: WorklistKey, limit: number, undated: boolean): Promise<WorklistRow[]> {
  const rows: WorklistRow[] = [];
  if (key.nextDueOn !== null) {
    const dated = q.where(datedAfter(key, key.nextDueOn));
    rows.push(...(await withColumns(inOrder(dated).limit(limit)).execute()));
  }
  if (rows.length < limit && undated) {
    let finished = q.where('complaints.next_due_on', 'is', null);
    if (key.nextDueOn === null) finished = finished.where(finishedAfter(key));
    rows.push(...(await withColumns(inOrder(finished).limit(limit - rows.length)).execute()));
  }
  return rows;
}

/** The `limit` cases just before the key, read backwards, then put back in worklist order. */
async function before(q: Matching, key: WorklistKey, limit: number): Promise<WorklistRow[]> {
  const reversed: WorklistRow[] = [];
  if (key.nextDueOn === null) {
    const finished = q.where('complaints.next_due_on', 'is', null).where(finishedBefore(key));
    reversed.push(...(await withColumns(inReverse(finished).limit(limit)).execute()));
  }
  if (reversed.length < limit) {
    let dated = q.where('complaints.next_due_on', 'is not', null);
    if (key.nextDueOn !== null) dated = dated.where(datedBefore(key, key.nextDueOn));
    reversed.push(...(await withColumns(inReverse(dated).limit(limit - reversed.length)).execute()));
  }
  return reversed.reverse();
}

/** The worklist's queries: a page of the cases the actor may see, soonest deadline first, and their count. */
/** The organisation's open cases, summed from the 16 slots of the count the database keeps (migration 0014). */
function openCountQuery(db: Db, organisationId: string) {
  return db
    .selectFrom('open_case_counts')
    .where('open_case_counts.organisation_id', '=', organisationId)
    .select(sql<string>`coalesce(sum(open_case_counts.open), 0)`.as('n'));
}

export class WorklistRepository {
  constructor(private readonly db: Db) {}

  /**
   * Up to `limit` rows in worklist order: from an offset, or the nearest after or before a key. A key is
   * read as two index ranges, cases with a next deadline and then those without (nulls last), each bounded
   * by the key, so a deep page costs what the first one does.
   */
  async rows(
    actor: Actor,
    filters: WorklistFilters,
    dates: Dates,
    position: WorklistPosition,
    limit: number,
  ): Promise<WorklistRow[]> {
    const q = matching(this.db, actor, filters, dates);
    if (position.kind === 'offset') {
      return withColumns(inOrder(q).limit(limit).offset(position.offset)).execute();
    }
    if (position.kind === 'after') return after(q, position.key, limit, undatedMayMatch(filters));
    return before(q, position.key, limit);
  }

  /**
   * A numbered page of the whole open list with the organisation's open cases counted in the same query (the
   * count the database keeps, as `openCount` reads it): one round trip where two were, for the page every
   * handler opens first. The count is null when no row came back (a page past the end), and must then be
   * read on its own.
   */
  async rowsWithOpenCount(
    actor: Actor,
    dates: Dates,
    offset: number,
    limit: number,
  ): Promise<{ rows: WorklistRow[]; openCount: number | null }> {
    const found = await withColumns(
      inOrder(matching(this.db, actor, {}, dates))
        .limit(limit)
        .offset(offset),
    )
      .select(() => openCountQuery(this.db, actor.organisationId).as('open_total'))
      .execute();
    const rows = found.map(({ open_total: _, ...row }) => row as WorklistRow);
    return { rows, openCount: found[0] ? Number(found[0].open_total) : null };
  }

  /**
   * How many cases match, counting no further than `cap` + 1 when a cap is given: enough to say "more than
   * `cap`" without reading every finished case of a large organisation.
   */
  async count(actor: Actor, filters: WorklistFilters, dates: Dates, cap: number | null): Promise<number> {
    const q = matching(this.db, actor, filters, dates);
    const counted =
      cap === null
        ? q.select((eb) => eb.fn.countAll<number>().as('n'))
        : this.db
            .selectFrom(
              q
                .select(sql<number>`1`.as('one'))
                .limit(cap + 1)
                .as('matching'),
            )
            .select((eb) => eb.fn.countAll<number>().as('n'));
    return Number((await counted.executeTakeFirstOrThrow()).n);
  }

  /**
   * The filter form's choices in one query: the organisation's active services, and the active people with
   * the given roles, each by name. (Two queries cost the page two more round trips to the database, which
   * was the largest part of its CPU under load: issue 6, "Performance of the worklist under load".)
   */
  async filterOptions(
    organisationId: string,
    roles: readonly string[],
  ): Promise<{
    services: { id: string; name: string }[];
    people: { id: string; name: string; role: string }[];
  }> {
    const row = await this.db
      .selectNoFrom((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('services')
            .select(['services.id', 'services.name'])
            .where('services.organisation_id', '=', organisationId)
            .where('services.active', '=', true)
            .orderBy('services.name'),
        ).as('services'),
        jsonArrayFrom(
          eb
            .selectFrom('users')
            .select(['users.id', 'users.name', 'users.role'])
            .where('users.organisation_id', '=', organisationId)
            .where('users.active', '=', true)
            .where('users.role', 'in', [...roles])
            .orderBy('users.name'),
        ).as('people'),
      ])
      .executeTakeFirstOrThrow();
    return { services: row.services, people: row.people };
  }

  /**
   * The organisation's open cases, from the count the database keeps (migration 0014): 16 rows by key,
   * where counting the cases themselves reads every open case's index entry.
   */
  async openCount(organisationId: string): Promise<number> {
    return Number((await openCountQuery(this.db, organisationId).executeTakeFirstOrThrow()).n);
  }

  /**
   * The home pages' counts of open cases, every role's in one query over the open-cases index: what each
   * role's page shows is a choice among them, and one pass costs the same as any one count.
   */
  async counts(actor: Actor, dates: Dates): Promise<WorklistCounts> {
    const me = actor.userId;
    const mine = me ? sql`complaints.handler_id = ${me}` : sql`false`;
    const investigating = me ? sql`complaints.investigator_id = ${me}` : sql`false`;
    const overdue = sql`complaints.next_due_on < ${dates.today}`;
    const dueSoon = sql`complaints.next_due_on between ${dates.today} and ${dates.dueSoonBy}`;
    const count = (condition: RawBuilder<unknown>) => sql<number>`count(*) filter (where ${condition})`;
    const row = await this.db
      .selectFrom('complaints')
      .where(visibleTo(actor))
      .where('complaints.next_due_on', 'is not', null)
      .select((eb) => [
        eb.fn.countAll<number>().as('open'),
        count(overdue).as('overdue'),
        count(dueSoon).as('dueSoon'),
        count(mine).as('mine'),
        count(sql`${mine} and ${overdue}`).as('mineOverdue'),
        count(sql`${mine} and ${dueSoon}`).as('mineDueSoon'),
        count(sql`complaints.handler_id is null`).as('unassigned'),
        count(investigating).as('investigating'),
        count(sql`${investigating} and ${overdue}`).as('investigatingOverdue'),
        count(sql`${investigating} and ${dueSoon}`).as('investigatingDueSoon'),
        count(sql`complaints.status = 'response-drafted'`).as('awaitingSignOff'),
        count(sql`complaints.stage = 2`).as('stage2'),
        count(sql`complaints.outer_limit_by <= ${dates.outerLimitNearBy}`).as('outerLimitNear'),
      ])
      .executeTakeFirstOrThrow();
    return Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, Number(v)]),
    ) as unknown as WorklistCounts;
  }

  /** Open and overdue cases per handler (null: not assigned), for a manager's view of the team's load. */
  async teamLoad(
    actor: Actor,
    today: string,
  ): Promise<{ handlerId: string | null; name: string | null; open: number; overdue: number }[]> {
    const rows = await this.db
      .selectFrom('complaints')
      .leftJoin('users', (join) =>
        join
          .onRef('users.id', '=', 'complaints.handler_id')
          .onRef('users.organisation_id', '=', 'complaints.organisation_id'),
      )
      .where(visibleTo(actor))
      .where('complaints.next_due_on', 'is not', null)
      .groupBy(['complaints.handler_id', 'users.name'])
      .select((eb) => [
        'complaints.handler_id',
        'users.name',
        eb.fn.countAll<number>().as('open'),
        sql<number>`count(*) filter (where complaints.next_due_on < ${today})`.as('overdue'),
      ])
      .orderBy('users.name')
      .execute();
    return rows.map((r) => ({
      handlerId: r.handler_id,
      name: r.name,
      open: Number(r.open),
      overdue: Number(r.overdue),
    }));
  }
}

export interface WorklistCounts {
  open: number;
  overdue: number;
  dueSoon: number;
  mine: number;
  mineOverdue: number;
  mineDueSoon: number;
  unassigned: number;
  investigating: number;
  investigatingOverdue: number;
  investigatingDueSoon: number;
  awaitingSignOff: number;
  stage2: number;
  outerLimitNear: number;
}
