import { MalformedBodyError } from '../modules/api/request-body.ts';

/**
 * C0 control characters other than tab, line feed and carriage return. No one types them; they arrive from
 * pasted text or crafted requests, and PostgreSQL refuses NUL outright in text and JSON, which would be a 500.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
/** Deeper than any form, query or API body of ours; deeper still is refused rather than walked. */
const MAX_DEPTH = 32;

export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

/**
 * Removes control characters from every string in a parsed form, query, route parameters or JSON body, in
 * place (so objects keep the prototype their parser gave them). A field name holding one is refused: no form
 * or schema of ours has such a name.
 */
export function removeControlCharacters<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return withoutControlCharacters(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) throw new MalformedBodyError('The request is nested too deeply to be read.');
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = removeControlCharacters(value[i], depth + 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (withoutControlCharacters(key) !== key)
      throw new MalformedBodyError('The request has a field name with a control character in it.');
    record[key] = removeControlCharacters(record[key], depth + 1);
  }
  return value;
}

/**
 * A posted form with one value per field. Our forms send each field once, so a repeated one comes from a
 * crafted request (or a page naming two inputs alike) and keeps its last value, as `field` always did;
 * only the fields a route names as repeated (a group of checkboxes) keep every value.
 */
export function oneValuePerField(form: unknown, repeated: readonly string[] = []): void {
  if (form === null || typeof form !== 'object' || Array.isArray(form)) return;
  const record = form as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (Array.isArray(value) && !repeated.includes(key)) record[key] = value[value.length - 1] ?? '';
  }
}
