import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { requireActor } from '../../web/request-context.ts';
import { complaintDocument } from './complaint-document.ts';
import { caseApiPaths } from './paths.ts';
import { READ_COMPLAINTS } from './permissions.ts';

export async function caseApiRoutes(app: FastifyInstance, services: Services) {
  app.get(caseApiPaths.api.complaint.pattern, { config: { access: READ_COMPLAINTS } }, async (request) => {
    const actor = requireActor(request);
    const { reference } = request.params as { reference: string };
    return complaintDocument(services, actor, await services.cases.view(actor, reference));
  });
}
