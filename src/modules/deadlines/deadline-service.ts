import type { CalendarService } from '../../calendar/calendar-service.ts';
import type { Db } from '../../db/database.ts';
import type { IsoDate } from '../../domain/calendar/index.ts';
import { isOpen, STATUSES } from '../../domain/lifecycle/index.ts';
import { DEADLINE_COLUMNS, DEADLINE_SOURCE_COLUMNS, deadlineFields } from './deadline-fields.ts';

/** The lifecycle decides which statuses are closed; queries use the same list. */
export const CLOSED_STATUSES = STATUSES.filter((status) => !isOpen(status));

/** Keeps the stored due dates of open cases in line with their organisation's calendar and timescales. */
export class DeadlineService {
  constructor(
    private readonly db: Db,
    private readonly calendars: CalendarService,
    private readonly today: () => IsoDate,
  ) {}

  /**
   * Brings the stored due dates of an organisation's open cases into line with its calendar and timescales,
   * in batches so a large organisation does not hold one long transaction. Each batch locks its rows, so a
   * change made to a case at the same moment is never overwritten: it waits, or it is waited for.
   */
  async recomputeOpenDeadlines(organisationId: string, batchSize = 1000): Promise<number> {
    this.calendars.invalidate(organisationId);
    const cal = await this.calendars.forOrganisation(organisationId);
    const today = this.today();
    let changed = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const result = await this.db.transaction().execute(async (trx) => {
        const batch = await trx
          .selectFrom('complaints')
          .select(['id', ...DEADLINE_SOURCE_COLUMNS, ...DEADLINE_COLUMNS])
          .where('organisation_id', '=', organisationId)
          .where('status', 'not in', CLOSED_STATUSES)
          .where('id', '>', after)
          .orderBy('id')
          .limit(batchSize)
          .forUpdate()
          .execute();
        if (batch.length === 0) return null;
        const pauses = await trx
          .selectFrom('complaint_pauses')
          .select(['complaint_id', 'stage', 'from_on', 'to_on'])
          .where('organisation_id', '=', organisationId)
          .where(
            'complaint_id',
            'in',
            batch.map((b) => b.id),
          )
          .execute();
        let changedHere = 0;
        for (const row of batch) {
          // Read under the lock: a case closed since the batch was chosen keeps its (empty) next deadline.
          if (!isOpen(row.status as (typeof STATUSES)[number])) continue;
          const mine = pauses
            .filter((p) => p.complaint_id === row.id)
            .map((p) => ({ stage: p.stage, from: p.from_on, to: p.to_on }));
          const { deadlines: _d, ...due } = deadlineFields(row, mine, cal, today);
          if (DEADLINE_COLUMNS.some((column) => due[column] !== row[column])) {
            await trx
              .updateTable('complaints')
              .set(due)
              .where('organisation_id', '=', organisationId)
              .where('id', '=', row.id)
              .execute();
            changedHere++;
          }
        }
        return { last: batch[batch.length - 1]?.id ?? after, changed: changedHere };
      });
      if (!result) break;
      after = result.last;
      changed += result.changed;
    }
    return changed;
  }
}
