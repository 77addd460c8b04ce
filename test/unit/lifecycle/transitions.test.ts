import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  applyEvent,
  type CaseFacts,
  type CaseState,
  DEFAULT_FACTS,
  EVENT_LABELS,
  EVENT_TYPES,
  type EventType,
  ISSUE_OUTCOMES,
  initialCaseState,
  isEventType,
  isOpen,
  isStatus,
  isValidCaseState,
  OUTCOME_LABELS,
  OUTCOMES,
  SATISFACTION,
  SATISFACTION_LABELS,
  STATUS_LABELS,
  STATUSES,
  type Stage,
  type Status,
} from '../../../src/domain/lifecycle/index.ts';

/** A state; `acknowledged` defaults to what the status implies (acknowledged at stage 1 and after). */
const state = (
  status: Status,
  stage: Stage,
  pausedFromStatus: Status | null = null,
  acknowledged = status !== 'received' && !(status === 'paused' && pausedFromStatus === 'received'),
): CaseState => ({ status, stage, pausedFromStatus, acknowledged });

const name = (s: CaseState) =>
  `${s.status}@${s.stage}${s.pausedFromStatus ? `(from ${s.pausedFromStatus})` : ''}${s.acknowledged ? '' : ' unacknowledged'}`;

// The rules under an NHS-style procedure (stage 1 acknowledged, no outer limit set here), with nothing sent
// and the complaint in time, written out by hand: every reachable state, the events it allows in display
// order, and where each leads. Anything not listed must be refused.
const TABLE: { from: CaseState; allowed: [EventType, CaseState][] }[] = [
  {
    from: state('received', 1),
    allowed: [
      ['acknowledge', state('acknowledged', 1)],
      ['escalate', state('investigating', 2, null, false)],
      ['extend', state('received', 1)],
      ['pause', state('paused', 1, 'received')],
      ['decline', state('not-taken-forward', 1, null, false)],
      ['withdraw', state('withdrawn', 1, null, false)],
    ],
  },
  {
    from: state('acknowledged', 1),
    allowed: [
      ['resolve-stage1', state('resolved', 1)],
      ['escalate', state('investigating', 2, null, false)],
      ['extend', state('acknowledged', 1)],
      ['pause', state('paused', 1, 'acknowledged')],
      ['decline', state('not-taken-forward', 1)],
      ['withdraw', state('withdrawn', 1)],
    ],
  },
  // Unhappy with the stage 1 answer: escalation, which starts stage 2 unacknowledged.
  { from: state('resolved', 1), allowed: [['escalate', state('investigating', 2, null, false)]] },
  {
    from: state('investigating', 2, null, false),
    allowed: [
      ['acknowledge', state('investigating', 2)],
      ['submit-response', state('response-drafted', 2, null, false)],
      ['extend', state('investigating', 2, null, false)],
      ['pause', state('paused', 2, 'investigating', false)],
      ['decline', state('not-taken-forward', 2, null, false)],
      ['withdraw', state('withdrawn', 2, null, false)],
    ],
  },
  {
    from: state('investigating', 2),
    allowed: [
      ['submit-response', state('response-drafted', 2)],
      ['extend', state('investigating', 2)],
      ['pause', state('paused', 2, 'investigating')],
      ['decline', state('not-taken-forward', 2)],
      ['withdraw', state('withdrawn', 2)],
    ],
  },
  {
    from: state('response-drafted', 2),
    allowed: [
      ['sign-off', state('signed-off', 2)],
      ['return-response', state('investigating', 2)],
      ['extend', state('response-drafted', 2)],
      ['pause', state('paused', 2, 'response-drafted')],
      ['withdraw', state('withdrawn', 2)],
    ],
  },
  // Signed off but the final response not yet sent: it cannot close.
  {
    from: state('signed-off', 2),
    allowed: [
      // A change to the approved response goes back for sign-off.
      ['submit-response', state('response-drafted', 2)],
      ['extend', state('signed-off', 2)],
      ['pause', state('paused', 2, 'signed-off')],
      ['withdraw', state('withdrawn', 2)],
    ],
  },
  { from: state('closed', 2), allowed: [['reopen', state('investigating', 2)]] },
  { from: state('withdrawn', 1, null, false), allowed: [['reopen', state('received', 1)]] },
  { from: state('withdrawn', 1), allowed: [['reopen', state('acknowledged', 1)]] },
  { from: state('withdrawn', 2), allowed: [['reopen', state('investigating', 2)]] },
  { from: state('not-taken-forward', 1, null, false), allowed: [['reopen', state('received', 1)]] },
  { from: state('not-taken-forward', 2), allowed: [['reopen', state('investigating', 2)]] },
  {
    from: state('paused', 1, 'received'),
    allowed: [
      ['resume', state('received', 1)],
      ['withdraw', state('withdrawn', 1, null, false)],
    ],
  },
  {
    from: state('paused', 1, 'acknowledged'),
    allowed: [
      ['resume', state('acknowledged', 1)],
      ['withdraw', state('withdrawn', 1)],
    ],
  },
  {
    from: state('paused', 2, 'investigating'),
    allowed: [
      ['resume', state('investigating', 2)],
      ['withdraw', state('withdrawn', 2)],
    ],
  },
  {
    from: state('paused', 2, 'response-drafted'),
    allowed: [
      ['resume', state('response-drafted', 2)],
      ['withdraw', state('withdrawn', 2)],
    ],
  },
  {
    from: state('paused', 2, 'signed-off'),
    allowed: [
      ['resume', state('signed-off', 2)],
      ['withdraw', state('withdrawn', 2)],
    ],
  },
];

