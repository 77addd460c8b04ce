import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { requireActor } from '../../web/request-context.ts';
import { BODY_ERRORS, COMMON_ERRORS, json, ref } from '../api/openapi.ts';
import { jsonObject } from '../api/request-body.ts';
import { newComplaintDocument } from '../cases/complaint-document.ts';
import { caseApiPaths } from '../cases/paths.ts';
import { worklistPaths } from '../worklist/paths.ts';
import { CHANNELS, CONSENT_VALUES, CONTACT_PREFERENCES } from './intake-schema.ts';

const text = (max: number) => z.string().max(max);

/** The body of a create, for the OpenAPI document; the service validates with src/modules/intake/intake-schema.ts. */
export const createComplaintRequestSchema = z.looseObject({
  channel: z.enum(CHANNELS).describe('How the complaint arrived'),
  receivedAt: z.iso
    .datetime({ offset: true })
    .describe('When it was received, with a time zone; not in the future. Deadlines count from its UK date'),
  complainant: z
    .looseObject({
      name: text(200).min(1),
      email: z.email().max(320).nullable().optional(),
      phone: z
        .string()
        .max(30)
        .regex(/^[0-9+()\s-]*$/)
        .nullable()
        .optional(),
      address: text(1000).nullable().optional(),
      preferredContact: z.enum(CONTACT_PREFERENCES).nullable().optional(),
    })
    .describe('At least one of email, phone or address is required'),
  onBehalfOf: z
    .looseObject({
      name: text(200).min(1),
      relationship: text(200).min(1),
      consent: z.enum(CONSENT_VALUES),
    })
    .nullable()
    .optional()
    .describe('When complaining for someone else'),
  description: text(20_000).min(1).describe('What happened'),
  whenHappened: text(200).nullable().optional().describe('When it happened, in the complainant’s words'),
  becameAwareOn: z.iso
    .date()
    .nullable()
    .optional()
    .describe(
      'When the complainant first became aware of the problem, if known (YYYY-MM-DD, on or before the day ' +
        'received): the time limit for complaining counts from it',
    ),
  service: text(200)
    .nullable()
    .optional()
    .describe('The name of one of the organisation’s services, teams or sites (not case sensitive)'),
  outcomeSought: text(5000).nullable().optional().describe('What the complainant would like to happen'),
  adjustments: text(5000).nullable().optional().describe('Reasonable adjustments the complainant needs'),
});

export const intakeOpenApi = {
  schemas: { NewComplaint: createComplaintRequestSchema },
  paths: {
    '/api/v1/complaints': {
      post: {
        operationId: 'createComplaint',
        summary: 'Record a new complaint',
        description:
          'Validates, allocates a reference and works out the deadlines from the organisation’s calendar. ' +
          'The complaint is committed before the response is sent. Needs the complaint:create permission ' +
          '(administrator, complaints manager, complaints handler).',
        tags: ['Complaints'],
        requestBody: { required: true, content: json(ref('NewComplaint')) },
        responses: {
          '201': {
            description: 'Recorded',
            headers: {
              Location: { description: 'The complaint’s URL in this API', schema: { type: 'string' } },
            },
            content: json(ref('Complaint')),
          },
          ...COMMON_ERRORS,
          ...BODY_ERRORS,
        },
      },
    },
  },
};

export async function intakeApiRoutes(app: FastifyInstance, services: Services) {
  app.post(
    worklistPaths.api.complaints.pattern,
    { config: { access: 'complaint:create' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = jsonObject(request.body, 'the complaint');
      // Committed before this returns; the reply is built from what was written, with no read-back.
      const { row, event, serviceName } = await services.intake.record(actor.organisationId, body, actor);
      const view = {
        complaint: row,
        serviceName,
        handlerName: null,
        investigatorName: null,
        signatoryName: null,
      };
      return reply
        .status(201)
        .header('location', caseApiPaths.api.complaint(row.reference))
        .send(await newComplaintDocument(services, actor, view, { events: [event] }));
    },
  );
}
