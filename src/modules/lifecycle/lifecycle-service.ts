import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { type Actor, can, type Role } from '../../auth/roles.ts';
import type { CalendarService, OrganisationCalendar } from '../../calendar/calendar-service.ts';
import type { Db } from '../../db/database.ts';
import type { ComplaintRow, ComplaintUpdate, DB } from '../../db/schema.ts';
import {
  extensionLimit,
  formatLongDate,
  type IsoDate,
  isOutOfTime,
  quickResolutionBy,
  validateExtension,
} from '../../domain/calendar/index.ts';
import {
  allowedEvents,
  applyEvent,
  type CaseFacts,
  type CaseState,
  EVENT_TYPES,
  type EventPayloadFields,
  type EventType,
  isEventType,
  parseEventPayload,
  type Stage,
  type Status,
} from '../../domain/lifecycle/index.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../errors.ts';
import type { CaseUnitOfWork, CaseWork } from '../cases/unit-of-work.ts';
import {
  draftFinalResponse,
  findingsText,
  issuesOf,
  issuesWithoutOutcome,
  signedResponse,
} from '../correspondence/response-draft.ts';
import { unfinishedErrors } from '../correspondence/template-renderer.ts';
import { deadlineFields, type StagePause } from '../deadlines/deadline-fields.ts';

declare module '../cases/events.ts' {
  interface CaseEventRegistry {
    acknowledge: { stage: number; how?: string };
    'resolve-stage1': { outcome: string; satisfied: string };
    escalate: {
      kind: 'direct' | 'after-stage1-answer';
      requestedOn: IsoDate;
      previousOutcome: string | null;
      previousSatisfied: string | null;
    };
    extend: {
      previousDueOn: IsoDate;
      newDueOn: IsoDate;
      complainantToldOn: IsoDate;
      authorisedBy: string | null;
    };
    'agree-response-period': { previousLimitOn: IsoDate | null; newLimitOn: IsoDate; agreedOn: IsoDate };
    pause: Record<string, never>;
    resume: Record<string, never>;
    'submit-response': { outcome: string; version?: number; changedAfterApproval?: boolean };
    'return-response': { version?: number };
    'sign-off': { signedOffBy: string; version?: number };
    close: Record<string, never>;
    withdraw: Record<string, never>;
    decline: { closureReason: string; referredTo: string | null };
    'accept-late': { becameAwareOn: IsoDate | null };
    reopen: { previousStatus: string; previousOutcome: string | null };
  }
}

/** Roles whose holder may authorise an extension (SPSO: an appropriate manager). */
export const EXTENSION_AUTHORISERS: readonly Role[] = [
  'administrator',
  'complaints-manager',
  'responsible-person',
  'senior-leader',
];

export function caseState(
  c: Pick<
    ComplaintRow,
    'status' | 'stage' | 'paused_from_status' | 'acknowledged_on' | 'stage2_acknowledged_on'
  >,
): CaseState {
  const stage = (c.stage === 2 ? 2 : 1) as Stage;
  return {
    status: c.status as Status,
    stage,
    pausedFromStatus: (c.paused_from_status as Status | null) ?? null,
    acknowledged: stage === 2 ? c.stage2_acknowledged_on !== null : c.acknowledged_on !== null,
  };
}

/** The facts the rules need, on a given day (the day an event happened, or today for what may happen next). */
export function caseFacts(
  c: ComplaintRow,
  { calendar, timescales }: OrganisationCalendar,
  on: IsoDate,
): CaseFacts {
  const quickBy = quickResolutionBy(calendar, c.received_on);
  return {
    stage1AcknowledgementRequired: timescales.acknowledgeDays !== null,
    quickResolutionOpen: on <= quickBy,
    quickResolutionBy: formatLongDate(quickBy),
    finalResponseSent: c.final_response_sent_on !== null,
    outerLimit: timescales.outerLimitMonths !== null,
    outOfTime: isOutOfTime(c.received_on, c.became_aware_on, timescales.timeLimitMonths),
    lateAccepted: c.late_accepted_on !== null,
  };
}

/** Sign-off and returning a draft belong to the responsible person; every other event to those handling it. */
export function mayApply(actor: Actor, type: EventType): boolean {
  return type === 'sign-off' || type === 'return-response'
    ? can(actor.role, 'complaint:sign-off')
    : can(actor.role, 'complaint:handle');
}

