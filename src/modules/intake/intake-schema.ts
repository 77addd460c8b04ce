import { z } from 'zod';
import { isIsoDate } from '../../domain/calendar/index.ts';

export const CHANNELS = ['online', 'phone', 'letter', 'email', 'in-person'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  online: 'Online form',
  phone: 'Phone',
  letter: 'Letter',
  email: 'Email',
  'in-person': 'In person',
};

export const CONTACT_PREFERENCES = ['email', 'phone', 'post'] as const;
export const CONSENT_VALUES = ['given', 'not-needed', 'to-follow'] as const;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

export const complainantSchema = z
  .object({
    name: z
      .string({ message: 'Enter the complainant’s full name' })
      .trim()
      .min(1, 'Enter the complainant’s full name')
      .max(200, 'Name must be 200 characters or fewer'),
    // Asked before the contact details, as the forms ask it: the way they want to hear from us comes first.
    preferredContact: z.enum(CONTACT_PREFERENCES).optional().nullable(),
    email: z
      .string()
      .trim()
      .max(320, 'Email address must be 320 characters or fewer')
      .email('Enter an email address in the correct format, like name@example.com')
      .optional()
      .nullable()
      .or(z.literal(''))
      .transform((v) => (v ? v : null)),
    phone: z
      .string()
      .trim()
      .max(30, 'Phone number must be 30 characters or fewer')
      .regex(/^[0-9+()\s-]*$/, 'Enter a phone number, like 01632 960 001 or +44 7700 900 982')
      .optional()
      .nullable()
      .transform((v) => (v ? v : null)),
    address: optionalText(1000, 'Address'),
  })
  .strip();

export const onBehalfOfSchema = z
  .object({
    name: z
      .string({ message: 'Enter the name of the person the complaint is about' })
      .trim()
      .min(1, 'Enter the name of the person the complaint is about')
      .max(200, 'Name must be 200 characters or fewer'),
    relationship: z
      .string({ message: 'Enter your relationship to them' })
      .trim()
      .min(1, 'Enter your relationship to them')
      .max(200, 'Relationship must be 200 characters or fewer'),
    consent: z.enum(CONSENT_VALUES, {
      message: 'Select whether they have agreed to you complaining for them',
    }),
  })
  .strip();

/** One schema for every way a complaint arrives: the public form, staff recording it, and the API. */
export const complaintIntakeSchema = z
  .object({
    channel: z.enum(CHANNELS, { message: `Channel must be one of: ${CHANNELS.join(', ')}` }),
    receivedAt: z
      .string({ message: 'Enter the date and time the complaint was received' })
      .refine(
        (v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}/.test(v),
        'Enter the date received as an ISO date-time, like 2026-11-25T10:30:00Z',
      )
      .transform((v) => new Date(v)),
    complainant: complainantSchema,
    onBehalfOf: onBehalfOfSchema.optional().nullable(),
    description: z
      .string({ message: 'Enter what happened' })
      .trim()
      .min(1, 'Enter what happened')
      .max(20000, 'Description must be 20,000 characters or fewer'),
    whenHappened: optionalText(200, 'When it happened'),
    /** When the person first knew of the problem, if known: the time limit for complaining counts from it. */
    becameAwareOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date they became aware as YYYY-MM-DD, like 2026-03-27')
      .refine(isIsoDate, 'Enter the date they became aware as a real date, like 2026-03-27')
      .optional()
      .nullable()
      .transform((v) => v ?? null),
    service: optionalText(200, 'Service'),
    serviceId: z.string().uuid('Select a service from the list').optional().nullable(),
    outcomeSought: optionalText(5000, 'The outcome you want'),
    adjustments: optionalText(5000, 'Reasonable adjustments'),
  })
  .strip()
  .superRefine((value, ctx) => {
    const c = value.complainant;
    if (!c.email && !c.phone && !c.address) {
      ctx.addIssue({
        code: 'custom',
        path: ['complainant', 'email'],
        message: 'Give at least one way to contact the complainant: email, phone or address',
      });
    }
    // A receivedAt that failed its own check arrives here untransformed, its message already recorded.
    if (!(value.receivedAt instanceof Date)) return;
    if (value.receivedAt.getTime() > Date.now() + 5 * 60_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['receivedAt'],
        message: 'The date received cannot be in the future',
      });
    }
    if (value.receivedAt.getUTCFullYear() < 2000) {
      ctx.addIssue({ code: 'custom', path: ['receivedAt'], message: 'The date received must be after 2000' });
    }
  });

export type ComplaintIntake = z.infer<typeof complaintIntakeSchema>;
