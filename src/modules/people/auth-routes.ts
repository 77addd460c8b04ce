import type { FastifyInstance } from 'fastify';
import { SignInError } from '../../auth/auth-service.ts';
import { DomainError, ValidationError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { platformPaths } from '../../web/paths.ts';
import { peoplePaths } from './paths.ts';

const paths = { ...platformPaths, ...peoplePaths };

import { field, formBody } from '../../web/form-helpers.ts';
import { render } from '../../web/render.ts';
import { SESSION_COOKIE } from '../../web/request-context.ts';

type Form = Record<string, string | undefined>;

/** Only local paths are followed after sign-in, so the link cannot send someone to another site. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : paths.home();
}

export async function authRoutes(app: FastifyInstance, services: Services) {
  const signInLimit = { max: services.config.rateLimits.signIn, timeWindow: '1 minute' };

  app.get(paths.signIn.pattern, { config: { access: 'public' } }, async (request, reply) => {
    if (request.user) return reply.redirect(paths.home(), 303);
    const query = request.query as Form;
    return render(request, reply, 'people/views/sign-in.njk', {
      next: safeNext(query.next),
      signedOut: query.signedOut === '1',
    });
  });

  app.post(
    paths.signIn.pattern,
    { config: { access: 'public', rateLimit: signInLimit } },
    async (request, reply) => {
      const body = formBody(request);
      const email = field(body, 'email').trim();
      const password = field(body, 'password');
      const next = safeNext(field(body, 'next'));
      const errors = [];
      if (!email) errors.push({ field: 'email', message: 'Enter your email address' });
      if (!password) errors.push({ field: 'password', message: 'Enter your password' });
      if (errors.length)
        return render(request, reply, 'people/views/sign-in.njk', { errors, email, next }, 400);
      try {
        const { token } = await services.auth.signIn(email, password, request.ip);
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: services.config.secureCookies,
          signed: true,
          maxAge: 8 * 3600,
        });
        return reply.redirect(next, 303);
      } catch (error) {
        if (error instanceof SignInError) {
          return render(
            request,
            reply,
            'people/views/sign-in.njk',
            { errors: [{ field: 'email', message: error.message }], email, next },
            401,
          );
        }
        throw error;
      }
    },
  );

  app.post(paths.signOut.pattern, { config: { access: 'public' } }, async (request, reply) => {
    if (request.sessionToken) await services.auth.signOut(request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(`${paths.signIn()}?signedOut=1`, 303);
  });

  app.get(paths.forgotPassword.pattern, { config: { access: 'public' } }, async (request, reply) =>
    render(request, reply, 'people/views/forgot-password.njk'),
  );

  app.post(
    paths.forgotPassword.pattern,
    { config: { access: 'public', rateLimit: signInLimit } },
    async (request, reply) => {
      const email = field(formBody(request), 'email').trim();
      if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
        return render(
          request,
          reply,
          'people/views/forgot-password.njk',
          {
            errors: [
              {
                field: 'email',
                message: 'Enter your email address in the correct format, like name@example.nhs.uk',
              },
            ],
            email,
          },
          400,
        );
      }
      await services.auth.requestPasswordReset(email, (token) => ({
        subject: 'Reset your Candour password',
        body: `Use this link to set a new password. It works once and expires in 1 hour:\n\n${services.config.baseUrl}${paths.setPassword(token)}\n\nIf you did not ask for this, you can ignore this email.`,
      }));
      // The same answer whether or not the address is known, and whether or not a link was sent.
      return render(request, reply, 'people/views/reset-sent.njk', { email });
    },
  );

  app.get(paths.setPassword.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const valid = await services.auth.checkPasswordToken(token);
    if (!valid) return render(request, reply, 'people/views/link-expired.njk', {}, 410);
    return render(request, reply, 'people/views/set-password.njk', {
      token,
      firstSignIn: valid.purpose === 'first-sign-in',
    });
  });

  app.post(
    paths.setPassword.pattern,
    { config: { access: 'public', rateLimit: signInLimit } },
    async (request, reply) => {
      const { token } = request.params as { token: string };
      const body = formBody(request);
      try {
        await services.auth.setPassword(token, field(body, 'password'), field(body, 'confirm'));
      } catch (error) {
        if (error instanceof ValidationError) {
          return render(
            request,
            reply,
            'people/views/set-password.njk',
            { token, errors: error.errors },
            400,
          );
        }
        if (error instanceof DomainError)
          return render(request, reply, 'people/views/link-expired.njk', { message: error.message }, 410);
        throw error;
      }
      return reply.redirect(`${paths.signIn()}?passwordSet=1`, 303);
    },
  );
}
