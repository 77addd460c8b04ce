import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  EVENT_TYPES,
  type EventPayload,
  type EventType,
  eventPayloadSchemas,
  type FieldError,
  parseEventPayload,
} from '../../../src/domain/lifecycle/index.ts';

const refused = (type: EventType, input: unknown): FieldError[] => {
  const result = parseEventPayload(type, input);
  if (result.ok) throw new Error(`expected ${type} payload to be refused`);
  return result.errors;
};

const accepted = <T extends EventType>(type: T, input: unknown) => {
  const result = parseEventPayload(type, input);
  if (!result.ok)
    throw new Error(`expected ${type} payload to be accepted: ${JSON.stringify(result.errors)}`);
  return result.value;
};

const validExtend = { reason: 'Awaiting records', newDueDate: '2027-01-15', complainantToldOn: '2026-12-01' };

describe('required reason', () => {
  const messages: [EventType, string][] = [
    ['escalate', 'Enter the reason for escalating'],
    ['pause', 'Enter the reason for pausing'],
    ['withdraw', 'Enter the reason for withdrawing'],
    ['extend', 'Enter the reason for extending the deadline'],
    ['reopen', 'Enter the reason for reopening'],
    ['return-response', 'Enter your comments: what needs changing'],
    ['accept-late', 'Enter why the complaint is accepted although it was made out of time'],
  ];

  it.each(messages)('%s needs a reason', (type, message) => {
    const base = type === 'extend' ? { ...validExtend } : {};
    for (const reason of [undefined, '', '   \n\t', 42, null]) {
      expect(refused(type, { ...base, reason })).toEqual([{ field: 'reason', message }]);
    }
  });

  it('trims the reason', () => {
    expect(accepted('escalate', { reason: '  Unhappy with the answer \n' })).toEqual({
      type: 'escalate',
      reason: 'Unhappy with the answer',
    });
  });

  it('allows 5000 characters but not 5001, counted after trimming', () => {
    expect(accepted('pause', { reason: ` ${'a'.repeat(5000)} ` })).toMatchObject({
      reason: 'a'.repeat(5000),
    });
    expect(refused('pause', { reason: 'a'.repeat(5001) })).toEqual([
      { field: 'reason', message: 'The reason must be 5,000 characters or fewer' },
    ]);
  });
});

describe('extend', () => {
  it('accepts a valid payload', () => {
    expect(accepted('extend', validExtend)).toEqual({ type: 'extend', ...validExtend });
  });

  it('lists every missing field at once', () => {
    expect(refused('extend', {})).toEqual([
      { field: 'reason', message: 'Enter the reason for extending the deadline' },
      { field: 'newDueDate', message: 'Enter the new due date as a real date, for example 2027-01-15' },
      { field: 'complainantToldOn', message: 'Enter the date the complainant was told' },
    ]);
  });

  it.each([
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2027-02-29',
    '15/01/2027',
    '2027-1-15',
    'soon',
  ])('refuses %s as a due date', (newDueDate) => {
    expect(refused('extend', { ...validExtend, newDueDate })).toEqual([
      { field: 'newDueDate', message: 'Enter the new due date as a real date, for example 2027-01-15' },
    ]);
  });

  it('accepts 29 February in a leap year, including 2000', () => {
    expect(accepted('extend', { ...validExtend, newDueDate: '2028-02-29' })).toMatchObject({
      newDueDate: '2028-02-29',
    });
    expect(accepted('extend', { ...validExtend, newDueDate: '2000-02-29' })).toMatchObject({
      newDueDate: '2000-02-29',
    });
    expect(refused('extend', { ...validExtend, newDueDate: '2100-02-29' })).toHaveLength(1);
  });

  it('gives a different message for a complainant-told date that is present but not real', () => {
    expect(refused('extend', { ...validExtend, complainantToldOn: '2026-02-30' })).toEqual([
      {
        field: 'complainantToldOn',
        message: 'Enter the date the complainant was told as a real date, for example 2027-01-15',
      },
    ]);
  });

  it('trims dates', () => {
    expect(accepted('extend', { ...validExtend, newDueDate: ' 2027-01-15 ' })).toMatchObject({
      newDueDate: '2027-01-15',
    });
  });
});