const applied = (from: CaseState, type: EventType, facts: CaseFacts = DEFAULT_FACTS): CaseState => {
  const result = applyEvent(from, type, facts);
  if (!result.ok) throw new Error(`expected ${type} on ${name(from)} to be allowed: ${result.message}`);
  return result.state;
};

const refusal = (from: CaseState, type: EventType, facts: CaseFacts = DEFAULT_FACTS): string => {
  const result = applyEvent(from, type, facts);
  if (result.ok) throw new Error(`expected ${type} on ${name(from)} to be refused`);
  return result.message;
};

describe('transition table', () => {
  it('covers every status', () => {
    expect(new Set(TABLE.map((row) => row.from.status))).toEqual(new Set(STATUSES));
  });

  const combos = TABLE.flatMap((row) => EVENT_TYPES.map((type) => ({ row, type })));

  it.each(combos.map(({ row, type }) => [name(row.from), type, row] as const))('%s + %s', (_, type, row) => {
    const expected = row.allowed.find(([allowed]) => allowed === type);
    const result = applyEvent(row.from, type);
    if (expected) {
      expect(result).toEqual({ ok: true, state: expected[1] });
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/^\S.*\.$/);
    }
  });

  it.each(TABLE.map((row) => [name(row.from), row] as const))(
    'allowedEvents(%s) lists exactly the allowed events in display order',
    (_, row) => {
      expect(allowedEvents(row.from)).toEqual(row.allowed.map(([type]) => type));
    },
  );

  it('every target state is itself a valid state', () => {
    for (const row of TABLE) {
      expect(isValidCaseState(row.from)).toBe(true);
      for (const [, to] of row.allowed) expect(isValidCaseState(to)).toBe(true);
    }
  });

  it('does not mutate the state it is given', () => {
    const from = Object.freeze(state('paused', 2, 'investigating'));
    const next = applied(from, 'resume');
    expect(from).toEqual(state('paused', 2, 'investigating'));
    expect(next).not.toBe(from);
    const extended = applied(Object.freeze(state('investigating', 2)), 'extend');
    expect(extended).toEqual(state('investigating', 2));
  });
});

