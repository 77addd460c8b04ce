import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { MAX_TOKEN_RATE_LIMIT } from '../../auth/api-token-service.ts';
import { ROLES } from '../../auth/roles.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { field, formBody } from '../../web/form-helpers.ts';
import { render } from '../../web/render.ts';
import { requireActor } from '../../web/request-context.ts';
import { CLOSED_STATUSES } from '../deadlines/deadline-service.ts';
import { worklistPaths } from '../worklist/paths.ts';
import { peoplePaths as paths } from './paths.ts';

/** The token form's fields: only these are read from the body and shown again. */
const TOKEN_FIELDS = ['name', 'actsAs', 'role', 'email', 'rateLimit'] as const;

export async function peopleAdminRoutes(app: FastifyInstance, services: Services) {
  const { auth, apiTokens } = services;

  // People and roles
  const usersContext = async (organisationId: string, extra: Record<string, unknown> = {}) => ({
    users: await auth.listUsers(organisationId),
    roles: ROLES,
    values: {},
    ...extra,
  });

  app.get(paths.admin.users.pattern, { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    const query = request.query as Record<string, string>;
    return render(
      request,
      reply,
      'people/views/users.njk',
      await usersContext(actor.organisationId, {
        flash: query.invited
          ? `Invitation sent to ${query.invited}.`
          : query.deactivated
            ? `${query.deactivated} has been deactivated. They can no longer sign in.`
            : query.reactivated
              ? `${query.reactivated} has been reactivated. They can sign in again.`
              : null,
      }),
    );
  });

  app.post(paths.admin.users.pattern, { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    const body = formBody(request);
    try {
      const { user } = await auth.createUser(
        actor.organisationId,
        { name: field(body, 'name'), email: field(body, 'email'), role: field(body, 'role') || undefined },
        actor,
        (token) => ({
          subject: 'You have been given access to Candour',
          body: `${actor.label} has given you access to Candour, the complaints system.\n\nCreate your password with this link. It works once and expires in 72 hours:\n\n${services.config.baseUrl}${paths.setPassword(token)}`,
        }),
      );
      return reply.redirect(`${paths.admin.users()}?invited=${encodeURIComponent(user.email)}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        return render(
          request,
          reply,
          'people/views/users.njk',
          await usersContext(actor.organisationId, { values: body, errors: error.errors }),
          400,
        );
      }
      throw error;
    }
  });

  /** The person and the open cases that stay theirs when they can no longer sign in. */
  async function deactivation(organisationId: string, id: string) {
    const person = (await auth.listUsers(organisationId)).find((u) => u.id === id);
    if (!person) throw new NotFoundError('User');
    const open = await services.db
      .selectFrom('complaints')
      .select([
        sql<number>`count(*) filter (where handler_id = ${id})`.as('handling'),
        sql<number>`count(*) filter (where investigator_id = ${id})`.as('investigating'),
      ])
      .where('organisation_id', '=', organisationId)
      .where('status', 'not in', CLOSED_STATUSES)
      .where((eb) => eb.or([eb('handler_id', '=', id), eb('investigator_id', '=', id)]))
      .executeTakeFirstOrThrow();
    return {
      person,
      handling: Number(open.handling),
      investigating: Number(open.investigating),
      worklistHref: `${worklistPaths.complaints.list()}?handler=${encodeURIComponent(id)}`,
    };
  }

  // Deactivating someone is confirmed on a page of its own, which says what it does; reactivating is not.
  app.get(paths.admin.deactivate.pattern, { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    const { id } = request.params as { id: string };
    const found = await deactivation(actor.organisationId, id);
    if (!found.person.active) return reply.redirect(paths.admin.users(), 303);
    return render(request, reply, 'people/views/deactivate.njk', {
      ...found,
      self: id === actor.userId,
    });
  });

  app.post(paths.admin.deactivate.pattern, { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    const { id } = request.params as { id: string };
    const found = await deactivation(actor.organisationId, id);
    try {
      await auth.updateUser(actor, id, { active: false });
    } catch (error) {
      if (error instanceof ValidationError) {
        return render(
          request,
          reply,
          'people/views/deactivate.njk',
          { ...found, self: true, errors: error.errors.map((e) => ({ ...e, field: 'deactivate' })) },
          400,
        );
      }
      throw error;
    }
    return reply.redirect(`${paths.admin.users()}?deactivated=${encodeURIComponent(found.person.name)}`, 303);
  });

  app.post(paths.admin.user.pattern, { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    const { id } = request.params as { id: string };
    const body = formBody(request);
    const role = field(body, 'role');
    const active = field(body, 'active');
    // Deactivation has its own page, which says what it does: this form only reactivates.
    if (active === 'false') return reply.redirect(paths.admin.deactivate(id), 303);
    try {
      await auth.updateUser(actor, id, {
        ...(role ? { role } : {}),
        ...(active ? { active: active === 'true' } : {}),
      });
    } catch (error) {
      if (error instanceof ValidationError) {
        return render(
          request,
          reply,
          'people/views/users.njk',
          await usersContext(actor.organisationId, {
            errors: error.errors.map((e) => ({ ...e, field: `role-${id}` })),
          }),
          400,
        );
      }
      throw error;
    }
    if (active === 'true') {
      const person = (await auth.listUsers(actor.organisationId)).find((u) => u.id === id);
      return reply.redirect(
        `${paths.admin.users()}?reactivated=${encodeURIComponent(person?.name ?? '')}`,
        303,
      );
    }
    return reply.redirect(paths.admin.users(), 303);
  });

  // API tokens
  const defaultRateLimit = services.config.rateLimits.api;
  const tokensContext = async (organisationId: string, extra: Record<string, unknown> = {}) => ({
    tokens: (await apiTokens.list(organisationId)).map((t) => ({
      ...t,
      rateLimitText: t.rateLimit
        ? t.rateLimit.toLocaleString('en-GB')
        : `${defaultRateLimit.toLocaleString('en-GB')} (default)`,
    })),
    roles: ROLES,
    defaultRateLimitText: defaultRateLimit.toLocaleString('en-GB'),
    maxRateLimitText: MAX_TOKEN_RATE_LIMIT.toLocaleString('en-GB'),
    values: {},
    ...extra,
  });

  app.get(paths.admin.tokens.pattern, { config: { access: 'api-tokens:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    return render(request, reply, 'people/views/tokens.njk', await tokensContext(actor.organisationId));
  });

  app.post(
    paths.admin.tokens.pattern,
    { config: { access: 'api-tokens:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = formBody(request);
      const values = Object.fromEntries(
        TOKEN_FIELDS.map((name) => [name, field(body, name)] as const),
      ) as Record<(typeof TOKEN_FIELDS)[number], string>;
      try {
        const { token, person } = await apiTokens.issue(actor.organisationId, values, actor);
        // Shown once, on this response only; it is never stored in a form we can show again.
        return render(
          request,
          reply,
          'people/views/tokens.njk',
          await tokensContext(actor.organisationId, { newToken: token, newTokenPerson: person }),
        );
      } catch (error) {
        if (error instanceof ValidationError) {
          return render(
            request,
            reply,
            'people/views/tokens.njk',
            await tokensContext(actor.organisationId, { values, errors: error.errors }),
            400,
          );
        }
        throw error;
      }
    },
  );

  app.post(paths.admin.token.pattern, { config: { access: 'api-tokens:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    await apiTokens.revoke(actor, (request.params as { id: string }).id);
    return reply.redirect(paths.admin.tokens(), 303);
  });
}
