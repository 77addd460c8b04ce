import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../auth/roles.ts';
import { ALLOWED_DESCRIPTION } from '../../complaints/attachment-policy.ts';
import {
  HANDLER_ROLES,
  INVESTIGATOR_ROLES,
  REMEDY_KINDS,
  REMEDY_LABELS,
} from '../../complaints/case-record-service.ts';
import { caseState } from '../../complaints/complaint-service.ts';
import { CHANNELS, CONSENT_VALUES, complaintIntakeSchema } from '../../complaints/intake.ts';
import {
  applyEvent,
  EVENT_LABELS,
  EVENT_TYPES,
  type EventType,
  ISSUE_OUTCOMES,
  isEventType,
  OUTCOMES,
  SATISFACTION,
  STATUSES,
} from '../../domain/lifecycle/index.ts';
import type { FieldError } from '../../errors.ts';
import { ConflictError, ValidationError, zodToFieldErrors } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { dateFromParts, field, formBody, uploadedFile } from '../form-helpers.ts';
import { paths } from '../paths.ts';
import { render } from '../render.ts';
import { requireActor } from '../request-context.ts';

/** After these events the matching letter is offered for preview, so the complainant is told promptly. */
const LETTER_AFTER: Partial<Record<EventType, string>> = {
  acknowledge: 'acknowledgement',
  extend: 'extension',
  'resolve-stage1': 'stage1-outcome',
  close: 'final-response',
};

const PAGE_SIZE = 25;

