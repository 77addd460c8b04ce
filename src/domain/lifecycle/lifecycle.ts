import { z } from 'zod';

// The complaint lifecycle, following the model complaint handling procedure: a complaint is received,
// acknowledged and dealt with at stage 1 (early resolution) or escalated to stage 2 (investigation), where a
// response is drafted and signed off by a responsible person before the complaint is closed.

export const STATUSES = [
  'received',
  'acknowledged',
  'resolved',
  'investigating',
  'response-drafted',
  'signed-off',
  'closed',
  'withdrawn',
  'paused',
] as const;
export type Status = (typeof STATUSES)[number];

export type Stage = 1 | 2;

export const OUTCOMES = ['upheld', 'partly-upheld', 'not-upheld'] as const;
export type Outcome = (typeof OUTCOMES)[number];

// Individual issues within a complaint can also fall away without a decision.
export const ISSUE_OUTCOMES = [...OUTCOMES, 'withdrawn', 'not-pursued'] as const;
export type IssueOutcome = (typeof ISSUE_OUTCOMES)[number];

export const SATISFACTION = ['yes', 'no', 'unknown'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];

export const EVENT_TYPES = [
  'acknowledge',
  'resolve-stage1',
  'escalate',
  'extend',
  'pause',
  'resume',
  'submit-response',
  'return-response',
  'sign-off',
  'close',
  'withdraw',
  'reopen',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface CaseState {
  status: Status;
  stage: Stage;
  pausedFromStatus: Status | null;
}

export const STATUS_LABELS: Record<Status, string> = {
  received: 'Received',
  acknowledged: 'Acknowledged – early resolution',
  resolved: 'Resolved at stage 1',
  investigating: 'Under investigation',
  'response-drafted': 'Response drafted',
  'signed-off': 'Signed off',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
  paused: 'Paused',
};

export const STAGE_LABELS: Record<Stage, string> = {
  1: 'Stage 1 – early resolution',
  2: 'Stage 2 – investigation',
};

export const EVENT_LABELS: Record<EventType, string> = {
  acknowledge: 'Acknowledge',
  'resolve-stage1': 'Resolve at stage 1',
  escalate: 'Escalate to stage 2',
  extend: 'Extend the deadline',
  pause: 'Pause',
  resume: 'Resume',
  'submit-response': 'Submit response for sign-off',
  'return-response': 'Return response for changes',
  'sign-off': 'Sign off response',
  close: 'Close',
  withdraw: 'Withdraw',
  reopen: 'Reopen',
};

export const OUTCOME_LABELS: Record<IssueOutcome, string> = {
  upheld: 'Upheld',
  'partly-upheld': 'Partly upheld',
  'not-upheld': 'Not upheld',
  withdrawn: 'Withdrawn',
  'not-pursued': 'Not pursued',
};

export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  yes: 'Yes',
  no: 'No',
  unknown: 'Not known',
};

export function isStatus(value: unknown): value is Status {
  return (STATUSES as readonly unknown[]).includes(value);
}

export function isEventType(value: unknown): value is EventType {
  return (EVENT_TYPES as readonly unknown[]).includes(value);
}

export function isOpen(status: Status): boolean {
  return status !== 'resolved' && status !== 'closed' && status !== 'withdrawn';
}

export function initialCaseState(): CaseState {
  return { status: 'received', stage: 1, pausedFromStatus: null };
}

// Statuses that carry their own stage; withdrawn and paused inherit the stage they were reached from.
const STATUS_STAGE: Record<Status, Stage | null> = {
  received: 1,
  acknowledged: 1,
  resolved: 1,
  investigating: 2,
  'response-drafted': 2,
  'signed-off': 2,
  closed: 2,
  withdrawn: null,
  paused: null,
};

function isActive(status: Status): boolean {
  return isOpen(status) && status !== 'paused';
}

