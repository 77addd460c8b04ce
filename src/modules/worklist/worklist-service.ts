import { type Actor, can } from '../../auth/roles.ts';
import type { CalendarService } from '../../calendar/calendar-service.ts';
import type { Db } from '../../db/database.ts';
import { type DeadlineState, deadlineState, type IsoDate } from '../../domain/calendar/index.ts';
import { isOpen, isStatus } from '../../domain/lifecycle/index.ts';
import { ForbiddenError } from '../../errors.ts';
import { canReadComplaints } from '../cases/access.ts';
import { encodeCursor, type WorklistCursor, type WorklistKey } from './cursor.ts';
import { nextStepText } from './next-step.ts';
import {
  type Dates,
  type WorklistCounts,
  type WorklistFilters,
  type WorklistPosition,
  WorklistRepository,
  type WorklistRow,
} from './worklist-repository.ts';

/**
 * A list that can hold finished cases is counted no further than this: counting every closed case of a
 * large organisation costs more than the page itself, and "more than 10,000" is all a reader needs.
 */
export const COUNT_CAP = 10_000;

/**
 * A case's outer time limit is near within this many working days (about a month): early enough for a
 * senior leader to act on it before the limit passes.
 */
export const OUTER_LIMIT_NEAR_DAYS = 20;

/** The deepest numbered page (read with OFFSET); deeper pages are reached by cursor. */
export const MAX_PAGE = 100_000;

export interface WorklistItem extends WorklistRow {
  state: DeadlineState | null;
  /** Which deadline is next and how far off or overdue: "Send final response, 50 working days overdue". */
  nextStep: string | null;
}

export interface WorklistPage {
  items: WorklistItem[];
  /** How many cases match, exactly, or COUNT_CAP when there are more (then `totalCapped` is true). */
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
  /** The number of pages, when the total is exact. */
  pages: number | null;
  /** Cursors for the pages either side of this one, or null when there is none. */
  next: string | null;
  previous: string | null;
}

/** Finished cases can match when closed ones are asked for, or any status that is not open. */
function finishedMayMatch(filters: WorklistFilters): boolean {
  if (filters.status?.length) return filters.status.some((s) => !isStatus(s) || !isOpen(s));
  return Boolean(filters.includeClosed);
}

/** The worklist as it opens: every open case, no filter, for someone who may see every case. */
function isWholeOpenList(actor: Actor, filters: WorklistFilters): boolean {
  return (
    can(actor.role, 'complaint:read-all') &&
    !filters.status?.length &&
    !filters.stage &&
    !filters.serviceId &&
    !filters.handler &&
    !filters.overdue &&
    !filters.dueSoon &&
    !filters.outerLimitNear &&
    !filters.includeClosed &&
    !filters.q
  );
}

function keyOf(row: WorklistRow): WorklistKey {
  return { nextDueOn: row.next_due_on, receivedOn: row.received_on, id: row.id };
}

/** A numbered page as asked for, within 1 and MAX_PAGE. */
function pageNumber(at: number): number {
  return Math.max(1, Math.min(Math.trunc(at) || 1, MAX_PAGE));
}

/** The cases waiting for someone, soonest deadline first. */
export class WorklistService {
  readonly repository: WorklistRepository;

  constructor(
    db: Db,
    private readonly calendars: CalendarService,
    private readonly today: () => IsoDate,
  ) {
    this.repository = new WorklistRepository(db);
  }

  /** The days the filters are measured from, in the organisation's working days. */
  private async dates(actor: Actor) {
    const { calendar, timescales } = await this.calendars.forOrganisation(actor.organisationId);
    const today = this.today();
    const dates: Dates = {
      today,
      dueSoonBy: calendar.addWorkingDays(today, timescales.dueSoonDays),
      outerLimitNearBy: calendar.addWorkingDays(today, OUTER_LIMIT_NEAR_DAYS),
    };
    return { calendar, timescales, today, dates };
  }

  /** Every home page's counts of the open cases the actor may see, in one query. */
  async counts(actor: Actor): Promise<WorklistCounts> {
    if (!canReadComplaints(actor.role)) throw new ForbiddenError();
    return this.repository.counts(actor, (await this.dates(actor)).dates);
  }

