import { describe, expect, it } from 'vitest';
import type { EventType, Status } from '../../../src/domain/lifecycle/index.ts';
import { type NextStepFacts, nextSteps } from '../../../src/modules/cases/next-steps.ts';
import type { ChecklistItem } from '../../../src/modules/module.ts';

const REF = 'CMP-2026-000001';
const base = `/complaints/${REF}`;

function facts(
  status: Status,
  allowedEvents: EventType[],
  checklist: ChecklistItem[] = [],
  more: Partial<NextStepFacts> = {},
): NextStepFacts {
  return {
    reference: REF,
    status,
    stage: status === 'investigating' || status === 'response-drafted' || status === 'signed-off' ? 2 : 1,
    allowedEvents,
    checklist,
    canSendLetters: true,
    canRecordOutcomes: true,
    ...more,
  };
}

const item = (id: string, text: string, href?: string): ChecklistItem => ({ id, text, href });
const NO_ISSUES = item('issues-missing', 'No issues recorded', `${base}/issues/new`);
const OUTCOME_2 = item('issue-outcome-missing', 'Outcome missing for issue 2', `${base}/issues/i2`);
const OUTCOME_3 = item('issue-outcome-missing', 'Outcome missing for issue 3', `${base}/issues/i3`);
const ACK_NOT_SENT = item(
  'acknowledgement-not-sent',
  'Acknowledgement not sent',
  `${base}/letters/acknowledgement`,
);
const S2_NOT_SENT = item('stage2-acknowledgement-not-sent', 'Stage 2 acknowledgement not sent');
const FINAL_NOT_SENT = item('final-response-not-sent', 'Final response not sent');