/** What the actor may record on the case now, in the order a person would usually consider them. */
export function allowedEventsFor(actor: Actor, complaint: ComplaintRow, facts: CaseFacts): EventType[] {
  return allowedEvents(caseState(complaint), facts).filter(
    // A token that is nobody may return a response but not sign one off (see applyEvent).
    (type) => mayApply(actor, type) && (type !== 'sign-off' || actor.userId !== null),
  );
}

type Payload<T extends EventType> = EventPayloadFields<T>;
type Trx = Transaction<DB>;

/** Moving a complaint through its lifecycle: acknowledgement, stages, pauses, extensions and closure. */
export class LifecycleService {
  constructor(
    private readonly db: Db,
    private readonly changes: CaseUnitOfWork,
    private readonly calendars: CalendarService,
    private readonly today: () => IsoDate,
  ) {}

  /** The latest date the current stage may be extended to under the preset, or null where there is no cap. */
  async latestExtension(complaint: ComplaintRow): Promise<IsoDate | null> {
    const cal = await this.calendars.forOrganisation(complaint.organisation_id);
    const stage = complaint.stage === 2 ? 2 : 1;
    const pauses = await this.db
      .selectFrom('complaint_pauses')
      .select(['from_on', 'to_on'])
      .where('organisation_id', '=', complaint.organisation_id)
      .where('complaint_id', '=', complaint.id)
      .where('stage', '=', stage)
      .execute();
    return extensionLimit(
      cal.calendar,
      cal.timescales,
      {
        receivedOn: complaint.received_on,
        stage,
        stage2StartedOn: complaint.stage2_started_on,
        pauses: pauses.map((p) => ({ from: p.from_on, to: p.to_on })),
      },
      this.today(),
    );
  }

  /** What may be recorded next, for the case page and the API. */
  async allowedEvents(actor: Actor, complaint: ComplaintRow, today: IsoDate): Promise<EventType[]> {
    const cal = await this.calendars.forOrganisation(complaint.organisation_id);
    return allowedEventsFor(actor, complaint, caseFacts(complaint, cal, today));
  }

  /** Checks permission, input and the transition, then records it with the case's row locked. */
  async applyEvent(actor: Actor, reference: string, type: string, input: unknown): Promise<ComplaintRow> {
    if (!isEventType(type)) {
      throw new ValidationError([
        { field: 'type', message: `Type must be one of: ${EVENT_TYPES.join(', ')}` },
      ]);
    }
    const parsed = parseEventPayload(type, input);
    if (!parsed.ok) throw new ValidationError(parsed.errors);
    const payload = parsed.value as Payload<EventType> & Record<string, string | undefined>;
    if (!mayApply(actor, type)) {
      throw new ForbiddenError(
        type === 'sign-off' || type === 'return-response'
          ? 'Only a responsible person or senior leader can sign off a response or return it for changes'
          : 'You do not have permission to change this complaint',
      );
    }
    if (type === 'sign-off' && !actor.userId) {
      // The response is signed by the person who signed it off, so a token that is nobody cannot.
      throw new ForbiddenError(
        'A response is signed off by a person: use your own account or personal token',
      );
    }
    const cal = await this.calendars.forOrganisation(actor.organisationId);
    const { complaint } = await this.changes.change(actor, reference, async (w) => {
      const occurredOn = payload.occurredOn ?? w.today;
      checkDate('occurredOn', occurredOn, w.complaint, w.today);
      const result = applyEvent(caseState(w.complaint), type, caseFacts(w.complaint, cal, occurredOn));
      if (!result.ok) throw new ConflictError(result.message);
      await this.record(w, type, payload, cal, occurredOn);
    });
    return complaint;
  }

  /**
   * Records the acknowledgement inside a change already under way (sending the acknowledgement letter, or
   * recording one given by phone), so "acknowledged" is written with the communication itself. Returns false,
   * changing nothing, where the rules have no acknowledgement to record (already acknowledged at this stage,
   * paused, or a stage 1 complaint under a procedure that does not acknowledge stage 1).
   */
  async acknowledgeWithin(
    w: CaseWork,
    told: { occurredOn: IsoDate; how: string; note?: string },
  ): Promise<boolean> {
    const cal = await this.calendars.forOrganisation(w.complaint.organisation_id);
    checkDate('date', told.occurredOn, w.complaint, w.today, 'The date they were told');
    const result = applyEvent(
      caseState(w.complaint),
      'acknowledge',
      caseFacts(w.complaint, cal, told.occurredOn),
    );
    if (!result.ok) return false;
    await this.record(w, 'acknowledge', { how: told.how, note: told.note }, cal, told.occurredOn);
    return true;
  }