describe('resolve at stage 1', () => {
  const valid = { outcome: 'partly-upheld', summary: 'Apologised and refunded', satisfied: 'unknown' };

  it('accepts a valid payload', () => {
    expect(accepted('resolve-stage1', valid)).toEqual({ type: 'resolve-stage1', ...valid });
  });

  it('lists every error at once', () => {
    expect(refused('resolve-stage1', { outcome: 'sort-of', summary: '  ', satisfied: 'maybe' })).toEqual([
      { field: 'outcome', message: 'Select the outcome' },
      { field: 'summary', message: 'Enter a summary of the resolution' },
      { field: 'satisfied', message: 'Select whether the complainant was satisfied' },
    ]);
  });

  it('does not accept a per-issue outcome as the complaint outcome', () => {
    expect(refused('resolve-stage1', { ...valid, outcome: 'withdrawn' })).toEqual([
      { field: 'outcome', message: 'Select the outcome' },
    ]);
  });

  it('allows a 10000-character summary but not longer', () => {
    expect(accepted('resolve-stage1', { ...valid, summary: 's'.repeat(10000) })).toMatchObject({
      summary: 's'.repeat(10000),
    });
    expect(refused('resolve-stage1', { ...valid, summary: 's'.repeat(10001) })).toEqual([
      { field: 'summary', message: 'The summary must be 10,000 characters or fewer' },
    ]);
  });
});

describe('submitting the stage 2 response', () => {
  it('needs the outcome; what was found and the draft response are built from the issues when left out', () => {
    expect(refused('submit-response', {})).toEqual([{ field: 'outcome', message: 'Select the outcome' }]);
    expect(accepted('submit-response', { outcome: 'upheld', summary: ' Done ' })).toEqual({
      type: 'submit-response',
      outcome: 'upheld',
      summary: 'Done',
    });
    expect(accepted('submit-response', { outcome: 'upheld', response: ' Dear Alex ' })).toEqual({
      type: 'submit-response',
      outcome: 'upheld',
      response: 'Dear Alex',
    });
    expect(refused('submit-response', { outcome: 'upheld', response: 'x'.repeat(20_001) })).toEqual([
      { field: 'response', message: 'The response must be 20,000 characters or fewer' },
    ]);
  });
});

describe('close', () => {
  it('takes only an optional note: the outcome was recorded when the response was submitted', () => {
    expect(accepted('close', {})).toEqual({ type: 'close' });
    expect(accepted('close', { outcome: 'upheld', summary: 'x' })).toEqual({ type: 'close' });
  });
});

describe('not taken forward', () => {
  it('needs a reason from the list and an explanation; a referral names where it went', () => {
    expect(refused('decline', {})).toEqual([
      { field: 'closureReason', message: 'Select why the complaint is not being taken forward' },
      { field: 'reason', message: 'Explain the decision: it is what the complainant will be told' },
    ]);
    expect(refused('decline', { closureReason: 'referred-elsewhere', reason: 'r' })).toEqual([
      { field: 'referredTo', message: 'Enter the organisation the complaint was referred to' },
    ]);
    expect(
      accepted('decline', {
        closureReason: 'referred-elsewhere',
        referredTo: ' Local council ',
        reason: 'r',
      }),
    ).toEqual({
      type: 'decline',
      closureReason: 'referred-elsewhere',
      referredTo: 'Local council',
      reason: 'r',
    });
  });
});

describe('agreeing a longer response period', () => {
  it('needs the new latest date, the date it was agreed and why', () => {
    expect(refused('agree-response-period', { newLimitOn: '2026-02-30' })).toEqual([
      { field: 'reason', message: 'Enter why a longer period was agreed' },
      {
        field: 'newLimitOn',
        message: 'Enter the new latest date for the response as a real date, for example 2027-01-15',
      },
      { field: 'agreedOn', message: 'Enter the date it was agreed with the complainant' },
    ]);
  });
});

describe('escalation', () => {
  it('takes the date the complainant asked, when it was not today', () => {
    expect(accepted('escalate', { reason: 'r', requestedOn: '2026-11-20' })).toEqual({
      type: 'escalate',
      reason: 'r',
      requestedOn: '2026-11-20',
    });
    expect(refused('escalate', { reason: 'r', requestedOn: '20/11/2026' })).toEqual([
      { field: 'requestedOn', message: 'Enter the date they asked as a real date, for example 2027-01-15' },
    ]);
  });
});

