import type { FastifyInstance } from 'fastify';
import { MAX_TOKEN_RATE_LIMIT } from '../../auth/api-token-service.ts';
import { ROLES } from '../../auth/roles.ts';
import { ValidationError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { field, formBody } from '../../web/form-helpers.ts';
import { render } from '../../web/render.ts';
import { requireActor } from '../../web/request-context.ts';
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
        flash: query.invited ? `Invitation sent to ${query.invited}.` : null,
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

  app.post(paths.admin.user.pattern, { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    const { id } = request.params as { id: string };
    const body = formBody(request);
    const role = field(body, 'role');
    const active = field(body, 'active');
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