  /** The versions of the final response submitted for sign-off, the latest first. */
  async responseDrafts(complaint: ComplaintRow): Promise<ResponseDraft[]> {
    return responseDraftsOf(this.db, complaint);
  }

  /** The text approved for the final response, while the case is signed off; null when there is none. */
  async approvedResponse(complaint: ComplaintRow, db: Db = this.db): Promise<ResponseDraft | null> {
    if (complaint.status !== 'signed-off') return null;
    const [latest] = await responseDraftsOf(db, complaint);
    return latest?.status === 'approved' ? latest : null;
  }

  /** The event's change to the case, with the case's row locked: its step, due dates, timeline and audit. */
  private async record(
    w: CaseWork,
    type: EventType,
    payload: Record<string, string | undefined>,
    cal: OrganisationCalendar,
    occurredOn: IsoDate,
  ): Promise<void> {
    const current = w.complaint;
    const before = caseState(current);
    const result = applyEvent(before, type, caseFacts(current, cal, occurredOn));
    if (!result.ok) throw new ConflictError(result.message);
    const after = result.state;
    const changes: ComplaintUpdate = {
      status: after.status,
      stage: after.stage,
      paused_from_status: after.pausedFromStatus,
    };
    const pauses = await w.trx
      .selectFrom('complaint_pauses')
      .select(['id', 'stage', 'from_on', 'to_on'])
      .where('organisation_id', '=', current.organisation_id)
      .where('complaint_id', '=', current.id)
      .execute();
    const stagePauses: StagePause[] = pauses.map((p) => ({ stage: p.stage, from: p.from_on, to: p.to_on }));
    const step: Step = { w, current, occurredOn, payload, changes, pauses, stagePauses, cal, before };
    const detail = await STEPS[type](step);
    const merged = { ...current, ...changes } as ComplaintRow;
    const { deadlines: _d, ...dueColumns } = deadlineFields(merged, stagePauses, cal, w.today);
    w.set({ ...changes, ...dueColumns });
    w.event({
      type,
      from: before.status,
      to: after.status,
      reason: payload.reason ?? payload.note ?? payload.summary ?? null,
      detail: detail as never,
      occurredOn,
    });
    w.audit({
      action: `complaint.${type}`,
      entityType: 'complaint',
      entityId: current.reference,
      detail: { from: before.status, to: after.status, ...(step.auditDetail ?? {}) },
    });
  }
}

export interface ResponseDraft {
  id: string;
  version: number;
  body: string;
  status: 'submitted' | 'returned' | 'approved' | 'superseded';
  submittedBy: string | null;
  submittedOn: IsoDate;
  decidedBy: string | null;
  decidedOn: IsoDate | null;
  comments: string | null;
  approvedBody: string | null;
}

async function responseDraftsOf(db: Db, complaint: ComplaintRow): Promise<ResponseDraft[]> {
  const orgId = complaint.organisation_id;
  const rows = await db
    .selectFrom('response_drafts')
    .leftJoin('users as submitter', (join) =>
      join
        .onRef('submitter.id', '=', 'response_drafts.submitted_by')
        .on('submitter.organisation_id', '=', orgId),
    )
    .leftJoin('users as decider', (join) =>
      join.onRef('decider.id', '=', 'response_drafts.decided_by').on('decider.organisation_id', '=', orgId),
    )
    .select([
      'response_drafts.id',
      'response_drafts.version',
      'response_drafts.body',
      'response_drafts.status',
      'response_drafts.submitted_on',
      'response_drafts.decided_on',
      'response_drafts.comments',
      'response_drafts.approved_body',
      'submitter.name as submitted_by_name',
      'decider.name as decided_by_name',
    ])
    .where('response_drafts.organisation_id', '=', orgId)
    .where('response_drafts.complaint_id', '=', complaint.id)
    .orderBy('response_drafts.version', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    body: r.body,
    status: r.status,
    submittedBy: r.submitted_by_name,
    submittedOn: r.submitted_on,
    decidedBy: r.decided_by_name,
    decidedOn: r.decided_on,
    comments: r.comments,
    approvedBody: r.approved_body,
  }));
}

