import { randomBytes } from 'node:crypto';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions,
} from 'fastify';
import nunjucks from 'nunjucks';
import { canAny, type Permission } from '../auth/permissions.ts';
import { DomainError, ValidationError } from '../errors.ts';
import { acceptJsonOnly, MalformedBodyError } from '../modules/api/request-body.ts';
import type { Services } from '../services.ts';
import { oneValuePerField, removeControlCharacters } from './input-cleaning.ts';
import { failedTokenChecks, setUpRateLimits } from './rate-limits.ts';
import { render } from './render.ts';
import { replyIfUnavailable } from './reply-unavailable.ts';
import { actorFromUser, redirectToSignIn, SESSION_COOKIE, wantsJson } from './request-context.ts';
import { checkRouteParams } from './route-params.ts';
import { configureNunjucks, GOVUK_DIR, TEMPLATE_DIRS } from './views.ts';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const STATIC_ROUTES = new Set(['/assets/*', '/govuk/*', '/public/*']);
/** Browser features no page of ours uses, denied to our pages and anything they might embed. */
const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'browsing-topics',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'interest-cohort',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

export interface AppOptions {
  logger?: boolean | object;
  /** Routes only some processes have (the running server's CLI control route). */
  extraRoutes?: (app: FastifyInstance) => void;
  /** Told of every route as it is registered, with its config (the route tests read the route table so). */
  onRoute?: (route: RouteOptions) => void;
}

/** Builds the web app around ready-made services: the one place concerns are applied, in order. */
export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: config.trustProxy,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    bodyLimit: 1024 * 1024,
    genReqId: () => randomBytes(8).toString('hex'),
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.decorate('modules', services.modules);
  app.decorateRequest('user', null);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('apiToken', null);

  checkRouteParams(app);
  setUpErrors(app);
  await setUpHealth(app, services);
  await setUpSecurityHeaders(app);
  await setUpRateLimits(app, services);
  await setUpParsing(app, services);
  await setUpStatic(app);
  await setUpViews(app, services);
  await setUpAuthentication(app, services);
  await setUpCsrf(app, services);
  await setUpRoutes(app, services);
  if (options.extraRoutes) await app.register(async (scope) => options.extraRoutes?.(scope));
  setUpNotFound(app);
  return app;
}

async function setUpHealth(app: FastifyInstance, services: Services) {
  app.get('/health', { config: { access: 'public' } }, async (_request, reply) => {
    const ok = await services.database.ping();
    return reply.status(ok ? 200 : 503).send(ok ? { status: 'ok' } : { status: 'unavailable' });
  });
  app.get('/ping', { config: { access: 'public' } }, async () => ({ status: 'ok' }));
  app.get('/info', { config: { access: 'public' } }, async () => ({
    name: 'candour',
    version: services.version,
  }));
}

async function setUpSecurityHeaders(app: FastifyInstance) {
  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: { maxAge: 31536000, includeSubDomains: true },
    referrerPolicy: { policy: 'same-origin' },
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    // Pages and API answers can hold personal data (a case, a complainant's answers): neither the browser's
    // back button nor a shared cache may keep them. Static files keep the caching their plugin gives them.
    if (!STATIC_ROUTES.has(request.routeOptions.url ?? '') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
    return payload;
  });
}

async function setUpParsing(app: FastifyInstance, services: Services) {
  await app.register(fastifyCookie, { secret: services.cookieSecret });
  await app.register(fastifyFormbody, { bodyLimit: 256 * 1024 });
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 10_000 },
  });
  // Input is cleaned here, once, before any route or schema reads it (see input-cleaning.ts).
  app.addHook('preValidation', async (request) => {
    const { config } = request.routeOptions;
    if (request.isMultipart() && !config.acceptsFiles) {
      throw new MalformedBodyError(
        'This form does not take files. Go back, refresh the page and send the form again.',
      );
    }
    removeControlCharacters(request.query);
    removeControlCharacters(request.params);
    // A page's query parameter has one value, like a form field; the API's queries are checked by schemas.
    if (!request.url.startsWith('/api/')) oneValuePerField(request.query, config.repeatedQuery);
    request.body = removeControlCharacters(request.body);
    if (/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? ''))
      oneValuePerField(request.body, config.repeatedFields);
  });
}

async function setUpStatic(app: FastifyInstance) {
  await app.register(fastifyStatic, {
    root: path.join(GOVUK_DIR, 'govuk/assets'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: path.join(GOVUK_DIR, 'govuk'),
    prefix: '/govuk/',
    decorateReply: false,
    allowedPath: (p) => /^\/govuk-frontend\.min\.(css|js)$/.test(p),
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: path.resolve(GOVUK_DIR, '../../../public'),
    prefix: '/public/',
    decorateReply: false,
    maxAge: '1h',
  });
}

async function setUpViews(app: FastifyInstance, services: Services) {
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: TEMPLATE_DIRS,
    options: {
      autoescape: true,
      onConfigure: (env: nunjucks.Environment) => configureNunjucks(env, services.modules),
    },
  });
}

