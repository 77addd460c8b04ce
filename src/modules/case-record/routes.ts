import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '../../auth/permissions.ts';
import type { Actor } from '../../auth/roles.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { scopeOf } from '../../tenancy/scope.ts';
import {
  type FormBody,
  field,
  formBody,
  optionalPastDateFromParts,
  uploadedFile,
} from '../../web/form-helpers.ts';
import { requireActor } from '../../web/request-context.ts';
import { renderCaseForm } from '../cases/case-page.ts';
import { casePaths } from '../cases/paths.ts';
import { READ_COMPLAINTS } from '../cases/permissions.ts';
import { ALLOWED_DESCRIPTION } from './attachment-policy.ts';
import { caseRecordPaths as paths } from './paths.ts';
import { assignmentChoices, issuesOf } from './sections.ts';

type Params = { reference: string; issueId?: string };
type CaseAction = (
  actor: Actor,
  reference: string,
  body: FormBody,
  request: FastifyRequest,
) => Promise<unknown>;
type FormData = (services: Services, actor: Actor, params: Params) => Promise<Record<string, unknown>>;

/** Service field names → the ids of the inputs on the form pages, so error links land on the right field. */
const FIELD_IDS: Record<string, string> = {
  serviceId: 'issueServiceId',
  issueId: 'remedyIssueId',
  name: 'colleagueName',
};

interface CaseFormPage {
  /** The form's own page (GET) and where it is sent (POST); the same path unless given. */
  form: { pattern: string };
  post?: { pattern: string };
  access: Permission;
  template: string;
  data?: FormData;
  save: CaseAction;
  /** The case page it returns to, with `?done=` for its success banner. */
  back: (reference: string) => string;
  done: string;
  acceptsFiles?: boolean;
}

/** The issue a form is about, with its number on the case ("issue 2"), or not found. */
async function numberedIssue(services: Services, actor: Actor, reference: string, issueId: string) {
  const complaint = await services.cases.find(actor, reference);
  const issues = await issuesOf(services.db, scopeOf(actor), complaint.id);
  const index = issues.findIndex((i) => i.id === issueId);
  if (index < 0) throw new NotFoundError('Issue');
  return { issue: issues[index], number: index + 1 };
}

/**
 * One "add" form of the case on its own page: GET shows it with a back link; POST saves and returns to the
 * case page it belongs to with a success banner, or shows the form again with what was typed and what was
 * wrong, having changed nothing.
 */
function caseFormPage(app: FastifyInstance, services: Services, page: CaseFormPage) {
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extras: { values?: FormBody; errors?: { field: string; message: string }[] } = {},
  ) => {
    const actor = requireActor(request);
    const params = request.params as Params;
    const data = (await page.data?.(services, actor, params)) ?? {};
    return renderCaseForm(
      request,
      reply,
      services,
      params.reference,
      page.template,
      {
        ...data,
        backHref: page.back(params.reference),
      },
      extras,
    );
  };
  app.get(page.form.pattern, { config: { access: page.access } }, async (request, reply) =>
    show(request, reply),
  );
  app.post(
    (page.post ?? page.form).pattern,
    { config: { access: page.access, ...(page.acceptsFiles ? { acceptsFiles: true } : {}) } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { reference } = request.params as Params;
      const body = page.acceptsFiles ? {} : formBody(request);
      try {
        await page.save(actor, reference, body, request);
      } catch (error) {
        if (error instanceof ValidationError) {
          const errors = error.errors.map((e) => ({ ...e, field: FIELD_IDS[e.field] ?? e.field }));
          return show(request, reply, { values: body, errors });
        }
        throw error;
      }
      return reply.redirect(`${page.back(reference)}?done=${page.done}`, 303);
    },
  );
}

