import type { CalendarService, OrganisationCalendar } from '../../calendar/calendar-service.ts';
import type { Db } from '../../db/database.ts';
import type { Division, IsoDate } from '../../domain/calendar/index.ts';
import { isOpen, STATUSES } from '../../domain/lifecycle/index.ts';
import {
  DEADLINE_COLUMNS,
  DEADLINE_SOURCE_COLUMNS,
  deadlineFields,
  type StagePause,
} from './deadline-fields.ts';
import type { RecalculationReason } from './recalculation-requests.ts';
import * as requests from './recalculation-requests.ts';

export type { RecalculationReason } from './recalculation-requests.ts';

/** The lifecycle decides which statuses are closed; queries use the same list. */
export const CLOSED_STATUSES = STATUSES.filter((status) => !isOpen(status));

export interface RecomputeOptions {
  /** Cases a transaction locks and updates at a time. */
  batchSize?: number;
  /** Run inside each batch's transaction, while its rows are locked and before they are written. */
  whileLocked?: (trx: Db, complaintIds: readonly string[]) => Promise<void>;
}

/** Some organisations' due dates could not be recalculated; their requests wait to be tried again. */
export class RecalculationFailedError extends Error {
  constructor(readonly failures: readonly { organisationId: string; cause: string }[]) {
    // Only the error's kind and code: a database error's text can quote the values it was given.
    super(
      `Due dates could not be recalculated for ${failures
        .map((f) => `organisation ${f.organisationId} (${f.cause})`)
        .join(', ')}; they will be tried again`,
    );
    this.name = 'RecalculationFailedError';
  }
}

function kindOf(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? `${name} ${code}` : name;
}

/** The stored due dates a preview shows, with what they are called. */
export const PREVIEWED_DATES = {
  acknowledge_by: 'Acknowledge by',
  stage2_acknowledge_by: 'Acknowledge stage 2 by',
  stage_due_by: 'Respond by',
  outer_limit_by: 'Outer limit',
} as const;

export interface DueDateChange {
  reference: string;
  /** Which date, as PREVIEWED_DATES names it. */
  date: string;
  from: IsoDate | null;
  to: IsoDate | null;
}

export interface RecalculationPreview {
  /** Open cases whose stored due dates would change. */
  cases: number;
  /** The changes of the first cases (by reference), date by date. */
  changes: DueDateChange[];
  /** How many cases `changes` covers. */
  shown: number;
}

/** Keeps the stored due dates of open cases in line with their organisation's calendar and timescales. */
export class DeadlineService {
  constructor(
    private readonly db: Db,
    private readonly calendars: CalendarService,
    private readonly today: () => IsoDate,
  ) {}

  /** Asks for the organisation's due dates to be recalculated; pass the transaction of the change that calls for it. */
  async requestRecalculation(
    executor: Db,
    organisationId: string,
    reason: RecalculationReason,
  ): Promise<void> {
    await requests.requestFor(executor, organisationId, reason);
  }

  /** Asks for it for every organisation on the bank holidays of one of these divisions; says how many. */
  requestRecalculationForDivisions(
    executor: Db,
    divisions: readonly Division[],
    reason: RecalculationReason,
  ): Promise<number> {
    return requests.requestForDivisions(executor, divisions, reason);
  }

  /** Whether the organisation's due dates are waiting to be, or being, brought up to date. */
  recalculationPending(organisationId: string): Promise<boolean> {
    return requests.isPending(this.db, organisationId);
  }

  /**
   * Answers the waiting requests, one organisation at a time: every request of an organisation is answered by
   * one recalculation. Each organisation is done at most once a call, so a request made while its organisation
   * is being done waits for the next call, and changes arriving all the time cannot keep one call going. A
   * failure leaves that organisation's requests to be retried, and is thrown once the others are done.
   */
  async runPendingRecalculations(): Promise<{ organisations: string[]; changed: number }> {
    const done: string[] = [];
    const failures: { organisationId: string; cause: string }[] = [];
    let changed = 0;
    for (;;) {
      const claim = await requests.claimNext(this.db, [...done, ...failures.map((f) => f.organisationId)]);
      if (!claim) break;
      try {
        changed += await this.recomputeOpenDeadlines(claim.organisationId, {
          whileLocked: (trx) => requests.renew(trx, claim).then(() => undefined),
        });
      } catch (error) {
        await requests.release(this.db, claim);
        failures.push({ organisationId: claim.organisationId, cause: kindOf(error) });
        continue;
      }
      await requests.finish(this.db, claim);
      done.push(claim.organisationId);
    }
    if (failures.length) throw new RecalculationFailedError(failures);
    return { organisations: done, changed };
  }

