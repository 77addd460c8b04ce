import { z } from 'zod';
import { REMEDY_KINDS } from '../complaints/case-record-service.ts';
import { CHANNELS, CONSENT_VALUES, CONTACT_PREFERENCES } from '../complaints/intake.ts';
import {
  EVENT_TYPES,
  type EventType,
  ISSUE_OUTCOMES,
  isStatus,
  OUTCOMES,
  SATISFACTION,
  STATUSES,
} from '../domain/lifecycle/index.ts';
import { type FieldError, ValidationError } from '../errors.ts';

// The API's wire shapes. Response schemas are what the serialisers must produce (their types come from here)
// and what the OpenAPI document is generated from, so the document cannot drift from the responses. Request
// schemas only describe the bodies for the document: the services validate them with the domain's own
// schemas (src/complaints/intake.ts, src/domain/lifecycle), so there is one set of rules and messages.

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE = 100_000;

const isoDate = (description: string) => z.iso.date().describe(`${description} (YYYY-MM-DD, UK date)`);
const nullableDate = (description: string) => isoDate(description).nullable();
const timestamp = (description: string) => z.iso.datetime().describe(`${description} (ISO 8601, UTC)`);
const deadlineState = z
  .enum(['overdue', 'due-soon', 'on-time'])
  .nullable()
  .describe('How the next deadline stands today; null once the complaint is finished');

export const statusSchema = z.enum(STATUSES).describe('Where the complaint is in its lifecycle');
export const stageSchema = z.literal([1, 2]).describe('1: early resolution; 2: investigation');
export const eventTypeSchema = z.enum(EVENT_TYPES).describe('A change that can be recorded on a complaint');

// ---- Responses -------------------------------------------------------------------------------------------

export const complainantSchema = z.strictObject({
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  preferredContact: z.enum(CONTACT_PREFERENCES).nullable(),
});

export const onBehalfOfSchema = z
  .strictObject({
    name: z.string().describe('The person the complaint is about'),
    relationship: z.string().describe('The complainant’s relationship to them'),
    consent: z.enum(CONSENT_VALUES).describe('Whether they agreed to the complaint being made for them'),
  })
  .nullable()
  .describe('Set when someone complains for another person');

export const complaintDeadlinesSchema = z
  .strictObject({
    acknowledgeBy: isoDate('The acknowledgement is due by this date'),
    acknowledgedOn: nullableDate('When the complaint was acknowledged'),
    stageDueBy: isoDate('The response for the current stage is due by this date (after any extension)'),
    outerLimitBy: nullableDate('The outer time limit from receipt, when the procedure sets one'),
    nextDueOn: nullableDate('The next deadline the worklist orders by; null once finished'),
    state: deadlineState,
    extended: z.boolean().describe('True when the current stage’s due date was extended'),
  })
  .describe('Due dates in working days of the organisation’s calendar (bank holidays and closures excluded)');

export const complaintEventSchema = z.strictObject({
  type: z.string().describe('The event type: one of the lifecycle events, "received" or a case-record event'),
  from: statusSchema.nullable(),
  to: statusSchema.nullable(),
  stage: stageSchema.nullable(),
  actor: z.string().describe('Who recorded it: a person’s name or an API token’s name'),
  reason: z.string().nullable(),
  occurredOn: isoDate('When it happened'),
  at: timestamp('When it was recorded'),
});

export const complaintIssueSchema = z.strictObject({
  id: z.uuid().describe('Identifies the issue within the complaint; remedies refer to it'),
  summary: z.string(),
  service: z.string().nullable(),
  outcome: z.enum(ISSUE_OUTCOMES).nullable(),
  findings: z.string().nullable(),
});

export const complaintRemedySchema = z.strictObject({
  issueId: z.uuid().nullable().describe('The issue it puts right, if recorded against one'),
  kind: z.enum(REMEDY_KINDS),
  amountPence: z.number().int().nullable().describe('Financial redress in pence'),
  description: z.string(),
  recordedAt: timestamp('When it was recorded'),
});

export const complaintPauseSchema = z.strictObject({
  stage: stageSchema,
  from: isoDate('The clock stopped on this date'),
  to: nullableDate('The clock restarted on this date; null while paused'),
  reason: z.string(),
});

export const complaintExtensionSchema = z.strictObject({
  stage: stageSchema,
  previousDueOn: isoDate('The due date before the extension'),
  newDueOn: isoDate('The extended due date'),
  reason: z.string(),
  complainantToldOn: isoDate('When the complainant was told'),
  recordedAt: timestamp('When it was recorded'),
});