export async function caseRecordRoutes(app: FastifyInstance, services: Services) {
  const { caseRecords } = services;

  caseFormPage(app, services, {
    form: paths.complaints.assign,
    access: 'complaint:assign',
    template: 'case-record/views/assign.njk',
    data: (s, actor) => assignmentChoices(s, actor.organisationId),
    save: (actor, reference, body) =>
      caseRecords.assign(actor, reference, {
        handlerId: field(body, 'handlerId'),
        investigatorId: field(body, 'investigatorId'),
      }),
    back: casePaths.complaints.show,
    done: 'assigned',
  });

  caseFormPage(app, services, {
    form: paths.complaints.noteNew,
    post: paths.complaints.notes,
    access: 'complaint:note',
    template: 'case-record/views/note-new.njk',
    save: (actor, reference, body) => caseRecords.addNote(actor, reference, { body: field(body, 'body') }),
    back: paths.complaints.documents,
    done: 'note-added',
  });

  caseFormPage(app, services, {
    form: paths.complaints.issueNew,
    post: paths.complaints.issues,
    access: 'complaint:record-outcome',
    template: 'case-record/views/issue-new.njk',
    data: async (s, actor) => ({ services: await s.organisations.services(actor.organisationId) }),
    save: (actor, reference, body) =>
      caseRecords.addIssue(actor, reference, {
        summary: field(body, 'summary'),
        serviceId: field(body, 'issueServiceId'),
      }),
    back: paths.complaints.issues,
    done: 'issue-added',
  });

  caseFormPage(app, services, {
    form: paths.complaints.issue,
    access: 'complaint:record-outcome',
    template: 'case-record/views/issue-outcome.njk',
    data: (s, actor, { reference, issueId }) => numberedIssue(s, actor, reference, issueId ?? ''),
    save: (actor, reference, body, request) =>
      caseRecords.recordIssueOutcome(actor, reference, (request.params as Params).issueId ?? '', {
        outcome: field(body, 'outcome') || undefined,
        findings: field(body, 'findings'),
      }),
    back: paths.complaints.issues,
    done: 'issue-outcome',
  });

  caseFormPage(app, services, {
    form: paths.complaints.remedyNew,
    post: paths.complaints.remedies,
    access: 'complaint:record-outcome',
    template: 'case-record/views/remedy-new.njk',
    data: async (s, actor, { reference }) => {
      const complaint = await s.cases.find(actor, reference);
      return { issues: await issuesOf(s.db, scopeOf(actor), complaint.id) };
    },
    save: (actor, reference, body) => {
      const kind = field(body, 'kind');
      return caseRecords.addRemedy(actor, reference, {
        kind: kind || undefined,
        description: field(body, 'description'),
        issueId: field(body, 'remedyIssueId'),
        // The amount is asked for only under financial redress; one left in the hidden box is not meant.
        amount: kind === 'financial-redress' ? field(body, 'amount') : '',
      });
    },
    back: paths.complaints.remedies,
    done: 'remedy-added',
  });

  caseFormPage(app, services, {
    form: paths.complaints.colleagueNew,
    post: paths.complaints.colleagues,
    access: 'complaint:record-outcome',
    template: 'case-record/views/colleague-new.njk',
    save: async (actor, reference, body) => {
      const informedOn = optionalPastDateFromParts(
        body,
        'informedOn',
        'date they were told',
        services.today(),
      );
      const input = {
        name: field(body, 'colleagueName'),
        jobTitle: field(body, 'jobTitle'),
        involvement: field(body, 'involvement'),
        informedOn: informedOn.value,
      };
      if (informedOn.error) {
        // Every problem at once: the service's checks of the other fields, then the date's.
        try {
          await caseRecords.checkColleague(input);
        } catch (error) {
          if (error instanceof ValidationError)
            throw new ValidationError([...error.errors, { field: 'informedOn', message: informedOn.error }]);
          throw error;
        }
        throw new ValidationError([{ field: 'informedOn', message: informedOn.error }]);
      }
      return caseRecords.addColleague(actor, reference, input);
    },
    back: paths.complaints.colleagues,
    done: 'colleague-added',
  });

  caseFormPage(app, services, {
    form: paths.complaints.attachmentNew,
    post: paths.complaints.attachments,
    access: 'complaint:attach',
    template: 'case-record/views/attachment-new.njk',
    data: async () => ({ allowedDescription: ALLOWED_DESCRIPTION }),
    acceptsFiles: true,
    save: async (actor, reference, _body, request) =>
      caseRecords.addAttachment(actor, reference, await uploadedFile(request)),
    back: paths.complaints.documents,
    done: 'attachment-added',
  });

  app.get(
    paths.complaints.attachment.pattern,
    { config: { access: READ_COMPLAINTS } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { reference, attachmentId } = request.params as { reference: string; attachmentId: string };
      const file = await caseRecords.getAttachment(actor, reference, attachmentId);
      return reply
        .header('content-type', file.media_type)
        .header('content-disposition', `attachment; filename="${file.filename.replace(/[^\w.\- ]/g, '_')}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(file.content));
    },
  );
}
