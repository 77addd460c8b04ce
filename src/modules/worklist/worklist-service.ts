import type { Actor } from '../../auth/roles.ts';
import type { CalendarService } from '../../calendar/calendar-service.ts';
import type { Db } from '../../db/database.ts';
import { type DeadlineState, deadlineState, type IsoDate } from '../../domain/calendar/index.ts';
import { ForbiddenError } from '../../errors.ts';
import { canReadComplaints } from '../cases/access.ts';
import {
  type WorklistCounts,
  type WorklistFilters,
  WorklistRepository,
  type WorklistRow,
} from './worklist-repository.ts';

export interface WorklistItem extends WorklistRow {
  state: DeadlineState | null;
}

export interface WorklistPage {
  items: WorklistItem[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
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

  async counts(actor: Actor): Promise<WorklistCounts> {
    if (!canReadComplaints(actor.role)) throw new ForbiddenError();
    const { calendar, timescales } = await this.calendars.forOrganisation(actor.organisationId);
    const today = this.today();
    return this.repository.counts(actor, {
      today,
      dueSoonBy: calendar.addWorkingDays(today, timescales.dueSoonDays),
    });
  }

  async worklist(actor: Actor, filters: WorklistFilters, page = 1, pageSize = 25): Promise<WorklistPage> {
    if (!canReadComplaints(actor.role)) throw new ForbiddenError();
    const { calendar, timescales } = await this.calendars.forOrganisation(actor.organisationId);
    const today = this.today();
    const dueSoonBy = calendar.addWorkingDays(today, timescales.dueSoonDays);
    const safePage = Math.max(1, Math.min(page, 100_000));
    const { items, total } = await this.repository.worklist(
      actor,
      filters,
      { today, dueSoonBy },
      safePage,
      pageSize,
    );
    return {
      items: items.map((item) => ({
        ...item,
        state: item.next_due_on
          ? deadlineState(calendar, item.next_due_on, today, timescales.dueSoonDays)
          : null,
      })),
      total,
      page: safePage,
      pageSize,
      pages: Math.max(1, Math.ceil(total / pageSize)),
    };
  }
}
