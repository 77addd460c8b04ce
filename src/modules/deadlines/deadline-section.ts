import { z } from 'zod';
import { type DeadlineState, deadlineState } from '../../domain/calendar/index.ts';
import { isOpen, type Status } from '../../domain/lifecycle/index.ts';
import { inScope, scopeOf } from '../../tenancy/scope.ts';
import { deadlineStateSchema, isoDate, nullableDate, stageSchema, timestamp } from '../api/schemas.ts';
import { type CaseSectionContext, defineSection } from '../module.ts';

interface DeadlineData {
  acknowledgementState: DeadlineState | null;
  stageState: DeadlineState | null;
  pauses: { stage: number; from_on: string; to_on: string | null; reason: string }[];
  extensions: {
    stage: number;
    previous_due_on: string;
    new_due_on: string;
    reason: string;
    complainant_told_on: string;
    created_at: Date;
  }[];
}

const SEVERITY: Record<DeadlineState, number> = { 'on-time': 0, 'due-soon': 1, overdue: 2 };

/** While an acknowledgement is owed it can be the pressing deadline, so the worse of the two is reported. */
function worstState(...states: (DeadlineState | null)[]): DeadlineState | null {
  let worst: DeadlineState | null = null;
  for (const state of states) {
    if (state && (worst === null || SEVERITY[state] > SEVERITY[worst])) worst = state;
  }
  return worst;
}

async function states({ services, complaint, today }: CaseSectionContext) {
  const { calendar, timescales } = await services.calendars.forOrganisation(complaint.organisation_id);
  const open = isOpen(complaint.status as Status);
  return {
    stageState: open ? deadlineState(calendar, complaint.stage_due_by, today, timescales.dueSoonDays) : null,
    acknowledgementState:
      complaint.status === 'received' && !complaint.acknowledged_on
        ? deadlineState(calendar, complaint.acknowledge_by, today, timescales.dueSoonDays)
        : null,
  };
}

const stage = (value: number): 1 | 2 => (value === 2 ? 2 : 1);

export const deadlinesJsonShape = {
  deadlines: z
    .strictObject({
      acknowledgeBy: isoDate('The acknowledgement is due by this date'),
      acknowledgedOn: nullableDate('When the complaint was acknowledged'),
      stageDueBy: isoDate('The response for the current stage is due by this date (after any extension)'),
      outerLimitBy: nullableDate('The outer time limit from receipt, when the procedure sets one'),
      nextDueOn: nullableDate('The next deadline the worklist orders by; null once finished'),
      state: deadlineStateSchema,
      extended: z.boolean().describe('True when the current stage’s due date was extended'),
    })
    .describe(
      'Due dates in working days of the organisation’s calendar (bank holidays and closures excluded)',
    ),
  pauses: z.array(
    z.strictObject({
      stage: stageSchema,
      from: isoDate('The clock stopped on this date'),
      to: nullableDate('The clock restarted on this date; null while paused'),
      reason: z.string(),
    }),
  ),
  extensions: z.array(
    z.strictObject({
      stage: stageSchema,
      previousDueOn: isoDate('The due date before the extension'),
      newDueOn: isoDate('The extended due date'),
      reason: z.string(),
      complainantToldOn: isoDate('When the complainant was told'),
      recordedAt: timestamp('When it was recorded'),
    }),
  ),
};

/** The case's due dates and how each stands today, with its pauses and extensions. */
export const deadlineSection = defineSection<DeadlineData>({
  id: 'deadlines',
  title: 'Deadlines',
  navigation: false,
  order: 15,
  column: 'side',
  template: 'deadlines/views/deadlines.njk',
  async load(context) {
    const { services, actor, complaint } = context;
    const scope = scopeOf(actor);
    const [dueStates, pauses, extensions] = await Promise.all([
      states(context),
      services.db
        .selectFrom('complaint_pauses')
        .select(['stage', 'from_on', 'to_on', 'reason'])
        .where(inScope(scope, 'complaint_pauses'))
        .where('complaint_id', '=', complaint.id)
        .orderBy('from_on')
        .execute(),
      services.db
        .selectFrom('complaint_extensions')
        .select(['stage', 'previous_due_on', 'new_due_on', 'reason', 'complainant_told_on', 'created_at'])
        .where(inScope(scope, 'complaint_extensions'))
        .where('complaint_id', '=', complaint.id)
        .orderBy('created_at')
        .execute(),
    ]);
    return { ...dueStates, pauses, extensions };
  },
  json: {
    shape: deadlinesJsonShape,
    toJson: (data, c) => ({
      deadlines: {
        acknowledgeBy: c.acknowledge_by,
        acknowledgedOn: c.acknowledged_on,
        stageDueBy: c.stage_due_by,
        outerLimitBy: c.outer_limit_by,
        nextDueOn: c.next_due_on,
        state: worstState(data.acknowledgementState, data.stageState),
        extended: c.extended_due_on !== null,
      },
      pauses: data.pauses.map((p) => ({
        stage: stage(p.stage),
        from: p.from_on,
        to: p.to_on,
        reason: p.reason,
      })),
      extensions: data.extensions.map((e) => ({
        stage: stage(e.stage),
        previousDueOn: e.previous_due_on,
        newDueOn: e.new_due_on,
        reason: e.reason,
        complainantToldOn: e.complainant_told_on,
        recordedAt: new Date(e.created_at).toISOString(),
      })),
    }),
    // A case just recorded has no pauses or extensions yet.
    whenNew: async (context) => ({ ...(await states(context)), pauses: [], extensions: [] }),
  },
});
