import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../auth/roles.ts';
import { formatLongDate, ukDateOf } from '../../domain/calendar/index.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { formBody } from '../../web/form-helpers.ts';
import { render } from '../../web/render.ts';
import { requireActor } from '../../web/request-context.ts';
import { caseNavigation } from '../cases/case-page.ts';
import { casePaths } from '../cases/paths.ts';
import { READ_COMPLAINTS } from '../cases/permissions.ts';
import { CONTACT_LABELS } from '../intake/public-journey.ts';
import { ACKNOWLEDGEMENT_LETTERS } from '../lifecycle/acknowledgement.ts';
import { lifecyclePaths } from '../lifecycle/paths.ts';
import { ADJUSTMENT_KINDS, adjustmentsAsked, wantsLargePrint } from './adjustments.ts';
import type { CorrespondenceItem } from './correspondence-repository.ts';
import { OUTBOX_STATUSES } from './correspondence-service.ts';
import { letterRefusal } from './letter-availability.ts';
import { isLetterKey, LETTER_KEYS, LETTER_KINDS } from './letter-templates.ts';
import { correspondencePaths } from './paths.ts';
import { PLACEHOLDERS } from './placeholders.ts';

type Form = Record<string, unknown>;

const paths = {
  complaints: { ...casePaths.complaints, ...correspondencePaths.complaints },
  admin: correspondencePaths.admin,
};

const text = (form: Form, field: string): string => {
  const value = form[field];
  return typeof value === 'string' ? value : '';
};

/** Blank lines separate paragraphs in letters, as they do in the plain-text email. */
const paragraphs = (body: string) => body.split(/\n\s*\n/).filter((p) => p.trim() !== '');

/** The case page sends people here after a change that calls for a letter; say that the change was saved. */
const DONE_BEFORE_LETTER: Record<string, string> = {
  escalate: 'Complaint escalated to stage 2. Next: check and send the stage 2 acknowledgement below.',
  extend: 'Deadline extended. Next: check and send the letter below to tell the complainant.',
  'resolve-stage1': 'Complaint resolved at stage 1. Next: check and send the stage 1 response below.',
  'sign-off': 'Response signed off. Next: check and send the final response below.',
};

const doneBeforeLetter = (after: unknown) =>
  typeof after === 'string' && Object.hasOwn(DONE_BEFORE_LETTER, after)
    ? DONE_BEFORE_LETTER[after]
    : undefined;

const PLACEHOLDER_HELP = PLACEHOLDERS.map((p) => ({ token: `{{${p.name}}}`, description: p.description }));

