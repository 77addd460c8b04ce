import { z } from 'zod';
import { EVENT_TYPES } from '../domain/lifecycle/index.ts';
import {
  complaintDeadlinesSchema,
  complaintEventSchema,
  complaintListSchema,
  complaintSchema,
  complaintSummarySchema,
  createComplaintRequestSchema,
  DEFAULT_PAGE_SIZE,
  errorSchema,
  eventRequestSchema,
  eventRequestSchemas,
  MAX_PAGE_SIZE,
  statusSchema,
  validationErrorSchema,
} from './schemas.ts';

// The OpenAPI 3.1 description of the API. Component schemas are generated from the zod schemas the
// serialisers are typed by (src/api/schemas.ts); the operations are written out here.

type JsonSchema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });

const COMPONENT_SCHEMAS: Record<string, z.ZodType> = {
  Complaint: complaintSchema,
  ComplaintDeadlines: complaintDeadlinesSchema,
  ComplaintEvent: complaintEventSchema,
  ComplaintSummary: complaintSummarySchema,
  ComplaintList: complaintListSchema,
  Status: statusSchema,
  NewComplaint: createComplaintRequestSchema,
  EventRequest: eventRequestSchema,
  ...Object.fromEntries(EVENT_TYPES.map((type) => [eventSchemaName(type), eventRequestSchemas[type]])),
  Error: errorSchema,
  ValidationError: validationErrorSchema,
};

function eventSchemaName(type: string): string {
  return `${type.replace(/(^|-)(\w)/g, (_m, _dash, c: string) => c.toUpperCase())}Event`;
}

/** Strips what JSON Schema tools need but an OpenAPI component must not carry, and regexes that restate a format. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === '$id') continue;
    if (key === 'pattern' && 'format' in node) continue;
    // zod writes "anything else is allowed" out in full; it is JSON Schema's default.
    if (key === 'additionalProperties' && isEmptyObject(value)) continue;
    out[key] = tidy(value);
  }
  return out;
}

function isEmptyObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.keys(value).length === 0;
}

function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENT_SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'output',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const tidied = Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => [id, tidy(schema) as JsonSchema]),
  );
  tidied.EventRequest = {
    ...tidied.EventRequest,
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(EVENT_TYPES.map((type) => [type, ref(eventSchemaName(type)).$ref])),
    },
  };
  return tidied;
}

const json = (schema: unknown) => ({ 'application/json': { schema } });

const RESPONSES = {
  BadRequest: {
    description: 'The body could not be read: it is empty or not valid JSON',
    content: json(ref('Error')),
  },
  Unauthorised: {
    description: 'No API token was sent, or it is not valid (revoked or unknown)',
    content: json(ref('Error')),
  },
  Forbidden: { description: 'The token’s role does not allow this', content: json(ref('Error')) },
  NotFound: {
    description: 'No such complaint in the token’s organisation, or not one the token may see',
    content: json(ref('Error')),
  },
  Conflict: {
    description: 'The change is not allowed from the complaint’s current status; the message says why',
    content: json(ref('Error')),
  },
  Invalid: {
    description: 'The input is not valid; each problem is listed against its field',
    content: json(ref('ValidationError')),
  },
  UnsupportedMediaType: { description: 'The body is not JSON', content: json(ref('Error')) },
  TooManyRequests: { description: 'Too many requests; wait a minute', content: json(ref('Error')) },
};

const referenceParameter = {
  name: 'reference',
  in: 'path',
  required: true,
  description: 'The complaint’s reference, like CMP-2026-000123',
  schema: { type: 'string', pattern: '^[A-Z]{2,10}-\\d{4}-\\d{6,}$' },
};

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
    schema: { type: 'integer', minimum: 1, maximum: 100_000, default: 1 },
  },
  {
    name: 'pageSize',
    in: 'query',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
  },
];

const COMMON_ERRORS = {
  '401': response('Unauthorised'),
  '403': response('Forbidden'),
  '429': response('TooManyRequests'),
};

const BODY_ERRORS = {
  '400': response('BadRequest'),
  '415': response('UnsupportedMediaType'),
  '422': response('Invalid'),
};

function paths() {
  return {
    '/api/v1/complaints': {
      get: {
        operationId: 'listComplaints',
        summary: 'List complaints, soonest deadline first',
        description:
          'Open complaints by default. Needs a role that reads complaints; an investigator’s token lists ' +
          'only the complaints assigned to it.',
        tags: ['Complaints'],
        parameters: LIST_PARAMETERS,
        responses: {
          '200': { description: 'A page of complaints', content: json(ref('ComplaintList')) },
          ...COMMON_ERRORS,
          '422': response('Invalid'),
        },
      },
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
    '/api/v1/complaints/{reference}': {
      get: {
        operationId: 'getComplaint',
        summary: 'One complaint with its deadlines, events and the events allowed next',
        description: 'Each read is recorded in the audit trail.',
        tags: ['Complaints'],
        parameters: [referenceParameter],
        responses: {
          '200': { description: 'The complaint', content: json(ref('Complaint')) },
          ...COMMON_ERRORS,
          '404': response('NotFound'),
        },
      },
    },
    '/api/v1/complaints/{reference}/events': {
      post: {
        operationId: 'recordComplaintEvent',
        summary: 'Move a complaint through its lifecycle',
        description:
          'Records one event (acknowledge, resolve at stage 1, escalate, extend, pause, resume, submit, ' +
          'return or sign off the response, close, withdraw, reopen). `allowedEvents` on the complaint says ' +
          'which are possible now.',
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
    '/api/openapi.json': {
      get: {
        operationId: 'getOpenApiDocument',
        summary: 'This document',
        tags: ['Meta'],
        security: [],
        responses: { '200': { description: 'The OpenAPI document', content: json({ type: 'object' }) } },
      },
    },
  };
}

export interface OpenApiOptions {
  version: string;
  serverUrl: string;
}

export function buildOpenApiDocument({ version, serverUrl }: OpenApiOptions) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Candour complaints API',
      version,
      description:
        'Record complaints and move them through the two-stage complaint handling procedure. Every request ' +
        'needs an API token (made by an administrator), sent as `Authorization: Bearer <token>`; the token ' +
        'belongs to one organisation and has one role, which decides what it may do. Dates are UK dates as ' +
        'YYYY-MM-DD; timestamps are ISO 8601 in UTC. Deadlines count working days in the organisation’s ' +
        'calendar.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    tags: [{ name: 'Complaints' }, { name: 'Meta' }],
    paths: paths(),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token, like cdr_…, from Administration › API tokens',
        },
      },
      schemas: componentSchemas(),
      responses: RESPONSES,
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