// States are read back from storage, so a corrupt one must be refused rather than moved on from, or a
// complaint could, say, be resumed into nowhere or resolved at stage 1 after an investigation.
export function isValidCaseState(state: CaseState): boolean {
  if (!isStatus(state.status) || (state.stage !== 1 && state.stage !== 2)) return false;
  if (state.status === 'paused') {
    const from = state.pausedFromStatus;
    return isStatus(from) && isActive(from) && STATUS_STAGE[from] === state.stage;
  }
  const stage = STATUS_STAGE[state.status];
  return state.pausedFromStatus === null && (stage === null || stage === state.stage);
}

function moveTo(status: Status, stage: Stage): CaseState {
  return { status, stage, pausedFromStatus: null };
}

function isStage1Open(state: CaseState): boolean {
  return state.stage === 1 && (state.status === 'received' || state.status === 'acknowledged');
}

type Rule = (state: CaseState) => CaseState | null;

// The single source of truth for what may happen next: each rule returns the new state, or null if refused.
const RULES: Record<EventType, Rule> = {
  acknowledge: (s) => (s.status === 'received' && s.stage === 1 ? moveTo('acknowledged', 1) : null),
  'resolve-stage1': (s) => (isStage1Open(s) ? moveTo('resolved', 1) : null),
  escalate: (s) => (isStage1Open(s) ? moveTo('investigating', 2) : null),
  extend: (s) => (isActive(s.status) ? { ...s } : null),
  pause: (s) =>
    isActive(s.status) ? { status: 'paused', stage: s.stage, pausedFromStatus: s.status } : null,
  resume: (s) =>
    s.status === 'paused' && s.pausedFromStatus !== null ? moveTo(s.pausedFromStatus, s.stage) : null,
  'submit-response': (s) => (s.status === 'investigating' ? moveTo('response-drafted', 2) : null),
  'return-response': (s) => (s.status === 'response-drafted' ? moveTo('investigating', 2) : null),
  'sign-off': (s) => (s.status === 'response-drafted' ? moveTo('signed-off', 2) : null),
  close: (s) => (s.status === 'signed-off' ? moveTo('closed', 2) : null),
  withdraw: (s) => (isOpen(s.status) ? moveTo('withdrawn', s.stage) : null),
  // Reopening a stage 1 resolution is how a complainant who is unhappy with the answer escalates it.
  reopen: (s) => (s.status === 'resolved' || s.status === 'closed' ? moveTo('investigating', 2) : null),
};

// The likely next step comes first; housekeeping actions follow, and withdrawal, being final, comes last.
const DISPLAY_ORDER: readonly EventType[] = [
  'resume',
  'acknowledge',
  'resolve-stage1',
  'escalate',
  'submit-response',
  'sign-off',
  'return-response',
  'close',
  'reopen',
  'extend',
  'pause',
  'withdraw',
];

export function allowedEvents(state: CaseState): EventType[] {
  if (!isValidCaseState(state)) return [];
  return DISPLAY_ORDER.filter((type) => RULES[type](state) !== null);
}

export type ApplyResult = { ok: true; state: CaseState } | { ok: false; message: string };

export function applyEvent(state: CaseState, type: EventType): ApplyResult {
  if (!isValidCaseState(state)) return { ok: false, message: invalidStateMessage(state) };
  const next = isEventType(type) ? RULES[type](state) : null;
  return next ? { ok: true, state: next } : { ok: false, message: refusalMessage(state, type) };
}

function invalidStateMessage(state: CaseState): string {
  const status = isStatus(state.status) ? STATUS_LABELS[state.status] : String(state.status);
  return (
    `This complaint's record is inconsistent (status "${status}", stage ${String(state.stage)}), ` +
    'so nothing can be recorded until it is corrected.'
  );
}

const STATUS_PHRASES: Record<Status, string> = {
  received: 'has just been received',
  acknowledged: 'has been acknowledged',
  resolved: 'has been resolved at stage 1',
  investigating: 'is under investigation',
  'response-drafted': 'has a response waiting for sign-off',
  'signed-off': 'has a signed-off response',
  closed: 'is closed',
  withdrawn: 'has been withdrawn',
  paused: 'is paused',
};

function genericRefusal(state: CaseState, type: EventType): string {
  if (!isEventType(type)) return `"${String(type)}" is not something that can be recorded on a complaint.`;
  const status = STATUS_LABELS[state.status];
  return `You cannot record "${EVENT_LABELS[type]}" on a complaint with the status "${status}".`;
}