interface Step {
  w: CaseWork;
  current: ComplaintRow;
  occurredOn: IsoDate;
  payload: Record<string, string | undefined>;
  changes: ComplaintUpdate;
  pauses: { id: string; stage: number; from_on: IsoDate; to_on: IsoDate | null }[];
  stagePauses: StagePause[];
  cal: OrganisationCalendar;
  before: CaseState;
  /** What the audit entry keeps beyond the change of status. */
  auditDetail?: Record<string, unknown>;
}

function checkDate(field: string, value: IsoDate, c: ComplaintRow, today: IsoDate, label = 'The date') {
  if (value > today) throw new ValidationError([{ field, message: `${label} cannot be in the future` }]);
  if (value < c.received_on) {
    throw new ValidationError([
      {
        field,
        message: `${label} cannot be before the complaint was received (${formatLongDate(c.received_on)})`,
      },
    ]);
  }
}

async function closeOpenPause({ w, current, occurredOn, pauses, stagePauses }: Step, trx: Trx) {
  const open = pauses.find((p) => p.to_on === null);
  if (!open) return;
  const to = occurredOn < open.from_on ? open.from_on : occurredOn;
  await trx
    .updateTable('complaint_pauses')
    .set({ to_on: to })
    .where('organisation_id', '=', current.organisation_id)
    .where('id', '=', open.id)
    .execute();
  const mine = stagePauses.find((p) => p.to === null);
  if (mine) mine.to = to;
  void w;
}

