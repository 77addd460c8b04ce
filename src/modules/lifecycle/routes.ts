import type { FastifyInstance } from 'fastify';
import { can } from '../../auth/roles.ts';
import {
  applyEvent,
  EVENT_LABELS,
  EVENT_TYPES,
  type EventType,
  isEventType,
  OUTCOMES,
  SATISFACTION,
} from '../../domain/lifecycle/index.ts';
import { ConflictError, type FieldError, ValidationError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { dateFromParts, type FormBody, field, formBody, mergeErrors } from '../../web/form-helpers.ts';
import { render } from '../../web/render.ts';
import { requireActor } from '../../web/request-context.ts';
import { casePaths } from '../cases/paths.ts';
import { correspondencePaths } from '../correspondence/paths.ts';
import { allowedEventsFor, caseState } from './lifecycle-service.ts';
import { lifecyclePaths } from './paths.ts';
import { RECORD_EVENTS } from './permissions.ts';

/** After these events the matching letter is offered for preview, so the complainant is told promptly. */
const LETTER_AFTER: Partial<Record<EventType, string>> = {
  acknowledge: 'acknowledgement',
  extend: 'extension',
  'resolve-stage1': 'stage1-outcome',
  close: 'final-response',
};

const NEEDS_REASON: readonly EventType[] = [
  'escalate',
  'pause',
  'withdraw',
  'extend',
  'reopen',
  'return-response',
];

export async function lifecycleRoutes(app: FastifyInstance, services: Services) {
  const { cases, lifecycle } = services;

  app.get(
    lifecyclePaths.complaints.event.pattern,
    { config: { access: RECORD_EVENTS } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { reference, type } = request.params as { reference: string; type: string };
      if (!isEventType(type)) return reply.callNotFound();
      const complaint = await cases.find(actor, reference);
      if (!allowedEventsFor(actor, complaint).includes(type)) {
        const result = applyEvent(caseState(complaint), type);
        const message = result.ok
          ? `Your role does not allow you to ${EVENT_LABELS[type].toLowerCase()} a complaint.`
          : result.message;
        return render(request, reply, 'lifecycle/views/event-refused.njk', { c: complaint, message }, 409);
      }
      return render(request, reply, 'lifecycle/views/event.njk', eventContext(complaint, type, {}));
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
      try {
        if (payload.errors.length) throw new ValidationError(payload.errors);
        await lifecycle.applyEvent(actor, reference, type, payload.value);
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
            { ...eventContext(complaint, type, body), errors },
            400,
          );
        }
        throw error;
      }
      const letter = LETTER_AFTER[type];
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
  for (const key of ['reason', 'note', 'summary', 'outcome', 'satisfied']) {
    const v = field(body, key);
    if (v !== '') value[key] = v;
  }
  if (type === 'extend') {
    const newDue = dateFromParts(body, 'newDueDate', 'the new due date');
    const told = dateFromParts(body, 'complainantToldOn', 'the date the complainant was told');
    if (newDue.error) errors.push({ field: 'newDueDate', message: newDue.error });
    else value.newDueDate = newDue.value;
    if (told.error) errors.push({ field: 'complainantToldOn', message: told.error });
    else value.complainantToldOn = told.value;
  }
  return { value, errors };
}

function eventContext(
  complaint: Awaited<ReturnType<Services['cases']['find']>>,
  type: EventType,
  values: Record<string, unknown>,
) {
  return {
    c: complaint,
    type,
    label: EVENT_LABELS[type],
    values,
    outcomes: OUTCOMES,
    satisfaction: SATISFACTION,
    needsReason: NEEDS_REASON.includes(type),
    eventTypes: EVENT_TYPES,
  };
}