  /** Forgets requests answered long ago. */
  async pruneFinishedRecalculations(): Promise<void> {
    await requests.pruneFinished(this.db);
  }

  /**
   * What recalculating the organisation's open cases with this calendar would change, written nowhere: the same
   * derivation as recomputeOpenDeadlines, so saving the settings changes exactly the cases counted here.
   */
  async previewOpenDeadlines(
    organisationId: string,
    cal: OrganisationCalendar,
    { show = 50, batchSize = 1000 }: { show?: number; batchSize?: number } = {},
  ): Promise<RecalculationPreview> {
    const today = this.today();
    const changed: { reference: string; changes: DueDateChange[] }[] = [];
    let cases = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await this.db
        .selectFrom('complaints')
        .select(['id', 'reference', ...DEADLINE_SOURCE_COLUMNS, ...DEADLINE_COLUMNS])
        .where('organisation_id', '=', organisationId)
        .where('status', 'not in', CLOSED_STATUSES)
        .where('id', '>', after)
        .orderBy('id')
        .limit(batchSize)
        .execute();
      if (batch.length === 0) break;
      after = batch[batch.length - 1]?.id ?? after;
      const pauses = await this.pausesOf(
        this.db,
        organisationId,
        batch.map((b) => b.id),
      );
      for (const row of batch) {
        const { deadlines: _d, ...due } = deadlineFields(row, pauses.get(row.id) ?? [], cal, today);
        if (!DEADLINE_COLUMNS.some((column) => due[column] !== row[column])) continue;
        cases++;
        const changes = (Object.keys(PREVIEWED_DATES) as (keyof typeof PREVIEWED_DATES)[])
          .filter((column) => due[column] !== row[column])
          .map((column) => ({
            reference: row.reference,
            date: PREVIEWED_DATES[column],
            from: row[column],
            to: due[column],
          }));
        changed.push({ reference: row.reference, changes });
      }
    }
    const first = changed.sort((a, b) => a.reference.localeCompare(b.reference)).slice(0, show);
    return { cases, changes: first.flatMap((c) => c.changes), shown: first.length };
  }

  private async pausesOf(executor: Db, organisationId: string, ids: readonly string[]) {
    const rows = await executor
      .selectFrom('complaint_pauses')
      .select(['complaint_id', 'stage', 'from_on', 'to_on'])
      .where('organisation_id', '=', organisationId)
      .where('complaint_id', 'in', ids)
      .execute();
    const byCase = new Map<string, StagePause[]>();
    for (const p of rows) {
      const list = byCase.get(p.complaint_id) ?? [];
      list.push({ stage: p.stage, from: p.from_on, to: p.to_on });
      byCase.set(p.complaint_id, list);
    }
    return byCase;
  }

  /**
   * Brings the stored due dates of an organisation's open cases into line with its calendar and timescales,
   * in batches so a large organisation does not hold one long transaction. Each batch locks its rows and
   * works from what it read under the lock, so a change made to a case at the same moment is never
   * overwritten: it waits, or it is waited for.
   */
  async recomputeOpenDeadlines(
    organisationId: string,
    { batchSize = 1000, whileLocked }: RecomputeOptions = {},
  ): Promise<number> {
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
        await whileLocked?.(
          trx,
          batch.map((b) => b.id),
        );
        const pauses = await this.pausesOf(
          trx,
          organisationId,
          batch.map((b) => b.id),
        );
        let changedHere = 0;
        for (const row of batch) {
          // Read under the lock: a case closed since the batch was chosen keeps its (empty) next deadline.
          if (!isOpen(row.status as (typeof STATUSES)[number])) continue;
          const { deadlines: _d, ...due } = deadlineFields(row, pauses.get(row.id) ?? [], cal, today);
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