describe('rules that depend on the case and the procedure', () => {
  const sent: CaseFacts = { ...DEFAULT_FACTS, finalResponseSent: true };

  it('closes a stage 2 complaint only once its signed-off final response has been sent', () => {
    expect(refusal(state('signed-off', 2), 'close')).toMatch(/signed off but not sent/);
    expect(applied(state('signed-off', 2), 'close', sent)).toEqual(state('closed', 2));
    expect(allowedEvents(state('signed-off', 2), sent)).toEqual(['close', 'extend', 'pause', 'withdraw']);
  });

  it('resolves an unacknowledged complaint only by the end of the next working day after receipt (NHS reg 8)', () => {
    const quick: CaseFacts = {
      ...DEFAULT_FACTS,
      quickResolutionOpen: true,
      quickResolutionBy: 'Tuesday 3 November 2026',
    };
    expect(applied(state('received', 1), 'resolve-stage1', quick)).toEqual(state('resolved', 1, null, false));
    const late: CaseFacts = { ...DEFAULT_FACTS, quickResolutionBy: 'Tuesday 3 November 2026' };
    expect(refusal(state('received', 1), 'resolve-stage1', late)).toBe(
      'This complaint has not been acknowledged. A complaint can be resolved without an acknowledgement only ' +
        'by the end of the next working day after it was received (Tuesday 3 November 2026). Acknowledge it first.',
    );
  });

  it('does not acknowledge stage 1 where the procedure has no stage 1 acknowledgement (SPSO), but resolves it', () => {
    const spso: CaseFacts = { ...DEFAULT_FACTS, stage1AcknowledgementRequired: false };
    expect(allowedEvents(state('received', 1), spso)).toEqual([
      'resolve-stage1',
      'escalate',
      'extend',
      'pause',
      'decline',
      'withdraw',
    ]);
    expect(refusal(state('received', 1), 'acknowledge', spso)).toMatch(
      /not acknowledged under this procedure/,
    );
    expect(applied(state('received', 1), 'resolve-stage1', spso)).toEqual(state('resolved', 1, null, false));
    // Stage 2 is acknowledged under every procedure.
    expect(applied(state('investigating', 2, null, false), 'acknowledge', spso)).toEqual(
      state('investigating', 2),
    );
  });

  it('agrees a longer response period only where the procedure sets an outer limit, while the case is open', () => {
    const nhs: CaseFacts = { ...DEFAULT_FACTS, outerLimit: true };
    expect(allowedEvents(state('investigating', 2), nhs)).toContain('agree-response-period');
    expect(allowedEvents(state('paused', 2, 'investigating'), nhs)).toContain('agree-response-period');
    expect(applied(state('investigating', 2), 'agree-response-period', nhs)).toEqual(
      state('investigating', 2),
    );
    expect(refusal(state('investigating', 2), 'agree-response-period')).toMatch(/sets no outer time limit/);
    expect(refusal(state('closed', 2), 'agree-response-period', nhs)).toMatch(/closed/);
  });

  it('records discretion to accept a late complaint once, only when it was out of time', () => {
    const late: CaseFacts = { ...DEFAULT_FACTS, outOfTime: true };
    expect(allowedEvents(state('received', 1), late)).toContain('accept-late');
    expect(applied(state('received', 1), 'accept-late', late)).toEqual(state('received', 1));
    expect(refusal(state('received', 1), 'accept-late', { ...late, lateAccepted: true })).toMatch(
      /already been recorded/,
    );
    expect(refusal(state('received', 1), 'accept-late')).toMatch(/within the time limit/);
  });
});

describe('journeys', () => {
  it('starts as received at stage 1, unacknowledged', () => {
    expect(initialCaseState()).toEqual(state('received', 1));
    expect(initialCaseState()).not.toBe(initialCaseState());
  });

  it('runs the full stage 2 journey, acknowledging each stage and sending the response before closing', () => {
    const steps: EventType[] = [
      'acknowledge',
      'escalate',
      'acknowledge',
      'submit-response',
      'return-response',
      'submit-response',
      'sign-off',
    ];
    const signedOff = steps.reduce((s, e) => applied(s, e), initialCaseState());
    expect(signedOff).toEqual(state('signed-off', 2));
    expect(applied(signedOff, 'close', { ...DEFAULT_FACTS, finalResponseSent: true })).toEqual(
      state('closed', 2),
    );
  });

  it('escalating never acknowledges: the stage 2 acknowledgement is its own step', () => {
    expect(applied(state('received', 1), 'escalate')).toEqual(state('investigating', 2, null, false));
    expect(applied(state('acknowledged', 1), 'escalate')).toEqual(state('investigating', 2, null, false));
  });

  it('pause then resume returns to the status it was paused from, keeping the stage', () => {
    for (const status of ['received', 'acknowledged'] as const) {
      const from = state(status, 1);
      const paused = applied(from, 'pause');
      expect(paused).toEqual(state('paused', 1, status, from.acknowledged));
      expect(applied(paused, 'resume')).toEqual(from);
    }
    for (const status of ['investigating', 'response-drafted', 'signed-off'] as const) {
      const paused = applied(state(status, 2), 'pause');
      expect(paused).toEqual(state('paused', 2, status));
      expect(applied(paused, 'resume')).toEqual(state(status, 2));
    }
  });

  it('withdrawing a paused complaint clears what it was paused from', () => {
    expect(applied(state('paused', 2, 'investigating'), 'withdraw')).toEqual(state('withdrawn', 2));
  });

  it('escalates a stage 1 answer the complainant is unhappy with into stage 2; reopen is not for that', () => {
    const resolved = ['acknowledge', 'resolve-stage1'].reduce(
      (s, e) => applied(s, e as EventType),
      initialCaseState(),
    );
    expect(resolved).toEqual(state('resolved', 1));
    expect(applied(resolved, 'escalate')).toEqual(state('investigating', 2, null, false));
    expect(refusal(resolved, 'reopen')).toMatch(/escalate the complaint to stage 2/);
  });

  it('reopens a closed complaint into stage 2, and a withdrawn or declined one where it was', () => {
    expect(applied(state('closed', 2), 'reopen')).toEqual(state('investigating', 2));
    expect(applied(state('withdrawn', 1, null, false), 'reopen')).toEqual(state('received', 1));
    expect(applied(state('not-taken-forward', 1), 'reopen')).toEqual(state('acknowledged', 1));
  });
});

