import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CLOSURE_REASONS,
  EVENT_TYPES,
  type EventType,
  isEventType,
  OUTCOMES,
  SATISFACTION,
} from '../../domain/lifecycle/index.ts';
import { ValidationError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { requireActor } from '../../web/request-context.ts';
import { BODY_ERRORS, COMMON_ERRORS, json, ref, referenceParameter, response } from '../api/openapi.ts';
import { jsonObject } from '../api/request-body.ts';
import { isoDate } from '../api/schemas.ts';
import { complaintDocument } from '../cases/complaint-document.ts';
import { lifecyclePaths } from './paths.ts';
import { RECORD_EVENTS } from './permissions.ts';

const text = (max: number) => z.string().max(max);
const occurredOn = isoDate('When it happened; defaults to today, cannot be in the future').optional();
const note = text(5000).optional();
const reason = text(5000).min(1);
const summary = text(10_000).min(1);

/** The fields each event takes besides `type`; must match parseEventPayload in src/domain/lifecycle. */
export const EVENT_FIELDS = {
  acknowledge: {
    note: note.describe(
      'How and what they were told. Record this only when the complainant has been told (by a letter your ' +
        'system sent, a call or in person); occurredOn is the day they were told',
    ),
  },
  'resolve-stage1': {
    outcome: z.enum(OUTCOMES),
    summary,
    satisfied: z.enum(SATISFACTION).describe('Whether the complainant was satisfied'),
  },
  escalate: {
    reason,
    requestedOn: isoDate(
      'When the complainant asked for stage 2 (defaults to occurredOn); stage 2 counts from it',
    ).optional(),
  },
  extend: {
    reason,
    newDueDate: isoDate('The new due date: a working day after the current one, within any maximum'),
    complainantToldOn: isoDate('When the complainant was told; today or earlier'),
    authorisedBy: z
      .string()
      .optional()
      .describe(
        'Email address (or id) of the manager who authorised it; may be left out when the token’s person may ' +
          'authorise extensions',
      ),
  },
  'agree-response-period': {
    reason,
    newLimitOn: isoDate('The new last day for the final response, after the current outer limit'),
    agreedOn: isoDate('When it was agreed with the complainant: before the current outer limit ends'),
  },
  pause: { reason },
  resume: { note },
  'submit-response': {
    outcome: z.enum(OUTCOMES),
    summary: text(10_000)
      .optional()
      .describe('What was found, for the record; built from the findings of the issues when left out'),
    response: text(20_000)
      .optional()
      .describe(
        'The draft final response for sign-off, without the signature (added from the person who approves ' +
          'it). Built from the outcomes, findings and remedies when left out; refused while parts are marked ' +
          '“[To complete: …]”. Every issue must have an outcome',
      ),
    note,
  },
  'return-response': { reason: reason.describe('Comments for the handler: what needs changing') },
  'sign-off': {
    note: note.describe('Approves the draft response waiting for sign-off: its text is then locked'),
  },
  close: { note },
  withdraw: { reason },
  decline: {
    closureReason: z.enum(CLOSURE_REASONS),
    referredTo: text(200).optional().describe('Required when closureReason is referred-elsewhere'),
    reason,
  },
  'accept-late': { reason },
  reopen: { reason },
} satisfies Record<EventType, Record<string, z.ZodType>>;

function eventRequest(type: EventType) {
  const fields: Record<string, z.ZodType> = EVENT_FIELDS[type];
  return z.looseObject({ type: z.literal(type), occurredOn, ...fields });
}

export function eventSchemaName(type: string): string {
  return `${type.replace(/(^|-)(\w)/g, (_m, _dash, c: string) => c.toUpperCase())}Event`;
}

export const eventRequestSchemas = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, eventRequest(type)]),
) as Record<EventType, ReturnType<typeof eventRequest>>;

export const eventRequestSchema = z
  .discriminatedUnion(
    'type',
    EVENT_TYPES.map((type) => eventRequestSchemas[type]) as [
      ReturnType<typeof eventRequest>,
      ...ReturnType<typeof eventRequest>[],
    ],
  )
  .describe(
    'One lifecycle event. Sign-off needs a responsible person or senior leader token; the others a role ' +
      'that handles complaints',
  );

export const lifecycleOpenApi = {
  schemas: {
    EventRequest: eventRequestSchema,
    ...Object.fromEntries(EVENT_TYPES.map((type) => [eventSchemaName(type), eventRequestSchemas[type]])),
  },
  discriminators: {
    EventRequest: {
      propertyName: 'type',
      mapping: Object.fromEntries(EVENT_TYPES.map((type) => [type, ref(eventSchemaName(type)).$ref])),
    },
  },
  paths: {
    '/api/v1/complaints/{reference}/events': {
      post: {
        operationId: 'recordComplaintEvent',
        summary: 'Move a complaint through its lifecycle',
        description:
          'Records one event: acknowledge (at either stage), resolve at stage 1, escalate (also after a stage 1 ' +
          'answer), extend, agree a longer response period, pause, resume, submit the response, return it or ' +
          'sign it off, close (once the signed-off final response is sent), withdraw, close as not taken ' +
          'forward, accept although out of time, reopen. `allowedEvents` on the complaint says which are ' +
          'possible now. `acknowledge` means the complainant was told (by a letter your system sent, a call, ' +
          'in person), on `occurredOn`; sending the acknowledgement letter through Candour records it for you. ' +
          '`submit-response` needs an outcome for every issue and carries the draft final response ' +
          '(`response`, or one built from the outcomes, findings and remedies); `return-response` needs the ' +
          'comments (`reason`); `sign-off` approves the draft waiting, which is then sent exactly as approved. ' +
          'Submitting again after approval (before the final response is sent) needs a new sign-off.',
        tags: ['Complaints'],
        parameters: [referenceParameter],
        requestBody: { required: true, content: json(ref('EventRequest')) },
        responses: {
          '200': { description: 'The complaint after the change', content: json(ref('Complaint')) },
          ...COMMON_ERRORS,
          ...BODY_ERRORS,
          '404': response('NotFound'),
          '409': response('Conflict'),
        },
      },
    },
  },
};

function eventType(value: unknown): string {
  const choices = EVENT_TYPES.join(', ');
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError([{ field: 'type', message: `Enter the type of event: one of ${choices}` }]);
  }
  if (!isEventType(value)) {
    throw new ValidationError([
      {
        field: 'type',
        message: `${JSON.stringify(value.slice(0, 40))} is not an event: use one of ${choices}`,
      },
    ]);
  }
  return value;
}

export async function lifecycleApiRoutes(app: FastifyInstance, services: Services) {
  app.post(lifecyclePaths.api.events.pattern, { config: { access: RECORD_EVENTS } }, async (request) => {
    const actor = requireActor(request);
    const { reference } = request.params as { reference: string };
    const body = jsonObject(request.body ?? {}, 'the event');
    await services.lifecycle.applyEvent(actor, reference, eventType(body.type), body);
    // The change is audited; reading it back for the reply is not a second access to record.
    return complaintDocument(services, actor, await services.cases.view(actor, reference, { audit: false }));
  });
}
