import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../auth/roles.ts';
import { isStatus, STATUSES } from '../../domain/lifecycle/index.ts';
import { ValidationError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { requireActor } from '../../web/request-context.ts';
import { COMMON_ERRORS, json, ref, response } from '../api/openapi.ts';
import {
  DEFAULT_PAGE_SIZE,
  deadlineStateSchema,
  isoDate,
  MAX_PAGE_SIZE,
  nullableDate,
  parseQuery,
  stageSchema,
  statusSchema,
} from '../api/schemas.ts';
import { READ_COMPLAINTS } from '../cases/permissions.ts';
import { CHANNELS } from '../intake/intake-schema.ts';
import { decodeCursor } from './cursor.ts';
import { worklistPaths } from './paths.ts';
import type { WorklistFilters } from './worklist-repository.ts';
import { COUNT_CAP, MAX_PAGE, type WorklistItem, type WorklistPage } from './worklist-service.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const complaintSummarySchema = z.strictObject({
  reference: z.string(),
  status: statusSchema,
  stage: stageSchema,
  channel: z.enum(CHANNELS),
  receivedOn: isoDate('The UK date of receipt'),
  complainantName: z.string(),
  service: z.string().nullable(),
  handler: z.string().nullable(),
  deadlines: z.strictObject({
    acknowledgeBy: nullableDate('The stage 1 acknowledgement is due by this date; null where not required'),
    acknowledgedOn: nullableDate('When the complaint was acknowledged at stage 1'),
    stage2AcknowledgeBy: nullableDate('The stage 2 acknowledgement is due by this date; null at stage 1'),
    stage2AcknowledgedOn: nullableDate('When the complaint was acknowledged at stage 2'),
    stageDueBy: isoDate('The response for the current stage is due by this date'),
    outerLimitBy: nullableDate('The last day of the outer time limit, when the procedure sets one'),
    nextDueOn: nullableDate('The next deadline; null once finished'),
    nextDueKind: z
      .enum(['acknowledge', 'acknowledge-stage2', 'respond', 'outer-limit'])
      .nullable()
      .describe('Which deadline nextDueOn is'),
    state: deadlineStateSchema,
    nextStep: z
      .string()
      .nullable()
      .describe(
        'The next deadline in words, counted in working days: "Send final response, 5 working days overdue"; null once finished',
      ),
    extended: z.boolean(),
  }),
});

export const complaintListSchema = z.strictObject({
  items: z
    .array(complaintSummarySchema)
    .describe('Ordered by next deadline (soonest first, finished complaints last), then newest received'),
  total: z
    .number()
    .int()
    .min(0)
    .describe(
      `How many complaints match, on all pages. Exact for open complaints; when finished complaints can ` +
        `match (includeClosed, or a status that is not open) counting stops at ${COUNT_CAP.toLocaleString('en-GB')}, ` +
        'and totalCapped says whether there are more',
    ),
  totalCapped: z
    .boolean()
    .describe(
      `true when more than ${COUNT_CAP.toLocaleString('en-GB')} complaints match and total says ${COUNT_CAP}`,
    ),
  page: z.number().int().min(1).describe('The number of this page'),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE),
  next: z.string().nullable().describe('Pass as cursor to get the next page; null on the last page'),
  previous: z.string().nullable().describe('Pass as cursor to get the previous page; null on the first page'),
});

export type ComplaintSummaryJson = z.output<typeof complaintSummarySchema>;
export type ComplaintListJson = z.output<typeof complaintListSchema>;

// ---- Query parameters (validated here: they belong to the API alone) ------------------------------------

function asList(value: unknown): unknown {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  return parts.map((p) => p.trim()).filter(Boolean);
}