describe('refusal messages', () => {
  it('sign-off before the response is submitted', () => {
    expect(refusal(state('investigating', 2), 'sign-off')).toBe(
      'You cannot sign off a complaint that is under investigation: the response must be submitted for sign-off first.',
    );
  });

  it('close before sign-off and sending', () => {
    expect(refusal(state('investigating', 2), 'close')).toBe(
      'You cannot close a complaint that is under investigation: the response must be submitted, signed off and sent first.',
    );
    expect(refusal(state('response-drafted', 2), 'close')).toBe(
      'You cannot close this complaint until its response has been signed off and sent.',
    );
    expect(refusal(state('signed-off', 2), 'close')).toBe(
      'The final response has been signed off but not sent. Send it (or record that it was sent by post) before closing the complaint.',
    );
    expect(refusal(state('acknowledged', 1), 'close')).toMatch(/resolving it at stage 1/);
  });

  it('acknowledge twice', () => {
    expect(refusal(state('acknowledged', 1), 'acknowledge')).toBe(
      'This complaint has already been acknowledged at this stage.',
    );
    expect(refusal(state('investigating', 2), 'acknowledge')).toBe(
      'This complaint has already been acknowledged at this stage.',
    );
  });

  it('resolve at stage 1 when at stage 2', () => {
    for (const status of ['investigating', 'response-drafted', 'signed-off'] as const) {
      expect(refusal(state(status, 2), 'resolve-stage1')).toMatch(
        /^This complaint is at stage 2 \(investigation\), so it cannot be resolved at stage 1\./,
      );
    }
  });

  it('escalate when already at stage 2', () => {
    for (const status of ['investigating', 'response-drafted', 'signed-off'] as const) {
      expect(refusal(state(status, 2), 'escalate')).toBe(
        'This complaint is already at stage 2 (investigation).',
      );
    }
  });

  it('once resolved, points to escalation', () => {
    expect(refusal(state('resolved', 1), 'resolve-stage1')).toBe(
      'This complaint has already been resolved at stage 1.',
    );
    expect(refusal(state('resolved', 1), 'pause')).toBe(
      'This complaint has been resolved at stage 1. If the complainant is unhappy with the answer, escalate it to stage 2.',
    );
  });

  it('resume when not paused', () => {
    expect(refusal(state('investigating', 2), 'resume')).toBe(
      'You can only resume a complaint that is paused. This complaint is under investigation.',
    );
    expect(refusal(state('received', 1), 'resume')).toBe(
      'You can only resume a complaint that is paused. This complaint has just been received.',
    );
  });

  it('pause when paused, and anything else but resume or withdraw while paused', () => {
    const paused = state('paused', 2, 'response-drafted');
    expect(refusal(paused, 'pause')).toBe('This complaint is already paused.');
    for (const type of ['extend', 'sign-off', 'close', 'reopen'] as const) {
      expect(refusal(paused, type)).toBe(
        'This complaint is paused. Resume it before recording anything else.',
      );
    }
  });

  it('anything but reopen on a withdrawn or declined complaint', () => {
    for (const stage of [1, 2] as const) {
      for (const type of EVENT_TYPES.filter((t) => t !== 'reopen' && t !== 'withdraw')) {
        expect(refusal(state('withdrawn', stage), type)).toBe(
          'This complaint has been withdrawn. Reopen it before recording anything else.',
        );
        expect(refusal(state('not-taken-forward', stage), type)).toBe(
          'This complaint was closed as not taken forward. Reopen it before recording anything else.',
        );
      }
    }
    expect(refusal(state('withdrawn', 1), 'withdraw')).toBe('This complaint has already been withdrawn.');
  });

  it('anything but reopen on a closed complaint', () => {
    for (const type of EVENT_TYPES.filter((t) => t !== 'reopen' && t !== 'close')) {
      expect(refusal(state('closed', 2), type)).toBe(
        'This complaint is closed. Reopen it before recording anything else.',
      );
    }
    expect(refusal(state('closed', 2), 'close')).toBe('This complaint is already closed.');
  });

  it('response already submitted or signed off', () => {
    expect(refusal(state('response-drafted', 2), 'submit-response')).toBe(
      'The response has already been submitted for sign-off.',
    );
    expect(refusal(state('signed-off', 2), 'sign-off')).toBe('The response has already been signed off.');
    expect(refusal(state('signed-off', 2), 'return-response')).toBe(
      'The response has already been signed off, so it cannot be returned for changes.',
    );
    expect(refusal(state('investigating', 2), 'return-response')).toBe(
      'There is no response waiting for sign-off to return.',
    );
  });

  it('stage 2 steps at stage 1', () => {
    expect(refusal(state('received', 1), 'submit-response')).toMatch(
      /Escalate the complaint to stage 2 first\.$/,
    );
    expect(refusal(state('acknowledged', 1), 'sign-off')).toMatch(/^Only stage 2 responses are signed off\./);
  });

  it('declining once the response is drafted', () => {
    expect(refusal(state('response-drafted', 2), 'decline')).toBe(
      'A complaint can be closed as not taken forward only before its response is drafted. ' +
        'This complaint has a response waiting for sign-off.',
    );
  });

  it('reopen on an open complaint', () => {
    expect(refusal(state('investigating', 2), 'reopen')).toBe(
      'You can only reopen a complaint that is closed, withdrawn or not taken forward. This complaint is still open.',
    );
  });

  it('refuses an unknown event type without throwing', () => {
    expect(refusal(state('received', 1), 'teleport' as EventType)).toBe(
      '"teleport" is not something that can be recorded on a complaint.',
    );
  });
});

