import type { EventType } from '../../domain/lifecycle/index.ts';

/** Timeline headings for lifecycle events: what happened, not the button that did it. */
export const EVENT_DONE_LABELS: Record<EventType, string> = {
  acknowledge: 'Acknowledged',
  'resolve-stage1': 'Resolved at stage 1',
  escalate: 'Escalated to stage 2',
  extend: 'Deadline extended',
  'agree-response-period': 'Longer response period agreed',
  pause: 'Paused',
  resume: 'Resumed',
  'submit-response': 'Response submitted for sign-off',
  'return-response': 'Response returned for changes',
  'sign-off': 'Response signed off',
  close: 'Closed',
  withdraw: 'Withdrawn',
  decline: 'Closed as not taken forward',
  'accept-late': 'Accepted although out of time',
  reopen: 'Reopened',
};

/** The success banner after each event: what was done, and what comes next. */
export const EVENT_DONE_MESSAGES: Record<EventType, (stage: number) => string> = {
  acknowledge: (stage) =>
    stage === 2
      ? 'Stage 2 acknowledged. Next: send the stage 2 acknowledgement.'
      : 'Complaint acknowledged. Next: send the acknowledgement.',
  'resolve-stage1': () => 'Complaint resolved at stage 1. Next: send the stage 1 response.',
  escalate: () => 'Complaint escalated to stage 2. Next: send the stage 2 acknowledgement.',
  extend: () => 'Deadline extended. Next: send the extension letter to tell the complainant.',
  'agree-response-period': () =>
    'Longer response period recorded. Next: confirm the new date to the complainant in writing.',
  pause: () => 'Complaint paused: the clock has stopped. Next: resume it when the work can carry on.',
  resume: () => 'Complaint resumed: the clock has restarted. Next: carry on with the next step.',
  'submit-response': () => 'Response submitted for sign-off. Next: a responsible person reviews it.',
  'return-response': () =>
    'Response returned for changes. Next: the handler revises it and submits it again.',
  'sign-off': () => 'Response signed off. Next: send the final response.',
  close: () => 'Complaint closed. There is nothing more to do.',
  withdraw: () => 'Complaint withdrawn. Next: confirm the withdrawal to the complainant.',
  decline: () => 'Complaint closed as not taken forward. Next: tell the complainant why, and where to go.',
  'accept-late': () => 'Complaint accepted although out of time. Next: acknowledge it.',
  reopen: () => 'Complaint reopened. Next: carry on with the next step.',
};