export const complaintSchema = z.strictObject({
  reference: z.string().describe('The complaint’s reference, like CMP-2026-000123'),
  status: statusSchema,
  stage: stageSchema,
  channel: z.enum(CHANNELS),
  receivedAt: timestamp('When the complaint was received'),
  receivedOn: isoDate('The UK date of receipt, from which deadlines count'),
  complainant: complainantSchema,
  onBehalfOf: onBehalfOfSchema,
  description: z.string(),
  whenHappened: z.string().nullable(),
  service: z.string().nullable().describe('The name of the service, team or site complained about'),
  outcomeSought: z.string().nullable(),
  adjustments: z.string().nullable().describe('Reasonable adjustments the complainant asked for'),
  handler: z.string().nullable().describe('The name of the complaints handler'),
  investigator: z.string().nullable().describe('The name of the investigator'),
  stage2StartedOn: nullableDate('When stage 2 began'),
  resolvedOn: nullableDate('When it was resolved at stage 1'),
  closedOn: nullableDate('When it was closed or withdrawn'),
  outcome: z.enum(OUTCOMES).nullable(),
  outcomeSummary: z.string().nullable(),
  satisfied: z.enum(SATISFACTION).nullable().describe('Whether the complainant was satisfied at stage 1'),
  deadlines: complaintDeadlinesSchema,
  issues: z.array(complaintIssueSchema),
  remedies: z.array(complaintRemedySchema),
  pauses: z.array(complaintPauseSchema),
  extensions: z.array(complaintExtensionSchema),
  events: z.array(complaintEventSchema).describe('Every change of the case, oldest first'),
  allowedEvents: z
    .array(eventTypeSchema)
    .describe('The events this token may record now, in the order a person would usually consider them'),
  updatedAt: timestamp('When the case last changed'),
});

export const complaintSummarySchema = z.strictObject({
  reference: z.string(),
  status: statusSchema,
  stage: stageSchema,
  channel: z.enum(CHANNELS),
  receivedOn: isoDate('The UK date of receipt'),
  complainantName: z.string(),
  service: z.string().nullable(),
  handler: z.string().nullable(),
  deadlines: z.strictObject({
    acknowledgeBy: isoDate('The acknowledgement is due by this date'),
    acknowledgedOn: nullableDate('When the complaint was acknowledged'),
    stageDueBy: isoDate('The response for the current stage is due by this date'),
    nextDueOn: nullableDate('The next deadline; null once finished'),
    state: deadlineState,
    extended: z.boolean(),
  }),
});

export const complaintListSchema = z.strictObject({
  items: z.array(complaintSummarySchema).describe('Ordered by next deadline, soonest first'),
  total: z.number().int().min(0).describe('How many complaints match, on all pages'),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE),
});

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

export type ComplaintJson = z.output<typeof complaintSchema>;
export type ComplaintSummaryJson = z.output<typeof complaintSummarySchema>;
export type ComplaintListJson = z.output<typeof complaintListSchema>;

// ---- Requests (documentation; validated by the services) -------------------------------------------------

const text = (max: number) => z.string().max(max);

export const createComplaintRequestSchema = z.looseObject({
  channel: z.enum(CHANNELS).describe('How the complaint arrived'),
  receivedAt: z.iso
    .datetime({ offset: true })
    .describe('When it was received, with a time zone; not in the future. Deadlines count from its UK date'),
  complainant: z
    .looseObject({
      name: text(200).min(1),
      email: z.email().max(320).nullable().optional(),
      phone: z
        .string()
        .max(30)
        .regex(/^[0-9+()\s-]*$/)
        .nullable()
        .optional(),
      address: text(1000).nullable().optional(),
      preferredContact: z.enum(CONTACT_PREFERENCES).nullable().optional(),
    })
    .describe('At least one of email, phone or address is required'),
  onBehalfOf: z
    .looseObject({
      name: text(200).min(1),
      relationship: text(200).min(1),
      consent: z.enum(CONSENT_VALUES),
    })
    .nullable()
    .optional()
    .describe('When complaining for someone else'),
  description: text(20_000).min(1).describe('What happened'),
  whenHappened: text(200).nullable().optional().describe('When it happened, in the complainant’s words'),
  service: text(200)
    .nullable()
    .optional()
    .describe('The name of one of the organisation’s services, teams or sites (not case sensitive)'),
  outcomeSought: text(5000).nullable().optional().describe('What the complainant would like to happen'),
  adjustments: text(5000).nullable().optional().describe('Reasonable adjustments the complainant needs'),
});

