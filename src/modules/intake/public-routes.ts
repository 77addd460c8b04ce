import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OrganisationRow } from '../../db/schema.ts';
import { formatLongDate } from '../../domain/calendar/index.ts';
import { type FieldError, NotFoundError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { formBody } from '../../web/form-helpers.ts';
import { render } from '../../web/render.ts';
import { intakePaths as paths } from './paths.ts';
import { CLAIM_TIMEOUT_MS, DRAFT_LIFETIME_MS, type PublicDraft } from './public-drafts.ts';
import {
  type Answers,
  DESCRIPTION_MAX,
  firstUnanswered,
  formValues,
  isComplete,
  type JourneyContext,
  nextStep,
  previousStep,
  readAnswers,
  redirectFor,
  STEPS,
  type Step,
  summarySections,
  toIntake,
  typedValues,
  validateStep,
  withAnswer,
} from './public-journey.ts';

export const DRAFT_COOKIE = 'candour_draft';
/** How long the confirmation page waits for a send that another request (a double click) is making. */
const SENDING_WAIT_MS = 5000;

type Form = Record<string, unknown>;

/**
 * The public complaint form: a start page, one question per page, check your answers, confirmation.
 * Answers are kept on the server (public_drafts) against a random token in a cookie, so the journey works
 * with JavaScript off and nothing personal is stored in the browser.
 */
export async function publicComplaintRoutes(app: FastifyInstance, services: Services) {
  const drafts = services.publicDrafts;
  const page = { config: { access: 'public' as const } };
  const form = {
    config: {
      access: 'public' as const,
      rateLimit: { max: services.config.rateLimits.publicForm, timeWindow: '1 minute' },
    },
  };

  async function organisationBySlug(slug: string): Promise<OrganisationRow> {
    const org = await services.organisations.bySlug(slug);
    if (!org) throw new NotFoundError('Organisation');
    return org;
  }

  async function defaultOrganisation(): Promise<OrganisationRow> {
    const org = await services.organisations.defaultPublic();
    if (!org) throw new NotFoundError('Organisation');
    return org;
  }

  async function draftOf(request: FastifyRequest): Promise<PublicDraft | undefined> {
    const cookie = request.cookies[DRAFT_COOKIE];
    const unsigned = cookie ? request.unsignCookie(cookie) : null;
    if (!unsigned?.valid || !unsigned.value) return undefined;
    return drafts.find(unsigned.value);
  }

  /**
   * The draft being filled in and the organisation it is for. A slug in the link chooses the organisation;
   * a draft for a different organisation is then set aside (a new one starts when the first answer is saved).
   */
  async function journey(request: FastifyRequest, slug: string | undefined, known?: PublicDraft) {
    const found = known ?? (await draftOf(request));
    let draft = found && !found.sent ? found : undefined;
    let org: OrganisationRow;
    if (slug) {
      org = await organisationBySlug(slug);
      if (draft && draft.organisationId !== org.id) draft = undefined;
    } else {
      org = draft ? await services.organisations.get(draft.organisationId) : await defaultOrganisation();
    }
    const context: JourneyContext = {
      services: (await services.organisations.services(org.id)).map((s) => ({ id: s.id, name: s.name })),
    };
    const answers = draft ? readAnswers(draft.answers, context) : {};
    return { draft, org, context, answers };
  }

  function stepUrl(step: Step | 'check', change = false): string {
    if (step === 'check') return paths.complain.check();
    return `${paths.complain.step(step)}${change ? '?change=yes' : ''}`;
  }

  function startUrl(slug: string | undefined): string {
    return `${paths.complain.start()}${slug ? `?org=${encodeURIComponent(slug)}` : ''}`;
  }

  function noStore(reply: FastifyReply) {
    // Answers can hold health details: keep them out of shared and back-button caches.
    reply.header('cache-control', 'no-store');
  }

  function showStep(
    request: FastifyRequest,
    reply: FastifyReply,
    step: Step,
    state: { org: OrganisationRow; context: JourneyContext; answers: Answers; slug: string | undefined },
    values: Record<string, string>,
    errors: FieldError[] = [],
  ) {
    const change = (request.query as Form).change === 'yes';
    const previous = previousStep(step, state.answers, state.context);
    noStore(reply);
    return render(
      request,
      reply,
      `intake/views/complain/${step}.njk`,
      {
        ...publicPage(state.org),
        orgSlug: step === 'who' ? state.slug : undefined,
        services: state.context.services,
        values,
        errors,
        descriptionMax: DESCRIPTION_MAX,
        formAction: stepUrl(step, change),
        backHref: change ? paths.complain.check() : previous ? stepUrl(previous) : startUrl(state.slug),
      },
      errors.length ? 400 : 200,
    );
  }

  app.get(paths.complain.start(), page, async (request, reply) => {
    const slug = slugFrom((request.query as Form).org);
    const org = slug ? await organisationBySlug(slug) : await defaultOrganisation();
    const { timescales } = await services.calendars.forOrganisation(org.id);
    return render(request, reply, 'intake/views/complain/start.njk', {
      ...publicPage(org),
      timescales,
      startHref: `${paths.complain.step('who')}${slug ? `?org=${encodeURIComponent(slug)}` : ''}`,
    });
  });

  for (const step of STEPS) {
    app.get(paths.complain.step(step), page, async (request, reply) => {
      const query = request.query as Form;
      const slug = slugFrom(query.org);
      const state = { ...(await journey(request, slug)), slug };
      const elsewhere = redirectFor(step, state.answers, state.context);
      if (elsewhere) return reply.redirect(stepUrl(elsewhere, query.change === 'yes'), 303);
      return showStep(request, reply, step, state, formValues(step, state.answers[step]));
    });

    app.post(paths.complain.step(step), form, async (request, reply) => {
      const body = formBody(request);
      const change = (request.query as Form).change === 'yes';
      const slug = step === 'who' ? slugFrom(body.org) : undefined;
      const state = { ...(await journey(request, slug)), slug };
      const elsewhere = redirectFor(step, state.answers, state.context);
      if (elsewhere) return reply.redirect(stepUrl(elsewhere, change), 303);
      const result = validateStep(step, body, state.context);
      if (!result.ok) return showStep(request, reply, step, state, typedValues(step, body), result.errors);

      let draft = state.draft;
      if (!draft) {
        const started = await drafts.start(state.org.id);
        draft = started.draft;
        reply.setCookie(DRAFT_COOKIE, started.token, {
          path: paths.complain.start(),
          httpOnly: true,
          sameSite: 'lax',
          secure: services.config.secureCookies,
          signed: true,
          maxAge: DRAFT_LIFETIME_MS / 1000,
        });
      }
      const answers = withAnswer(state.answers, step, result.value);
      await drafts.saveAnswers(draft, answers);
      const next = change
        ? (firstUnanswered(answers, state.context) ?? 'check')
        : (nextStep(step, answers, state.context) ?? 'check');
      return reply.redirect(stepUrl(next, change), 303);
    });
  }

  app.get(paths.complain.check(), page, async (request, reply) => {
    const { draft, org, context, answers } = await journey(request, undefined);
    if (!draft) {
      const sent = await draftOf(request);
      return reply.redirect(sent?.sent ? paths.complain.confirmation() : stepUrl('who'), 303);
    }
    if (!isComplete(answers, context))
      return reply.redirect(stepUrl(firstUnanswered(answers, context) ?? 'who'), 303);
    noStore(reply);
    return render(request, reply, 'intake/views/complain/check-your-answers.njk', {
      ...publicPage(org),
      sections: summarySections(answers, context),
      onBehalf: answers.who.complainingFor === 'someone-else',
      backHref: stepUrl(STEPS[STEPS.length - 1] as Step),
    });
  });

  app.post(paths.complain.check(), form, async (request, reply) => {
    const found = await draftOf(request);
    if (!found) return reply.redirect(stepUrl('who'), 303);
    // Sent already, or being sent by a request a moment ago: show that complaint, never send a second.
    if (found.sent) return reply.redirect(paths.complain.confirmation(), 303);
    const { draft, org, context, answers } = await journey(request, undefined, found);
    if (!draft) return reply.redirect(stepUrl('who'), 303);
    const first = firstUnanswered(answers, context);
    if (first) return reply.redirect(stepUrl(first), 303);

    const claimed = await drafts.claim(draft);
    if (!claimed) return reply.redirect(paths.complain.confirmation(), 303);
    const toSend = readAnswers(claimed, context);
    if (!isComplete(toSend, context)) {
      await drafts.release(draft);
      return reply.redirect(stepUrl(firstUnanswered(toSend, context) ?? 'who'), 303);
    }
    try {
      // The complaint is written and the draft marked sent in one transaction.
      await services.intake.record(org.id, toIntake(toSend, new Date()), null, {
        draft: { id: draft.id, sentExpiresAt: drafts.sentExpiry() },
      });
    } catch (error) {
      await drafts.release(draft);
      throw error;
    }
    return reply.redirect(paths.complain.confirmation(), 303);
  });

  app.get(paths.complain.confirmation(), page, async (request, reply) => {
    const beingSent = (d: PublicDraft | undefined) =>
      !!d && !d.sent && !!d.claimedAt && Date.now() - d.claimedAt.getTime() < CLAIM_TIMEOUT_MS;
    let draft = await draftOf(request);
    const waitUntil = Date.now() + SENDING_WAIT_MS;
    while (beingSent(draft) && Date.now() < waitUntil) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      draft = await draftOf(request);
    }
    if (!draft) return reply.redirect(paths.complain.start(), 303);
    noStore(reply);
    const org = await services.organisations.get(draft.organisationId);
    if (!draft.sent) {
      if (!beingSent(draft)) return reply.redirect(paths.complain.check(), 303);
      return render(request, reply, 'intake/views/complain/sending.njk', publicPage(org));
    }
    const { sent } = draft;
    return render(request, reply, 'intake/views/complain/confirmation.njk', {
      ...publicPage(org),
      reference: sent.reference,
      acknowledgeBy: sent.acknowledgeBy ? formatLongDate(sent.acknowledgeBy) : null,
      respondBy: sent.stageDueBy ? formatLongDate(sent.stageDueBy) : null,
    });
  });
}

/** The public pages name the organisation, not the product: its name is the service's name in the header and titles. */
function publicPage(org: OrganisationRow) {
  return { org, serviceName: `Make a complaint to ${org.name}` };
}

function slugFrom(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
