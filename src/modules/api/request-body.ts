import type { FastifyInstance } from 'fastify';
import { DomainError, ValidationError } from '../../errors.ts';

/** A body that could not be read at all (not JSON, empty): 400, as opposed to a readable but invalid one (422). */
export class MalformedBodyError extends DomainError {}

export class UnsupportedMediaTypeError extends DomainError {
  override readonly statusCode = 415;
}

const SEND_JSON = 'Send a JSON object with the header Content-Type: application/json.';

/**
 * The API takes JSON and nothing else. Replaces the scope's parsers (form, multipart, text) with Fastify's own
 * JSON parser, keeping its protection against prototype poisoning, but with messages that say what to fix.
 */
export function acceptJsonOnly(scope: FastifyInstance): void {
  const parseJson = scope.getDefaultJsonParser('error', 'error');
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (String(body).trim() === '') {
      done(new MalformedBodyError(`The request body is empty. ${SEND_JSON}`), undefined);
      return;
    }
    parseJson(request, String(body), (error: Error | null, value?: unknown) => {
      if (error) done(new MalformedBodyError(`The request body is not valid JSON. ${SEND_JSON}`), undefined);
      else done(null, value);
    });
  });
  scope.addContentTypeParser('*', (_request, _payload, done) => {
    done(new UnsupportedMediaTypeError(`The API only accepts JSON. ${SEND_JSON}`), undefined);
  });
}

/** The parsed body as a plain object, or a 422 naming the body as the field at fault. */
export function jsonObject(body: unknown, what: string): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError(
      [{ field: 'body', message: `Send ${what} as a JSON object` }],
      `The request body must be a JSON object. ${SEND_JSON}`,
    );
  }
  return body as Record<string, unknown>;
}