export async function correspondenceRoutes(app: FastifyInstance, services: Services) {
  const { correspondence } = services;

  // Letters to the complainant: check, edit, send.

  /** A letter that does not fit the case now (the final response before sign-off, say): say why. */
  function letterRefused(request: FastifyRequest, reply: FastifyReply, reference: string, message: string) {
    return render(request, reply, 'correspondence/views/letter-refused.njk', { reference, message }, 409);
  }

  async function letterPage(
    request: FastifyRequest,
    reply: FastifyReply,
    typed: (Form & { subject: string; body: string }) | null,
    errors?: { field: string; message: string }[],
  ) {
    const { reference, key } = request.params as { reference: string; key: string };
    // A form sent back with errors is the same viewing continued, so it is not recorded twice.
    let drafted: Awaited<ReturnType<typeof correspondence.draft>>;
    try {
      drafted = await correspondence.draft(requireActor(request), reference, key, { audit: !errors });
    } catch (error) {
      if (error instanceof ConflictError) return letterRefused(request, reply, reference, error.message);
      throw error;
    }
    const { draft, complaint } = drafted;
    const approved =
      draft.key === 'final-response' ? await services.lifecycle.approvedResponse(complaint) : null;
    const isAcknowledgement = ACKNOWLEDGEMENT_LETTERS.includes(draft.key);
    return render(
      request,
      reply,
      'correspondence/views/letter.njk',
      {
        complaint,
        draft,
        approved,
        approvedParagraphs: approved ? paragraphs(approved.approvedBody ?? '') : [],
        adjustments: adjustmentsAsked(complaint.adjustments),
        isAcknowledgement,
        phoneHref: isAcknowledgement
          ? lifecyclePaths.complaints.event(reference, 'acknowledge')
          : `${paths.complaints.correspondence(reference)}#record`,
        CONTACT_PREFERENCE_LABELS: CONTACT_LABELS,
        values: typed ?? {},
        subject: typed?.subject ?? draft.subject,
        body: typed?.body ?? draft.body,
        flash: typed ? undefined : doneBeforeLetter((request.query as Form).after),
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    paths.complaints.letter.pattern,
    { config: { access: 'correspondence:send' } },
    async (request, reply) => letterPage(request, reply, null),
  );

  app.post(
    paths.complaints.letter.pattern,
    { config: { access: 'correspondence:send' } },
    async (request, reply) => {
      const { reference, key } = request.params as { reference: string; key: string };
      const form = formBody(request);
      const typed: Form & { subject: string; body: string } = {
        ...Object.fromEntries(
          Object.keys(form)
            .filter((name) => name.startsWith('adjustment-'))
            .map((name) => [name, text(form, name)]),
        ),
        subject: text(form, 'subject'),
        body: text(form, 'body'),
        byPost: text(form, 'byPost'),
      };
      const adjustments = Object.fromEntries(
        Object.keys(ADJUSTMENT_KINDS).map((kind) => [
          kind,
          { met: text(form, `adjustment-${kind}`), reason: text(form, `adjustment-${kind}-reason`) },
        ]),
      );
      // The approved final response is not a field of the form: the text sent is the text approved.
      const { body, ...rest } = typed;
      const letter = Object.hasOwn(form, 'body') ? typed : rest;
      try {
        const sent = await correspondence.send(requireActor(request), reference, key, {
          ...letter,
          adjustments,
        });
        // A letter is only recorded here; the person sending it goes straight to the copy they must print.
        const next =
          sent.channel === 'letter'
            ? `${paths.complaints.correspondenceItem(reference, sent.id)}?recorded=1`
            : `${paths.complaints.show(reference)}?sent=${encodeURIComponent(key)}`;
        return reply.redirect(next, 303);
      } catch (error) {
        if (error instanceof ValidationError) return letterPage(request, reply, typed, error.errors);
        if (error instanceof ConflictError) return letterRefused(request, reply, reference, error.message);
        throw error;
      }
    },
  );

  // The record of every contact with the complainant.

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    typed: Form | null,
    errors?: { field: string; message: string }[],
  ) {
    const actor = requireActor(request);
    const { reference } = request.params as { reference: string };
    const { complaint, items } = await correspondence.list(actor, reference, { audit: !errors });
    return render(
      request,
      reply,
      'correspondence/views/list.njk',
      {
        complaint,
        items: items.map((item) => viewItem(reference, item)),
        // The letters that fit the case as it stands now.
        letters: can(actor.role, 'correspondence:send')
          ? LETTER_KEYS.filter((key) => !letterRefusal(key, complaint, services.today())).map((key) => ({
              href: paths.complaints.letter(reference, key),
              ...LETTER_KINDS[key],
            }))
          : [],
        canRecord: can(actor.role, 'complaint:handle'),
        caseNav: caseNavigation(services, actor.role, reference, 'correspondence'),
        form: typed ?? {},
        flash: (request.query as Form).recorded === '1' ? 'Correspondence recorded' : undefined,
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    paths.complaints.correspondence.pattern,
    { config: { access: READ_COMPLAINTS } },
    async (request, reply) => listPage(request, reply, null),
  );

  app.post(
    paths.complaints.correspondence.pattern,
    { config: { access: 'complaint:handle' } },
    async (request, reply) => {
      const { reference } = request.params as { reference: string };
      const form = formBody(request);
      const typed = {
        direction: text(form, 'direction'),
        channel: text(form, 'channel'),
        subject: text(form, 'subject'),
        body: text(form, 'body'),
        date: { day: text(form, 'date-day'), month: text(form, 'date-month'), year: text(form, 'date-year') },
      };
      try {
        await correspondence.record(requireActor(request), reference, {
          ...typed,
          direction: typed.direction || undefined,
          channel: typed.channel || undefined,
        });
      } catch (error) {
        if (error instanceof ValidationError) return listPage(request, reply, typed, error.errors);
        throw error;
      }
      return reply.redirect(`${paths.complaints.correspondence(reference)}?recorded=1`, 303);
    },
  );

  app.get(
    paths.complaints.correspondenceItem.pattern,
    { config: { access: READ_COMPLAINTS } },
    async (request, reply) => {
      const { reference, id } = request.params as { reference: string; id: string };
      const { complaint, item, organisationName } = await correspondence.item(
        requireActor(request),
        reference,
        id,
      );
      return render(request, reply, 'correspondence/views/item.njk', {
        complaint,
        item: viewItem(reference, item),
        organisationName,
        // Shown inside the page rather than as the layout's banner, so it is left off the printed letter.
        recorded: (request.query as Form).recorded === '1',
        // In large print when they asked for it, or when chosen; a link switches between the two.
        largePrint:
          (request.query as Form).print === 'large' ||
          ((request.query as Form).print !== 'standard' && wantsLargePrint(complaint.adjustments)),
      });
    },
  );

  // Letter templates, for the organisation to word its own letters.

  app.get(
    paths.admin.templates.pattern,
    { config: { access: 'templates:manage' } },
    async (request, reply) => {
      const templates = await correspondence.templates(requireActor(request));
      const saved = (request.query as Form).saved;
      const savedName = typeof saved === 'string' ? templates.find((t) => t.key === saved)?.name : undefined;
      return render(request, reply, 'correspondence/views/templates.njk', {
        templates,
        flash: savedName ? `${savedName} template saved` : undefined,
      });
    },
  );

  async function templatePage(
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      typed?: { subject: string; body: string };
      preview?: { subject: string; body: string; missing: string[] };
      errors?: { field: string; message: string }[];
    } = {},
  ) {
    const { key } = request.params as { key: string };
    const template = await correspondence.template(requireActor(request), key);
    return render(
      request,
      reply,
      'correspondence/views/template.njk',
      {
        template,
        subject: options.typed?.subject ?? template.subject,
        body: options.typed?.body ?? template.body,
        preview: options.preview
          ? { ...options.preview, paragraphs: paragraphs(options.preview.body) }
          : null,
        placeholders: PLACEHOLDER_HELP,
        flash: (request.query as Form).reset === '1' ? 'Template reset to the default text' : undefined,
        errors: options.errors,
      },
      options.errors ? 400 : 200,
    );
  }

  app.get(paths.admin.template.pattern, { config: { access: 'templates:manage' } }, async (request, reply) =>
    templatePage(request, reply),
  );

  app.post(
    paths.admin.template.pattern,
    { config: { access: 'templates:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { key } = request.params as { key: string };
      const form = formBody(request);
      const action = text(form, 'action');
      if (action === 'reset') {
        await correspondence.resetTemplate(actor, key);
        return reply.redirect(`${paths.admin.template(key)}?reset=1`, 303);
      }
      const typed = { subject: text(form, 'subject'), body: text(form, 'body') };
      try {
        if (action === 'preview') {
          const preview = await correspondence.previewTemplate(actor, key, typed);
          return templatePage(request, reply, { typed, preview });
        }
        await correspondence.saveTemplate(actor, key, typed);
      } catch (error) {
        if (error instanceof ValidationError)
          return templatePage(request, reply, { typed, errors: error.errors });
        throw error;
      }
      return reply.redirect(`${paths.admin.templates()}?saved=${encodeURIComponent(key)}`, 303);
    },
  );

  // The outbox: what has been sent, what is waiting, what failed.

  app.get(paths.admin.outbox.pattern, { config: { access: 'outbox:manage' } }, async (request, reply) => {
    const query = request.query as Form;
    const status = typeof query.status === 'string' ? query.status : null;
    const view = await correspondence.outboxView(requireActor(request), status);
    const total = Object.values(view.counts).reduce((a, b) => a + b, 0);
    return render(request, reply, 'correspondence/views/outbox.njk', {
      ...view,
      total,
      flash: query.retried === '1' ? 'The email will be sent again shortly' : undefined,
    });
  });

  app.post(
    paths.admin.outboxRetry.pattern,
    { config: { access: 'outbox:manage' } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await correspondence.retryMessage(requireActor(request), id);
      const status = text(formBody(request), 'status');
      const filter = (OUTBOX_STATUSES as readonly string[]).includes(status) ? `&status=${status}` : '';
      return reply.redirect(`${paths.admin.outbox()}?retried=1${filter}`, 303);
    },
  );
}

const DIRECTION_LABELS = { outbound: 'To the complainant', inbound: 'From the complainant' } as const;

function viewItem(reference: string, item: CorrespondenceItem) {
  return {
    ...item,
    href: paths.complaints.correspondenceItem(reference, item.id),
    // Contact recorded afterwards carries only its date, so the list shows dates, not times.
    dateText: formatLongDate(ukDateOf(item.createdAt)),
    directionLabel: DIRECTION_LABELS[item.direction],
    templateName:
      item.templateKey && isLetterKey(item.templateKey) ? LETTER_KINDS[item.templateKey].name : null,
    paragraphs: paragraphs(item.body),
    adjustmentsMet: item.adjustments.map((a) => ({
      ...a,
      label: Object.hasOwn(ADJUSTMENT_KINDS, a.kind)
        ? `Adjustment: ${ADJUSTMENT_KINDS[a.kind as keyof typeof ADJUSTMENT_KINDS].label.toLowerCase()}`
        : 'Adjustment',
    })),
  };
}