describe('optional note', () => {
  it.each(['acknowledge', 'sign-off', 'resume', 'close'] as const)('%s accepts nothing at all', (type) => {
    expect(accepted(type, {})).toEqual({ type });
    expect(accepted(type, undefined)).toEqual({ type });
    expect(accepted(type, null)).toEqual({ type });
  });

  it('trims a note and treats a blank one as not given', () => {
    expect(accepted('sign-off', { note: '  Approved by the chief executive ' })).toEqual({
      type: 'sign-off',
      note: 'Approved by the chief executive',
    });
    expect(accepted('sign-off', { note: '   ' }).note).toBeUndefined();
  });

  it('limits a note to 5000 characters', () => {
    expect(refused('acknowledge', { note: 'n'.repeat(5001) })).toEqual([
      { field: 'note', message: 'The note must be 5,000 characters or fewer' },
    ]);
  });
});

describe('every schema', () => {
  it('has a schema for every event type', () => {
    expect(Object.keys(eventPayloadSchemas).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('strips unknown keys', () => {
    expect(accepted('escalate', { reason: 'r', caseId: 'abc', __proto__x: 1 })).toEqual({
      type: 'escalate',
      reason: 'r',
    });
    expect(
      accepted('resolve-stage1', { outcome: 'upheld', summary: 's', satisfied: 'yes', note: 'n' }),
    ).not.toHaveProperty('note');
  });

  it.each([...EVENT_TYPES])('%s accepts a back-dated occurredOn and refuses an unreal one', (type) => {
    const minimal: Record<EventType, object> = {
      acknowledge: {},
      'resolve-stage1': { outcome: 'upheld', summary: 's', satisfied: 'yes' },
      escalate: { reason: 'r' },
      extend: validExtend,
      'agree-response-period': { reason: 'r', newLimitOn: '2026-09-30', agreedOn: '2026-06-01' },
      pause: { reason: 'r' },
      resume: {},
      'submit-response': { outcome: 'upheld', summary: 's' },
      'return-response': { reason: 'r' },
      'sign-off': {},
      close: {},
      withdraw: { reason: 'r' },
      decline: { closureReason: 'outside-remit', reason: 'r' },
      'accept-late': { reason: 'r' },
      reopen: { reason: 'r' },
    };
    expect(accepted(type, { ...minimal[type], occurredOn: '2026-03-02' })).toMatchObject({
      occurredOn: '2026-03-02',
    });
    expect(accepted(type, { ...minimal[type], occurredOn: '' })).not.toMatchObject({
      occurredOn: expect.anything(),
    });
    expect(refused(type, { ...minimal[type], occurredOn: '2026-02-30' })).toEqual([
      { field: 'occurredOn', message: 'Enter the date this happened as a real date, for example 2027-01-15' },
    ]);
  });

  it('refuses input that is not an object', () => {
    expect(refused('acknowledge', 'reason=x')).toEqual([
      { field: '', message: 'The details of this event were not sent in the expected form' },
    ]);
  });

  it('refuses an unknown event type without throwing', () => {
    expect(refused('teleport' as EventType, {})).toEqual([
      { field: 'type', message: '"teleport" is not a known event' },
    ]);
  });
});

describe('types', () => {
  it('EventPayload is a discriminated union and parse results are narrowed to their type', () => {
    const result = parseEventPayload('extend', validExtend);
    if (result.ok) {
      expectTypeOf(result.value).toEqualTypeOf<Extract<EventPayload, { type: 'extend' }>>();
      expectTypeOf(result.value.newDueDate).toEqualTypeOf<string>();
      expectTypeOf(result.value.occurredOn).toEqualTypeOf<string | undefined>();
    }
    const describe = (payload: EventPayload): string => {
      switch (payload.type) {
        case 'resolve-stage1':
          expectTypeOf(payload.outcome).toEqualTypeOf<'upheld' | 'partly-upheld' | 'not-upheld'>();
          return payload.satisfied;
        case 'escalate':
          return payload.reason;
        default:
          return payload.type;
      }
    };
    expect(describe({ type: 'escalate', reason: 'r' })).toBe('r');
  });
});
