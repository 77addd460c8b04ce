import { z } from 'zod';
import { formatIsoDate, isIsoDate } from '../../domain/calendar/index.ts';

export const SUBJECT_MAX = 200;
export const BODY_MAX = 20_000;

const subject = (empty: string) =>
  z
    .string({ message: empty })
    .trim()
    .min(1, empty)
    .max(SUBJECT_MAX, `Subject must be ${SUBJECT_MAX} characters or fewer`)
    .refine((v) => !/[\r\n]/.test(v), 'Subject must be on one line');

const body = (empty: string) =>
  z
    .string({ message: empty })
    .transform((v) => v.replace(/\r\n/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, empty)
        .max(BODY_MAX, `Text must be ${BODY_MAX.toLocaleString('en-GB')} characters or fewer`),
    );

/** The letter or email as the sender finally wrote it. */
export const letterSchema = z.object({
  subject: subject('Enter a subject'),
  body: body('Enter the text of the letter'),
});
export type LetterInput = z.infer<typeof letterSchema>;

/** A template as an organisation writes it. */
export const templateSchema = z.object({
  subject: subject('Enter a subject'),
  body: body('Enter the text of the template'),
});

export const RECORDED_CHANNELS = ['email', 'letter', 'phone', 'in-person'] as const;
export const CORRESPONDENCE_CHANNEL_LABELS: Record<string, string> = {
  email: 'Email',
  letter: 'Letter',
  phone: 'Phone call',
  'in-person': 'In person',
};

/** A contact that happened outside Candour: a letter or email received, a phone call, a meeting. */
export const recordedSchema = z.object({
  direction: z.enum(['inbound', 'outbound'], {
    message: 'Select whether this was from the complainant or from us',
  }),
  channel: z.enum(RECORDED_CHANNELS, { message: 'Select how the contact was made' }),
  subject: subject('Enter a subject or short summary'),
  body: body('Enter what was said or written'),
});
export type RecordedInput = z.infer<typeof recordedSchema> & { date: string };

export interface DateFields {
  day?: string;
  month?: string;
  year?: string;
}

/** Day, month and year fields as GOV.UK date inputs send them; an error message or the ISO date. */
export function dateFromFields(fields: DateFields, what: string): { date: string } | { error: string } {
  const day = (fields.day ?? '').trim();
  const month = (fields.month ?? '').trim();
  const year = (fields.year ?? '').trim();
  if (!day && !month && !year) return { error: `Enter ${what}` };
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean);
  if (missing.length) return { error: `${capitalise(what)} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { error: `${capitalise(what)} must be a real date` };
  }
  const iso = formatIsoDate({ year: Number(year), month: Number(month), day: Number(day) });
  if (!isIsoDate(iso)) return { error: `${capitalise(what)} must be a real date` };
  return { date: iso };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
