import type { Db } from '../../db/database.ts';
import { inScope, type TenancyScope } from '../../tenancy/scope.ts';

/** A case's timeline: every event, oldest first. */
export async function timelineOf(db: Db, scope: TenancyScope, complaintId: string) {
  return db
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
    .where(inScope(scope, 'complaint_events'))
    .where('complaint_id', '=', complaintId)
    .orderBy('id')
    .execute();
}

export type TimelineEvent = Awaited<ReturnType<typeof timelineOf>>[number];
