import { type ExpressionBuilder, sql, type UpdateObject } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import type { Division } from '../../domain/calendar/index.ts';
import { unscoped } from '../../tenancy/scope.ts';

/**
 * The queue of requests to recalculate an organisation's due dates (table deadline_recalculations, migration
 * 0009). A request is written in the transaction of the change that calls for it; a run claims every request of
 * one organisation at once, so however many changes were made before it, one run answers them all.
 */

export type RecalculationReason = 'settings' | 'closure-days' | 'bank-holidays';

/** The requests of one organisation that a run has taken. */
export interface RecalculationClaim {
  organisationId: string;
  ids: number[];
}

/** A run renews its claim after every batch; one silent for this long is taken to have died. */
const CLAIM_EXPIRES = sql`interval '10 minutes'`;

/** Waiting after a failed run: 30 seconds, doubling with each attempt, at most 30 minutes. */
const RETRY_DELAY = sql`least(interval '30 seconds' * power(2, attempts - 1), interval '30 minutes')`;

/** Finished requests are kept this long, as a record of when due dates were last brought up to date. */
const KEPT_AFTER_FINISHING = sql`interval '30 days'`;

export function requestFor(
  executor: Db,
  organisationId: string,
  reason: RecalculationReason,
): Promise<unknown> {
  return executor
    .insertInto('deadline_recalculations')
    .values({ organisation_id: organisationId, reason })
    .execute();
}

/** A request for every organisation whose bank holidays are those of one of the divisions: across them, by design. */
export async function requestForDivisions(
  executor: Db,
  divisions: readonly Division[],
  reason: RecalculationReason,
): Promise<number> {
  if (divisions.length === 0) return 0;
  const result = await unscoped(executor)
    .insertInto('deadline_recalculations')
    .columns(['organisation_id', 'reason'])
    .expression((eb) =>
      eb
        .selectFrom('organisations')
        .select((inner) => ['id', inner.val(reason).as('reason')])
        .where('division', 'in', divisions),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Not finished, not waiting to be retried, and not held by a run that is still going. */
function claimable(eb: ExpressionBuilder<DB, 'deadline_recalculations'>) {
  return eb.and([
    eb('finished_at', 'is', null),
    eb.or([eb('retry_at', 'is', null), eb('retry_at', '<=', sql<Date>`now()`)]),
    eb.or([eb('started_at', 'is', null), eb('started_at', '<', sql<Date>`now() - ${CLAIM_EXPIRES}`)]),
  ]);
}

/**
 * Claims every claimable request of the organisation that has waited longest, leaving out those given and any
 * organisation a live run is working on (a request made during a run waits for that run to end, then has one of
 * its own). Safe with several servers: a row another claim has locked is skipped, not waited for.
 */
export async function claimNext(db: Db, leaveOut: readonly string[]): Promise<RecalculationClaim | null> {
  // The queue holds every organisation's requests: the claim works across them, by design.
  return unscoped(db)
    .transaction()
    .execute(async (trx) => {
      const first = await trx
        .selectFrom('deadline_recalculations')
        .select('organisation_id')
        .where(claimable)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('deadline_recalculations as running')
                .select('running.id')
                .whereRef('running.organisation_id', '=', 'deadline_recalculations.organisation_id')
                .where('running.finished_at', 'is', null)
                .where('running.started_at', '>=', sql<Date>`now() - ${CLAIM_EXPIRES}`),
            ),
          ),
        )
        .$if(leaveOut.length > 0, (q) => q.where('organisation_id', 'not in', leaveOut))
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!first) return null;
      const claimed = await trx
        .updateTable('deadline_recalculations')
        .set({ started_at: sql<Date>`now()`, attempts: sql<number>`attempts + 1` })
        .where('organisation_id', '=', first.organisation_id)
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('deadline_recalculations')
            .select('id')
            .where('organisation_id', '=', first.organisation_id)
            .where(claimable)
            .forUpdate()
            .skipLocked(),
        )
        .returning('id')
        .execute();
      return { organisationId: first.organisation_id, ids: claimed.map((row) => row.id) };
    });
}

/** Tells other runs this claim is still being worked on. */
export function renew(executor: Db, claim: RecalculationClaim): Promise<unknown> {
  return claimed(executor, claim, { started_at: sql<Date>`now()` });
}

export function finish(db: Db, claim: RecalculationClaim): Promise<unknown> {
  return claimed(db, claim, { finished_at: sql<Date>`now()` });
}

/** Gives a claim back after a failed run, to be retried after a wait that grows with each attempt. */
export function release(db: Db, claim: RecalculationClaim): Promise<unknown> {
  return claimed(db, claim, { started_at: null, retry_at: sql<Date>`now() + ${RETRY_DELAY}` });
}

function claimed(
  executor: Db,
  claim: RecalculationClaim,
  changes: UpdateObject<DB, 'deadline_recalculations'>,
): Promise<unknown> {
  return executor
    .updateTable('deadline_recalculations')
    .set(changes)
    .where('organisation_id', '=', claim.organisationId)
    .where('id', 'in', claim.ids)
    .execute();
}

/** Whether a request of the organisation is waiting or being worked on. */
export async function isPending(db: Db, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('deadline_recalculations')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('finished_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes requests finished long ago, of every organisation. */
export function pruneFinished(db: Db): Promise<unknown> {
  return unscoped(db)
    .deleteFrom('deadline_recalculations')
    .where('finished_at', '<', sql<Date>`now() - ${KEPT_AFTER_FINISHING}`)
    .execute();
}
