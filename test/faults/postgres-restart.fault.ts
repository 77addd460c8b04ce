import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, openDatabase } from '../../src/db/database.ts';
import { missingOrDuplicated, readStormComplaints } from './support/complaints.ts';
import {
  havePostgresBinaries,
  type PrivatePostgres,
  sparePort,
  startPrivatePostgres,
} from './support/postgres.ts';
import { createTokenWithCli, ServerProcess, sleep } from './support/server.ts';
import { COMPLAINANT_EMAIL, COMPLAINANT_NAME, CreateStorm } from './support/storm.ts';
import { TcpProxy } from './support/tcp-proxy.ts';

// PostgreSQL restarts (an upgrade, a failover, an operator's mistake). The server must stay up, refuse work
// quickly and clearly while the database is away, and carry on by itself when it is back.

const DOWN_MS = 3_000;
/** A refusal must come at once, not after a hang: well under the clients' patience, generous for a busy CI. */
const QUICK_REFUSAL_MS = 10_000;
const withPostgres = havePostgresBinaries();

describe.runIf(withPostgres)('PostgreSQL restart', () => {
  let postgres: PrivatePostgres;
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
  });
  afterAll(() => postgres?.destroy());

  it('a pooled connection held when PostgreSQL stops fails its query and does not end the process', async () => {
    // The deterministic core of the fault: the server ends a connection while it is checked out between two
    // queries of a transaction. Its client then emits `error`, which ends the process if nobody listens.
    const database = await openDatabase({ url: postgres.url, poolSize: 2 });
    try {
      const outcome = await database.db
        .transaction()
        .execute(async (trx) => {
          await trx.selectNoFrom((eb) => eb.val(1).as('one')).execute();
          await postgres.stop();
          await sleep(500);
          await trx.selectNoFrom((eb) => eb.val(2).as('two')).execute();
        })
        .then(
          () => 'committed',
          (error: unknown) => (isDatabaseUnavailable(error) ? 'unavailable' : String(error)),
        );
      expect(outcome).toBe('unavailable');
      expect(await database.ping()).toBe(false);
      await postgres.start();
      expect(await database.ping()).toBe(true);
    } finally {
      await database.close();
      // Running again for the next scenario, whatever happened here (refused when it already runs).
      await postgres.start().catch(() => {});
    }
  });

  it(`under a create storm, PostgreSQL down for ${DOWN_MS / 1000} s: the server stays up, answers 503 at once, and recovers by itself`, async ({
    task,
  }) => {
    const server = await ServerProcess.start({ DATABASE_URL: postgres.url });
    try {
      await server.waitUntilHealthy();
      const token = await createTokenWithCli({ DATABASE_URL: postgres.url });
      const storm = new CreateStorm(server.baseUrl, token).start();
      await storm.until((a) => a.filter((x) => x.status === 201).length >= 200);

      const health = probeHealth(server);
      const stopping = performance.now();
      await postgres.stop();
      const down = performance.now();
      // A page while the database is away: the GOV.UK "service unavailable" page, not a generic error.
      const page = await fetch(`${server.baseUrl}/complain`, {
        signal: AbortSignal.timeout(QUICK_REFUSAL_MS),
      });
      const pageHtml = await page.text();
      await sleep(DOWN_MS - (performance.now() - down));
      // PostgreSQL accepts connections a moment before pg_ctl reports it started: "down" ends when starting begins.
      const starting = performance.now();
      await postgres.start();
      const up = performance.now();
      await storm.until((a) => a.filter((x) => x.status === 201 && x.sentAt > up).length >= 100);
      const attempts = await storm.stop();
      const probes = await health.stop();

      expect(server.alive).toBe(true);
      expect(page.status).toBe(503);
      expect(pageHtml).toContain('Sorry, the service is unavailable');
      expect(pageHtml).toContain('Try again in a few minutes');

      // While it was down, /health said so (and answered: 0 would mean no answer).
      const whileDown = probes.filter((p) => p.sentAt > down && p.endedAt < starting);
      expect(whileDown.length).toBeGreaterThan(0);
      expect(new Set(whileDown.map((p) => p.status))).toEqual(new Set([503]));
      const recovered = probes.find((p) => p.sentAt > up && p.status === 200);
      expect(recovered, 'health never answered 200 after PostgreSQL came back').toBeDefined();

      // Every create got an answer: a 201, or a quick 503 saying the service is unavailable. No 500, no hang.
      const refused = attempts.filter((a) => a.status !== 201);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.filter((a) => a.status !== 503 || a.error !== 'unavailable')).toEqual([]);
      const slowest = Math.max(...refused.map((a) => a.endedAt - a.sentAt));
      expect(slowest).toBeLessThan(QUICK_REFUSAL_MS);

      // The outbox worker (every second here) met the outage too: it logged the failed rounds and carried on.
      expect(server.output).toContain('outbox round failed');
      expect(server.output).not.toContain(COMPLAINANT_NAME);
      expect(server.output).not.toContain(COMPLAINANT_EMAIL);
      await server.stop();
      expect((await server.exited).code).toBe(0);

      const found = await readStormComplaints({ url: postgres.url }, storm.acknowledged);
      expect(missingOrDuplicated(found)).toEqual([]);
      task.meta.faultFigures = {
        scenario: `PostgreSQL stopped ${DOWN_MS / 1000} s mid-storm`,
        database: 'postgres',
        sent: attempts.length,
        acknowledged: storm.acknowledged.length,
        found: [...found.counts.values()].filter((n) => n === 1).length,
        recoverySeconds: ((recovered?.endedAt ?? up) - up) / 1000,
        notes: `${refused.length} × 503 (slowest ${(slowest / 1000).toFixed(2)} s); stop took ${((down - stopping) / 1000).toFixed(1)} s; process never restarted`,
      };
    } finally {
      server.kill('SIGKILL');
    }
  });
});

