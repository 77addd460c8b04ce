import { EVENT_LABELS, type EventType, type Status } from '../../domain/lifecycle/index.ts';
import { caseRecordPaths } from '../case-record/paths.ts';
import { correspondencePaths } from '../correspondence/paths.ts';
import { lifecyclePaths } from '../lifecycle/paths.ts';
import type { ChecklistItem } from '../module.ts';

export interface NextStepFacts {
  reference: string;
  status: Status;
  stage: 1 | 2;
  /** The events this person may record now, in the lifecycle's order. */
  allowedEvents: readonly EventType[];
  /** What the modules say is outstanding (`caseChecklist`). */
  checklist: readonly ChecklistItem[];
  /** This person may send letters, and record issues and their outcomes. */
  canSendLetters: boolean;
  canRecordOutcomes: boolean;
}

export interface StepLink {
  text: string;
  href: string;
  /** The lifecycle event it records, when it is one. */
  event?: EventType;
}

export interface NextSteps {
  /** The one thing to do next, as a green button; null when there is nothing for this person to do. */
  primary: StepLink | null;
  /** Said instead when the case waits on someone else. */
  waiting: string | null;
  /** Everything else this person may record now, as a plain list of links. */
  others: StepLink[];
}

/** Other actions read as links, so they are worded as things to do. */
const OTHER_ACTION_TEXT: Partial<Record<EventType, string>> = {
  withdraw: 'Withdraw the complaint',
  pause: 'Pause the complaint',
  resume: 'Resume the complaint',
  close: 'Close the complaint',
  reopen: 'Reopen the complaint',
  escalate: 'Escalate to stage 2',
};

const eventLink = (reference: string, event: EventType, text = EVENT_LABELS[event]): StepLink => ({
  text,
  href: lifecyclePaths.complaints.event(reference, event),
  event,
});

const letterLink = (reference: string, key: string, text: string): StepLink => ({
  text,
  href: correspondencePaths.complaints.letter(reference, key),
});

/**
 * The one next action for a case, from its status and what is outstanding, and the other actions open to this
 * person. Pure: the case page gathers the facts (the allowed events, the modules' checklists).
 */
export function nextSteps(facts: NextStepFacts): NextSteps {
  const primary = primaryStep(facts);
  const waiting =
    primary === null && facts.status === 'response-drafted'
      ? 'The response is waiting for a responsible person to sign it off.'
      : null;
  const others = facts.allowedEvents
    .filter((event) => event !== primary?.event)
    // Changing an approved response is offered beside the final response letter, not as something to do next.
    .filter((event) => !(event === 'submit-response' && facts.status === 'signed-off'))
    .map((event) => eventLink(facts.reference, event, OTHER_ACTION_TEXT[event]));
  return { primary, waiting, others };
}

function primaryStep(facts: NextStepFacts): StepLink | null {
  const { reference, status, stage, allowedEvents, checklist } = facts;
  const allowed = (event: EventType) => allowedEvents.includes(event);
  const missing = (id: string) => checklist.find((item) => item.id === id);
  const letter = (key: string, text: string) =>
    facts.canSendLetters ? letterLink(reference, key, text) : null;

  /** Issues before answers: an issue to record, else the first issue without an outcome. */
  const issueWork = (): StepLink | null => {
    if (!facts.canRecordOutcomes) return null;
    if (missing('issues-missing'))
      return { text: 'Add an issue', href: caseRecordPaths.complaints.issueNew(reference) };
    const outcome = missing('issue-outcome-missing');
    if (outcome?.href)
      return {
        text: outcome.text.replace(/^Outcome missing for/, 'Record the outcome for'),
        href: outcome.href,
      };
    return null;
  };

  switch (status) {
    case 'received':
      if (stage === 1 && allowed('acknowledge'))
        return letter('acknowledgement', 'Send the acknowledgement') ?? eventLink(reference, 'acknowledge');
      return allowed('resolve-stage1')
        ? eventLink(reference, 'resolve-stage1', 'Record the stage 1 answer')
        : null;
    case 'acknowledged':
      if (missing('acknowledgement-not-sent')) return letter('acknowledgement', 'Send the acknowledgement');
      return (
        issueWork() ??
        (allowed('resolve-stage1')
          ? eventLink(reference, 'resolve-stage1', 'Record the stage 1 answer')
          : null)
      );
    case 'investigating':
      if (allowed('acknowledge') || missing('stage2-acknowledgement-not-sent'))
        return letter('stage2-acknowledgement', 'Send the stage 2 acknowledgement');
      return (
        issueWork() ??
        (allowed('submit-response')
          ? eventLink(reference, 'submit-response', 'Submit the response for sign-off')
          : null)
      );
    case 'response-drafted':
      return allowed('sign-off') ? eventLink(reference, 'sign-off', 'Review the response') : null;
    case 'signed-off':
      return allowed('close') && !missing('final-response-not-sent')
        ? eventLink(reference, 'close', 'Close the complaint')
        : letter('final-response', 'Send the final response');
    case 'resolved':
      return allowed('close') ? eventLink(reference, 'close', 'Close the complaint') : null;
    case 'paused':
      return allowed('resume') ? eventLink(reference, 'resume', 'Resume the complaint') : null;
    default:
      return null;
  }
}
