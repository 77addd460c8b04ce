import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../errors.ts';
import { navigationFor } from './navigation.ts';

/** Renders a page with what every page needs (user, navigation, CSRF token, CSP nonce). */
export async function render(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  context: Record<string, unknown> = {},
  status = 200,
) {
  const csrfToken = reply.generateCsrf();
  const errors = context.errors as FieldError[] | undefined;
  return reply.status(status).view(template, {
    ...context,
    csrfToken,
    cspNonce: (reply as unknown as { cspNonce?: { script: string } }).cspNonce?.script,
    currentUser: request.user,
    navigation: navigationFor(request, request.server.modules),
    currentPath: request.url.split('?')[0],
    hasErrors: Boolean(errors?.length),
  });
}
