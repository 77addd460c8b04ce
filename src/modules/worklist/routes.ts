import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { can } from '../../auth/roles.ts';
import { formatShortDate } from '../../domain/calendar/index.ts';
import { isStatus, STATUS_LABELS, STATUSES, type Status } from '../../domain/lifecycle/index.ts';
import type { Services } from '../../services.ts';
import { render } from '../../web/render.ts';
import { requireActor } from '../../web/request-context.ts';
import { HANDLER_ROLES } from '../case-record/case-record-service.ts';
import { casePaths } from '../cases/paths.ts';
import { READ_COMPLAINTS } from '../cases/permissions.ts';
import { decodeCursor } from './cursor.ts';
import { worklistPaths } from './paths.ts';
import type { WorklistFilters } from './worklist-repository.ts';
import { MAX_PAGE, OUTER_LIMIT_NEAR_DAYS, type WorklistPage } from './worklist-service.ts';

const PAGE_SIZE = 25;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The page's query string. Unlike the API, a page forgives what it does not understand: a value it cannot
// use is dropped (the filter form only sends good ones), and a parameter sent twice keeps its last value.
const last = (value: unknown) => (Array.isArray(value) ? value[value.length - 1] : value);
const single = <T extends z.ZodType>(schema: T) => z.preprocess(last, schema);
const checked = single(z.literal('yes'))
  .transform(() => true)
  .catch(false);

const pageQuerySchema = z.object({
  q: single(z.string())
    .transform((q) => q.trim().slice(0, 100) || null)
    .catch(null),
  stage: single(z.enum(['1', '2']))
    .transform((stage): number | null => Number(stage))
    .catch(null),
  service: single(z.string().regex(ID).nullable()).catch(null),
  handler: single(z.union([z.enum(['me', 'unassigned']), z.string().regex(ID)]).nullable()).catch(null),
  overdue: checked,
  dueSoon: checked,
  outerLimitNear: checked,
  includeClosed: checked,
  status: z
    .preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()))
    .transform((list) => [...new Set(list.filter(isStatus))])
    .catch([]),
  page: single(z.string().regex(/^\d{1,7}$/))
    .transform((n) => Math.min(Math.max(Number(n), 1), MAX_PAGE))
    .catch(1),
  cursor: single(z.string()).optional().catch(undefined),
});

type PageQuery = z.output<typeof pageQuerySchema>;

export async function worklistRoutes(app: FastifyInstance, services: Services) {
  app.get(
    worklistPaths.complaints.list.pattern,
    { config: { access: READ_COMPLAINTS, repeatedQuery: ['status'] } },
    async (request, reply) => {
      const actor = requireActor(request);
      const query = pageQuerySchema.parse(request.query ?? {});
      const filters = worklistFilters(query);
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const [result, options] = await Promise.all([
        services.worklist.worklist(actor, filters, cursor ?? query.page, PAGE_SIZE),
        services.worklist.filterOptions(actor, HANDLER_ROLES),
      ]);
      const { services: serviceList, people: assignable } = options;
      const href = hrefFor(filters);
      const self = cursor ? href(query.cursor ?? null) : href(null, result.page);
      return render(request, reply, 'worklist/views/list.njk', {
        result,
        rows: result.items.map(rowView),
        filters,
        selected: selectedFilters(filters, { services: serviceList, people: assignable }),
        form: filterForm(filters, serviceList, assignable),
        countText: countText(result),
        pageLabel: pageLabel(result),
        // A cursor that is not one of ours (edited, cut short) is not an error: the first page is shown.
        cursorIgnored: cursor === null,
        pagination: paginationFor(result, href, self),
        canCreate: can(actor.role, 'complaint:create'),
      });
    },
  );
}

function worklistFilters(query: PageQuery): WorklistFilters {
  return {
    status: query.status,
    stage: query.stage,
    serviceId: query.service,
    handler: query.handler,
    overdue: query.overdue,
    dueSoon: query.dueSoon,
    outerLimitNear: query.outerLimitNear,
    includeClosed: query.includeClosed,
    q: query.q,
  };
}

