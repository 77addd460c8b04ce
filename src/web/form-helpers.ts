import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../errors.ts';
import { render } from './render.ts';

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

export function fields(body: FormBody, name: string): string[] {
  const value = body[name];
  if (value === undefined || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Runs a form action; on a validation error re-renders the form with status 400, the errors and what was typed.
 */
export async function handleForm(
  request: FastifyRequest,
  reply: FastifyReply,
  action: () => Promise<unknown>,
  form: { template: string; context: Record<string, unknown>; redirect: string | (() => string) },
) {
  try {
    await action();
  } catch (error) {
    if (error instanceof ValidationError) {
      return render(request, reply, form.template, { ...form.context, errors: error.errors }, 400);
    }
    throw error;
  }
  return reply.redirect(typeof form.redirect === 'function' ? form.redirect() : form.redirect, 303);
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
