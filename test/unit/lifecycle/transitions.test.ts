import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  applyEvent,
  type CaseState,
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

const state = (status: Status, stage: Stage, pausedFromStatus: Status | null = null): CaseState => ({
  status,
  stage,
  pausedFromStatus,
});

const name = (s: CaseState) =>
  `${s.status}@${s.stage}${s.pausedFromStatus ? `(from ${s.pausedFromStatus})` : ''}`;

// The rules, written out by hand: every reachable state, the events it allows in display order, and where each
// event leads. Anything not listed must be refused.
const TABLE: { from: CaseState; allowed: [EventType, CaseState][] }[] = [
  {
    from: state('received', 1),
    allowed: [
      ['acknowledge', state('acknowledged', 1)],
      ['resolve-stage1', state('resolved', 1)],
      ['escalate', state('investigating', 2)],
      ['extend', state('received', 1)],
      ['pause', state('paused', 1, 'received')],
      ['withdraw', state('withdrawn', 1)],
    ],
  },
  {
    from: state('acknowledged', 1),
    allowed: [
      ['resolve-stage1', state('resolved', 1)],
      ['escalate', state('investigating', 2)],
      ['extend', state('acknowledged', 1)],
      ['pause', state('paused', 1, 'acknowledged')],
      ['withdraw', state('withdrawn', 1)],
    ],
  },
  { from: state('resolved', 1), allowed: [['reopen', state('investigating', 2)]] },
  {
    from: state('investigating', 2),
    allowed: [
      ['submit-response', state('response-drafted', 2)],
      ['extend', state('investigating', 2)],
      ['pause', state('paused', 2, 'investigating')],
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
  {
    from: state('signed-off', 2),
    allowed: [
      ['close', state('closed', 2)],
      ['extend', state('signed-off', 2)],
      ['pause', state('paused', 2, 'signed-off')],
      ['withdraw', state('withdrawn', 2)],
    ],
  },
  { from: state('closed', 2), allowed: [['reopen', state('investigating', 2)]] },
  { from: state('withdrawn', 1), allowed: [] },
  { from: state('withdrawn', 2), allowed: [] },
  {
    from: state('paused', 1, 'received'),
    allowed: [
      ['resume', state('received', 1)],
      ['withdraw', state('withdrawn', 1)],
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

const applied = (from: CaseState, type: EventType): CaseState => {
  const result = applyEvent(from, type);
  if (!result.ok) throw new Error(`expected ${type} on ${name(from)} to be allowed: ${result.message}`);
  return result.state;
};

const refusal = (from: CaseState, type: EventType): string => {
  const result = applyEvent(from, type);
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

describe('journeys', () => {
  it('starts as received at stage 1', () => {
    expect(initialCaseState()).toEqual(state('received', 1));
    expect(initialCaseState()).not.toBe(initialCaseState());
  });

  it('runs the full stage 2 journey', () => {
    const steps: EventType[] = [
      'acknowledge',
      'escalate',
      'submit-response',
      'return-response',
      'submit-response',
      'sign-off',
      'close',
    ];
    const end = steps.reduce(applied, initialCaseState());
    expect(end).toEqual(state('closed', 2));
  });

  it('pause then resume returns to the status it was paused from, keeping the stage', () => {
    for (const status of ['received', 'acknowledged'] as const) {
      const paused = applied(state(status, 1), 'pause');
      expect(paused).toEqual(state('paused', 1, status));
      expect(applied(paused, 'resume')).toEqual(state(status, 1));
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

  it('reopens a stage 1 resolution into a stage 2 investigation', () => {
    const resolved = ['acknowledge', 'resolve-stage1'].reduce(
      (s, e) => applied(s, e as EventType),
      initialCaseState(),
    );
    expect(resolved).toEqual(state('resolved', 1));
    expect(applied(resolved, 'reopen')).toEqual(state('investigating', 2));
  });

  it('reopens a closed complaint into a stage 2 investigation', () => {
    expect(applied(state('closed', 2), 'reopen')).toEqual(state('investigating', 2));
  });
});

describe('refusal messages', () => {
  it('sign-off before the response is submitted', () => {
    expect(refusal(state('investigating', 2), 'sign-off')).toBe(
      'You cannot sign off a complaint that is under investigation: the response must be submitted for sign-off first.',
    );
  });

  it('close before sign-off', () => {
    expect(refusal(state('investigating', 2), 'close')).toBe(
      'You cannot close a complaint that is under investigation: the response must be submitted and signed off first.',
    );
    expect(refusal(state('response-drafted', 2), 'close')).toBe(
      'You cannot close this complaint until its response has been signed off.',
    );
    expect(refusal(state('acknowledged', 1), 'close')).toMatch(/resolving it at stage 1/);
  });

  it('acknowledge twice', () => {
    expect(refusal(state('acknowledged', 1), 'acknowledge')).toBe(
      'This complaint has already been acknowledged.',
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

  it('resolve or escalate once already resolved points to reopening', () => {
    expect(refusal(state('resolved', 1), 'resolve-stage1')).toBe(
      'This complaint has already been resolved at stage 1.',
    );
    expect(refusal(state('resolved', 1), 'escalate')).toBe(
      'This complaint has already been resolved at stage 1. To take it to stage 2, reopen it.',
    );
    expect(refusal(state('resolved', 1), 'pause')).toBe(
      'This complaint has been resolved at stage 1. Reopen it before recording anything else.',
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

  it('anything on a withdrawn complaint', () => {
    for (const stage of [1, 2] as const) {
      for (const type of EVENT_TYPES) {
        expect(refusal(state('withdrawn', stage), type)).toBe(
          'This complaint has been withdrawn, so nothing more can be recorded on it.',
        );
      }
    }
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

  it('reopen on an open complaint', () => {
    expect(refusal(state('investigating', 2), 'reopen')).toBe(
      'You can only reopen a complaint that has been resolved at stage 1 or closed. This complaint is still open.',
    );
  });

  it('falls back to a message naming the event and the status', () => {
    expect(refusal(state('investigating', 2), 'acknowledge')).toBe(
      'You cannot record "Acknowledge" on a complaint with the status "Under investigation".',
    );
    expect(refusal(state('signed-off', 2), 'acknowledge')).toBe(
      'You cannot record "Acknowledge" on a complaint with the status "Signed off".',
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
    state('nonsense' as Status, 1),
    { status: 'received', stage: 3 as Stage, pausedFromStatus: null },
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
  it('isOpen is false only for resolved, closed and withdrawn', () => {
    const closedish = STATUSES.filter((s) => !isOpen(s));
    expect(closedish).toEqual(['resolved', 'closed', 'withdrawn']);
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
      paused: 'Paused',
    });
    expect(EVENT_TYPES.map((t) => EVENT_LABELS[t])).toEqual([
      'Acknowledge',
      'Resolve at stage 1',
      'Escalate to stage 2',
      'Extend the deadline',
      'Pause',
      'Resume',
      'Submit response for sign-off',
      'Return response for changes',
      'Sign off response',
      'Close',
      'Withdraw',
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