// Status-wide refusals take priority: when a complaint is finished or on hold, the one useful thing to say is
// how to get it moving again, whatever was attempted.
function refusalMessage(state: CaseState, type: EventType): string {
  switch (state.status) {
    case 'withdrawn':
      return 'This complaint has been withdrawn, so nothing more can be recorded on it.';
    case 'closed':
      return type === 'close'
        ? 'This complaint is already closed.'
        : 'This complaint is closed. Reopen it before recording anything else.';
    case 'resolved':
      return resolvedRefusal(type);
    case 'paused':
      return type === 'pause'
        ? 'This complaint is already paused.'
        : 'This complaint is paused. Resume it before recording anything else.';
    default:
      return eventRefusal(state, type) ?? genericRefusal(state, type);
  }
}

function resolvedRefusal(type: EventType): string {
  if (type === 'resolve-stage1') return 'This complaint has already been resolved at stage 1.';
  if (type === 'escalate') {
    return 'This complaint has already been resolved at stage 1. To take it to stage 2, reopen it.';
  }
  return 'This complaint has been resolved at stage 1. Reopen it before recording anything else.';
}

// Only reached for open, unpaused complaints, so each message can assume that.
function eventRefusal(state: CaseState, type: EventType): string | null {
  const { status, stage } = state;
  switch (type) {
    case 'acknowledge':
      return status === 'acknowledged' ? 'This complaint has already been acknowledged.' : null;
    case 'resolve-stage1':
    case 'escalate':
      return stage === 2 ? alreadyAtStage2(type) : null;
    case 'resume':
      return `You can only resume a complaint that is paused. This complaint ${STATUS_PHRASES[status]}.`;
    case 'submit-response':
      return submitRefusal(state);
    case 'return-response':
      return status === 'signed-off'
        ? 'The response has already been signed off, so it cannot be returned for changes.'
        : 'There is no response waiting for sign-off to return.';
    case 'sign-off':
      return signOffRefusal(state);
    case 'close':
      return closeRefusal(state);
    case 'reopen':
      return (
        'You can only reopen a complaint that has been resolved at stage 1 or closed. ' +
        'This complaint is still open.'
      );
    default:
      return null;
  }
}

function alreadyAtStage2(type: 'resolve-stage1' | 'escalate'): string {
  return type === 'escalate'
    ? 'This complaint is already at stage 2 (investigation).'
    : 'This complaint is at stage 2 (investigation), so it cannot be resolved at stage 1. ' +
        'Its response must be signed off and the complaint closed instead.';
}

function submitRefusal({ status }: CaseState): string {
  if (status === 'response-drafted') return 'The response has already been submitted for sign-off.';
  if (status === 'signed-off') return 'The response has already been signed off.';
  return 'Responses are only submitted for sign-off at stage 2. Escalate the complaint to stage 2 first.';
}

function signOffRefusal({ status }: CaseState): string {
  if (status === 'investigating') {
    return (
      'You cannot sign off a complaint that is under investigation: ' +
      'the response must be submitted for sign-off first.'
    );
  }
  if (status === 'signed-off') return 'The response has already been signed off.';
  return 'Only stage 2 responses are signed off. Resolve the complaint at stage 1 or escalate it to stage 2.';
}

function closeRefusal({ status }: CaseState): string {
  if (status === 'investigating') {
    return (
      'You cannot close a complaint that is under investigation: ' +
      'the response must be submitted and signed off first.'
    );
  }
  if (status === 'response-drafted') {
    return 'You cannot close this complaint until its response has been signed off.';
  }
  return (
    'A stage 1 complaint is finished by resolving it at stage 1, not by closing it. ' +
    'Escalate it to stage 2 if it needs investigating.'
  );
}

// ---- Event payloads ----

const DATE_EXAMPLE = 'for example 2027-01-15';

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Checked by hand rather than with Date, which silently rolls 2026-02-30 over into March.
function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

