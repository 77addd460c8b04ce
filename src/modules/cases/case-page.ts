import type { FastifyReply, FastifyRequest } from 'fastify';
import { canAny } from '../../auth/permissions.ts';
import { type Actor, can, type Role } from '../../auth/roles.ts';
import type { EventType, Status } from '../../domain/lifecycle/index.ts';
import type { FieldError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { render } from '../../web/render.ts';
import type { CaseSection } from '../module.ts';
import type { CaseView } from './case-service.ts';
import { nextSteps } from './next-steps.ts';
import { READ_COMPLAINTS } from './permissions.ts';

export interface CasePageExtras {
  /** A form on the page that was sent with problems: its section, what was typed and what was wrong. */
  section?: string;
  values?: Record<string, unknown>;
  errors?: FieldError[];
  flash?: string | null;
}

export const OVERVIEW = 'overview';

/** The sections of the case this actor may see, in their declared order (on one page, when given). */
export function sectionsFor(services: Services, actor: Actor, page?: string): CaseSection[] {
  const all = services.modules.caseSectionsFor(actor, canAny(actor.role, READ_COMPLAINTS));
  return page === undefined ? all : all.filter((s) => (s.page ?? OVERVIEW) === page);
}

/** Loads every section the actor may see, side by side. */
export async function loadSections(
  services: Services,
  actor: Actor,
  view: CaseView,
  sections: CaseSection[],
): Promise<Record<string, unknown>> {
  const context = { actor, complaint: view.complaint, services, today: services.today() };
  const loaded = await Promise.all(sections.map((s) => s.load(context)));
  return Object.fromEntries(sections.map((s, i) => [s.id, loaded[i]]));
}

/** The case's sub-navigation for this role, with the page being shown marked. */
export function caseNavigation(services: Services, role: Role, reference: string, current: string) {
  return services.modules.casePagesFor(role).map((p) => ({
    text: p.title,
    href: p.path(reference),
    current: p.id === current,
  }));
}

/**
 * Renders a page of the case: the case header with its sub-navigation, then the sections declared for the
 * page. The overview adds the next action and the checklist of what is outstanding.
 */
export async function renderCasePage(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  reference: string,
  page = OVERVIEW,
  extras: CasePageExtras = {},
  status = 200,
) {
  const actor = request.actor as Actor;
  // Showing the page again after a form was sent is not a new look at the case.
  const view = await services.cases.view(actor, reference, { audit: status === 200 });
  const sections = sectionsFor(services, actor, page);
  const data = await loadSections(services, actor, view, sections);
  const pageInfo = services.modules.casePagesFor(actor.role).find((p) => p.id === page);
  const overview = page === OVERVIEW ? await overviewOf(services, actor, view, data) : null;
  return render(
    request,
    reply,
    'cases/views/show.njk',
    {
      view,
      c: view.complaint,
      page,
      pageTitle: page === OVERVIEW ? `Complaint ${reference}` : `${pageInfo?.title ?? ''} – ${reference}`,
      caseNav: caseNavigation(services, actor.role, reference, page),
      overview,
      sections,
      sectionData: data,
      values: extras.values ?? {},
      section: extras.section ?? null,
      errors: extras.errors,
      flash:
        extras.flash ??
        (status === 200
          ? services.modules.caseMessage(request.query as Record<string, unknown>, view.complaint)
          : null),
    },
    status,
  );
}

/** The overview's checklist and next action. */
async function overviewOf(
  services: Services,
  actor: Actor,
  view: CaseView,
  sectionData: Record<string, unknown>,
) {
  const { complaint } = view;
  const context = { actor, complaint, services, today: services.today() };
  // The lifecycle's 'actions' section on the overview has worked out the allowed events already: use them
  // rather than asking again.
  const loaded = (sectionData.actions as { allowedEvents?: EventType[] } | undefined)?.allowedEvents;
  const [checklist, allowedEvents] = await Promise.all([
    services.modules.caseChecklist(context),
    loaded ?? (services.lifecycle.allowedEvents(actor, complaint, context.today) as Promise<EventType[]>),
  ]);
  return {
    checklist,
    canAssign: can(actor.role, 'complaint:assign'),
    steps: nextSteps({
      reference: complaint.reference,
      status: complaint.status as Status,
      stage: complaint.stage === 2 ? 2 : 1,
      allowedEvents,
      checklist,
      canSendLetters: can(actor.role, 'correspondence:send'),
      canRecordOutcomes: can(actor.role, 'complaint:record-outcome'),
    }),
  };
}

/**
 * A form page of the case (add an issue, record an outcome): the case header, a back link to its page, and
 * the form with what was typed and what was wrong when it comes back.
 */
export async function renderCaseForm(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  reference: string,
  template: string,
  data: Record<string, unknown> = {},
  extras: { values?: Record<string, unknown>; errors?: FieldError[] } = {},
) {
  const actor = request.actor as Actor;
  const c = await services.cases.find(actor, reference);
  return render(
    request,
    reply,
    template,
    { c, values: extras.values ?? {}, errors: extras.errors, ...data },
    extras.errors ? 400 : 200,
  );
}
