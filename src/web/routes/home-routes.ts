import type { FastifyInstance } from 'fastify';
import { canReadComplaints } from '../../auth/roles.ts';
import type { Services } from '../../services.ts';
import { paths } from '../paths.ts';
import { render } from '../render.ts';

export async function homeRoutes(app: FastifyInstance, services: Services) {
  app.get(paths.home(), { config: { access: 'signed-in' } }, async (request, reply) => {
    const actor = request.actor;
    if (!actor) return reply.redirect(paths.signIn(), 303);
    let counts = null;
    if (canReadComplaints(actor.role)) {
      const [open, overdue, dueSoon, mine, unassigned] = await Promise.all([
        services.complaints.worklist(actor, {}, 1, 1),
        services.complaints.worklist(actor, { overdue: true }, 1, 1),
        services.complaints.worklist(actor, { dueSoon: true }, 1, 1),
        services.complaints.worklist(actor, { handler: 'me' }, 1, 1),
        services.complaints.worklist(actor, { handler: 'unassigned' }, 1, 1),
      ]);
      counts = {
        open: open.total,
        overdue: overdue.total,
        dueSoon: dueSoon.total,
        mine: mine.total,
        unassigned: unassigned.total,
      };
    }
    return render(request, reply, 'home.njk', { pageTitle: 'Home', counts });
  });

  app.get(paths.accessibility(), { config: { access: 'public' } }, async (request, reply) =>
    render(request, reply, 'accessibility.njk'),
  );
}
