import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionUser } from '../auth/auth-service.ts';
import { type Actor, can, type Permission } from '../auth/roles.ts';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import type { ModuleRegistry } from '../modules/registry.ts';

/** Who may use a route: anyone with one of these permissions, anyone signed in, or anyone at all. */
export type RouteAccess = Permission | readonly Permission[] | 'signed-in' | 'public';

declare module 'fastify' {
  interface FastifyInstance {
    modules: ModuleRegistry;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    actor: Actor | null;
    sessionToken: string | null;
    /** The API token the request was verified with, and its own rate limit (null for the default). */
    apiToken: { id: string; rateLimit: number | null } | null;
  }
  interface FastifyContextConfig {
    /** Every route names who may use it. */
    access?: RouteAccess;
    /** A route that takes a file (multipart/form-data); any other refuses a multipart body with a 400. */
    acceptsFiles?: boolean;
    /** Form fields that may be sent more than once (checkboxes); every other keeps one value. */
    repeatedFields?: readonly string[];
    /** Query parameters of a page that may be given more than once (a filter's checkboxes). */
    repeatedQuery?: readonly string[];
  }
}

export const SESSION_COOKIE = 'candour_session';

export function actorFromUser(user: SessionUser, request: FastifyRequest): Actor {
  return {
    kind: 'user',
    id: user.userId,
    userId: user.userId,
    organisationId: user.organisationId,
    role: user.role,
    label: user.name,
    ip: request.ip,
    requestId: request.id,
  };
}

/** The actor for a route that requires one; the access hook has already refused anyone else. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthenticatedError();
  return request.actor;
}

export function requirePermission(request: FastifyRequest, permission: Permission): Actor {
  const actor = requireActor(request);
  if (!can(actor.role, permission)) throw new ForbiddenError();
  return actor;
}

export function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/health';
}

export function redirectToSignIn(request: FastifyRequest, reply: FastifyReply) {
  const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
  return reply.redirect(`/sign-in${next}`, 303);
}
