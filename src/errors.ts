export interface FieldError {
  field: string;
  message: string;
}

/** Errors whose message is safe to show to the person who caused them. */
export class DomainError extends Error {
  readonly statusCode: number = 400;
}

export class NotFoundError extends DomainError {
  override readonly statusCode = 404;
  constructor(what = 'Page') {
    super(`${what} not found`);
  }
}

export class ForbiddenError extends DomainError {
  override readonly statusCode = 403;
  constructor(message = 'You do not have permission to do that') {
    super(message);
  }
}

export class UnauthenticatedError extends DomainError {
  override readonly statusCode = 401;
  constructor(message = 'Sign in to continue') {
    super(message);
  }
}

/** A change not allowed from the current state (e.g. closing before sign-off). */
export class ConflictError extends DomainError {
  override readonly statusCode = 409;
}

export class ValidationError extends DomainError {
  override readonly statusCode = 422;
  constructor(
    readonly errors: FieldError[],
    message = 'There is a problem with what was entered',
  ) {
    super(message);
  }
}

export function zodToFieldErrors(issues: readonly { path: PropertyKey[]; message: string }[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field = issue.path.map(String).join('.') || 'body';
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: issue.message });
  }
  return errors;
}