describe('inconsistent states', () => {
  const corrupt: CaseState[] = [
    state('received', 2),
    state('acknowledged', 2),
    state('resolved', 2),
    state('investigating', 1),
    state('closed', 1),
    state('paused', 1, null),
    state('paused', 1, 'investigating'),
    state('paused', 2, 'paused'),
    state('paused', 2, 'closed'),
    state('investigating', 2, 'received'),
    state('received', 1, null, true),
    state('acknowledged', 1, null, false),
    state('nonsense' as Status, 1),
    { status: 'received', stage: 3 as Stage, pausedFromStatus: null, acknowledged: false },
  ];

  it.each(corrupt.map((s) => [name(s), s] as const))('%s is invalid, allows nothing and says why', (_, s) => {
    expect(isValidCaseState(s)).toBe(false);
    expect(allowedEvents(s)).toEqual([]);
    for (const type of EVENT_TYPES) {
      expect(refusal(s, type)).toMatch(/^This complaint's record is inconsistent \(status ".+", stage \d\)/);
    }
  });

  it('names the status and stage', () => {
    expect(refusal(state('received', 2), 'acknowledge')).toBe(
      `This complaint's record is inconsistent (status "Received", stage 2), so nothing can be recorded until it is corrected.`,
    );
  });
});

describe('status helpers and labels', () => {
  it('isOpen is false only for resolved, closed, withdrawn and not taken forward', () => {
    expect(STATUSES.filter((s) => !isOpen(s))).toEqual([
      'resolved',
      'closed',
      'withdrawn',
      'not-taken-forward',
    ]);
  });

  it('type guards', () => {
    expect(isStatus('paused')).toBe(true);
    expect(isStatus('open')).toBe(false);
    expect(isEventType('sign-off')).toBe(true);
    expect(isEventType('signoff')).toBe(false);
  });

  it('labels are plain English', () => {
    expect(STATUS_LABELS).toEqual({
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
    });
    expect(EVENT_TYPES.map((t) => EVENT_LABELS[t])).toEqual([
      'Acknowledge',
      'Resolve at stage 1',
      'Escalate to stage 2',
      'Extend the deadline',
      'Agree a longer response period',
      'Pause',
      'Resume',
      'Submit response for sign-off',
      'Return response for changes',
      'Sign off response',
      'Close',
      'Withdraw',
      'Close as not taken forward',
      'Accept although out of time',
      'Reopen',
    ]);
    expect(ISSUE_OUTCOMES).toEqual([...OUTCOMES, 'withdrawn', 'not-pursued']);
    expect(ISSUE_OUTCOMES.map((o) => OUTCOME_LABELS[o])).toEqual([
      'Upheld',
      'Partly upheld',
      'Not upheld',
      'Withdrawn',
      'Not pursued',
    ]);
    expect(SATISFACTION.map((s) => SATISFACTION_LABELS[s])).toEqual(['Yes', 'No', 'Not known']);
  });
});