const flag = (name: string) =>
  z
    .enum(['true', 'false'], { error: `${name} must be true or false` })
    .transform((v) => v === 'true')
    .optional();

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string({ error: `${name} must be a whole number from ${min} to ${max.toLocaleString('en-GB')}` })
    .regex(/^\d{1,7}$/, `${name} must be a whole number from ${min} to ${max.toLocaleString('en-GB')}`)
    .transform(Number)
    .refine(
      (n) => n >= min && n <= max,
      `${name} must be a whole number from ${min} to ${max.toLocaleString('en-GB')}`,
    )
    .optional();

export const LIST_QUERY_PARAMETERS = [
  'status',
  'stage',
  'overdue',
  'dueSoon',
  'handler',
  'includeClosed',
  'page',
  'pageSize',
  'cursor',
] as const;

const listQueryFields = z.strictObject({
  status: z.preprocess(asList, z.array(z.string()).optional()).superRefine((list, ctx) => {
    const unknown = (list ?? []).filter((s) => !isStatus(s));
    if (unknown.length) {
      ctx.addIssue({
        code: 'custom',
        message: `Unknown status ${unknown.map((s) => `"${s}"`).join(', ')}: use one or more of ${STATUSES.join(', ')}`,
      });
    }
  }),
  stage: z
    .enum(['1', '2'], { error: 'stage must be 1 or 2' })
    .transform((v) => Number(v) as 1 | 2)
    .optional(),
  overdue: flag('overdue'),
  dueSoon: flag('dueSoon'),
  handler: z
    .string({ error: 'handler must be given once' })
    .trim()
    .min(1, 'handler must be "unassigned", a user’s email address or a user id')
    .optional(),
  includeClosed: flag('includeClosed'),
  page: wholeNumber('page', 1, MAX_PAGE),
  pageSize: wholeNumber('pageSize', 1, MAX_PAGE_SIZE),
  cursor: z
    .string({ error: 'cursor must be given once' })
    .transform((text, ctx) => {
      const cursor = decodeCursor(text);
      if (cursor) return cursor;
      ctx.addIssue({
        code: 'custom',
        message: 'cursor is not valid: pass the next or previous value of a reply, unchanged',
      });
      return z.NEVER;
    })
    .optional(),
});

const listQuerySchema = listQueryFields.refine(
  (query) => query.page === undefined || query.cursor === undefined,
  { path: ['cursor'], message: 'Give page or cursor, not both' },
);

export type ListQuery = z.output<typeof listQuerySchema>;

function stage(value: number): 1 | 2 {
  return value === 2 ? 2 : 1;
}

export function complaintSummaryJson(item: WorklistItem): ComplaintSummaryJson {
  return {
    reference: item.reference,
    status: item.status as ComplaintSummaryJson['status'],
    stage: stage(item.stage),
    channel: item.channel as ComplaintSummaryJson['channel'],
    receivedOn: item.received_on,
    complainantName: item.complainant_name,
    service: item.service_name,
    handler: item.handler_name,
    deadlines: {
      acknowledgeBy: item.acknowledge_by,
      acknowledgedOn: item.acknowledged_on,
      stage2AcknowledgeBy: item.stage2_acknowledge_by,
      stage2AcknowledgedOn: item.stage2_acknowledged_on,
      stageDueBy: item.stage_due_by,
      outerLimitBy: item.outer_limit_by,
      nextDueOn: item.next_due_on,
      nextDueKind: item.next_due_kind as ComplaintSummaryJson['deadlines']['nextDueKind'],
      state: item.state,
      nextStep: item.nextStep,
      extended: item.extended_due_on !== null,
    },
  };
}

export function complaintListJson(result: WorklistPage): ComplaintListJson {
  return {
    items: result.items.map(complaintSummaryJson),
    total: result.total,
    totalCapped: result.totalCapped,
    page: result.page,
    pageSize: result.pageSize,
    next: result.next,
    previous: result.previous,
  };
}

/**
 * API tokens are not always people, so "me" means nothing here: a handler is named by email address (or user
 * id), or the filter asks for unassigned cases.
 */
