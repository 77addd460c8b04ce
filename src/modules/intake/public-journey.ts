import { z } from 'zod';
import { formatLongDate, isIsoDate, ukDateOf } from '../../domain/calendar/index.ts';
import { type FieldError, zodToFieldErrors } from '../../errors.ts';
import {
  type CONSENT_VALUES,
  CONTACT_PREFERENCES,
  complainantSchema,
  onBehalfOfSchema,
} from './intake-schema.ts';

/** The question pages of the public complaint form, in the order they are asked. */
export const STEPS = [
  'who',
  'about-them',
  'about-you',
  'what-happened',
  'service',
  'outcome',
  'adjustments',
] as const;
export type Step = (typeof STEPS)[number];

export function isStep(value: string): value is Step {
  return (STEPS as readonly string[]).includes(value);
}

export type Consent = (typeof CONSENT_VALUES)[number];
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];
export const NOT_SURE = 'not-sure';

/** What each page stores once its answers are valid. */
export interface StepAnswers {
  who: { complainingFor: 'myself' | 'someone-else' };
  'about-them': { name: string; relationship: string; consent: Consent };
  'about-you': {
    name: string;
    email: string | null;
    phone: string | null;
    address: string | null;
    preferredContact: ContactPreference;
  };
  'what-happened': { description: string; whenHappened: string | null; becameAwareOn: string | null };
  /** A service id of the organisation, or NOT_SURE. */
  service: { serviceId: string };
  outcome: { outcomeSought: string | null };
  adjustments: { needsAdjustments: 'yes' | 'no'; adjustments: string | null };
}
export type Answers = Partial<StepAnswers>;

export interface JourneyContext {
  /** The organisation's active services; the service page is skipped when it has none. */
  services: { id: string; name: string }[];
}

/** The form fields of each page, in the order they appear, so errors are listed in page order. */
export const STEP_FIELDS: Record<Step, readonly string[]> = {
  who: ['complainingFor'],
  'about-them': ['name', 'relationship', 'consent'],
  'about-you': ['name', 'preferredContact', 'email', 'phone', 'address'],
  'what-happened': ['description', 'whenHappened', 'becameAware', 'becameAwareOn'],
  service: ['serviceId'],
  outcome: ['outcomeSought'],
  adjustments: ['needsAdjustments', 'adjustments'],
};

export const DESCRIPTION_MAX = 20_000;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .nullable()
    .optional()
    .transform((v) => v || null);

const whoSchema = z.object({
  complainingFor: z.enum(['myself', 'someone-else'], {
    message: 'Select whether you are complaining for yourself or for someone else',
  }),
});

const aboutYouSchema = complainantSchema.extend({
  name: z
    .string({ message: 'Enter your full name' })
    .min(1, 'Enter your full name')
    .max(200, 'Your name must be 200 characters or fewer'),
  preferredContact: z.enum(CONTACT_PREFERENCES, { message: 'Select how you would like us to contact you' }),
});

const whatHappenedSchema = z.object({
  description: z
    .string({ message: 'Tell us what happened' })
    .min(1, 'Tell us what happened')
    .max(
      DESCRIPTION_MAX,
      `What happened must be ${DESCRIPTION_MAX.toLocaleString('en-GB')} characters or fewer`,
    ),
  whenHappened: optionalText(200, 'When it happened'),
});

const outcomeSchema = z.object({ outcomeSought: optionalText(5000, 'The outcome you want') });

const adjustmentsSchema = z.object({
  needsAdjustments: z.enum(['yes', 'no'], {
    message: 'Select yes if you need us to make any changes to help you',
  }),
  adjustments: optionalText(5000, 'The changes that would help you'),
});

type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * When the person first knew of the problem, if they know it (it decides whether the complaint is in time):
 * day, month and year boxes on the page; a stored answer keeps it as becameAwareOn.
 */
