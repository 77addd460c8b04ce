import type { FastifyInstance } from 'fastify';
import { can } from '../../auth/permissions.ts';
import type { Services } from '../../services.ts';
import { platformPaths } from '../../web/paths.ts';
import { render } from '../../web/render.ts';
import { requireActor } from '../../web/request-context.ts';
import { canReadComplaints } from '../cases/access.ts';
import { missingPublicContacts } from '../organisations/schemas.ts';
import { sitePaths } from './paths.ts';

export async function siteRoutes(app: FastifyInstance, services: Services) {
  app.get(platformPaths.home.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const actor = requireActor(request);
    const counts = canReadComplaints(actor.role) ? await services.worklist.counts(actor) : null;
    return render(request, reply, 'site/views/home.njk', { pageTitle: 'Home', counts });
  });

  app.get(sitePaths.accessibility.pattern, { config: { access: 'public' } }, async (request, reply) =>
    render(request, reply, 'site/views/accessibility.njk'),
  );

  // The administration page is for anyone one of its links is for, and says so like every other route.
  const adminAccess = [
    ...new Set(services.modules.modules.flatMap((m) => m.adminLinks ?? []).flatMap((link) => link.access)),
  ];
  app.get(sitePaths.admin.index.pattern, { config: { access: adminAccess } }, async (request, reply) => {
    const actor = requireActor(request);
    const manages = can(actor.role, 'organisation:manage');
    return render(request, reply, 'site/views/admin.njk', {
      links: services.modules.adminLinksFor(actor.role),
      missingContacts: manages
        ? missingPublicContacts(await services.organisations.get(actor.organisationId))
        : [],
      showLink: true,
    });
  });
}
