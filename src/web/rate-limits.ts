import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';

/**
 * How many requests a minute a caller may make. API calls with a valid token are counted per token (its own
 * limit, or the API default), so integrations sharing an address do not share an allowance; everything else
 * is counted per address (the general limit here; sign-in and the public form set tighter ones on their
 * routes). Counts are kept in this process: with several app servers, each counts the traffic it receives.
 * Every 429 carries Retry-After in seconds, and the error handler words it as a page or JSON.
 */
export async function setUpRateLimits(app: FastifyInstance, services: Services) {
  const { rateLimits } = services.config;
  await app.register(fastifyRateLimit, {
    global: true,
    timeWindow: '1 minute',
    keyGenerator: rateLimitKey,
    max: (request) =>
      request.apiToken ? (request.apiToken.rateLimit ?? rateLimits.api) : rateLimits.general,
    allowList: (request) => request.url === '/health',
  });
}

/** The identity a request is counted under: its API token once verified, its address otherwise. */
function rateLimitKey(request: FastifyRequest): string {
  return request.apiToken ? `token:${request.apiToken.id}` : `address:${normalizeIP(request.ip)}`;
}

/**
 * Bearer tokens that failed verification, counted per address. Checking a token costs a database read
 * (unless it was verified lately), so an address that has sent more bad tokens in a minute than the general
 * limit allows is refused without a check until its minute is over. Page traffic from a shared address (a
 * hospital's network) does not count here, so it never stops an integration on that address being recognised.
 */
export function failedTokenChecks(app: FastifyInstance, services: Services) {
  const max = services.config.rateLimits.general;
  const checks = app.createRateLimit({ max, timeWindow: '1 minute' });
  return {
    async refuseIfExhausted(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const count = await checks(request, { increment: false });
      if (count.isAllowed || count.remaining > 0) return;
      reply
        .header('x-ratelimit-limit', max)
        .header('x-ratelimit-remaining', 0)
        .header('x-ratelimit-reset', count.ttlInSeconds)
        .header('retry-after', count.ttlInSeconds);
      throw Object.assign(new Error('Too many bad API tokens from this address'), { statusCode: 429 });
    },
    async record(request: FastifyRequest): Promise<void> {
      await checks(request);
    },
  };
}
