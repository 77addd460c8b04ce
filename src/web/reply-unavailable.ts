import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/database.ts';
import { render } from './render.ts';
import { wantsJson } from './request-context.ts';

export const UNAVAILABLE_MESSAGE = 'The service is unavailable at the moment. Try again in a few minutes.';

/**
 * Answers 503 when the database could not serve the request (down, restarting, out of connections or disk
 * space): at once, so clients can retry rather than hang, with the GOV.UK "service unavailable" page or
 * `{ error: 'unavailable', message }` for the API. Returns null for any other error.
 */
export function replyIfUnavailable(
  error: Error & { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (!isDatabaseUnavailable(error)) return null;
  // One line without a stack: an outage fails every request alike, and connection errors hold no personal data.
  request.log.warn({ code: error.code, reason: error.message }, 'database unavailable');
  if (wantsJson(request))
    return reply.status(503).send({ error: 'unavailable', message: UNAVAILABLE_MESSAGE });
  return render(request, reply, 'errors/unavailable.njk', { message: UNAVAILABLE_MESSAGE }, 503);
}
