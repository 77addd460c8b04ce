import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { requireActor } from '../../web/request-context.ts';
import { renderCasePage } from './case-page.ts';
import { casePaths } from './paths.ts';
import { READ_COMPLAINTS } from './permissions.ts';

export async function caseRoutes(app: FastifyInstance, services: Services) {
  app.get(
    casePaths.complaints.show.pattern,
    { config: { access: READ_COMPLAINTS } },
    async (request, reply) => {
      requireActor(request);
      const { reference } = request.params as { reference: string };
      return renderCasePage(request, reply, services, reference);
    },
  );
}
