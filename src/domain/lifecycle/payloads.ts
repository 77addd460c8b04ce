import { z } from 'zod';
import { CLOSURE_REASONS, type EventType, isEventType, OUTCOMES, SATISFACTION } from './lifecycle.ts';

// ---- Event payloads: what each event takes, checked the same way for the web forms and the API ----

const DATE_EXAMPLE = 'for example 2027-01-15';

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Checked by hand rather than with Date, which silently rolls 2026-02-30 over into March.
function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

// Forms send empty strings for fields left blank; an optional field left blank means "not given".
function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

function requiredText(max: number, missing: string, tooLong: string) {
  return z.string({ error: missing }).trim().min(1, { error: missing }).max(max, { error: tooLong });
}

function optionalText(max: number, tooLong: string) {
  return z.preprocess(
    blankToUndefined,
    z.string({ error: tooLong }).trim().max(max, { error: tooLong }).optional(),
  );
}

function requiredDate(missing: string, invalid: string) {
  return z.string({ error: missing }).trim().min(1, { error: missing }).refine(isIsoDate, { error: invalid });
}

function optionalDate(invalid: string) {
  return z.preprocess(
    blankToUndefined,
    z.string({ error: invalid }).trim().refine(isIsoDate, { error: invalid }).optional(),
  );
}

const reason = (missing: string) =>
  requiredText(5000, missing, 'The reason must be 5,000 characters or fewer');
const note = optionalText(5000, 'The note must be 5,000 characters or fewer');
const outcome = z.enum(OUTCOMES, { error: 'Select the outcome' });
const summary = (missing: string) =>
  requiredText(10000, missing, 'The summary must be 10,000 characters or fewer');

const base = z.object(
  { occurredOn: optionalDate(`Enter the date this happened as a real date, ${DATE_EXAMPLE}`) },
  { error: 'The details of this event were not sent in the expected form' },
);

export const eventPayloadSchemas = {
  acknowledge: base.extend({ note }),
  'resolve-stage1': base.extend({
    outcome,
    summary: summary('Enter a summary of the resolution'),
    satisfied: z.enum(SATISFACTION, { error: 'Select whether the complainant was satisfied' }),
  }),
  escalate: base.extend({
    reason: reason('Enter the reason for escalating'),
    /** When the complainant asked for stage 2 (defaults to the day it is recorded): stage 2 counts from it. */
    requestedOn: optionalDate(`Enter the date they asked as a real date, ${DATE_EXAMPLE}`),
  }),
  extend: base.extend({
    reason: reason('Enter the reason for extending the deadline'),
    newDueDate: requiredDate(
      `Enter the new due date as a real date, ${DATE_EXAMPLE}`,
      `Enter the new due date as a real date, ${DATE_EXAMPLE}`,
    ),
    complainantToldOn: requiredDate(
      'Enter the date the complainant was told',
      `Enter the date the complainant was told as a real date, ${DATE_EXAMPLE}`,
    ),
    /** Who authorised it: a person's id or email address; the person recording it when they may. */
    authorisedBy: optionalText(320, 'Select who authorised the extension'),
  }),
  'agree-response-period': base.extend({
    reason: reason('Enter why a longer period was agreed'),
    newLimitOn: requiredDate(
      `Enter the new latest date for the response as a real date, ${DATE_EXAMPLE}`,
      `Enter the new latest date for the response as a real date, ${DATE_EXAMPLE}`,
    ),
    agreedOn: requiredDate(
      'Enter the date it was agreed with the complainant',
      `Enter the date it was agreed as a real date, ${DATE_EXAMPLE}`,
    ),
  }),
  pause: base.extend({ reason: reason('Enter the reason for pausing') }),
  resume: base.extend({ note }),
  'submit-response': base.extend({
    outcome,
    /** What was found, for the record; built from the issues' findings when left out. */
    summary: optionalText(10000, 'The summary must be 10,000 characters or fewer'),
    /** The draft final response for sign-off; built from the issues, findings and remedies when left out. */
    response: optionalText(20000, 'The response must be 20,000 characters or fewer'),
    note,
  }),
  'return-response': base.extend({ reason: reason('Enter your comments: what needs changing') }),
  'sign-off': base.extend({ note }),
  close: base.extend({ note }),
  withdraw: base.extend({ reason: reason('Enter the reason for withdrawing') }),
  decline: base.extend({
    closureReason: z.enum(CLOSURE_REASONS, { error: 'Select why the complaint is not being taken forward' }),
    referredTo: optionalText(200, 'The name of the organisation must be 200 characters or fewer'),
    reason: reason('Explain the decision: it is what the complainant will be told'),
  }),
  'accept-late': base.extend({
    reason: reason('Enter why the complaint is accepted although it was made out of time'),
  }),
  reopen: base.extend({ reason: reason('Enter the reason for reopening') }),
} satisfies Record<EventType, z.ZodType>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

export type EventPayloadFields<T extends EventType> = z.output<(typeof eventPayloadSchemas)[T]>;

export type EventPayload = { [K in EventType]: Simplify<{ type: K } & EventPayloadFields<K>> }[EventType];

export interface FieldError {
  field: string;
  message: string;
}

export type ParsePayloadResult<T extends EventType> =
  | { ok: true; value: Extract<EventPayload, { type: T }> }
  | { ok: false; errors: FieldError[] };

// One message per field, as an error summary would show it; later issues on a field only restate the first.
function firstErrorPerField(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field = issue.path.map(String).join('.');
    if (!errors.some((error) => error.field === field)) errors.push({ field, message: issue.message });
  }
  return errors;
}

export function parseEventPayload<T extends EventType>(type: T, input: unknown): ParsePayloadResult<T> {
  if (!isEventType(type)) {
    return { ok: false, errors: [{ field: 'type', message: `"${String(type)}" is not a known event` }] };
  }
  const schema: z.ZodType = eventPayloadSchemas[type];
  const result = schema.safeParse(input ?? {});
  if (!result.success) return { ok: false, errors: firstErrorPerField(result.error.issues) };
  const value = { type, ...(result.data as object) } as Extract<EventPayload, { type: T }>;
  if (type === 'decline') {
    const d = value as unknown as { closureReason: string; referredTo?: string };
    if (d.closureReason === 'referred-elsewhere' && !d.referredTo) {
      return {
        ok: false,
        errors: [{ field: 'referredTo', message: 'Enter the organisation the complaint was referred to' }],
      };
    }
  }
  return { ok: true, value };
}
