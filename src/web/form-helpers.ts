import type { FastifyRequest } from 'fastify';
import type { FieldError } from '../errors.ts';

export type FormBody = Record<string, string | string[] | undefined>;

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

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Errors from two checks of one form, each field's first problem kept. */
export function mergeErrors(first: FieldError[], second: FieldError[]): FieldError[] {
  const seen = new Set(first.map((e) => e.field));
  return [...first, ...second.filter((e) => !seen.has(e.field))];
}
