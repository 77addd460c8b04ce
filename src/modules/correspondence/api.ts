import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { requireActor } from '../../web/request-context.ts';
import { BODY_ERRORS, COMMON_ERRORS, json, ref, referenceParameter, response } from '../api/openapi.ts';
import { jsonObject } from '../api/request-body.ts';
import { ADJUSTMENT_KINDS, type AdjustmentKind } from './adjustments.ts';
import { LETTER_KEYS } from './letter-templates.ts';
import { correspondencePaths } from './paths.ts';

export const letterDraftSchema = z.strictObject({
  key: z.enum(LETTER_KEYS),
  name: z.string(),
  subject: z.string(),
  body: z.string().describe('Plain text; paragraphs separated by a blank line'),
  channel: z.enum(['email', 'letter']).describe('How it would go: email, or a letter recorded then posted'),
  recipient: z.string().nullable().describe('The email or postal address; null when the case has neither'),
  toComplete: z
    .boolean()
    .describe('True while parts are marked “[To complete: …]”: write them before sending'),
});

export const letterSentSchema = z.strictObject({
  id: z.uuid().describe('The correspondence record'),
  channel: z.enum(['email', 'letter']),
});

const sendLetterSchema = z.looseObject({
  subject: z.string().max(200),
  body: z
    .string()
    .max(20_000)
    .optional()
    .describe(
      'The text. Required, except for an approved final response: that goes exactly as approved (the ' +
        'draft’s body), and any other text is refused',
    ),
  byPost: z
    .boolean()
    .optional()
    .describe(
      'true: record it as a letter to be posted, even when there is an email; false: email it, even when ' +
        'they asked for post. Left out: as they asked to be contacted',
    ),
  adjustments: z
    .record(
      z.enum(Object.keys(ADJUSTMENT_KINDS) as [AdjustmentKind, ...AdjustmentKind[]]),
      z.object({
        met: z.boolean(),
        reason: z.string().max(1000).optional().describe('Why not, when met is false'),
      }),
    )
    .optional()
    .describe(
      'Required when the complainant asked for reasonable adjustments: for each one recognised in what they ' +
        'asked (large-print, easy-read, interpreter; other when none is recognised), whether this letter ' +
        'meets it, and why not',
    ),
});

const keyParameter = {
  name: 'key',
  in: 'path',
  required: true,
  description: 'Which letter',
  schema: { type: 'string', enum: [...LETTER_KEYS] },
};

export const correspondenceOpenApi = {
  schemas: { LetterDraft: letterDraftSchema, LetterSent: letterSentSchema, SendLetter: sendLetterSchema },
  paths: {
    '/api/v1/complaints/{reference}/letters/{key}': {
      get: {
        operationId: 'draftLetter',
        summary: 'A letter drafted from the organisation’s template for this case',
        description:
          'Only a letter that fits the case now: the final response once it is signed off, say (409 otherwise).',
        tags: ['Correspondence'],
        parameters: [referenceParameter, keyParameter],
        responses: {
          '200': { description: 'The draft', content: json(ref('LetterDraft')) },
          ...COMMON_ERRORS,
          '404': response('NotFound'),
          '409': response('Conflict'),
        },
      },
      post: {
        operationId: 'sendLetter',
        summary: 'Send the letter as written (by email, or recorded to post)',
        description:
          'Sending the final response, exactly as the responsible person approved and signed it, is what lets ' +
          'a stage 2 complaint close. Sending the acknowledgement (or the stage 2 acknowledgement) records the ' +
          'acknowledgement, dated the day it is sent.',
        tags: ['Correspondence'],
        parameters: [referenceParameter, keyParameter],
        requestBody: { required: true, content: json(ref('SendLetter')) },
        responses: {
          '201': { description: 'Recorded, and queued when by email', content: json(ref('LetterSent')) },
          ...COMMON_ERRORS,
          ...BODY_ERRORS,
          '404': response('NotFound'),
          '409': response('Conflict'),
        },
      },
    },
  },
  tags: [{ name: 'Correspondence', description: 'Letters and emails to the complainant' }],
};

export async function correspondenceApiRoutes(app: FastifyInstance, services: Services) {
  const pattern = correspondencePaths.api.letter.pattern;
  app.get(pattern, { config: { access: 'correspondence:send' } }, async (request) => {
    const { reference, key } = request.params as { reference: string; key: string };
    const { draft } = await services.correspondence.draft(requireActor(request), reference, key);
    return {
      key: draft.key,
      name: draft.name,
      subject: draft.subject,
      body: draft.body,
      channel: draft.channel,
      recipient: draft.recipient,
      toComplete: draft.toComplete,
    };
  });

  app.post(pattern, { config: { access: 'correspondence:send' } }, async (request, reply) => {
    const { reference, key } = request.params as { reference: string; key: string };
    const body = jsonObject(request.body, 'the letter');
    const sent = await services.correspondence.send(requireActor(request), reference, key, body);
    return reply.status(201).send({ id: sent.id, channel: sent.channel });
  });
}