export async function complaintRoutes(app: FastifyInstance, services: Services) {
  const { complaints, caseRecords } = services;

  app.get(paths.complaints.list(), { config: { access: 'signed-in' } }, async (request, reply) => {
    const actor = requireActor(request);
    const query = request.query as Record<string, string | string[] | undefined>;
    const filters = worklistFilters(query);
    const page = Math.max(1, Number.parseInt(String(query.page ?? '1'), 10) || 1);
    const [result, serviceList, handlers] = await Promise.all([
      complaints.worklist(actor, filters, page, PAGE_SIZE),
      services.organisations.services(actor.organisationId),
      services.auth.usersWithRoles(actor.organisationId, HANDLER_ROLES),
    ]);
    const base = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (k === 'page' || v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) base.append(k, item);
    }
    const pageHref = (n: number) =>
      `${paths.complaints.list()}?${new URLSearchParams([...base, ['page', String(n)]]).toString()}`;
    return render(request, reply, 'complaints/list.njk', {
      result,
      filters,
      query,
      services: serviceList,
      handlers,
      statuses: STATUSES,
      pagination: paginationFor(result.page, result.pages, pageHref),
      canCreate: can(actor.role, 'complaint:create'),
    });
  });

  app.get(paths.complaints.new(), { config: { access: 'complaint:create' } }, async (request, reply) => {
    const actor = requireActor(request);
    return render(
      request,
      reply,
      'complaints/new.njk',
      await newComplaintContext(services, actor.organisationId, {}),
    );
  });

  app.post(paths.complaints.new(), { config: { access: 'complaint:create' } }, async (request, reply) => {
    const actor = requireActor(request);
    const body = formBody(request);
    const { input, errors } = staffIntake(body, complaints.today());
    try {
      if (errors.length) {
        // Check the rest of the form too, so every problem is listed at once.
        const rest = complaintIntakeSchema.safeParse({ ...input, receivedAt: new Date().toISOString() });
        throw new ValidationError(rest.success ? [] : zodToFieldErrors(rest.error.issues));
      }
      const row = await complaints.create(actor.organisationId, input, actor);
      return reply.redirect(`${paths.complaints.show(row.reference)}?created=1`, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        const all = inFormOrder(mergeErrors(errors, error.errors.map(mapIntakeField)));
        return render(
          request,
          reply,
          'complaints/new.njk',
          { ...(await newComplaintContext(services, actor.organisationId, body)), errors: all },
          400,
        );
      }
      throw error;
    }
  });

  app.get('/complaints/:reference', { config: { access: 'signed-in' } }, async (request, reply) => {
    const actor = requireActor(request);
    const { reference } = request.params as { reference: string };
    const detail = await complaints.get(actor, reference);
    return render(request, reply, 'complaints/show.njk', await caseContext(services, request, detail));
  });

  app.get(
    '/complaints/:reference/events/:type',
    { config: { access: 'signed-in' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { reference, type } = request.params as { reference: string; type: string };
      if (!isEventType(type)) return reply.callNotFound();
      const detail = await complaints.get(actor, reference, { audit: false });
      if (!detail.allowedEvents.includes(type)) {
        return render(
          request,
          reply,
          'complaints/event-refused.njk',
          { detail, type, message: refusalMessage(detail, type) },
          409,
        );
      }
      return render(request, reply, 'complaints/event.njk', eventContext(detail, type, {}));
    },
  );

  app.post(
    '/complaints/:reference/events/:type',
    { config: { access: 'signed-in' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { reference, type } = request.params as { reference: string; type: string };
      if (!isEventType(type)) return reply.callNotFound();
      const body = formBody(request);
      const payload = eventPayloadFromForm(type, body);
      try {
        if (payload.errors.length) throw new ValidationError(payload.errors);
        await complaints.applyEvent(actor, reference, type, payload.value);
      } catch (error) {
        if (error instanceof ValidationError || error instanceof ConflictError) {
          const detail = await complaints.get(actor, reference, { audit: false });
          if (error instanceof ConflictError) {
            return render(
              request,
              reply,
              'complaints/event-refused.njk',
              { detail, type, message: error.message },
              409,
            );
          }
          const errors = mergeErrors(payload.errors, error.errors);
          return render(
            request,
            reply,
            'complaints/event.njk',
            { ...eventContext(detail, type, body), errors },
            400,
          );
        }
        throw error;
      }
      const letter = LETTER_AFTER[type];
      if (letter && can(actor.role, 'correspondence:send')) {
        return reply.redirect(`${paths.complaints.letter(reference, letter)}?after=${type}`, 303);
      }
      return reply.redirect(`${paths.complaints.show(reference)}?done=${type}`, 303);
    },
  );

  app.post(
    '/complaints/:reference/assign',
    { config: { access: 'complaint:assign' } },
    async (request, reply) =>
      caseForm(request, reply, services, 'assignment', (actor, reference, body) =>
        caseRecords.assign(actor, reference, {
          handlerId: field(body, 'handlerId'),
          investigatorId: field(body, 'investigatorId'),
        }),
      ),
  );

  app.post('/complaints/:reference/notes', { config: { access: 'complaint:note' } }, async (request, reply) =>
    caseForm(request, reply, services, 'notes', (actor, reference, body) =>
      caseRecords.addNote(actor, reference, { body: field(body, 'body') }),
    ),
  );

  app.post(
    '/complaints/:reference/issues',
    { config: { access: 'complaint:record-outcome' } },
    async (request, reply) =>
      caseForm(request, reply, services, 'issues', (actor, reference, body) =>
        caseRecords.addIssue(actor, reference, {
          summary: field(body, 'summary'),
          serviceId: field(body, 'issueServiceId'),
        }),
      ),
  );

  app.post(
    '/complaints/:reference/issues/:issueId',
    { config: { access: 'complaint:record-outcome' } },
    async (request, reply) => {
      const { issueId } = request.params as { issueId: string };
      return caseForm(request, reply, services, 'issues', (actor, reference, body) =>
        caseRecords.recordIssueOutcome(actor, reference, issueId, {
          outcome: field(body, 'outcome') || undefined,
          findings: field(body, 'findings'),
        }),
      );
    },
  );

  app.post(
    '/complaints/:reference/remedies',
    { config: { access: 'complaint:record-outcome' } },
    async (request, reply) =>
      caseForm(request, reply, services, 'remedies', (actor, reference, body) =>
        caseRecords.addRemedy(actor, reference, {
          kind: field(body, 'kind') || undefined,
          description: field(body, 'description'),
          issueId: field(body, 'remedyIssueId'),
          amount: field(body, 'amount'),
        }),
      ),
  );

  app.post(
    '/complaints/:reference/colleagues',
    { config: { access: 'complaint:record-outcome' } },
    async (request, reply) =>
      caseForm(request, reply, services, 'colleagues', (actor, reference, body) =>
        caseRecords.addColleague(actor, reference, {
          name: field(body, 'colleagueName'),
          jobTitle: field(body, 'jobTitle'),
          involvement: field(body, 'involvement'),
          informedOn: field(body, 'informedOn'),
        }),
      ),
  );

  app.post(
    '/complaints/:reference/attachments',
    { config: { access: 'complaint:attach', acceptsFiles: true } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { reference } = request.params as { reference: string };
      try {
        await caseRecords.addAttachment(actor, reference, await uploadedFile(request));
      } catch (error) {
        if (error instanceof ValidationError) {
          const detail = await complaints.get(actor, reference, { audit: false });
          return render(
            request,
            reply,
            'complaints/show.njk',
            {
              ...(await caseContext(services, request, detail)),
              errors: error.errors,
              section: 'attachments',
            },
            400,
          );
        }
        throw error;
      }
      return reply.redirect(`${paths.complaints.show(reference)}#attachments`, 303);
    },
  );

  app.get(
    '/complaints/:reference/attachments/:id',
    { config: { access: 'signed-in' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { reference, id } = request.params as { reference: string; id: string };
      const file = await caseRecords.getAttachment(actor, reference, id);
      return reply
        .header('content-type', file.media_type)
        .header('content-disposition', `attachment; filename="${file.filename.replace(/[^\w.\- ]/g, '_')}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(file.content));
    },
  );

  app.get('/complaints/:reference/audit', { config: { access: 'audit:read' } }, async (request, reply) => {
    const actor = requireActor(request);
    const { reference } = request.params as { reference: string };
    const complaint = await complaints.findOrThrow(actor, reference);
    const records = await services.audit.forComplaint(actor.organisationId, complaint.id);
    await services.audit.record(actor, {
      action: 'complaint.audit.view',
      entityType: 'complaint',
      entityId: reference,
      complaintId: complaint.id,
    });
    return render(request, reply, 'complaints/audit.njk', { complaint, records });
  });
}

type CaseAction = (
  actor: ReturnType<typeof requireActor>,
  reference: string,
  body: ReturnType<typeof formBody>,
) => Promise<unknown>;

/** A form on the case page: on success back to its section, on invalid input the case page again with errors. */
async function caseForm(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  section: string,
  action: CaseAction,
) {
  const actor = requireActor(request);
  const { reference } = request.params as { reference: string };
  const body = formBody(request);
  try {
    await action(actor, reference, body);
  } catch (error) {
    if (error instanceof ValidationError) {
      const detail = await services.complaints.get(actor, reference, { audit: false });
      const errors = error.errors.map((e) => ({
        ...e,
        field: CASE_FIELD_IDS[section]?.[e.field] ?? e.field,
      }));
      return render(
        request,
        reply,
        'complaints/show.njk',
        { ...(await caseContext(services, request, detail)), errors, section, values: body },
        400,
      );
    }
    throw error;
  }
  return reply.redirect(`${paths.complaints.show(reference)}#${section}`, 303);
}

/** Service field names → the ids of the inputs on the case page, so error links land on the right field. */
const CASE_FIELD_IDS: Record<string, Record<string, string>> = {
  issues: { serviceId: 'issueServiceId' },
  remedies: { issueId: 'remedyIssueId' },
  colleagues: { name: 'colleagueName' },
};

async function caseContext(
  services: Services,
  request: FastifyRequest,
  detail: Awaited<ReturnType<Services['complaints']['get']>>,
) {
  const actor = requireActor(request);
  const query = request.query as Record<string, string | undefined>;
  const [serviceList, handlers, investigators] = await Promise.all([
    services.organisations.services(actor.organisationId),
    can(actor.role, 'complaint:assign')
      ? services.auth.usersWithRoles(actor.organisationId, HANDLER_ROLES)
      : [],
    can(actor.role, 'complaint:assign')
      ? services.auth.usersWithRoles(actor.organisationId, INVESTIGATOR_ROLES)
      : [],
  ]);
  const done = query.done && isEventType(query.done) ? `${EVENT_LABELS[query.done]}: done.` : null;
  return {
    detail,
    c: detail.complaint,
    services: serviceList,
    handlers,
    investigators,
    remedyKinds: REMEDY_KINDS,
    remedyLabels: REMEDY_LABELS,
    issueOutcomes: ISSUE_OUTCOMES,
    allowedDescription: ALLOWED_DESCRIPTION,
    flash: query.created ? `Complaint ${detail.complaint.reference} recorded.` : query.sent ? 'Sent.' : done,
    can: {
      assign: can(actor.role, 'complaint:assign'),
      note: can(actor.role, 'complaint:note'),
      attach: can(actor.role, 'complaint:attach'),
      outcome: can(actor.role, 'complaint:record-outcome'),
      correspond: can(actor.role, 'correspondence:send'),
      audit: can(actor.role, 'audit:read'),
    },
    values: {},
  };
}

function worklistFilters(query: Record<string, string | string[] | undefined>) {
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v) ?? '';
  const status = list(query.status).filter((s) => (STATUSES as readonly string[]).includes(s));
  const stage = one(query.stage);
  const handler = one(query.handler);
  const serviceId = one(query.service);
  return {
    status,
    stage: stage === '1' || stage === '2' ? Number(stage) : null,
    serviceId: /^[0-9a-f-]{36}$/.test(serviceId) ? serviceId : null,
    handler: handler === 'me' || handler === 'unassigned' || /^[0-9a-f-]{36}$/.test(handler) ? handler : null,
    overdue: one(query.overdue) === 'yes',
    dueSoon: one(query.dueSoon) === 'yes',
    includeClosed: one(query.includeClosed) === 'yes',
    q: one(query.q).trim().slice(0, 100) || null,
  };
}

function paginationFor(page: number, pages: number, href: (n: number) => string) {
  if (pages <= 1) return null;
  const items = [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 2)
      items.push({ number: n, href: href(n), current: n === page });
    else if (items[items.length - 1]?.ellipsis !== true) items.push({ ellipsis: true });
  }
  return {
    items,
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
  };
}

async function newComplaintContext(
  services: Services,
  organisationId: string,
  values: Record<string, unknown>,
) {
  return {
    values,
    channels: CHANNELS.filter((c) => c !== 'online'),
    consentValues: CONSENT_VALUES,
    services: await services.organisations.services(organisationId),
  };
}

/** The staff form's fields as the intake the service validates; date parts are checked here. */
function staffIntake(body: ReturnType<typeof formBody>, today: string) {
  const errors: FieldError[] = [];
  const received = dateFromParts(body, 'receivedOn', 'the date the complaint was received');
  if (received.error) errors.push({ field: 'receivedOn', message: received.error });
  else if (received.value && received.value > today)
    errors.push({ field: 'receivedOn', message: 'The date received must be today or in the past' });
  const time = field(body, 'receivedTime').trim();
  if (time && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(time))
    errors.push({ field: 'receivedTime', message: 'Enter the time as hours and minutes, like 14:30' });
  const onBehalf = field(body, 'onBehalf') === 'yes';
  const receivedAt = received.value
    ? londonDateTime(received.value, time && !errors.some((e) => e.field === 'receivedTime') ? time : '12:00')
    : '';
  const input = {
    channel: field(body, 'channel') || undefined,
    receivedAt,
    complainant: {
      name: field(body, 'name'),
      email: field(body, 'email'),
      phone: field(body, 'phone'),
      address: field(body, 'address'),
      preferredContact: field(body, 'preferredContact') || null,
    },
    onBehalfOf: onBehalf
      ? {
          name: field(body, 'behalfName'),
          relationship: field(body, 'behalfRelationship'),
          consent: field(body, 'behalfConsent') || undefined,
        }
      : null,
    description: field(body, 'description'),
    whenHappened: field(body, 'whenHappened'),
    serviceId: field(body, 'serviceId') || null,
    outcomeSought: field(body, 'outcomeSought'),
    adjustments: field(body, 'adjustments'),
  };
  return { input, errors };
}

/** A wall-clock time in London on a date, as an instant (handles BST). */
function londonDateTime(date: string, time: string): string {
  const [h, m] = time.split(':').map(Number);
  const guess = new Date(`${date}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`);
  const london = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    hourCycle: 'h23',
  }).format(guess);
  const offsetHours = Number(london) - (h ?? 0);
  return new Date(guess.getTime() - ((offsetHours + 24) % 24) * 3600_000).toISOString();
}

const INTAKE_FIELD_IDS: Record<string, string> = {
  'complainant.name': 'name',
  'complainant.email': 'email',
  'complainant.phone': 'phone',
  'complainant.address': 'address',
  'onBehalfOf.name': 'behalfName',
  'onBehalfOf.relationship': 'behalfRelationship',
  'onBehalfOf.consent': 'behalfConsent',
  receivedAt: 'receivedOn',
};

function mapIntakeField(e: FieldError): FieldError {
  if (e.field === 'channel') return { field: 'channel', message: 'Select how the complaint was received' };
  return { ...e, field: INTAKE_FIELD_IDS[e.field] ?? e.field };
}

/** The order fields appear on the staff form, so the error summary reads top to bottom. */
const STAFF_FORM_ORDER = [
  'channel',
  'receivedOn',
  'receivedTime',
  'name',
  'email',
  'phone',
  'address',
  'behalfName',
  'behalfRelationship',
  'behalfConsent',
  'description',
  'whenHappened',
  'serviceId',
  'outcomeSought',
  'adjustments',
];

function inFormOrder(errors: FieldError[]): FieldError[] {
  const rank = (e: FieldError) => {
    const i = STAFF_FORM_ORDER.indexOf(e.field);
    return i === -1 ? STAFF_FORM_ORDER.length : i;
  };
  return [...errors].sort((a, b) => rank(a) - rank(b));
}

function mergeErrors(first: FieldError[], second: FieldError[]): FieldError[] {
  const seen = new Set(first.map((e) => e.field));
  return [...first, ...second.filter((e) => !seen.has(e.field))];
}

function eventPayloadFromForm(type: EventType, body: ReturnType<typeof formBody>) {
  const errors: FieldError[] = [];
  const value: Record<string, unknown> = {};
  for (const key of ['reason', 'note', 'summary', 'outcome', 'satisfied']) {
    const v = field(body, key);
    if (v !== '') value[key] = v;
  }
  if (type === 'extend') {
    const newDue = dateFromParts(body, 'newDueDate', 'the new due date');
    const told = dateFromParts(body, 'complainantToldOn', 'the date the complainant was told');
    if (newDue.error) errors.push({ field: 'newDueDate', message: newDue.error });
    else value.newDueDate = newDue.value;
    if (told.error) errors.push({ field: 'complainantToldOn', message: told.error });
    else value.complainantToldOn = told.value;
  }
  return { value, errors };
}

function eventContext(
  detail: Awaited<ReturnType<Services['complaints']['get']>>,
  type: EventType,
  values: Record<string, unknown>,
) {
  return {
    detail,
    c: detail.complaint,
    type,
    label: EVENT_LABELS[type],
    values,
    outcomes: OUTCOMES,
    satisfaction: SATISFACTION,
    needsReason: ['escalate', 'pause', 'withdraw', 'extend', 'reopen', 'return-response'].includes(type),
    eventTypes: EVENT_TYPES,
  };
}

function refusalMessage(detail: Awaited<ReturnType<Services['complaints']['get']>>, type: EventType): string {
  const result = applyEvent(caseState(detail.complaint), type);
  return result.ok
    ? `Your role does not allow you to ${EVENT_LABELS[type].toLowerCase()} a complaint.`
    : result.message;
}