  /** Open and overdue cases per handler, and those not assigned. */
  async teamLoad(actor: Actor) {
    if (!canReadComplaints(actor.role)) throw new ForbiddenError();
    return this.repository.teamLoad(actor, this.today());
  }

  /**
   * A page of the worklist: a numbered page (read with OFFSET, cheap near the start) or the page a cursor
   * points at (read from the index at any depth). One more row than the page is read, to know whether a
   * next page exists.
   */
  async worklist(
    actor: Actor,
    filters: WorklistFilters,
    at: number | WorklistCursor = 1,
    pageSize = 25,
  ): Promise<WorklistPage> {
    if (!canReadComplaints(actor.role)) throw new ForbiddenError();
    const { calendar, timescales, today, dates } = await this.dates(actor);
    const cap = finishedMayMatch(filters) ? COUNT_CAP : null;
    const whole = isWholeOpenList(actor, filters);
    const [window, counted] =
      whole && typeof at === 'number'
        ? await this.wholeOpenListPage(actor, dates, at, pageSize)
        : await Promise.all([
            this.window(actor, filters, dates, at, pageSize),
            whole
              ? this.repository.openCount(actor.organisationId)
              : this.repository.count(actor, filters, dates, cap),
          ]);
    const totalCapped = cap !== null && counted > cap;
    const total = totalCapped ? COUNT_CAP : counted;
    const { rows, page, more } = window;
    const first = rows[0];
    const last = rows[rows.length - 1];
    return {
      items: rows.map((item) => ({
        ...item,
        state: item.next_due_on
          ? deadlineState(calendar, item.next_due_on, today, timescales.dueSoonDays)
          : null,
        nextStep: nextStepText(calendar, today, item),
      })),
      total,
      totalCapped,
      page,
      pageSize,
      pages: totalCapped ? null : Math.max(1, Math.ceil(total / pageSize)),
      next: more && last ? encodeCursor({ direction: 'after', key: keyOf(last), page: page + 1 }) : null,
      previous:
        page > 1 && first ? encodeCursor({ direction: 'before', key: keyOf(first), page: page - 1 }) : null,
    };
  }

  /** The worklist filter form's choices: the organisation's active services and the people who handle cases. */
  async filterOptions(actor: Actor, roles: readonly string[]) {
    if (!canReadComplaints(actor.role)) throw new ForbiddenError();
    return this.repository.filterOptions(actor.organisationId, roles);
  }

  /** A numbered page of the whole open list and the open cases' count, read together where they can be. */
  private async wholeOpenListPage(
    actor: Actor,
    dates: Dates,
    at: number,
    pageSize: number,
  ): Promise<[{ rows: WorklistRow[]; page: number; more: boolean }, number]> {
    const page = pageNumber(at);
    const { rows, openCount } = await this.repository.rowsWithOpenCount(
      actor,
      dates,
      (page - 1) * pageSize,
      pageSize + 1,
    );
    const window = { rows: rows.slice(0, pageSize), page, more: rows.length > pageSize };
    return [window, openCount ?? (await this.repository.openCount(actor.organisationId))];
  }

  /** The page's rows, its number, and whether rows follow it. */
  private async window(
    actor: Actor,
    filters: WorklistFilters,
    dates: Dates,
    at: number | WorklistCursor,
    pageSize: number,
  ): Promise<{ rows: WorklistRow[]; page: number; more: boolean }> {
    const read = (position: WorklistPosition, limit: number) =>
      this.repository.rows(actor, filters, dates, position, limit);
    if (typeof at === 'number') {
      const page = pageNumber(at);
      const rows = await read({ kind: 'offset', offset: (page - 1) * pageSize }, pageSize + 1);
      return { rows: rows.slice(0, pageSize), page, more: rows.length > pageSize };
    }
    if (at.direction === 'after') {
      const rows = await read({ kind: 'after', key: at.key }, pageSize + 1);
      return { rows: rows.slice(0, pageSize), page: at.page, more: rows.length > pageSize };
    }
    const rows = await read({ kind: 'before', key: at.key }, pageSize + 1);
    // Reading back to the start (cases may have moved since the cursor was made) is the first page.
    if (rows.length <= pageSize || at.page <= 1) return this.window(actor, filters, dates, 1, pageSize);
    return { rows: rows.slice(1), page: at.page, more: true };
  }
}
