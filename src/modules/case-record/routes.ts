import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../auth/roles.ts';
import { ValidationError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { type FormBody, field, formBody, uploadedFile } from '../../web/form-helpers.ts';
import { requireActor } from '../../web/request-context.ts';
import { renderCasePage } from '../cases/case-page.ts';
import { casePaths } from '../cases/paths.ts';
import { READ_COMPLAINTS } from '../cases/permissions.ts';
import { caseRecordPaths as paths } from './paths.ts';

type CaseAction = (actor: Actor, reference: string, body: FormBody) => Promise<unknown>;

/** Service field names → the ids of the inputs on the case page, so error links land on the right field. */
const CASE_FIELD_IDS: Record<string, Record<string, string>> = {
  issues: { serviceId: 'issueServiceId' },
  remedies: { issueId: 'remedyIssueId' },
  colleagues: { name: 'colleagueName' },
};

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
      const errors = error.errors.map((e) => ({
        ...e,
        field: CASE_FIELD_IDS[section]?.[e.field] ?? e.field,
      }));
      return renderCasePage(request, reply, services, reference, { errors, section, values: body }, 400);
    }
    throw error;
  }
  return reply.redirect(`${casePaths.complaints.show(reference)}#${section}`, 303);
}

export async function caseRecordRoutes(app: FastifyInstance, services: Services) {
  const { caseRecords } = services;

  app.post(
    paths.complaints.assign.pattern,
    { config: { access: ['complaint:assign'] } },
    async (request, reply) =>
      caseForm(request, reply, services, 'assignment', (actor, reference, body) =>
        caseRecords.assign(actor, reference, {
          handlerId: field(body, 'handlerId'),
          investigatorId: field(body, 'investigatorId'),
        }),
      ),
  );

  app.post(
    paths.complaints.notes.pattern,
    { config: { access: ['complaint:note'] } },
    async (request, reply) =>
      caseForm(request, reply, services, 'notes', (actor, reference, body) =>
        caseRecords.addNote(actor, reference, { body: field(body, 'body') }),
      ),
  );

  app.post(
    paths.complaints.issues.pattern,
    { config: { access: ['complaint:record-outcome'] } },
    async (request, reply) =>
      caseForm(request, reply, services, 'issues', (actor, reference, body) =>
        caseRecords.addIssue(actor, reference, {
          summary: field(body, 'summary'),
          serviceId: field(body, 'issueServiceId'),
        }),
      ),
  );

  app.post(
    paths.complaints.issue.pattern,
    { config: { access: ['complaint:record-outcome'] } },
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
    paths.complaints.remedies.pattern,
    { config: { access: ['complaint:record-outcome'] } },
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
    paths.complaints.colleagues.pattern,
    { config: { access: ['complaint:record-outcome'] } },
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
    paths.complaints.attachments.pattern,
    { config: { access: ['complaint:attach'], acceptsFiles: true } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { reference } = request.params as { reference: string };
      try {
        await caseRecords.addAttachment(actor, reference, await uploadedFile(request));
      } catch (error) {
        if (error instanceof ValidationError) {
          return renderCasePage(
            request,
            reply,
            services,
            reference,
            { errors: error.errors, section: 'attachments' },
            400,
          );
        }
        throw error;
      }
      return reply.redirect(`${casePaths.complaints.show(reference)}#attachments`, 303);
    },
  );

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