describe('PostgreSQL unreachable', () => {
  it('a server started while PostgreSQL is not running stops with a clear message and exit code 1', async () => {
    const nobody = await sparePort();
    const server = await ServerProcess.start({
      DATABASE_URL: `postgres://candour@127.0.0.1:${nobody}/candour`,
    });
    const exit = await server.exited;
    expect(exit.code).toBe(1);
    expect(server.output).toContain('Candour cannot use its database');
    expect(server.output).toContain('ECONNREFUSED');
    expect(server.output).not.toMatch(/^\s+at /m);
  });
});

describe.runIf(withPostgres)('PostgreSQL silent (a network black hole)', () => {
  let postgres: PrivatePostgres;
  let proxy: TcpProxy;
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    proxy = await TcpProxy.start(postgres.port);
  });
  afterAll(async () => {
    await proxy?.close();
    postgres?.destroy();
  });

  it('requests are refused with 503 within the connect time-out, not left hanging, and work again after', async () => {
    // Nothing refuses the connection here, so only the pool's connect time-out stops a request waiting for ever.
    const url = `postgres://candour@127.0.0.1:${proxy.port}/candour`;
    const server = await ServerProcess.start({ DATABASE_URL: url });
    try {
      await server.waitUntilHealthy();
      const token = await createTokenWithCli({ DATABASE_URL: postgres.url });
      const storm = new CreateStorm(server.baseUrl, token, 5, QUICK_REFUSAL_MS).start();
      await storm.until((a) => a.filter((x) => x.status === 201).length >= 20);
      proxy.blackHole();
      const cut = performance.now();
      const healthDuringCut = server.health(QUICK_REFUSAL_MS);
      await storm.until((a) => a.filter((x) => x.sentAt > cut).length >= 5);
      const health = await healthDuringCut;
      proxy.restore();
      const restored = performance.now();
      await storm.until((a) => a.some((x) => x.status === 201 && x.sentAt > restored));
      const attempts = await storm.stop();

      expect(server.alive).toBe(true);
      expect(health).toBe(503);
      const duringCut = attempts.filter((a) => a.sentAt > cut && a.sentAt < restored);
      expect(duringCut.length).toBeGreaterThan(0);
      expect(duringCut.filter((a) => a.status !== 503 || a.error !== 'unavailable')).toEqual([]);
      expect(Math.max(...duringCut.map((a) => a.endedAt - a.sentAt))).toBeLessThan(QUICK_REFUSAL_MS);
    } finally {
      server.kill('SIGKILL');
    }
  });
});

interface Probe {
  sentAt: number;
  endedAt: number;
  status: number;
}

/** Asks /health every 100 ms until stopped. */
function probeHealth(server: ServerProcess) {
  const probes: Probe[] = [];
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      const sentAt = performance.now();
      const status = await server.health(QUICK_REFUSAL_MS);
      probes.push({ sentAt, endedAt: performance.now(), status });
      await sleep(100);
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      return probes;
    },
  };
}
