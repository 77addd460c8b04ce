import type { ComplaintDetail, WorklistItem } from '../complaints/complaint-service.ts';
import type { DeadlineState } from '../domain/calendar/index.ts';
import type { ComplaintJson, ComplaintListJson, ComplaintSummaryJson } from './schemas.ts';

// Rows become the API's shapes here and nowhere else: dates as YYYY-MM-DD, timestamps as ISO strings, people
// and services by name, and no ids of other tables, hashes or tokens.

type Json<K extends keyof ComplaintJson> = ComplaintJson[K];

function timestamp(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function stage(value: number): 1 | 2 {
  return value === 2 ? 2 : 1;
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

function parseJson<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function complaintJson(detail: ComplaintDetail): ComplaintJson {
  const c = detail.complaint;
  const { events, issues, remedies, pauses, extensions } = detail.parts;
  const onBehalfOf = parseJson<NonNullable<Json<'onBehalfOf'>>>(c.on_behalf_of);
  return {
    reference: c.reference,
    status: c.status as Json<'status'>,
    stage: stage(c.stage),
    channel: c.channel as Json<'channel'>,
    receivedAt: timestamp(c.received_at),
    receivedOn: c.received_on,
    complainant: {
      name: c.complainant_name,
      email: c.complainant_email,
      phone: c.complainant_phone,
      address: c.complainant_address,
      preferredContact: c.preferred_contact as Json<'complainant'>['preferredContact'],
    },
    onBehalfOf: onBehalfOf
      ? { name: onBehalfOf.name, relationship: onBehalfOf.relationship, consent: onBehalfOf.consent }
      : null,
    description: c.description,
    whenHappened: c.when_happened,
    service: detail.serviceName,
    outcomeSought: c.outcome_sought,
    adjustments: c.adjustments,
    handler: detail.handlerName,
    investigator: detail.investigatorName,
    stage2StartedOn: c.stage2_started_on,
    resolvedOn: c.resolved_on,
    closedOn: c.closed_on,
    outcome: c.outcome as Json<'outcome'>,
    outcomeSummary: c.outcome_summary,
    satisfied: c.satisfied as Json<'satisfied'>,
    deadlines: {
      acknowledgeBy: c.acknowledge_by,
      acknowledgedOn: c.acknowledged_on,
      stageDueBy: c.stage_due_by,
      outerLimitBy: c.outer_limit_by,
      nextDueOn: c.next_due_on,
      state: worstState(detail.acknowledgementState, detail.deadlineState),
      extended: c.extended_due_on !== null,
    },
    issues: issues.map((i) => ({
      id: i.id,
      summary: i.summary,
      service: i.service_name,
      outcome: i.outcome as Json<'issues'>[number]['outcome'],
      findings: i.findings,
    })),
    remedies: remedies.map((r) => ({
      issueId: r.issue_id,
      kind: r.kind as Json<'remedies'>[number]['kind'],
      amountPence: r.amount_pence,
      description: r.description,
      recordedAt: timestamp(r.created_at),
    })),
    pauses: pauses.map((p) => ({ stage: stage(p.stage), from: p.from_on, to: p.to_on, reason: p.reason })),
    extensions: extensions.map((e) => ({
      stage: stage(e.stage),
      previousDueOn: e.previous_due_on,
      newDueOn: e.new_due_on,
      reason: e.reason,
      complainantToldOn: e.complainant_told_on,
      recordedAt: timestamp(e.created_at),
    })),
    events: events.map((e) => ({
      type: e.type,
      from: e.from_status as Json<'status'> | null,
      to: e.to_status as Json<'status'> | null,
      stage: e.stage === null ? null : stage(e.stage),
      actor: e.actor_label,
      reason: e.reason,
      occurredOn: e.occurred_on,
      at: timestamp(e.created_at),
    })),
    allowedEvents: detail.allowedEvents,
    updatedAt: timestamp(c.updated_at),
  };
}

export function complaintSummaryJson(item: WorklistItem): ComplaintSummaryJson {
  return {
    reference: item.reference,
    status: item.status as ComplaintSummaryJson['status'],
    stage: stage(item.stage),
    channel: item.channel as ComplaintSummaryJson['channel'],
    receivedOn: item.received_on,
    complainantName: item.complainant_name,
    service: item.service_name,
    handler: item.handler_name,
    deadlines: {
      acknowledgeBy: item.acknowledge_by,
      acknowledgedOn: item.acknowledged_on,
      stageDueBy: item.stage_due_by,
      nextDueOn: item.next_due_on,
      state: item.state,
      extended: item.extended_due_on !== null,
    },
  };
}

export function complaintListJson(result: {
  items: WorklistItem[];
  total: number;
  page: number;
  pageSize: number;
}): ComplaintListJson {
  return {
    items: result.items.map(complaintSummaryJson),
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
  };
}