// Forms send empty strings for fields left blank; an optional field left blank means "not given".
function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

function requiredText(max: number, missing: string, tooLong: string) {
  return z.string({ error: missing }).trim().min(1, { error: missing }).max(max, { error: tooLong });
}

function optionalText(max: number, tooLong: string) {
  return z.preprocess(
    blankToUndefined,
    z.string({ error: tooLong }).trim().max(max, { error: tooLong }).optional(),
  );
}

function requiredDate(missing: string, invalid: string) {
  return z.string({ error: missing }).trim().min(1, { error: missing }).refine(isIsoDate, { error: invalid });
}

function optionalDate(invalid: string) {
  return z.preprocess(
    blankToUndefined,
    z.string({ error: invalid }).trim().refine(isIsoDate, { error: invalid }).optional(),
  );
}

const reason = (missing: string) =>
  requiredText(5000, missing, 'The reason must be 5,000 characters or fewer');
const note = optionalText(5000, 'The note must be 5,000 characters or fewer');
const outcome = z.enum(OUTCOMES, { error: 'Select the outcome' });
const summary = (missing: string) =>
  requiredText(10000, missing, 'The summary must be 10,000 characters or fewer');

const base = z.object(
  { occurredOn: optionalDate(`Enter the date this happened as a real date, ${DATE_EXAMPLE}`) },
  { error: 'The details of this event were not sent in the expected form' },
);

export const eventPayloadSchemas = {
  acknowledge: base.extend({ note }),
  'resolve-stage1': base.extend({
    outcome,
    summary: summary('Enter a summary of the resolution'),
    satisfied: z.enum(SATISFACTION, { error: 'Select whether the complainant was satisfied' }),
  }),
  escalate: base.extend({ reason: reason('Enter the reason for escalating') }),
  extend: base.extend({
    reason: reason('Enter the reason for extending the deadline'),
    newDueDate: requiredDate(
      `Enter the new due date as a real date, ${DATE_EXAMPLE}`,
      `Enter the new due date as a real date, ${DATE_EXAMPLE}`,
    ),
    complainantToldOn: requiredDate(
      'Enter the date the complainant was told',
      `Enter the date the complainant was told as a real date, ${DATE_EXAMPLE}`,
    ),
  }),
  pause: base.extend({ reason: reason('Enter the reason for pausing') }),
  resume: base.extend({ note }),
  'submit-response': base.extend({ note }),
  'return-response': base.extend({ reason: reason('Enter the reason for returning the response') }),
  'sign-off': base.extend({ note }),
  close: base.extend({ outcome, summary: summary('Enter a summary of the outcome') }),
  withdraw: base.extend({ reason: reason('Enter the reason for withdrawing') }),
  reopen: base.extend({ reason: reason('Enter the reason for reopening') }),
} satisfies Record<EventType, z.ZodType>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

export type EventPayloadFields<T extends EventType> = z.output<(typeof eventPayloadSchemas)[T]>;

export type EventPayload = { [K in EventType]: Simplify<{ type: K } & EventPayloadFields<K>> }[EventType];

export interface FieldError {
  field: string;
  message: string;
}

export type ParsePayloadResult<T extends EventType> =
  | { ok: true; value: Extract<EventPayload, { type: T }> }
  | { ok: false; errors: FieldError[] };

// One message per field, as an error summary would show it; later issues on a field only restate the first.
function firstErrorPerField(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field = issue.path.map(String).join('.');
    if (!errors.some((error) => error.field === field)) errors.push({ field, message: issue.message });
  }
  return errors;
}

export function parseEventPayload<T extends EventType>(type: T, input: unknown): ParsePayloadResult<T> {
  if (!isEventType(type)) {
    return { ok: false, errors: [{ field: 'type', message: `"${String(type)}" is not a known event` }] };
  }
  const schema: z.ZodType = eventPayloadSchemas[type];
  const result = schema.safeParse(input ?? {});
  if (!result.success) return { ok: false, errors: firstErrorPerField(result.error.issues) };
  const value = { type, ...(result.data as object) } as Extract<EventPayload, { type: T }>;
  return { ok: true, value };
}