const occurredOn = isoDate('When it happened; defaults to today, cannot be in the future').optional();
const note = text(5000).optional();
const reason = text(5000).min(1);
const summary = text(10_000).min(1);

/** The fields each event takes besides `type`; must match parseEventPayload in src/domain/lifecycle. */
export const EVENT_FIELDS = {
  acknowledge: { note },
  'resolve-stage1': {
    outcome: z.enum(OUTCOMES),
    summary,
    satisfied: z.enum(SATISFACTION).describe('Whether the complainant was satisfied'),
  },
  escalate: { reason },
  extend: {
    reason,
    newDueDate: isoDate('The new due date: a working day after the current one'),
    complainantToldOn: isoDate('When the complainant was told; today or earlier'),
  },
  pause: { reason },
  resume: { note },
  'submit-response': { note },
  'return-response': { reason },
  'sign-off': { note },
  close: { outcome: z.enum(OUTCOMES), summary },
  withdraw: { reason },
  reopen: { reason },
} satisfies Record<EventType, Record<string, z.ZodType>>;

function eventRequest(type: EventType) {
  const fields: Record<string, z.ZodType> = EVENT_FIELDS[type];
  return z.looseObject({ type: z.literal(type), occurredOn, ...fields });
}

export const eventRequestSchemas = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, eventRequest(type)]),
) as Record<EventType, ReturnType<typeof eventRequest>>;

export const eventRequestSchema = z
  .discriminatedUnion(
    'type',
    EVENT_TYPES.map((type) => eventRequestSchemas[type]) as [
      ReturnType<typeof eventRequest>,
      ...ReturnType<typeof eventRequest>[],
    ],
  )
  .describe(
    'One lifecycle event. Sign-off needs a responsible person or senior leader token; the others a role ' +
      'that handles complaints',
  );

// ---- Query parameters (validated here: they belong to the API alone) ------------------------------------

function asList(value: unknown): unknown {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  return parts.map((p) => p.trim()).filter(Boolean);
}

const flag = (name: string) =>
  z
    .enum(['true', 'false'], { error: `${name} must be true or false` })
    .transform((v) => v === 'true')
    .optional();

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string({ error: `${name} must be a whole number from ${min} to ${max.toLocaleString('en-GB')}` })
    .regex(/^\d{1,7}$/, `${name} must be a whole number from ${min} to ${max.toLocaleString('en-GB')}`)
    .transform(Number)
    .refine(
      (n) => n >= min && n <= max,
      `${name} must be a whole number from ${min} to ${max.toLocaleString('en-GB')}`,
    )
    .optional();

export const LIST_QUERY_PARAMETERS = [
  'status',
  'stage',
  'overdue',
  'dueSoon',
  'handler',
  'includeClosed',
  'page',
  'pageSize',
] as const;

const listQuerySchema = z.strictObject({
  status: z.preprocess(asList, z.array(z.string()).optional()).superRefine((list, ctx) => {
    const unknown = (list ?? []).filter((s) => !isStatus(s));
    if (unknown.length) {
      ctx.addIssue({
        code: 'custom',
        message: `Unknown status ${unknown.map((s) => `"${s}"`).join(', ')}: use one or more of ${STATUSES.join(', ')}`,
      });
    }
  }),
  stage: z
    .enum(['1', '2'], { error: 'stage must be 1 or 2' })
    .transform((v) => Number(v) as 1 | 2)
    .optional(),
  overdue: flag('overdue'),
  dueSoon: flag('dueSoon'),
  handler: z
    .string({ error: 'handler must be given once' })
    .trim()
    .min(1, 'handler must be "unassigned", a user’s email address or a user id')
    .optional(),
  includeClosed: flag('includeClosed'),
  page: wholeNumber('page', 1, MAX_PAGE),
  pageSize: wholeNumber('pageSize', 1, MAX_PAGE_SIZE),
});

export type ListQuery = z.output<typeof listQuerySchema>;

/** Reads the list's query string, refusing anything unknown so a mistyped filter is not silently ignored. */
export function parseListQuery(query: unknown): ListQuery {
  const result = listQuerySchema.safeParse(query ?? {});
  if (result.success) return result.data;
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({
          field: key,
          message: `Unknown query parameter "${key}": use ${LIST_QUERY_PARAMETERS.join(', ')}`,
        });
      }
    } else {
      const field = String(issue.path[0] ?? 'query');
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message });
    }
  }
  throw new ValidationError(errors, 'There is a problem with the query parameters');
}
