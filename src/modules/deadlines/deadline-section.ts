import { z } from 'zod';
import { type DeadlineState, deadlineState, isOutOfTime } from '../../domain/calendar/index.ts';
import { isOpen, type Status } from '../../domain/lifecycle/index.ts';
import { inScope, scopeOf } from '../../tenancy/scope.ts';
import { deadlineStateSchema, isoDate, nullableDate, stageSchema, timestamp } from '../api/schemas.ts';
import { type CaseSectionContext, defineSection } from '../module.ts';

interface DueStates {
  acknowledgementState: DeadlineState | null;
  stage2AcknowledgementState: DeadlineState | null;
  stageState: DeadlineState | null;
  outerLimitState: DeadlineState | null;
  /** The time limit for complaining had passed when it was made. */
  outOfTime: boolean;
  timeLimitMonths: number;
}

interface DeadlineData extends DueStates {
  pauses: { stage: number; from_on: string; to_on: string | null; reason: string }[];
  extensions: {
    stage: number;
    previous_due_on: string;
    new_due_on: string;
    reason: string;
    complainant_told_on: string;
    created_at: Date;
    authorised_by_name: string | null;
  }[];
}

const SEVERITY: Record<DeadlineState, number> = { 'on-time': 0, 'due-soon': 1, overdue: 2 };

/** Of the deadlines still owed, the one that stands worst today. */
function worstState(...states: (DeadlineState | null)[]): DeadlineState | null {
  let worst: DeadlineState | null = null;
  for (const state of states) {
    if (state && (worst === null || SEVERITY[state] > SEVERITY[worst])) worst = state;
  }
  return worst;
}

async function dueStates({ services, complaint: c, today }: CaseSectionContext): Promise<DueStates> {
  const { calendar, timescales } = await services.calendars.forOrganisation(c.organisation_id);
  const open = isOpen(c.status as Status);
  const state = (due: string | null, owed: boolean) =>
    due && owed ? deadlineState(calendar, due, today, timescales.dueSoonDays) : null;
  return {
    acknowledgementState: state(c.acknowledge_by, open && c.status === 'received' && !c.acknowledged_on),
    stage2AcknowledgementState: state(
      c.stage2_acknowledge_by,
      open && c.stage === 2 && !c.stage2_acknowledged_on,
    ),
    stageState: state(c.stage_due_by, open),
    outerLimitState: state(c.outer_limit_by, open),
    outOfTime: isOutOfTime(c.received_on, c.became_aware_on, timescales.timeLimitMonths),
    timeLimitMonths: timescales.timeLimitMonths,
  };
}

const stage = (value: number): 1 | 2 => (value === 2 ? 2 : 1);

export const deadlinesJsonShape = {
  deadlines: z
    .strictObject({
      acknowledgeBy: nullableDate(
        'The stage 1 acknowledgement is due by this date; null where stage 1 is not acknowledged (SPSO)',
      ),
      acknowledgedOn: nullableDate('When the complaint was acknowledged at stage 1'),
      stage2AcknowledgeBy: nullableDate('The stage 2 acknowledgement is due by this date; null at stage 1'),
      stage2AcknowledgedOn: nullableDate('When the complaint was acknowledged at stage 2'),
      stageDueBy: isoDate('The response for the current stage is due by this date (after any extension)'),
      outerLimitBy: nullableDate(
        'The last day of the outer time limit (as agreed, when a longer period was agreed); null when none',
      ),
      outerLimitAgreedOn: nullableDate('When a longer response period was agreed with the complainant'),
      nextDueOn: nullableDate('The next deadline the worklist orders by; null once finished'),
      nextDueKind: z
        .enum(['acknowledge', 'acknowledge-stage2', 'respond', 'outer-limit'])
        .nullable()
        .describe('Which deadline nextDueOn is'),
      state: deadlineStateSchema,
      extended: z.boolean().describe('True when the current stage’s due date was extended'),
    })
    .describe(
      'Due dates in working days of the organisation’s calendar (bank holidays and closures excluded)',
    ),
  timeLimit: z
    .strictObject({
      becameAwareOn: nullableDate('When the complainant became aware of the problem, if known'),
      outOfTime: z.boolean().describe('Made after the time limit for complaining'),
      acceptedOn: nullableDate('When discretion was used to accept it although out of time'),
    })
    .describe('The time limit for making the complaint'),
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
      authorisedBy: z.string().nullable().describe('The name of the manager who authorised it'),
      recordedAt: timestamp('When it was recorded'),
    }),
  ),
};

/** The case's due dates and how each stands today, with its pauses and extensions and the time limit. */
export const deadlineSection = defineSection<DeadlineData>({
  id: 'deadlines',
  title: 'Deadlines',
  order: 15,
  column: 'side',
  template: 'deadlines/views/deadlines.njk',
  async load(context) {
    const { services, actor, complaint } = context;
    const scope = scopeOf(actor);
    const [states, pauses, extensions] = await Promise.all([
      dueStates(context),
      services.db
        .selectFrom('complaint_pauses')
        .select(['stage', 'from_on', 'to_on', 'reason'])
        .where(inScope(scope, 'complaint_pauses'))
        .where('complaint_id', '=', complaint.id)
        .orderBy('from_on')
        .execute(),
      services.db
        .selectFrom('complaint_extensions')
        .leftJoin('users', (join) =>
          join
            .onRef('users.id', '=', 'complaint_extensions.authorised_by')
            .onRef('users.organisation_id', '=', 'complaint_extensions.organisation_id'),
        )
        .select([
          'complaint_extensions.stage',
          'complaint_extensions.previous_due_on',
          'complaint_extensions.new_due_on',
          'complaint_extensions.reason',
          'complaint_extensions.complainant_told_on',
          'complaint_extensions.created_at',
          'users.name as authorised_by_name',
        ])
        .where(inScope(scope, 'complaint_extensions'))
        .where('complaint_extensions.complaint_id', '=', complaint.id)
        .orderBy('complaint_extensions.created_at')
        .execute(),
    ]);
    return { ...states, pauses, extensions };
  },
  json: {
    shape: deadlinesJsonShape,
    toJson: (data, c) => ({
      deadlines: {
        acknowledgeBy: c.acknowledge_by,
        acknowledgedOn: c.acknowledged_on,
        stage2AcknowledgeBy: c.stage2_acknowledge_by,
        stage2AcknowledgedOn: c.stage2_acknowledged_on,
        stageDueBy: c.stage_due_by,
        outerLimitBy: c.outer_limit_by,
        outerLimitAgreedOn: c.outer_limit_agreed_on,
        nextDueOn: c.next_due_on,
        nextDueKind: c.next_due_kind,
        state: worstState(
          data.acknowledgementState,
          data.stage2AcknowledgementState,
          data.stageState,
          data.outerLimitState,
        ),
        extended: c.extended_due_on !== null,
      },
      timeLimit: {
        becameAwareOn: c.became_aware_on,
        outOfTime: data.outOfTime,
        acceptedOn: c.late_accepted_on,
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
        authorisedBy: e.authorised_by_name,
        recordedAt: new Date(e.created_at).toISOString(),
      })),
    }),
    // A case just recorded has no pauses or extensions yet.
    whenNew: async (context) => ({ ...(await dueStates(context)), pauses: [], extensions: [] }),
  },
});
