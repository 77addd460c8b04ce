// The complaint lifecycle, following the model complaint handling procedure: a complaint is received,
// acknowledged and dealt with at stage 1 (early resolution) or escalated to stage 2 (investigation), where a
// response is drafted, signed off by a responsible person and sent before the complaint is closed. Sources for
// each rule are in docs/sources.md.

export const STATUSES = [
  'received',
  'acknowledged',
  'resolved',
  'investigating',
  'response-drafted',
  'signed-off',
  'closed',
  'withdrawn',
  'not-taken-forward',
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

/** Why a complaint was not taken forward. */
export const CLOSURE_REASONS = ['out-of-time', 'outside-remit', 'referred-elsewhere'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export const CLOSURE_REASON_LABELS: Record<ClosureReason, string> = {
  'out-of-time': 'Made after the time limit, and the time limit was not waived',
  'outside-remit': 'Outside what this organisation can consider',
  'referred-elsewhere': 'Referred to another organisation to deal with',
};

export const EVENT_TYPES = [
  'acknowledge',
  'resolve-stage1',
  'escalate',
  'extend',
  'agree-response-period',
  'pause',
  'resume',
  'submit-response',
  'return-response',
  'sign-off',
  'close',
  'withdraw',
  'decline',
  'accept-late',
  'reopen',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface CaseState {
  status: Status;
  stage: Stage;
  pausedFromStatus: Status | null;
  /** Whether the complaint has been acknowledged at its current stage. */
  acknowledged: boolean;
}

/**
 * What the rules need to know beyond the status: facts of the case and of the organisation's procedure,
 * worked out by the service (dates need the calendar), so the rules stay pure.
 */
export interface CaseFacts {
  /** The procedure acknowledges stage 1 complaints (the SPSO model does not: only stage 2). */
  stage1AcknowledgementRequired: boolean;
  /**
   * Still within the time an unacknowledged complaint may be resolved in: by the end of the next working day
   * after receipt (NHS regulation 8). The last such day, for messages.
   */
  quickResolutionOpen: boolean;
  quickResolutionBy: string | null;
  /** The signed-off final response has been sent (or recorded as sent by post). */
  finalResponseSent: boolean;
  /** The procedure has an outer limit that the complainant and the body can agree to extend. */
  outerLimit: boolean;
  /** Made after the time limit for complaining, and whether discretion was used to accept it. */
  outOfTime: boolean;
  lateAccepted: boolean;
}

/** Facts of a case that needs no special handling: an NHS-style procedure, in time, nothing sent. */
export const DEFAULT_FACTS: CaseFacts = {
  stage1AcknowledgementRequired: true,
  quickResolutionOpen: false,
  quickResolutionBy: null,
  finalResponseSent: false,
  outerLimit: false,
  outOfTime: false,
  lateAccepted: false,
};

export const STATUS_LABELS: Record<Status, string> = {
  received: 'Received',
  acknowledged: 'Acknowledged – early resolution',
  resolved: 'Resolved at stage 1',
  investigating: 'Under investigation',
  'response-drafted': 'Response drafted',
  'signed-off': 'Signed off',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
  'not-taken-forward': 'Not taken forward',
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
  'agree-response-period': 'Agree a longer response period',
  pause: 'Pause',
  resume: 'Resume',
  'submit-response': 'Submit response for sign-off',
  'return-response': 'Return response for changes',
  'sign-off': 'Sign off response',
  close: 'Close',
  withdraw: 'Withdraw',
  decline: 'Close as not taken forward',
  'accept-late': 'Accept although out of time',
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

const FINISHED: readonly Status[] = ['resolved', 'closed', 'withdrawn', 'not-taken-forward'];

export function isOpen(status: Status): boolean {
  return !FINISHED.includes(status);
}

export function initialCaseState(): CaseState {
  return { status: 'received', stage: 1, pausedFromStatus: null, acknowledged: false };
}

// Statuses that carry their own stage; the others inherit the stage they were reached from.
const STATUS_STAGE: Record<Status, Stage | null> = {
  received: 1,
  acknowledged: 1,
  resolved: 1,
  investigating: 2,
  'response-drafted': 2,
  'signed-off': 2,
  closed: 2,
  withdrawn: null,
  'not-taken-forward': null,
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
  if (state.status === 'received' && state.acknowledged) return false;
  if (state.status === 'acknowledged' && !state.acknowledged) return false;
  return state.pausedFromStatus === null && (stage === null || stage === state.stage);
}

function moveTo(status: Status, stage: Stage, acknowledged: boolean): CaseState {
  return { status, stage, pausedFromStatus: null, acknowledged };
}

function isStage1Open(state: CaseState): boolean {
  return state.stage === 1 && (state.status === 'received' || state.status === 'acknowledged');
}

function mayResolveAtStage1(s: CaseState, f: CaseFacts): boolean {
  // Unacknowledged: only where the procedure does not acknowledge stage 1 (SPSO), or by the end of the next
  // working day after receipt (NHS regulation 8: an oral complaint resolved that quickly is outside the
  // Regulations' acknowledgement duty).
  return isStage1Open(s) && (s.acknowledged || !f.stage1AcknowledgementRequired || f.quickResolutionOpen);
}

type Rule = (state: CaseState, facts: CaseFacts) => CaseState | null;

// The single source of truth for what may happen next: each rule returns the new state, or null if refused.
const RULES: Record<EventType, Rule> = {
  acknowledge: (s, f) => {
    if (s.status === 'received' && s.stage === 1) {
      return f.stage1AcknowledgementRequired ? moveTo('acknowledged', 1, true) : null;
    }
    // Stage 2 is acknowledged without a change of status (SPSO: within 3 working days of escalation).
    return s.stage === 2 && isActive(s.status) && !s.acknowledged ? { ...s, acknowledged: true } : null;
  },
  'resolve-stage1': (s, f) => (mayResolveAtStage1(s, f) ? moveTo('resolved', 1, s.acknowledged) : null),
  // From stage 1, or after a stage 1 answer the complainant is unhappy with.
  escalate: (s) => (isStage1Open(s) || s.status === 'resolved' ? moveTo('investigating', 2, false) : null),
  extend: (s) => (isActive(s.status) ? { ...s } : null),
  'agree-response-period': (s, f) => (f.outerLimit && isOpen(s.status) ? { ...s } : null),
  pause: (s) => (isActive(s.status) ? { ...s, status: 'paused', pausedFromStatus: s.status } : null),
  resume: (s) =>
    s.status === 'paused' && s.pausedFromStatus !== null
      ? moveTo(s.pausedFromStatus, s.stage, s.acknowledged)
      : null,
  // Also after approval, while the final response has not gone: a changed response needs a new sign-off.
  'submit-response': (s, f) =>
    s.status === 'investigating' || (s.status === 'signed-off' && !f.finalResponseSent)
      ? { ...s, status: 'response-drafted' }
      : null,
  'return-response': (s) => (s.status === 'response-drafted' ? { ...s, status: 'investigating' } : null),
  'sign-off': (s) => (s.status === 'response-drafted' ? { ...s, status: 'signed-off' } : null),
  close: (s, f) => (s.status === 'signed-off' && f.finalResponseSent ? { ...s, status: 'closed' } : null),
  withdraw: (s) => (isOpen(s.status) ? { ...s, status: 'withdrawn', pausedFromStatus: null } : null),
  decline: (s) =>
    s.status === 'received' || s.status === 'acknowledged' || s.status === 'investigating'
      ? { ...s, status: 'not-taken-forward' }
      : null,
  'accept-late': (s, f) => (f.outOfTime && !f.lateAccepted && isOpen(s.status) ? { ...s } : null),
  reopen: (s) => {
    if (s.status === 'closed') return moveTo('investigating', 2, s.acknowledged);
    if (s.status !== 'withdrawn' && s.status !== 'not-taken-forward') return null;
    if (s.stage === 2) return moveTo('investigating', 2, s.acknowledged);
    return moveTo(s.acknowledged ? 'acknowledged' : 'received', 1, s.acknowledged);
  },
};

// The likely next step comes first; housekeeping actions follow, and the final ones come last.
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
  'agree-response-period',
  'accept-late',
  'pause',
  'decline',
  'withdraw',
];

export function allowedEvents(state: CaseState, facts: CaseFacts = DEFAULT_FACTS): EventType[] {
  if (!isValidCaseState(state)) return [];
  return DISPLAY_ORDER.filter((type) => RULES[type](state, facts) !== null);
}

export type ApplyResult = { ok: true; state: CaseState } | { ok: false; message: string };

export function applyEvent(state: CaseState, type: EventType, facts: CaseFacts = DEFAULT_FACTS): ApplyResult {
  if (!isValidCaseState(state)) return { ok: false, message: invalidStateMessage(state) };
  const next = isEventType(type) ? RULES[type](state, facts) : null;
  return next ? { ok: true, state: next } : { ok: false, message: refusalMessage(state, type, facts) };
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
  'not-taken-forward': 'was not taken forward',
  paused: 'is paused',
};

function genericRefusal(state: CaseState, type: EventType): string {
  if (!isEventType(type)) return `"${String(type)}" is not something that can be recorded on a complaint.`;
  const status = STATUS_LABELS[state.status];
  return `You cannot record "${EVENT_LABELS[type]}" on a complaint with the status "${status}".`;
}

// Status-wide refusals take priority: when a complaint is finished or on hold, the one useful thing to say is
// how to get it moving again, whatever was attempted.
function refusalMessage(state: CaseState, type: EventType, facts: CaseFacts): string {
  switch (state.status) {
    case 'withdrawn':
      return type === 'withdraw'
        ? 'This complaint has already been withdrawn.'
        : 'This complaint has been withdrawn. Reopen it before recording anything else.';
    case 'not-taken-forward':
      return 'This complaint was closed as not taken forward. Reopen it before recording anything else.';
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
      return eventRefusal(state, type, facts) ?? genericRefusal(state, type);
  }
}

function resolvedRefusal(type: EventType): string {
  if (type === 'resolve-stage1') return 'This complaint has already been resolved at stage 1.';
  if (type === 'reopen') {
    return (
      'A stage 1 answer is not reopened: if the complainant is unhappy with it, escalate the complaint ' +
      'to stage 2.'
    );
  }
  return (
    'This complaint has been resolved at stage 1. If the complainant is unhappy with the answer, ' +
    'escalate it to stage 2.'
  );
}

// Only reached for open, unpaused complaints, so each message can assume that.
function eventRefusal(state: CaseState, type: EventType, facts: CaseFacts): string | null {
  const { status, stage } = state;
  switch (type) {
    case 'acknowledge':
      if (stage === 1 && status === 'received' && !facts.stage1AcknowledgementRequired) {
        return 'Stage 1 complaints are not acknowledged under this procedure: respond within the stage 1 time.';
      }
      return 'This complaint has already been acknowledged at this stage.';
    case 'resolve-stage1':
      if (stage === 2) return alreadyAtStage2(type);
      return (
        'This complaint has not been acknowledged. A complaint can be resolved without an acknowledgement ' +
        `only by the end of the next working day after it was received${facts.quickResolutionBy ? ` (${facts.quickResolutionBy})` : ''}. ` +
        'Acknowledge it first.'
      );
    case 'escalate':
      return stage === 2 ? alreadyAtStage2(type) : null;
    case 'resume':
      return `You can only resume a complaint that is paused. This complaint ${STATUS_PHRASES[status]}.`;
    case 'submit-response':
      return submitRefusal(state, facts);
    case 'return-response':
      return status === 'signed-off'
        ? 'The response has already been signed off, so it cannot be returned for changes.'
        : 'There is no response waiting for sign-off to return.';
    case 'sign-off':
      return signOffRefusal(state);
    case 'close':
      return closeRefusal(state);
    case 'decline':
      return (
        'A complaint can be closed as not taken forward only before its response is drafted. ' +
        `This complaint ${STATUS_PHRASES[status]}.`
      );
    case 'agree-response-period':
      return 'This organisation’s procedure sets no outer time limit to extend.';
    case 'accept-late':
      return facts.lateAccepted
        ? 'Discretion to accept this complaint out of time has already been recorded.'
        : 'This complaint was made within the time limit, so there is no discretion to record.';
    case 'reopen':
      return 'You can only reopen a complaint that is closed, withdrawn or not taken forward. This complaint is still open.';
    default:
      return null;
  }
}

function alreadyAtStage2(type: 'resolve-stage1' | 'escalate'): string {
  return type === 'escalate'
    ? 'This complaint is already at stage 2 (investigation).'
    : 'This complaint is at stage 2 (investigation), so it cannot be resolved at stage 1. ' +
        'Its response must be signed off, sent and the complaint closed instead.';
}

function submitRefusal({ status }: CaseState, facts: CaseFacts): string {
  if (status === 'response-drafted') return 'The response has already been submitted for sign-off.';
  if (status === 'signed-off' && facts.finalResponseSent) {
    return 'The signed-off final response has been sent, so it can no longer be changed.';
  }
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
      'the response must be submitted, signed off and sent first.'
    );
  }
  if (status === 'response-drafted') {
    return 'You cannot close this complaint until its response has been signed off and sent.';
  }
  if (status === 'signed-off') {
    return (
      'The final response has been signed off but not sent. Send it (or record that it was sent by post) ' +
      'before closing the complaint.'
    );
  }
  return (
    'A stage 1 complaint is finished by resolving it at stage 1, not by closing it. ' +
    'Escalate it to stage 2 if it needs investigating.'
  );
}
