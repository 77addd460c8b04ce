import type { FastifyInstance } from 'fastify';
import { can } from '../../auth/roles.ts';
import { STATUSES } from '../../domain/lifecycle/index.ts';
import type { Services } from '../../services.ts';
import { render } from '../../web/render.ts';
import { requireActor } from '../../web/request-context.ts';
import { HANDLER_ROLES } from '../case-record/case-record-service.ts';
import { READ_COMPLAINTS } from '../cases/permissions.ts';
import { worklistPaths } from './paths.ts';

const PAGE_SIZE = 25;

export async function worklistRoutes(app: FastifyInstance, services: Services) {
  app.get(
    worklistPaths.complaints.list.pattern,
    { config: { access: READ_COMPLAINTS, repeatedQuery: ['status'] } },
    async (request, reply) => {
      const actor = requireActor(request);
      const query = request.query as Record<string, string | string[] | undefined>;
      const filters = worklistFilters(query);
      const page = Math.max(1, Number.parseInt(String(query.page ?? '1'), 10) || 1);
      const [result, serviceList, handlers] = await Promise.all([
        services.worklist.worklist(actor, filters, page, PAGE_SIZE),
        services.organisations.services(actor.organisationId),
        services.auth.usersWithRoles(actor.organisationId, HANDLER_ROLES),
      ]);
      const base = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) {
        if (k === 'page' || v === undefined) continue;
        for (const item of Array.isArray(v) ? v : [v]) base.append(k, item);
      }
      const pageHref = (n: number) =>
        `${worklistPaths.complaints.list()}?${new URLSearchParams([...base, ['page', String(n)]]).toString()}`;
      return render(request, reply, 'worklist/views/list.njk', {
        result,
        filters,
        query,
        services: serviceList,
        handlers,
        statuses: STATUSES,
        pagination: paginationFor(result.page, result.pages, pageHref),
        canCreate: can(actor.role, 'complaint:create'),
      });
    },
  );
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