async function setUpAuthentication(app: FastifyInstance, services: Services) {
  // An API token is verified on arrival (instance hooks run before the rate limiter's route hooks), so the
  // request is counted against its token; without a valid one it is counted against its address.
  const failedChecks = failedTokenChecks(app, services);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) return;
    if (!services.apiTokens.isRemembered(token)) await failedChecks.refuseIfExhausted(request, reply);
    const verified = await services.apiTokens.authenticate(token, request.ip, request.id);
    if (!verified) {
      await failedChecks.record(request);
      return;
    }
    request.actor = verified.actor;
    request.apiToken = { id: verified.actor.id, rateLimit: verified.rateLimit };
  });
  app.addHook('preHandler', async (request, reply) => {
    // Static files (GOV.UK Frontend's assets, our CSS and JS) are public, carry no route config and need no session.
    if (STATIC_ROUTES.has(request.routeOptions.url ?? '')) return;
    const access = request.routeOptions.config.access;
    if (!request.url.startsWith('/api/')) {
      const token = request.cookies[SESSION_COOKIE];
      const unsigned = token ? request.unsignCookie(token) : null;
      if (unsigned?.valid && unsigned.value) {
        const user = await services.auth.session(unsigned.value);
        if (user) {
          request.user = user;
          request.sessionToken = unsigned.value;
          request.actor = actorFromUser(user, request);
        }
      }
    }
    if (access === 'public' || access === undefined) {
      if (access === undefined && request.routeOptions.url) {
        // A route that forgot to say who may use it is refused rather than left open.
        request.log.error({ route: request.routeOptions.url }, 'route has no access rule');
        return reply.status(500).send('Route has no access rule');
      }
      return;
    }
    if (!request.actor) {
      if (wantsJson(request)) {
        return reply.status(401).send({
          error: 'unauthorised',
          message: 'Send a valid API token as Authorization: Bearer <token>',
        });
      }
      return redirectToSignIn(request, reply);
    }
    const permissions: readonly Permission[] | null =
      access === 'signed-in' ? null : typeof access === 'string' ? [access] : access;
    if (permissions && !canAny(request.actor.role, permissions)) {
      if (wantsJson(request)) {
        return reply.status(403).send({ error: 'forbidden', message: 'Your role does not allow this' });
      }
      return render(request, reply, 'errors/forbidden.njk', {}, 403);
    }
  });
}

async function setUpCsrf(app: FastifyInstance, services: Services) {
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'candour_csrf',
    cookieOpts: {
      path: '/',
      sameSite: 'lax',
      httpOnly: true,
      signed: true,
      secure: services.config.secureCookies,
    },
    getToken: (request: FastifyRequest) =>
      ((request.body as Record<string, string> | undefined)?._csrf ??
        (request.query as Record<string, string> | undefined)?._csrf ??
        request.headers['x-csrf-token']) as string,
  });
  app.addHook('preHandler', (request, reply, done) => {
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    // The API (bearer tokens) and the CLI control route (a secret header, loopback only) use no cookies, so
    // cross-site requests cannot ride on them.
    if (!unsafe || request.url.startsWith('/api/') || request.url === '/internal/cli') return done();
    app.csrfProtection(request, reply, done);
  });
}

/** Each module's pages in a scope of its own; all their API routes in one scope that takes JSON only. */
async function setUpRoutes(app: FastifyInstance, services: Services) {
  for (const module of services.modules.modules) {
    if (module.routes) await app.register(async (scope) => module.routes?.(scope, services));
  }
  await app.register(async (scope) => {
    acceptJsonOnly(scope);
    for (const module of services.modules.modules) await module.apiRoutes?.(scope, services);
  });
}

function setUpNotFound(app: FastifyInstance) {
  app.setNotFoundHandler({ preHandler: app.rateLimit?.() }, async (request, reply) => {
    if (wantsJson(request)) return reply.status(404).send({ error: 'not-found', message: 'Not found' });
    return render(request, reply, 'errors/not-found.njk', {}, 404);
  });
}

function setUpErrors(app: FastifyInstance) {
  app.setErrorHandler(
    async (error: Error & { statusCode?: number; code?: string }, request, reply: FastifyReply) => {
      const unavailable = replyIfUnavailable(error, request, reply);
      if (unavailable) return unavailable;
      let status = error instanceof DomainError ? error.statusCode : (error.statusCode ?? 500);
      let message =
        error instanceof DomainError ? error.message : 'Sorry, there is a problem with the service';
      if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
        status = 403;
        message =
          'Your form has expired or was sent from somewhere else. Go back, refresh the page and try again.';
      } else if (error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        status = 413;
        message = 'The file or form is too large';
      } else if (status === 429) {
        message = 'You have made too many requests. Wait a minute and try again.';
      } else if (status >= 400 && status < 500 && !(error instanceof DomainError)) {
        message = status === 415 ? 'Unsupported content type' : 'The request could not be understood';
      }
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      if (wantsJson(request)) {
        return reply.status(status).send({
          error: errorCode(status),
          message,
          ...(error instanceof ValidationError ? { errors: error.errors } : {}),
        });
      }
      return render(request, reply, 'errors/problem.njk', { status, message }, status);
    },
  );
}

function errorCode(status: number): string {
  return (
    {
      400: 'bad-request',
      401: 'unauthorised',
      403: 'forbidden',
      404: 'not-found',
      409: 'conflict',
      413: 'too-large',
      415: 'unsupported-media-type',
      422: 'invalid',
      429: 'too-many-requests',
    }[status] ?? (status >= 500 ? 'server-error' : 'error')
  );
}
