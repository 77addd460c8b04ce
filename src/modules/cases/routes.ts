import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { requireActor } from '../../web/request-context.ts';
import { OVERVIEW, renderCasePage } from './case-page.ts';
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

  // Each page of the case the modules declare (Issues and outcomes, Timeline…), built from its sections.
  for (const page of services.modules.casePages()) {
    if (page.ownRoute || page.id === OVERVIEW) continue;
    app.get(
      page.path.pattern,
      { config: { access: page.access ?? READ_COMPLAINTS } },
      async (request, reply) => {
        requireActor(request);
        const { reference } = request.params as { reference: string };
        return renderCasePage(request, reply, services, reference, page.id);
      },
    );
  }
}
