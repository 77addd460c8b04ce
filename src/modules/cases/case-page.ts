import type { FastifyReply, FastifyRequest } from 'fastify';
import { canAny } from '../../auth/permissions.ts';
import type { Actor } from '../../auth/roles.ts';
import type { FieldError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { render } from '../../web/render.ts';
import type { CaseSection } from '../module.ts';
import type { CaseView } from './case-service.ts';
import { READ_COMPLAINTS } from './permissions.ts';

export interface CasePageExtras {
  /** A form on the page that was sent with problems: its section, what was typed and what was wrong. */
  section?: string;
  values?: Record<string, unknown>;
  errors?: FieldError[];
  flash?: string | null;
}

/** The sections of the case page this actor may see, in their declared order. */
export function sectionsFor(services: Services, actor: Actor): CaseSection[] {
  return services.modules.caseSectionsFor(actor, canAny(actor.role, READ_COMPLAINTS));
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

/**
 * Renders the case page: its heading, then each module's section. Forms on the page come back here with their
 * errors when what was sent needs correcting (status 400), so nothing typed is lost.
 */
export async function renderCasePage(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  reference: string,
  extras: CasePageExtras = {},
  status = 200,
) {
  const actor = request.actor as Actor;
  // Showing the page again after a form was sent is not a new look at the case.
  const view = await services.cases.view(actor, reference, { audit: status === 200 });
  const sections = sectionsFor(services, actor);
  const data = await loadSections(services, actor, view, sections);
  return render(
    request,
    reply,
    'cases/views/show.njk',
    {
      view,
      c: view.complaint,
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