const STATUS_COLOURS: Record<Status, string> = {
  received: 'blue',
  acknowledged: 'light-blue',
  resolved: 'green',
  investigating: 'purple',
  'response-drafted': 'pink',
  'signed-off': 'turquoise',
  closed: 'grey',
  withdrawn: 'grey',
  'not-taken-forward': 'grey',
  paused: 'orange',
};

const DEADLINE_CLASSES = { overdue: 'app-overdue', 'due-soon': 'app-due-soon', 'on-time': '' } as const;

/**
 * A row as the table shows it, every word and class worked out here: a loop of plain values renders in a
 * fraction of the time 25 rows of macro calls take.
 */
function rowView(item: WorklistPage['items'][number]) {
  const status = isStatus(item.status) ? item.status : null;
  return {
    href: casePaths.complaints.show(item.reference),
    reference: item.reference,
    name: item.complainant_name,
    service: item.service_name,
    status: status ? STATUS_LABELS[status] : item.status,
    statusColour: status ? STATUS_COLOURS[status] : 'grey',
    stage: item.stage,
    nextStep: item.nextStep,
    nextStepClass: item.state ? DEADLINE_CLASSES[item.state] : '',
    handler: item.handler_name,
    received: formatShortDate(item.received_on),
  };
}

/** The filter form's options, each marked selected or checked from the filters in use. */
function filterForm(
  filters: WorklistFilters,
  services: { id: string; name: string }[],
  people: { id: string; name: string; role: string }[],
) {
  const option = (value: string, text: string, selected: boolean) => ({ value, text, selected });
  return {
    stage: [
      option('', 'Any stage', !filters.stage),
      option('1', 'Stage 1 – early resolution', filters.stage === 1),
      option('2', 'Stage 2 – investigation', filters.stage === 2),
    ],
    service: [
      option('', 'Any service', !filters.serviceId),
      ...services.map((s) => option(s.id, s.name, filters.serviceId === s.id)),
    ],
    handler: [
      option('', 'Anyone', !filters.handler),
      option('me', 'Me', filters.handler === 'me'),
      option('unassigned', 'Not assigned', filters.handler === 'unassigned'),
      // The people who handle cases; an administrator can be assigned one, but is not a handler.
      ...people
        .filter((person) => person.role !== 'administrator')
        .map((person) => option(person.id, person.name, filters.handler === person.id)),
    ],
    flags: FLAGS.map((flag) => ({
      id: flag,
      name: flag,
      value: 'yes',
      text: flag === 'includeClosed' ? 'Include closed' : FLAG_LABELS[flag],
      hint: flag === 'outerLimitNear' ? `Within ${OUTER_LIMIT_NEAR_DAYS} working days, or passed` : null,
      checked: Boolean(filters[flag]),
    })),
    statuses: STATUSES.map((status, i) => ({
      id: i === 0 ? 'status' : `status-${i + 1}`,
      name: 'status',
      value: status,
      text: STATUS_LABELS[status],
      hint: null,
      checked: filters.status?.includes(status) ?? false,
    })),
  };
}

const FLAG_LABELS = {
  overdue: 'Overdue',
  dueSoon: 'Due soon',
  outerLimitNear: 'Outer time limit near',
  includeClosed: 'Including closed',
} as const;
const FLAGS = Object.keys(FLAG_LABELS) as (keyof typeof FLAG_LABELS)[];

/**
 * The filters in use, each with a link to the same list without it (a tag the reader can remove without
 * JavaScript). The list opens on its first page when a filter goes.
 */