/** What each event changes beyond the status, and the detail its timeline entry keeps. */
const STEPS: Record<EventType, (s: Step) => Promise<Record<string, unknown>>> = {
  acknowledge: async ({ current, occurredOn, changes, payload }) => {
    if (current.stage === 2) changes.stage2_acknowledged_on = occurredOn;
    else changes.acknowledged_on = occurredOn;
    return { stage: current.stage, ...(payload.how ? { how: payload.how } : {}) };
  },
  'resolve-stage1': async ({ occurredOn, payload, changes }) => {
    Object.assign(changes, {
      outcome: payload.outcome,
      outcome_summary: payload.summary,
      satisfied: payload.satisfied,
      resolved_on: occurredOn,
    });
    return { outcome: payload.outcome, satisfied: payload.satisfied };
  },
  escalate: async ({ w, current, occurredOn, payload, changes, before }) => {
    const afterAnswer = before.status === 'resolved';
    const requestedOn = payload.requestedOn ?? occurredOn;
    checkDate('requestedOn', requestedOn, current, w.today, 'The date they asked');
    if (afterAnswer && current.resolved_on && requestedOn < current.resolved_on) {
      throw new ValidationError([
        {
          field: 'requestedOn',
          message: `The date they asked cannot be before the stage 1 answer (${formatLongDate(current.resolved_on)})`,
        },
      ]);
    }
    // Stage 2 counts from the day the complainant asked for it. The stage 1 answer's satisfaction no longer
    // stands (it is kept in this event), so the case never counts as resolved to their satisfaction.
    Object.assign(changes, {
      stage2_started_on: requestedOn,
      escalation_kind: afterAnswer ? 'after-stage1-answer' : 'direct',
      stage2_acknowledged_on: null,
      extended_due_on: null,
      outcome: null,
      outcome_summary: null,
      satisfied: null,
      closed_on: null,
    });
    return {
      kind: afterAnswer ? 'after-stage1-answer' : 'direct',
      requestedOn,
      previousOutcome: current.outcome,
      previousSatisfied: current.satisfied,
    };
  },
  extend: async ({ w, current, payload, changes, cal, stagePauses }) => {
    const errors = validateExtension(
      cal.calendar,
      current.stage_due_by,
      payload.newDueDate ?? '',
      payload.complainantToldOn ?? '',
      w.today,
    );
    if (errors.length) throw new ValidationError(errors);
    const newDue = payload.newDueDate as IsoDate;
    const stage = current.stage === 2 ? 2 : 1;
    const limit = extensionLimit(
      cal.calendar,
      cal.timescales,
      {
        receivedOn: current.received_on,
        stage,
        stage2StartedOn: current.stage2_started_on,
        pauses: stagePauses.filter((p) => p.stage === stage).map(({ from, to }) => ({ from, to })),
      },
      w.today,
    );
    if (limit && newDue > limit) {
      const days = stage === 1 ? cal.timescales.stage1MaxExtendedDays : cal.timescales.stage2MaxExtendedDays;
      throw new ValidationError([
        {
          field: 'newDueDate',
          message:
            `Stage ${stage} can be extended to ${days} working days in all: ` +
            `the latest date is ${formatLongDate(limit)}`,
        },
      ]);
    }
    const authorisedBy = await authoriser(w, payload.authorisedBy);
    changes.extended_due_on = newDue;
    await w.trx
      .insertInto('complaint_extensions')
      .values({
        id: randomUUID(),
        organisation_id: current.organisation_id,
        complaint_id: current.id,
        stage: current.stage,
        previous_due_on: current.stage_due_by,
        new_due_on: newDue,
        reason: payload.reason as string,
        complainant_told_on: payload.complainantToldOn as string,
        created_by: w.actor.userId,
        authorised_by: authorisedBy,
      })
      .execute();
    return {
      previousDueOn: current.stage_due_by,
      newDueOn: newDue,
      complainantToldOn: payload.complainantToldOn,
      authorisedBy,
    };
  },
  'agree-response-period': async ({ w, current, payload, changes }) => {
    const limit = current.outer_limit_by;
    const newLimit = payload.newLimitOn as IsoDate;
    const agreedOn = payload.agreedOn as IsoDate;
    checkDate('agreedOn', agreedOn, current, w.today, 'The date it was agreed');
    const errors = [];
    if (limit && newLimit <= limit) {
      errors.push({
        field: 'newLimitOn',
        message: `The new latest date must be after the current one, ${formatLongDate(limit)}`,
      });
    }
    // NHS regulation 14(2)(b): a longer period must be agreed before the six months end.
    if (limit && agreedOn > limit) {
      errors.push({
        field: 'agreedOn',
        message:
          `A longer period must be agreed before the current one ends (${formatLongDate(limit)}). ` +
          'Once it has passed, write to explain why the response is late and when it will come.',
      });
    }
    if (errors.length) throw new ValidationError(errors);
    Object.assign(changes, { outer_limit_agreed_by: newLimit, outer_limit_agreed_on: agreedOn });
    return { previousLimitOn: limit, newLimitOn: newLimit, agreedOn };
  },
  pause: async ({ w, current, occurredOn, payload, stagePauses }) => {
    const pause = { id: randomUUID(), stage: current.stage, from_on: occurredOn, to_on: null };
    await w.trx
      .insertInto('complaint_pauses')
      .values({
        ...pause,
        organisation_id: current.organisation_id,
        complaint_id: current.id,
        reason: payload.reason as string,
      })
      .execute();
    stagePauses.push({ stage: pause.stage, from: pause.from_on, to: null });
    return {};
  },
  resume: async (step) => {
    await closeOpenPause(step, step.w.trx);
    return {};
  },
  'submit-response': async (step) => {
    const { w, current, payload, changes, occurredOn } = step;
    const issues = await issuesOf(w.trx, current);
    const without = issuesWithoutOutcome(issues);
    if (without.length) {
      throw new ValidationError([
        {
          field: 'issues',
          message: `Record an outcome for ${listed(without)} before you submit the response for sign-off`,
        },
      ]);
    }
    Object.assign(changes, {
      outcome: payload.outcome,
      outcome_summary: payload.summary ?? findingsText(issues) ?? current.outcome_summary,
      // A response changed after approval is signed off again, by whoever approves the new text.
      signed_off_by: null,
      signed_off_on: null,
    });
    const response =
      payload.response ??
      (await draftFinalResponse(w.trx, { ...current, ...changes } as ComplaintRow, issues, w.today));
    const unfinished = unfinishedErrors('response', 'The response', response);
    if (unfinished.length) throw new ValidationError(unfinished);
    const drafts = await responseDraftsOf(w.trx, current);
    const version = (drafts[0]?.version ?? 0) + 1;
    await w.trx
      .updateTable('response_drafts')
      .set({ status: 'superseded' })
      .where('organisation_id', '=', current.organisation_id)
      .where('complaint_id', '=', current.id)
      .where('status', 'in', ['submitted', 'approved'])
      .execute();
    await w.trx
      .insertInto('response_drafts')
      .values({
        id: randomUUID(),
        organisation_id: current.organisation_id,
        complaint_id: current.id,
        version,
        body: response.replace(/\r\n/g, '\n').trim(),
        status: 'submitted',
        submitted_by: w.actor.userId,
        submitted_on: occurredOn,
      })
      .execute();
    step.auditDetail = { version };
    return {
      outcome: payload.outcome,
      version,
      ...(step.before.status === 'signed-off' ? { changedAfterApproval: true } : {}),
    };
  },
  'return-response': async (step) => {
    const version = await decideDraft(step, { status: 'returned', comments: step.payload.reason ?? null });
    step.auditDetail = { version };
    return version === null ? {} : { version };
  },
  'sign-off': async (step) => {
    const { w, occurredOn, changes, current } = step;
    Object.assign(changes, { signed_off_by: w.actor.userId, signed_off_on: occurredOn });
    const [draft] = await responseDraftsOf(w.trx, current);
    const approved =
      draft?.status === 'submitted'
        ? await signedResponse(
            w.trx,
            current,
            draft.body,
            { name: w.actor.label, role: w.actor.role },
            w.today,
          )
        : null;
    const version = await decideDraft(step, { status: 'approved', approved_body: approved });
    step.auditDetail = { version };
    return { signedOffBy: w.actor.userId, ...(version === null ? {} : { version }) };
  },
  close: async ({ occurredOn, changes }) => {
    changes.closed_on = occurredOn;
    return {};
  },
  withdraw: async (step) => {
    await closeOpenPause(step, step.w.trx);
    step.changes.closed_on = step.occurredOn;
    return {};
  },
  decline: async (step) => {
    await closeOpenPause(step, step.w.trx);
    const { payload, changes, occurredOn } = step;
    Object.assign(changes, {
      closed_on: occurredOn,
      closure_reason: payload.closureReason,
      referred_to: payload.closureReason === 'referred-elsewhere' ? (payload.referredTo ?? null) : null,
    });
    return { closureReason: payload.closureReason, referredTo: changes.referred_to ?? null };
  },
  'accept-late': async ({ w, current, occurredOn, payload, changes }) => {
    Object.assign(changes, {
      late_accepted_on: occurredOn,
      late_accepted_by: w.actor.userId,
      late_accepted_reason: payload.reason,
    });
    return { becameAwareOn: current.became_aware_on };
  },
  reopen: async ({ current, occurredOn, changes, before }) => {
    Object.assign(changes, { closed_on: null, closure_reason: null, referred_to: null });
    if (before.status === 'closed') {
      // Looked at again: a new stage 2 with its own clock and a new signed response.
      Object.assign(changes, {
        stage2_started_on: occurredOn,
        escalation_kind: 'reopened',
        extended_due_on: null,
        outcome: null,
        outcome_summary: null,
        signed_off_by: null,
        signed_off_on: null,
        final_response_sent_on: null,
      });
    }
    return { previousStatus: before.status, previousOutcome: current.outcome };
  },
};

