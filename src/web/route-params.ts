import type { FastifyInstance, preHandlerAsyncHookHandler, RouteOptions } from 'fastify';
import { z } from 'zod';
import { isIsoDate } from '../domain/calendar/index.ts';
import { REFERENCE_PATTERN } from '../modules/cases/access.ts';
import { wantsJson } from './request-context.ts';

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
/** A name in a URL chosen by us (a letter, an event type, a step of a form): lower case words and hyphens. */
const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(60);

/**
 * The one schema for each route parameter name, and what the API's 404 says was not found. Every route's parameters are checked against these before
 * its handler runs, so a malformed id, reference or date in a URL is "Page not found" (or the API's 404),
 * never a database error. A route may only use a parameter named here: one that is not stops the app at
 * start-up, so a new route cannot forget its check.
 */
export const ROUTE_PARAMS = {
  reference: { schema: z.string().regex(REFERENCE_PATTERN), thing: 'Complaint' },
  id: { schema: uuid, thing: null },
  attachmentId: { schema: uuid, thing: 'Attachment' },
  issueId: { schema: uuid, thing: 'Issue' },
  day: { schema: z.string().refine(isIsoDate), thing: 'Day' },
  key: { schema: slug, thing: null },
  type: { schema: slug, thing: null },
  step: { schema: slug, thing: null },
  // A link's secret, looked up only by its hash: its own page (410) says a link is not valid, mistyped or
  // spent alike, which helps the person holding it more than "Page not found" would.
  token: { schema: z.string().max(200), thing: null },
} satisfies Record<string, { schema: z.ZodType<string>; thing: string | null }>;

export type RouteParamName = keyof typeof ROUTE_PARAMS;

function paramNames(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z][A-Za-z0-9]*)/g)].map((m) => m[1] as string);
}

/** Adds the parameter check to every route registered after it (all of ours: it runs before the modules'). */
export function checkRouteParams(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const names = paramNames(route.url);
    if (names.length === 0) return;
    const checks = names.map((name) => {
      const check = (ROUTE_PARAMS as Record<string, (typeof ROUTE_PARAMS)[RouteParamName]>)[name];
      if (!check) {
        throw new Error(
          `Route ${route.method} ${route.url} has a parameter :${name} with no schema: add it to ROUTE_PARAMS ` +
            'in src/web/route-params.ts, or use a parameter name that is there.',
        );
      }
      return { name, ...check };
    });
    // After the app's own hooks (sign-in, permissions, CSRF), so who may not use a route is told so first.
    const check: preHandlerAsyncHookHandler = async (request, reply) => {
      const params = (request.params ?? {}) as Record<string, unknown>;
      const bad = checks.find(({ name, schema }) => !schema.safeParse(params[name]).success);
      if (!bad) return;
      if (wantsJson(request)) {
        return reply.status(404).send({ error: 'not-found', message: `${bad.thing ?? 'Page'} not found` });
      }
      reply.callNotFound();
      return reply;
    };
    const existing = route.preHandler;
    route.preHandler = existing ? [...(Array.isArray(existing) ? existing : [existing]), check] : [check];
  });
}
