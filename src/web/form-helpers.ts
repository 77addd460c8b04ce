import type { FastifyRequest } from 'fastify';
import { type FieldError, ValidationError } from '../errors.ts';
import { withoutControlCharacters } from './input-cleaning.ts';

export type FormBody = Record<string, string | string[] | undefined>;

/**
 * The posted form, as the app's parsing hook left it: control characters removed and one value per field
 * (except fields the route names as repeated). Routes read fields with `field`, never `request.body` itself.
 */
export function formBody(request: FastifyRequest): FormBody {
  const body = request.body;
  return body && typeof body === 'object' ? (body as FormBody) : {};
}

/** One value from a form field; a repeated field keeps its last value, as browsers send radios once. */
export function field(body: FormBody, name: string): string {
  const value = body[name];
  if (Array.isArray(value)) return value[value.length - 1] ?? '';
  return value ?? '';
}

/** A GOV.UK date input (name-day, name-month, name-year) as YYYY-MM-DD, or null with a message. */
export function dateFromParts(
  body: FormBody,
  name: string,
  label: string,
): { value: string | null; error: string | null } {
  const day = field(body, `${name}-day`).trim();
  const month = field(body, `${name}-month`).trim();
  const year = field(body, `${name}-year`).trim();
  if (!day && !month && !year) return { value: null, error: `Enter ${label}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { value: null, error: `${capitalise(label)} must be a real date, like 27 3 2026` };
  }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
    return { value: null, error: `${capitalise(label)} must be a real date, like 27 3 2026` };
  }
  return { value: iso, error: null };
}

/**
 * An optional GOV.UK date input that must not be in the future: null when left blank, a message when it is not
 * a real date or is after `today`.
 */
export function optionalPastDateFromParts(
  body: FormBody,
  name: string,
  label: string,
  today: string,
): { value: string | null; error: string | null } {
  const blank = ['day', 'month', 'year'].every((p) => field(body, `${name}-${p}`).trim() === '');
  if (blank) return { value: null, error: null };
  const parsed = dateFromParts(body, name, label);
  if (parsed.value && parsed.value > today) {
    return { value: null, error: `${capitalise(label)} must be today or in the past` };
  }
  return parsed;
}

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Errors from two checks of one form, each field's first problem kept. */
export function mergeErrors(first: FieldError[], second: FieldError[]): FieldError[] {
  const seen = new Set(first.map((e) => e.field));
  return [...first, ...second.filter((e) => !seen.has(e.field))];
}

/**
 * The one file sent with a multipart form, or null when none was chosen (or the form was not multipart).
 * A file over the limit, or an upload that cannot be read (cut short, a broken boundary), is an error on the
 * form's file field, never a 500.
 */
export async function uploadedFile(
  request: FastifyRequest,
  fieldName = 'file',
): Promise<{ filename: string; content: Uint8Array } | null> {
  try {
    const part = await request.file();
    if (!part?.filename) return null;
    const content = await part.toBuffer();
    return { filename: withoutControlCharacters(part.filename), content };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return null;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new ValidationError([
        { field: fieldName, message: 'The selected file must be smaller than 10MB' },
      ]);
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status !== 400) throw error;
    // Everything else the multipart reader raises is about the request itself: busboy's own errors carry no
    // code at all ("Unexpected end of form", "Boundary not found"), and nothing else runs in this block.
    throw new ValidationError([
      {
        field: fieldName,
        message: 'The file could not be uploaded because the upload was incomplete. Select the file again',
      },
    ]);
  }
}