function becameAware(input: Input): { value: string | null; error: string | null } {
  const stored = input.becameAwareOn;
  if (typeof stored === 'string' && isIsoDate(stored)) return { value: stored, error: null };
  const parts = ['day', 'month', 'year'].map((p) => text(input[`becameAware-${p}`]));
  if (parts.every((p) => p === '')) return { value: null, error: null };
  const [day, month, year] = parts as [string, string, string];
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || !isIsoDate(iso)) {
    return { value: null, error: 'The date you became aware must be a real date, like 27 3 2026' };
  }
  if (iso > ukDateOf(new Date())) {
    return { value: null, error: 'The date you became aware must be today or in the past' };
  }
  return { value: iso, error: null };
}
type Input = Record<string, unknown>;

/** Trimmed text (line endings made "\n"), or '' for anything that is not text. */
function text(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
}

function normalise(step: Step, input: Input): Record<string, string | undefined> {
  return Object.fromEntries(
    STEP_FIELDS[step].map((field) => {
      const value = input[field];
      return [field, value === undefined || value === null ? undefined : text(value)];
    }),
  );
}

/** Runs a page's schema and its cross-field rules together, so every problem on the page is shown at once. */
function check<T>(step: Step, schema: z.ZodType<T>, input: Input, extra: FieldError[] = []): Result<T> {
  const parsed = schema.safeParse(normalise(step, input));
  const all = [...(parsed.success ? [] : zodToFieldErrors(parsed.error.issues)), ...extra];
  const fields = STEP_FIELDS[step];
  const errors = all
    .filter((e, i) => all.findIndex((other) => other.field === e.field) === i)
    .sort((a, b) => fields.indexOf(a.field) - fields.indexOf(b.field));
  if (!parsed.success || errors.length) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}

/** The detail each way of contact needs: asked under its choice, and required when it is the one chosen. */
const CONTACT_FIELD: Record<ContactPreference, { field: 'email' | 'phone' | 'address'; message: string }> = {
  email: { field: 'email', message: 'Enter an email address, or choose another way to contact you' },
  phone: { field: 'phone', message: 'Enter a phone number, or choose another way to contact you' },
  post: { field: 'address', message: 'Enter a postal address, or choose another way to contact you' },
};

/** The chosen way of contact needs its detail; the others' details are optional. */
function contactErrors(input: Input): FieldError[] {
  const needed = CONTACT_FIELD[text(input.preferredContact) as ContactPreference];
  if (needed && !text(input[needed.field])) return [needed];
  return [];
}

const VALIDATORS: { [S in Step]: (input: Input, context: JourneyContext) => Result<StepAnswers[S]> } = {
  who: (input) => check('who', whoSchema, input),
  'about-them': (input) => check('about-them', onBehalfOfSchema, input),
  'about-you': (input) => check('about-you', aboutYouSchema, input, contactErrors(input)),
  'what-happened': (input) => {
    const aware = becameAware(input);
    const result = check(
      'what-happened',
      whatHappenedSchema,
      input,
      aware.error ? [{ field: 'becameAware', message: aware.error }] : [],
    );
    return result.ok ? { ok: true, value: { ...result.value, becameAwareOn: aware.value } } : result;
  },
  service: (input, context) => {
    const ids = new Set([NOT_SURE, ...context.services.map((s) => s.id)]);
    const schema = z.object({
      serviceId: z
        .string({ message: 'Select the service your complaint is about, or select I’m not sure' })
        .refine((v) => ids.has(v), 'Select the service your complaint is about, or select I’m not sure'),
    });
    return check('service', schema, input);
  },
  outcome: (input) => check('outcome', outcomeSchema, input),
  adjustments: (input) => {
    const extra =
      text(input.needsAdjustments) === 'yes' && !text(input.adjustments)
        ? [{ field: 'adjustments', message: 'Tell us what changes would help you' }]
        : [];
    const result = check('adjustments', adjustmentsSchema, input, extra);
    if (result.ok && result.value.needsAdjustments === 'no') result.value.adjustments = null;
    return result;
  },
};

export function validateStep<S extends Step>(
  step: S,
  input: Input,
  context: JourneyContext,
): Result<StepAnswers[S]> {
  return VALIDATORS[step](input, context);
}

/**
 * The stored answers, each page checked again: a page whose answer no longer holds (a service since
 * closed, say) counts as unanswered, so the person is asked it again rather than sending something invalid.
 */
