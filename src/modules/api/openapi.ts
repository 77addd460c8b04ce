import { z } from 'zod';
import type { ModuleRegistry } from '../registry.ts';
import { errorSchema, validationErrorSchema } from './schemas.ts';

// The OpenAPI 3.1 description of the API, put together from what each module declares (`openApi` in its
// module.ts): component schemas generated from the zod schemas the serialisers are typed by, and the
// operations each module writes out.

type JsonSchema = Record<string, unknown>;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const response = (name: string) => ({ $ref: `#/components/responses/${name}` });
export const json = (schema: unknown) => ({ 'application/json': { schema } });

export const RESPONSES = {
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
  TooManyRequests: {
    description: 'Too many requests; the Retry-After header says how many seconds to wait',
    content: json(ref('Error')),
  },
  Unavailable: {
    description: 'The database is not answering; try again shortly',
    content: json(ref('Error')),
  },
};

export const referenceParameter = {
  name: 'reference',
  in: 'path',
  required: true,
  description: 'The complaint’s reference, like CMP-2026-000123',
  schema: { type: 'string', pattern: '^[A-Z]{2,10}-\\d{4}-\\d{6,}$' },
};

export const COMMON_ERRORS = {
  '401': response('Unauthorised'),
  '403': response('Forbidden'),
  '429': response('TooManyRequests'),
  '503': response('Unavailable'),
};

export const BODY_ERRORS = {
  '400': response('BadRequest'),
  '415': response('UnsupportedMediaType'),
  '422': response('Invalid'),
};

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

function componentSchemas(schemas: Record<string, z.ZodType>): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'output',
    uri: (id) => `#/components/schemas/${id}`,
  }).schemas;
  return Object.fromEntries(
    Object.entries(generated).map(([id, schema]) => [id, tidy(schema) as JsonSchema]),
  );
}

export interface OpenApiOptions {
  version: string;
  serverUrl: string;
  /** Component schemas built at start from every module (the Complaint document, say). */
  extraSchemas?: Record<string, z.ZodType>;
}

export function buildOpenApiDocument(modules: ModuleRegistry, options: OpenApiOptions) {
  const schemas: Record<string, z.ZodType> = {
    ...options.extraSchemas,
    Error: errorSchema,
    ValidationError: validationErrorSchema,
  };
  const paths: Record<string, Record<string, unknown>> = {};
  const tags: { name: string; description: string }[] = [];
  const discriminators: Record<string, unknown> = {};
  for (const m of modules.modules) {
    Object.assign(schemas, m.openApi?.schemas ?? {});
    Object.assign(discriminators, m.openApi?.discriminators ?? {});
    for (const [path, item] of Object.entries(m.openApi?.paths ?? {})) {
      paths[path] = { ...paths[path], ...(item as Record<string, unknown>) };
    }
    tags.push(...(m.openApi?.tags ?? []));
  }
  const components = componentSchemas(schemas);
  for (const [name, discriminator] of Object.entries(discriminators)) {
    components[name] = { ...components[name], discriminator };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Candour complaints API',
      version: options.version,
      description:
        'Record complaints and move them through the two-stage complaint handling procedure. Every request ' +
        'needs an API token, sent as `Authorization: Bearer <token>`: a role token (made by an administrator ' +
        'or with the CLI) acts as a role in one organisation; a personal token acts as its person, with their ' +
        'role and assignments. Each token may make a number of requests a minute, wherever they come from: ' +
        'X-RateLimit-Limit says how many, X-RateLimit-Remaining how many are left and X-RateLimit-Reset in how ' +
        'many seconds the count starts again; past the limit, a 429 says in Retry-After how many seconds to ' +
        'wait. Dates are UK dates as YYYY-MM-DD; timestamps are ISO 8601 in UTC. Deadlines ' +
        'count working days in the organisation’s calendar.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: options.serverUrl }],
    security: [{ bearerAuth: [] }],
    tags,
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token, like cdr_…, from Administration › API tokens or the CLI',
        },
      },
      schemas: components,
      responses: RESPONSES,
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
