import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { buildServices } from '../../src/services.ts';
import { buildApp } from '../../src/web/app.ts';
import { complaintInput } from '../support/app.ts';

/** A loopback port nobody listens on: connecting is refused at once, as when PostgreSQL is down. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// The app on a PostgreSQL that is not there: every query fails as it does while the database is down. The
// fault suite (npm run test:faults) stops and starts a real PostgreSQL under load instead.
describe('while the database is unavailable', () => {
  let database: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    const url = `postgres://candour@127.0.0.1:${await closedPort()}/candour`;
    database = await openDatabase({ url, poolSize: 2 });
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, BASE_URL: 'http://localhost:3000' });
    app = await buildApp(buildServices(config, database));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('/health answers 503', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'unavailable' });
  });

  it('pages answer 503 with the "service unavailable" page', async () => {
    const response = await app.inject({ method: 'GET', url: '/complain' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('Sorry, the service is unavailable');
    expect(response.body).toContain('Try again in a few minutes');
  });

  it('the API answers 503 { error: "unavailable", message }', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      headers: { authorization: 'Bearer cdr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
      payload: complaintInput(),
    });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: 'unavailable',
      message: 'The service is unavailable at the moment. Try again in a few minutes.',
    });
  });
});
