import type { FastifyInstance } from 'fastify';
import { can } from '../../auth/permissions.ts';
import type { Services } from '../../services.ts';
import { platformPaths } from '../../web/paths.ts';
import { render } from '../../web/render.ts';
import { requireActor } from '../../web/request-context.ts';
import { canReadComplaints } from '../cases/access.ts';
import { missingPublicContacts } from '../organisations/schemas.ts';
import { homeView } from './home.ts';
import { sitePaths } from './paths.ts';

export async function siteRoutes(app: FastifyInstance, services: Services) {
  app.get(platformPaths.home.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const actor = requireActor(request);
    const home = await homeView(services, actor);
    // Those who see no cases are pointed to the complaints team, as the organisation's settings give it.
    const team = canReadComplaints(actor.role)
      ? null
      : teamContact(await services.organisations.get(actor.organisationId));
    return render(request, reply, 'site/views/home.njk', { pageTitle: 'Home', home, team });
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

function teamContact(organisation: {
  complaints_team_name: string | null;
  contact_email: string | null;
  complaints_team_phone: string | null;
}) {
  return {
    name: organisation.complaints_team_name
      ? `the ${organisation.complaints_team_name}`
      : 'the complaints team',
    email: organisation.contact_email,
    phone: organisation.complaints_team_phone,
  };
}