async function handlerFilter(
  services: Services,
  actor: Actor,
  handler: string | undefined,
): Promise<string | null> {
  if (!handler) return null;
  if (handler === 'unassigned' || UUID.test(handler)) return handler.toLowerCase();
  if (handler.includes('@')) {
    const users = await services.auth.listUsers(actor.organisationId);
    const user = users.find((u) => u.email.toLowerCase() === handler.toLowerCase());
    if (user) return user.id;
    throw new ValidationError([{ field: 'handler', message: 'There is no user with that email address' }]);
  }
  throw new ValidationError([
    { field: 'handler', message: 'handler must be "unassigned", a user’s email address or a user id' },
  ]);
}

export async function worklistApiRoutes(app: FastifyInstance, services: Services) {
  app.get(worklistPaths.api.complaints.pattern, { config: { access: READ_COMPLAINTS } }, async (request) => {
    const actor = requireActor(request);
    const query = parseQuery(listQuerySchema, request.query, LIST_QUERY_PARAMETERS);
    const filters: WorklistFilters = {
      status: query.status?.length ? query.status : undefined,
      stage: query.stage ?? null,
      handler: await handlerFilter(services, actor, query.handler),
      overdue: query.overdue ?? false,
      dueSoon: query.dueSoon ?? false,
      includeClosed: query.includeClosed ?? false,
    };
    const result = await services.worklist.worklist(
      actor,
      filters,
      query.cursor ?? query.page ?? 1,
      query.pageSize ?? DEFAULT_PAGE_SIZE,
    );
    return complaintListJson(result);
  });
}

function flagParameter(name: string, description: string) {
  return {
    name,
    in: 'query',
    required: false,
    description,
    schema: { type: 'string', enum: ['true', 'false'] },
  };
}

const LIST_PARAMETERS = [
  {
    name: 'status',
    in: 'query',
    required: false,
    description:
      'Only complaints with one of these statuses, comma-separated (e.g. received,acknowledged). ' +
      'Given a status, finished complaints are included when they match',
    schema: { type: 'string' },
    example: 'received,acknowledged',
  },
  {
    name: 'stage',
    in: 'query',
    required: false,
    description: 'Only complaints at this stage',
    schema: { type: 'string', enum: ['1', '2'] },
  },
  flagParameter('overdue', 'Only complaints whose next deadline has passed'),
  flagParameter('dueSoon', 'Only complaints whose next deadline is today or within the due-soon warning'),
  {
    name: 'handler',
    in: 'query',
    required: false,
    description: '"unassigned", or the email address (or user id) of the complaints handler',
    schema: { type: 'string' },
  },
  flagParameter('includeClosed', 'Include resolved, closed and withdrawn complaints when no status is given'),
  {
    name: 'page',
    in: 'query',
    required: false,
    description:
      'A numbered page. Kept for compatibility: a deep page is read by skipping every case before it, so ' +
      'to go through a long list follow the cursors in next and previous instead',
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 },
  },
  {
    name: 'pageSize',
    in: 'query',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
  },
  {
    name: 'cursor',
    in: 'query',
    required: false,
    description:
      'The next or previous value of an earlier reply, unchanged, with the same filters: the page after or ' +
      'before that one, read from the index at the same cost at any depth. Not with page; a cursor that is ' +
      'not one of those values is refused with 422',
    schema: { type: 'string', maxLength: 200 },
  },
];

export const worklistOpenApi = {
  schemas: {
    ComplaintSummary: complaintSummarySchema,
    ComplaintList: complaintListSchema,
    Status: statusSchema,
  },
  paths: {
    '/api/v1/complaints': {
      get: {
        operationId: 'listComplaints',
        summary: 'List complaints, soonest deadline first',
        description:
          'Open complaints by default. Needs a role that reads complaints; an investigator’s personal token ' +
          'lists only the complaints assigned to them.',
        tags: ['Complaints'],
        parameters: LIST_PARAMETERS,
        responses: {
          '200': { description: 'A page of complaints', content: json(ref('ComplaintList')) },
          ...COMMON_ERRORS,
          '422': response('Invalid'),
        },
      },
    },
  },
};