export function readAnswers(stored: Record<string, unknown>, context: JourneyContext): Answers {
  const answers: Record<string, unknown> = {};
  for (const step of STEPS) {
    const value = stored[step];
    if (!value || typeof value !== 'object') continue;
    const result = validateStep(step, value as Input, context);
    if (result.ok) answers[step] = result.value;
  }
  return answers as Answers;
}

/** Adds a page's answers; saying "myself" drops any details given earlier about someone else. */
export function withAnswer<S extends Step>(answers: Answers, step: S, value: StepAnswers[S]): Answers {
  const updated: Answers = { ...answers, [step]: value };
  if (step === 'who' && (value as StepAnswers['who']).complainingFor === 'myself')
    delete updated['about-them'];
  return updated;
}

/** The form's values for a page, as text, to fill the fields. */
export function formValues(step: Step, answer: object | undefined): Record<string, string> {
  const source = (answer ?? {}) as Record<string, unknown>;
  const values: Record<string, string> = Object.fromEntries(
    STEP_FIELDS[step].map((f) => [f, typeof source[f] === 'string' ? source[f] : '']),
  );
  if (step === 'what-happened' && typeof source.becameAwareOn === 'string') {
    const [year, month, day] = source.becameAwareOn.split('-');
    Object.assign(values, {
      'becameAware-day': String(Number(day)),
      'becameAware-month': String(Number(month)),
      'becameAware-year': year,
    });
  }
  return values;
}

/** Only the page's own fields of a posted form, as typed, to show again when there is a problem. */
export function typedValues(step: Step, body: Input): Record<string, string> {
  const fields =
    step === 'what-happened'
      ? [...STEP_FIELDS[step], 'becameAware-day', 'becameAware-month', 'becameAware-year']
      : STEP_FIELDS[step];
  return Object.fromEntries(
    fields.map((f) => {
      const value = Array.isArray(body[f]) ? (body[f] as unknown[])[0] : body[f];
      return [f, typeof value === 'string' ? value : ''];
    }),
  );
}

export function applies(step: Step, answers: Answers, context: JourneyContext): boolean {
  if (step === 'about-them') return answers.who?.complainingFor === 'someone-else';
  if (step === 'service') return context.services.length > 0;
  return true;
}

function applicable(answers: Answers, context: JourneyContext): Step[] {
  return STEPS.filter((s) => applies(s, answers, context));
}

export function firstUnanswered(answers: Answers, context: JourneyContext): Step | null {
  return applicable(answers, context).find((s) => answers[s] === undefined) ?? null;
}

export function nextStep(step: Step, answers: Answers, context: JourneyContext): Step | null {
  return applicable(answers, context).find((s) => STEPS.indexOf(s) > STEPS.indexOf(step)) ?? null;
}

export function previousStep(step: Step, answers: Answers, context: JourneyContext): Step | null {
  return (
    applicable(answers, context)
      .filter((s) => STEPS.indexOf(s) < STEPS.indexOf(step))
      .pop() ?? null
  );
}

/**
 * Where someone asking for a page must go instead: to the first page still to answer when they skip ahead,
 * or past a page that does not apply to them. Null when the page may be shown.
 */
export function redirectFor(step: Step, answers: Answers, context: JourneyContext): Step | 'check' | null {
  const first = firstUnanswered(answers, context);
  if (!applies(step, answers, context)) return first ?? 'check';
  if (first && STEPS.indexOf(first) < STEPS.indexOf(step)) return first;
  return null;
}

export type CompleteAnswers = Answers &
  Pick<StepAnswers, 'who' | 'about-you' | 'what-happened' | 'outcome' | 'adjustments'>;

export function isComplete(answers: Answers, context: JourneyContext): answers is CompleteAnswers {
  return firstUnanswered(answers, context) === null;
}