/** Records the responsible person's decision on the draft waiting for sign-off; its version, or null if none. */
async function decideDraft(
  { w, current, occurredOn }: Step,
  decision: { status: 'approved' | 'returned'; comments?: string | null; approved_body?: string | null },
): Promise<number | null> {
  const [draft] = await responseDraftsOf(w.trx, current);
  if (draft?.status !== 'submitted') return null;
  await w.trx
    .updateTable('response_drafts')
    .set({ ...decision, decided_by: w.actor.userId, decided_on: occurredOn })
    .where('organisation_id', '=', current.organisation_id)
    .where('id', '=', draft.id)
    .execute();
  return draft.version;
}

function listed(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Who authorised an extension: the person named, or the person recording it when their role may. */
async function authoriser(w: CaseWork, given: string | undefined): Promise<string | null> {
  const field = 'authorisedBy';
  if (!given) {
    if (w.actor.userId && EXTENSION_AUTHORISERS.includes(w.actor.role)) return w.actor.userId;
    throw new ValidationError([{ field, message: 'Select the manager who authorised the extension' }]);
  }
  const byEmail = given.includes('@');
  const person = await w.trx
    .selectFrom('users')
    .select(['id', 'role'])
    .where('organisation_id', '=', w.complaint.organisation_id)
    .where('active', '=', true)
    .where((eb) =>
      byEmail
        ? eb(eb.fn('lower', ['email']), '=', given.toLowerCase())
        : /^[0-9a-f-]{36}$/i.test(given)
          ? eb('id', '=', given)
          : eb.val(false),
    )
    .executeTakeFirst();
  if (!person || !EXTENSION_AUTHORISERS.includes(person.role as Role)) {
    throw new ValidationError([
      {
        field,
        message:
          'Select who authorised the extension: a complaints manager, responsible person, senior leader or administrator',
      },
    ]);
  }
  return person.id;
}