describe('the next step of a case', () => {
  it('received, not acknowledged: send the acknowledgement (the letter page), the rest under other actions', () => {
    const steps = nextSteps(
      facts('received', ['acknowledge', 'escalate', 'pause', 'withdraw'], [ACK_NOT_SENT]),
    );
    expect(steps.primary).toEqual({
      text: 'Send the acknowledgement',
      href: `${base}/letters/acknowledgement`,
    });
    // The acknowledge event stays among the other actions: the letter is a link, not that event.
    expect(steps.others.map((o) => o.text)).toEqual([
      'Acknowledge',
      'Escalate to stage 2',
      'Pause the complaint',
      'Withdraw the complaint',
    ]);
    expect(steps.others.at(-1)?.href).toBe(`${base}/events/withdraw`);
    expect(steps.waiting).toBeNull();
  });

  it('received by someone who may not send letters: acknowledge through the event', () => {
    const steps = nextSteps(facts('received', ['acknowledge'], [], { canSendLetters: false }));
    expect(steps.primary).toEqual({
      text: 'Acknowledge',
      href: `${base}/events/acknowledge`,
      event: 'acknowledge',
    });
    expect(steps.others).toEqual([]);
  });

  it('received where stage 1 needs no acknowledgement (SPSO): record the stage 1 answer', () => {
    const steps = nextSteps(facts('received', ['resolve-stage1', 'escalate']));
    expect(steps.primary?.text).toBe('Record the stage 1 answer');
    expect(steps.primary?.href).toBe(`${base}/events/resolve-stage1`);
    expect(steps.others.map((o) => o.event)).toEqual(['escalate']);
  });

  it('acknowledged but the letter not sent: send the acknowledgement first', () => {
    const steps = nextSteps(facts('acknowledged', ['resolve-stage1'], [ACK_NOT_SENT, NO_ISSUES]));
    expect(steps.primary?.text).toBe('Send the acknowledgement');
  });

  it('acknowledged with no issues: add an issue; with one missing its outcome: record it; else the answer', () => {
    expect(nextSteps(facts('acknowledged', ['resolve-stage1'], [NO_ISSUES])).primary).toEqual({
      text: 'Add an issue',
      href: `${base}/issues/new`,
    });
    expect(nextSteps(facts('acknowledged', ['resolve-stage1'], [OUTCOME_2, OUTCOME_3])).primary).toEqual({
      text: 'Record the outcome for issue 2',
      href: `${base}/issues/i2`,
    });
    const done = nextSteps(facts('acknowledged', ['resolve-stage1', 'escalate', 'withdraw']));
    expect(done.primary?.text).toBe('Record the stage 1 answer');
    expect(done.others.map((o) => o.event)).toEqual(['escalate', 'withdraw']);
  });

  it('acknowledged, for someone who may not record outcomes: the stage 1 answer if they may give it, else none', () => {
    const noRecord = { canRecordOutcomes: false };
    expect(nextSteps(facts('acknowledged', [], [NO_ISSUES], noRecord)).primary).toBeNull();
  });

  it('escalated and the stage 2 acknowledgement not sent: send it', () => {
    const steps = nextSteps(facts('investigating', ['acknowledge', 'extend', 'pause'], [S2_NOT_SENT]));
    expect(steps.primary).toEqual({
      text: 'Send the stage 2 acknowledgement',
      href: `${base}/letters/stage2-acknowledgement`,
    });
    // Acknowledged but the letter never went: still the letter.
    expect(nextSteps(facts('investigating', ['submit-response'], [S2_NOT_SENT])).primary?.text).toBe(
      'Send the stage 2 acknowledgement',
    );
  });

  it('investigating: an outcome missing comes before the response; with every outcome, submit for sign-off', () => {
    expect(nextSteps(facts('investigating', ['submit-response'], [OUTCOME_3])).primary?.text).toBe(
      'Record the outcome for issue 3',
    );
    expect(nextSteps(facts('investigating', ['submit-response'], [NO_ISSUES])).primary?.text).toBe(
      'Add an issue',
    );
    const ready = nextSteps(facts('investigating', ['extend', 'submit-response', 'withdraw']));
    expect(ready.primary).toEqual({
      text: 'Submit the response for sign-off',
      href: `${base}/events/submit-response`,
      event: 'submit-response',
    });
    expect(ready.others.map((o) => o.event)).toEqual(['extend', 'withdraw']);
  });

  it('response drafted: a responsible person reviews it; anyone else is told it waits for sign-off', () => {
    const reviewer = nextSteps(facts('response-drafted', ['sign-off', 'return-response']));
    expect(reviewer.primary?.text).toBe('Review the response');
    expect(reviewer.primary?.href).toBe(`${base}/events/sign-off`);
    expect(reviewer.others.map((o) => o.event)).toEqual(['return-response']);
    const handler = nextSteps(facts('response-drafted', ['extend']));
    expect(handler.primary).toBeNull();
    expect(handler.waiting).toBe('The response is waiting for a responsible person to sign it off.');
  });

  it('signed off: send the final response; once sent, close', () => {
    expect(nextSteps(facts('signed-off', [], [FINAL_NOT_SENT])).primary).toEqual({
      text: 'Send the final response',
      href: `${base}/letters/final-response`,
    });
    expect(nextSteps(facts('signed-off', ['close'])).primary?.text).toBe('Close the complaint');
    expect(
      nextSteps(facts('signed-off', [], [FINAL_NOT_SENT], { canSendLetters: false })).primary,
    ).toBeNull();
  });

  it('resolved: close when allowed; paused: resume; closed, withdrawn, not taken forward: nothing', () => {
    expect(nextSteps(facts('resolved', ['escalate', 'close'])).primary?.text).toBe('Close the complaint');
    expect(nextSteps(facts('resolved', ['escalate'])).primary).toBeNull();
    expect(nextSteps(facts('paused', ['resume', 'withdraw'])).primary?.text).toBe('Resume the complaint');
    for (const status of ['closed', 'withdrawn', 'not-taken-forward'] as const) {
      const steps = nextSteps(facts(status, ['reopen']));
      expect(steps.primary).toBeNull();
      expect(steps.waiting).toBeNull();
      expect(steps.others.map((o) => o.text)).toEqual(['Reopen the complaint']);
    }
  });
});