/** The complaint as the complaint service takes it, from a complete set of answers. */
export function toIntake(answers: CompleteAnswers, receivedAt: Date) {
  const someoneElse = answers.who.complainingFor === 'someone-else' ? answers['about-them'] : undefined;
  const serviceId = answers.service?.serviceId;
  return {
    channel: 'online' as const,
    receivedAt: receivedAt.toISOString(),
    complainant: answers['about-you'],
    onBehalfOf: someoneElse ?? null,
    description: answers['what-happened'].description,
    whenHappened: answers['what-happened'].whenHappened,
    becameAwareOn: answers['what-happened'].becameAwareOn ?? null,
    serviceId: serviceId && serviceId !== NOT_SURE ? serviceId : null,
    outcomeSought: answers.outcome.outcomeSought,
    adjustments: answers.adjustments.needsAdjustments === 'yes' ? answers.adjustments.adjustments : null,
  };
}

export const CONSENT_LABELS: Record<Consent, string> = {
  given: 'Yes, they have agreed',
  'not-needed': 'Their agreement is not needed',
  'to-follow': 'Not yet, I will send their agreement later',
};

export const CONTACT_LABELS: Record<ContactPreference, string> = {
  email: 'Email',
  phone: 'Phone',
  post: 'Post',
};

export interface SummaryRow {
  key: string;
  value: string;
  step: Step;
  /** What the Change link changes, for screen readers ("Change your name"). */
  changes: string;
}

export interface SummarySection {
  heading: string;
  rows: SummaryRow[];
}

const orNotGiven = (value: string | null | undefined) => value || 'Not given';

/** Check-your-answers, grouped as the person would think of them. */
export function summarySections(answers: CompleteAnswers, context: JourneyContext): SummarySection[] {
  const you = answers['about-you'];
  const them = answers.who.complainingFor === 'someone-else' ? answers['about-them'] : undefined;
  const happened = answers['what-happened'];
  const who: SummaryRow[] = [
    {
      key: 'Complaining for',
      value: them ? 'Someone else' : 'Myself',
      step: 'who',
      changes: 'who you are complaining for',
    },
  ];
  if (them) {
    who.push(
      { key: 'Their name', value: them.name, step: 'about-them', changes: 'their name' },
      {
        key: 'Your relationship to them',
        value: them.relationship,
        step: 'about-them',
        changes: 'your relationship to them',
      },
      {
        key: 'Have they agreed?',
        value: CONSENT_LABELS[them.consent],
        step: 'about-them',
        changes: 'whether they have agreed',
      },
    );
  }
  const complaint: SummaryRow[] = [
    { key: 'What happened', value: happened.description, step: 'what-happened', changes: 'what happened' },
    {
      key: 'When it happened',
      value: orNotGiven(happened.whenHappened),
      step: 'what-happened',
      changes: 'when it happened',
    },
    {
      key: 'When you became aware of it',
      value: happened.becameAwareOn ? formatLongDate(happened.becameAwareOn) : 'Not given',
      step: 'what-happened',
      changes: 'when you became aware of it',
    },
  ];
  if (answers.service) {
    const chosen = context.services.find((s) => s.id === answers.service?.serviceId);
    complaint.push({
      key: 'Service',
      value: chosen?.name ?? 'I’m not sure',
      step: 'service',
      changes: 'the service',
    });
  }
  complaint.push(
    {
      key: 'Outcome you want',
      value: orNotGiven(answers.outcome.outcomeSought),
      step: 'outcome',
      changes: 'the outcome you want',
    },
    {
      key: 'Changes to help you',
      value: answers.adjustments.adjustments ?? 'None needed',
      step: 'adjustments',
      changes: 'the changes to help you',
    },
  );
  return [
    { heading: 'Who the complaint is for', rows: who },
    {
      heading: 'Your details',
      rows: [
        { key: 'Full name', value: you.name, step: 'about-you', changes: 'your name' },
        {
          key: 'How to contact you',
          value: CONTACT_LABELS[you.preferredContact],
          step: 'about-you',
          changes: 'how to contact you',
        },
        {
          key: 'Email address',
          value: orNotGiven(you.email),
          step: 'about-you',
          changes: 'your email address',
        },
        {
          key: 'Phone number',
          value: orNotGiven(you.phone),
          step: 'about-you',
          changes: 'your phone number',
        },
        { key: 'Postal address', value: orNotGiven(you.address), step: 'about-you', changes: 'your address' },
      ],
    },
    { heading: 'Your complaint', rows: complaint },
  ];
}
