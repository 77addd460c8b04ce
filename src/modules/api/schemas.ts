import { z } from 'zod';
import { EVENT_TYPES, STATUSES } from '../../domain/lifecycle/index.ts';
import { type FieldError, ValidationError } from '../../errors.ts';

// Wire shapes shared by every module's API. Response schemas are what the serialisers must produce and what
// the OpenAPI document is generated from, so the document cannot drift from the responses.

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

export const isoDate = (description: string) => z.iso.date().describe(`${description} (YYYY-MM-DD, UK date)`);
export const nullableDate = (description: string) => isoDate(description).nullable();
export const timestamp = (description: string) => z.iso.datetime().describe(`${description} (ISO 8601, UTC)`);
export const deadlineStateSchema = z
  .enum(['overdue', 'due-soon', 'on-time'])
  .nullable()
  .describe('How the deadline stands today; null once the complaint is finished');

export const statusSchema = z.enum(STATUSES).describe('Where the complaint is in its lifecycle');
export const stageSchema = z.literal([1, 2]).describe('1: early resolution; 2: investigation');

export const errorSchema = z.strictObject({
  error: z.string().describe('A stable code: bad-request, unauthorised, forbidden, not-found, conflict, …'),
  message: z.string().describe('What went wrong, safe to show to a person'),
});

export const validationErrorSchema = z.strictObject({
  error: z.literal('invalid'),
  message: z.string(),
  errors: z
    .array(
      z.strictObject({
        field: z.string().describe('The field, as a dotted path like complainant.email'),
        message: z.string(),
      }),
    )
    .min(1),
});

/** A query string read against its schema, refusing anything unknown so a mistyped filter is not ignored. */
export function parseQuery<T extends z.ZodType>(
  schema: T,
  query: unknown,
  known: readonly string[],
): z.output<T> {
  const result = schema.safeParse(query ?? {});
  if (result.success) return result.data;
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ field: key, message: `Unknown query parameter "${key}": use ${known.join(', ')}` });
      }
    } else {
      const field = String(issue.path[0] ?? 'query');
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message });
    }
  }
  throw new ValidationError(errors, 'There is a problem with the query parameters');
}

export const eventTypeSchema = z.enum(EVENT_TYPES).describe('A change that can be recorded on a complaint');
