import type { FastifyInstance } from 'fastify';
import { type Actor, can } from '../../auth/roles.ts';
import type { ComplaintRow } from '../../db/schema.ts';
import {
  applyEvent,
  CLOSURE_REASON_LABELS,
  CLOSURE_REASONS,
  EVENT_LABELS,
  EVENT_TYPES,
  type EventType,
  isEventType,
  OUTCOMES,
  SATISFACTION,
} from '../../domain/lifecycle/index.ts';
import { ConflictError, type FieldError, ForbiddenError, ValidationError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { dateFromParts, type FormBody, field, formBody, mergeErrors } from '../../web/form-helpers.ts';
import { render } from '../../web/render.ts';
import { requireActor } from '../../web/request-context.ts';
import { casePaths } from '../cases/paths.ts';
import { CORRESPONDENCE_CHANNEL_LABELS, RECORDED_CHANNELS } from '../correspondence/forms.ts';
import { correspondencePaths } from '../correspondence/paths.ts';
import {
  draftFinalResponse,
  issuesOf,
  issuesWithoutOutcome,
  outcomeFromIssues,
} from '../correspondence/response-draft.ts';
import { acknowledgementLetterFor } from './acknowledgement.ts';
import {
  allowedEventsFor,
  caseFacts,
  caseState,
  EXTENSION_AUTHORISERS,
  mayApply,
} from './lifecycle-service.ts';
import { lifecyclePaths } from './paths.ts';
import { RECORD_EVENTS } from './permissions.ts';

/**
 * After these events the matching letter is offered for preview, so the complainant is told promptly. (The
 * acknowledgement is recorded by sending its letter, or by recording how they were told, so it is not here.)
 */
function letterAfter(type: EventType): string | null {
  switch (type) {
    case 'escalate':
      return 'stage2-acknowledgement';
    case 'extend':
      return 'extension';
    case 'resolve-stage1':
      return 'stage1-outcome';
    case 'sign-off':
      return 'final-response';
    default:
      return null;
  }
}

const NEEDS_REASON: readonly EventType[] = [
  'escalate',
  'pause',
  'withdraw',
  'extend',
  'reopen',
  'return-response',
  'decline',
  'accept-late',
  'agree-response-period',
];

/** Date fields each event's form asks for with day, month and year boxes; all but `requestedOn` required. */
const DATE_FIELDS: Partial<Record<EventType, { name: string; label: string; optional?: boolean }[]>> = {
  escalate: [{ name: 'requestedOn', label: 'the date they asked for stage 2', optional: true }],
  extend: [
    { name: 'newDueDate', label: 'the new due date' },
    { name: 'complainantToldOn', label: 'the date the complainant was told' },
  ],
  'agree-response-period': [
    { name: 'newLimitOn', label: 'the new latest date for the final response' },
    { name: 'agreedOn', label: 'the date it was agreed' },
  ],
};

export async function lifecycleRoutes(app: FastifyInstance, services: Services) {
  const { cases, lifecycle } = services;

  app.get(
    lifecyclePaths.complaints.event.pattern,
    { config: { access: RECORD_EVENTS } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { reference, type } = request.params as { reference: string; type: string };
      if (!isEventType(type)) return reply.callNotFound();
      // A role that may never record this event is refused before the case is looked at, as the form's POST is.
      if (!mayApply(actor, type))
        throw new ForbiddenError(
          `Your role does not allow you to ${EVENT_LABELS[type].toLowerCase()} a complaint.`,
        );
      const complaint = await cases.find(actor, reference);
      const cal = await services.calendars.forOrganisation(complaint.organisation_id);
      const facts = caseFacts(complaint, cal, services.today());
      if (!allowedEventsFor(actor, complaint, facts).includes(type)) {
        const result = applyEvent(caseState(complaint), type, facts);
        const message = result.ok
          ? `Your role does not allow you to ${EVENT_LABELS[type].toLowerCase()} a complaint.`
          : result.message;
        return render(request, reply, 'lifecycle/views/event-refused.njk', { c: complaint, message }, 409);
      }
      return render(
        request,
        reply,
        'lifecycle/views/event.njk',
        await eventContext(services, complaint, type, {}, actor),
      );
    },
  );

  app.post(
    lifecyclePaths.complaints.event.pattern,
    { config: { access: RECORD_EVENTS } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { reference, type } = request.params as { reference: string; type: string };
      if (!isEventType(type)) return reply.callNotFound();
      const body = formBody(request);
      // The responsible person's page offers both decisions: approve (sign off) or return with comments.
      const decided = type === 'sign-off' ? signOffDecision(body) : { type, errors: [] };
      const applied = decided.type;
      const payload = eventPayloadFromForm(applied, body);
      payload.errors.push(...decided.errors);
      try {
        if (payload.errors.length) throw new ValidationError(payload.errors);
        if (type === 'acknowledge') {
          // On the web an acknowledgement is a real communication: the letter (sent from its page), or this.
          await services.correspondence.acknowledgeOtherWay(actor, reference, {
            channel: field(body, 'channel'),
            body: field(body, 'body'),
            date: {
              day: field(body, 'date-day'),
              month: field(body, 'date-month'),
              year: field(body, 'date-year'),
            },
          });
        } else {
          await lifecycle.applyEvent(actor, reference, applied, payload.value);
        }
      } catch (error) {
        if (error instanceof ValidationError || error instanceof ConflictError) {
          const complaint = await cases.find(actor, reference);
          if (error instanceof ConflictError) {
            return render(
              request,
              reply,
              'lifecycle/views/event-refused.njk',
              { c: complaint, message: error.message },
              409,
            );
          }
          const errors = mergeErrors(payload.errors, error.errors);
          return render(
            request,
            reply,
            'lifecycle/views/event.njk',
            { ...(await eventContext(services, complaint, type, body, actor)), errors },
            400,
          );
        }
        throw error;
      }
      const letter = letterAfter(applied);
      if (letter && can(actor.role, 'correspondence:send')) {
        return reply.redirect(
          `${correspondencePaths.complaints.letter(reference, letter)}?after=${applied}`,
          303,
        );
      }
      return reply.redirect(`${casePaths.complaints.show(reference)}?done=${applied}`, 303);
    },
  );
}

function eventPayloadFromForm(type: EventType, body: FormBody) {
  const errors: FieldError[] = [];
  const value: Record<string, unknown> = {};
  for (const key of [
    'reason',
    'note',
    'summary',
    'outcome',
    'satisfied',
    'closureReason',
    'referredTo',
    'authorisedBy',
    'response',
  ]) {
    const v = field(body, key);
    if (v !== '') value[key] = v;
  }
  // Withdrawing is confirmed with its own button ("Yes, withdraw the complaint"), not by any post.
  if (type === 'withdraw' && field(body, 'confirm') !== 'yes') {
    errors.push({ field: 'confirm', message: 'Select ‘Yes, withdraw the complaint’ to withdraw it' });
  }
  for (const date of DATE_FIELDS[type] ?? []) {
    const blank = ['day', 'month', 'year'].every((p) => field(body, `${date.name}-${p}`).trim() === '');
    if (date.optional && blank) continue;
    const parsed = dateFromParts(body, date.name, date.label);
    if (parsed.error) errors.push({ field: date.name, message: parsed.error });
    else value[date.name] = parsed.value;
  }
  return { value, errors };
}

/** The sign-off page's choice: approve (sign off) or return with comments, which become the reason. */
function signOffDecision(body: FormBody): { type: EventType; errors: FieldError[] } {
  const decision = field(body, 'decision');
  if (decision === 'return') {
    body.reason = field(body, 'comments');
    return field(body, 'comments').trim()
      ? { type: 'return-response', errors: [] }
      : {
          type: 'return-response',
          errors: [{ field: 'comments', message: 'Enter your comments: what needs changing, and why' }],
        };
  }
  if (decision === 'approve') return { type: 'sign-off', errors: [] };
  return {
    type: 'sign-off',
    errors: [
      { field: 'decision', message: 'Select whether you approve the response or return it with comments' },
    ],
  };
}

/** What the submit, sign-off and return pages show of the response: the issues, the draft, the comments. */
async function responseContext(
  services: Services,
  complaint: ComplaintRow,
  type: EventType,
  values: Record<string, unknown>,
) {
  if (type !== 'submit-response' && type !== 'sign-off' && type !== 'return-response') return {};
  const [issues, drafts] = await Promise.all([
    issuesOf(services.db, complaint),
    services.lifecycle.responseDrafts(complaint),
  ]);
  const latest = drafts[0] ?? null;
  const returned = drafts.find((d) => d.status === 'returned' && d.version === latest?.version) ?? null;
  let response: string | null = typeof values.response === 'string' ? values.response : null;
  if (type === 'submit-response' && response === null) {
    // Start from the text returned or approved, where there is one; else from a new draft.
    response =
      latest && latest.status !== 'submitted'
        ? latest.body
        : await draftFinalResponse(services.db, complaint, issues, services.today());
  }
  return {
    issues: issues.map((issue, i) => ({
      number: i + 1,
      summary: issue.summary,
      outcome: issue.outcome,
      findings: issue.findings,
    })),
    missingOutcomes: issuesWithoutOutcome(issues),
    derivedOutcome: outcomeFromIssues(issues),
    draft: latest?.status === 'submitted' ? latest : null,
    returned,
    approved: latest?.status === 'approved' ? latest : null,
    response,
    paragraphs: latest?.status === 'submitted' ? latest.body.split(/\n\s*\n/) : [],
  };
}

async function eventContext(
  services: Services,
  complaint: ComplaintRow,
  type: EventType,
  values: Record<string, unknown>,
  actor: Actor,
) {
  const authorisers =
    type === 'extend'
      ? await services.auth.usersWithRoles(complaint.organisation_id, EXTENSION_AUTHORISERS)
      : [];
  return {
    c: complaint,
    type,
    latestExtension: type === 'extend' ? await services.lifecycle.latestExtension(complaint) : null,
    label: EVENT_LABELS[type],
    values,
    outcomes: OUTCOMES,
    satisfaction: SATISFACTION,
    closureReasons: CLOSURE_REASONS.map((r) => ({ value: r, text: CLOSURE_REASON_LABELS[r] })),
    dateFields: DATE_FIELDS[type] ?? [],
    authorisers,
    needsReason: NEEDS_REASON.includes(type),
    eventTypes: EVENT_TYPES,
    ...(await responseContext(services, complaint, type, values)),
    ...(type === 'acknowledge'
      ? {
          acknowledgementLetter: acknowledgementLetterFor(complaint),
          canSend: can(actor.role, 'correspondence:send'),
          channels: RECORDED_CHANNELS.map((c) => ({ value: c, text: CORRESPONDENCE_CHANNEL_LABELS[c] })),
        }
      : {}),
  };
}
