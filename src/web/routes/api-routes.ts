import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument } from '../../api/openapi.ts';
import { acceptJsonOnly, jsonObject } from '../../api/request-body.ts';
import { DEFAULT_PAGE_SIZE, parseListQuery } from '../../api/schemas.ts';
import { complaintJson, complaintListJson } from '../../api/serialisers.ts';
import { type Actor, can, canReadComplaints } from '../../auth/roles.ts';
import type { WorklistFilters } from '../../complaints/complaint-repository.ts';
import { EVENT_TYPES, isEventType } from '../../domain/lifecycle/index.ts';
import { ForbiddenError, ValidationError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { paths } from '../paths.ts';
import { requireActor } from '../request-context.ts';

/** Route patterns; the OpenAPI document writes the same paths with {reference}. */
export const API_ROUTES = {
  openapi: paths.api.openapi(),
  complaints: paths.api.complaints(),
  complaint: '/api/v1/complaints/:reference',
  events: '/api/v1/complaints/:reference/events',
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The JSON API: the same services as the pages, authenticated by bearer token (the app's access hook answers
 * 401/403 for the permission each route names). Errors are rendered as JSON by the app's error handler.
 */
export async function apiRoutes(app: FastifyInstance, services: Services) {
  const { complaints } = services;
  acceptJsonOnly(app);
  const document = buildOpenApiDocument({ version: services.version, serverUrl: services.config.baseUrl });

  app.get(API_ROUTES.openapi, { config: { access: 'public' } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(document),
  );

  app.get(API_ROUTES.complaints, { config: { access: 'signed-in' } }, async (request) => {
    const actor = readingActor(request);
    const query = parseListQuery(request.query);
    const filters: WorklistFilters = {
      status: query.status?.length ? query.status : undefined,
      stage: query.stage ?? null,
      handler: await handlerFilter(services, actor, query.handler),
      overdue: query.overdue ?? false,
      dueSoon: query.dueSoon ?? false,
      includeClosed: query.includeClosed ?? false,
    };
    const result = await complaints.worklist(
      actor,
      filters,
      query.page ?? 1,
      query.pageSize ?? DEFAULT_PAGE_SIZE,
    );
    return complaintListJson(result);
  });

  app.post(API_ROUTES.complaints, { config: { access: 'complaint:create' } }, async (request, reply) => {
    const actor = requireActor(request);
    const body = jsonObject(request.body, 'the complaint');
    // Committed before this returns; the reply is built from what was written, with no read-back.
    const detail = await complaints.createDetailed(actor.organisationId, body, actor);
    return reply
      .status(201)
      .header('location', paths.api.complaint(detail.complaint.reference))
      .send(complaintJson(detail));
  });

  app.get(API_ROUTES.complaint, { config: { access: 'signed-in' } }, async (request) => {
    const actor = readingActor(request);
    const { reference } = request.params as { reference: string };
    return complaintJson(await complaints.get(actor, reference));
  });

  app.post(API_ROUTES.events, { config: { access: 'signed-in' } }, async (request) => {
    const actor = requireActor(request);
    const mayChange = can(actor.role, 'complaint:handle') || can(actor.role, 'complaint:sign-off');
    if (!mayChange || !canReadComplaints(actor.role)) {
      throw new ForbiddenError('Your role does not allow changes to complaints');
    }
    const { reference } = request.params as { reference: string };
    const body = jsonObject(request.body ?? {}, 'the event');
    const type = eventType(body.type);
    await complaints.applyEvent(actor, reference, type, body);
    // The change is audited; reading it back for the reply is not a second access to record.
    return complaintJson(await complaints.get(actor, reference, { audit: false }));
  });
}

/** Case records are need-to-know: roles that read no complaints are refused outright, not shown an empty list. */
function readingActor(request: Parameters<typeof requireActor>[0]): Actor {
  const actor = requireActor(request);
  if (!canReadComplaints(actor.role)) throw new ForbiddenError('Your role does not allow reading complaints');
  return actor;
}

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

/**
 * API tokens are not people, so "me" means nothing here: a handler is named by email address (or user id),
 * or the filter asks for unassigned cases.
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