function selectedFilters(
  filters: WorklistFilters,
  names: { services: { id: string; name: string }[]; people: { id: string; name: string }[] },
): { label: string; removeHref: string }[] {
  const without = (change: Partial<WorklistFilters>) => hrefFor({ ...filters, ...change })(null);
  const tags: { label: string; removeHref: string }[] = [];
  if (filters.q) tags.push({ label: `Reference or name: ${filters.q}`, removeHref: without({ q: null }) });
  if (filters.stage) tags.push({ label: `Stage ${filters.stage}`, removeHref: without({ stage: null }) });
  if (filters.serviceId) {
    const service = names.services.find((s) => s.id === filters.serviceId)?.name ?? 'unknown service';
    tags.push({ label: `Service: ${service}`, removeHref: without({ serviceId: null }) });
  }
  if (filters.handler) {
    const handler =
      filters.handler === 'me'
        ? 'me'
        : filters.handler === 'unassigned'
          ? 'not assigned'
          : (names.people.find((p) => p.id === filters.handler)?.name ??
            'someone who no longer handles cases');
    tags.push({ label: `Handler: ${handler}`, removeHref: without({ handler: null }) });
  }
  for (const flag of FLAGS)
    if (filters[flag]) tags.push({ label: FLAG_LABELS[flag], removeHref: without({ [flag]: false }) });
  for (const status of filters.status ?? [])
    tags.push({
      label: `Status: ${isStatus(status) ? STATUS_LABELS[status] : status}`,
      removeHref: without({ status: filters.status?.filter((s) => s !== status) ?? [] }),
    });
  return tags;
}

/** Links to this list with the same filters: at a cursor, a numbered page, or (neither) the first page. */
function hrefFor(filters: WorklistFilters) {
  const base = new URLSearchParams();
  if (filters.q) base.append('q', filters.q);
  if (filters.stage) base.append('stage', String(filters.stage));
  if (filters.serviceId) base.append('service', filters.serviceId);
  if (filters.handler) base.append('handler', filters.handler);
  for (const flag of FLAGS) if (filters[flag]) base.append(flag, 'yes');
  for (const status of filters.status ?? []) base.append('status', status);
  return (cursor: string | null, page?: number) => {
    const params = new URLSearchParams(base);
    if (cursor) params.append('cursor', cursor);
    else if (page && page > 1) params.append('page', String(page));
    const search = params.toString();
    return search ? `${worklistPaths.complaints.list()}?${search}` : worklistPaths.complaints.list();
  };
}

function countText(result: WorklistPage): string {
  if (result.totalCapped) return `More than ${result.total.toLocaleString('en-GB')} complaints`;
  return `${result.total.toLocaleString('en-GB')} ${result.total === 1 ? 'complaint' : 'complaints'}`;
}

/** "page 3 of 12" for the page title, so a screen reader hears that the page changed. */
function pageLabel(result: WorklistPage): string | null {
  if (result.pages === 1 && result.page === 1) return null;
  const page = result.page.toLocaleString('en-GB');
  return result.pages === null ? `page ${page}` : `page ${page} of ${result.pages.toLocaleString('en-GB')}`;
}

/**
 * GOV.UK pagination: the first page, this page and those either side, with an ellipsis for pages skipped.
 * The first page is the list itself; the pages either side are reached by cursor, which costs the same at
 * any depth, so no link here asks for a deep numbered page.
 */
function paginationFor(result: WorklistPage, href: (cursor: string | null) => string, self: string) {
  const { page, next, previous, pages } = result;
  if (page === 1 && !next) return null;
  const previousHref = page === 2 || !previous ? href(null) : href(previous);
  const items: ({ number: string; href: string; current?: boolean } | { ellipsis: true })[] = [];
  const numbered = (n: number, link: string, current = false) =>
    items.push({ number: n.toLocaleString('en-GB'), href: link, ...(current ? { current } : {}) });
  if (page > 1) numbered(1, href(null));
  if (page > 3) items.push({ ellipsis: true });
  if (page > 2) numbered(page - 1, previousHref);
  numbered(page, self, true);
  if (next) {
    numbered(page + 1, href(next));
    if (pages === null || pages > page + 1) items.push({ ellipsis: true });
  }
  return {
    items,
    previous: page > 1 ? { href: previousHref } : undefined,
    next: next ? { href: href(next) } : undefined,
  };
}
