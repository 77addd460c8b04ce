import type { FastifyInstance } from 'fastify';
import { can } from '../../auth/roles.ts';
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
import { correspondencePaths } from '../correspondence/paths.ts';
import {
  allowedEventsFor,
  caseFacts,
  caseState,
  EXTENSION_AUTHORISERS,
  mayApply,
} from './lifecycle-service.ts';
import { lifecyclePaths } from './paths.ts';
import { RECORD_EVENTS } from './permissions.ts';

/** After these events the matching letter is offered for preview, so the complainant is told promptly. */
function letterAfter(type: EventType, stage: number): string | null {
  switch (type) {
    case 'acknowledge':
      return stage === 2 ? 'stage2-acknowledgement' : 'acknowledgement';
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
        await eventContext(services, complaint, type, {}),
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
      const payload = eventPayloadFromForm(type, body);
      let changed: Awaited<ReturnType<typeof lifecycle.applyEvent>>;
      try {
        if (payload.errors.length) throw new ValidationError(payload.errors);
        changed = await lifecycle.applyEvent(actor, reference, type, payload.value);
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
            { ...(await eventContext(services, complaint, type, body)), errors },
            400,
          );
        }
        throw error;
      }
      const letter = letterAfter(type, changed.stage);
      if (letter && can(actor.role, 'correspondence:send')) {
        return reply.redirect(
          `${correspondencePaths.complaints.letter(reference, letter)}?after=${type}`,
          303,
        );
      }
      return reply.redirect(`${casePaths.complaints.show(reference)}?done=${type}`, 303);
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

async function eventContext(
  services: Services,
  complaint: Awaited<ReturnType<Services['cases']['find']>>,
  type: EventType,
  values: Record<string, unknown>,
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
  };
}
