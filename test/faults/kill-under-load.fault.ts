import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingOrDuplicated, readStormComplaints } from './support/complaints.ts';
import { havePostgresBinaries, type PrivatePostgres, startPrivatePostgres } from './support/postgres.ts';
import { createTokenWithCli, type ServerEnv, ServerProcess } from './support/server.ts';
import { COMPLAINANT_EMAIL, COMPLAINANT_NAME, CreateStorm } from './support/storm.ts';

// A server killed outright (kill -9: no shutdown, no flush) in the middle of a storm of creates must lose
// nothing it acknowledged: each 201 is sent only after its complaint committed.

const CLIENTS = 20;
/** Enough acknowledged creates before the kill for "nothing lost" to mean something. */
const ACKNOWLEDGED_BEFORE_KILL = 300;

async function killUnderStorm(env: ServerEnv, where: { url: string } | { dataDir: string }) {
  const first = await ServerProcess.start(env);
  const servers = [first];
  try {
    await first.waitUntilHealthy();
    const token = await createTokenWithCli(env);
    const storm = new CreateStorm(first.baseUrl, token, CLIENTS).start();
    await storm.until(
      (attempts) => attempts.filter((a) => a.status === 201).length >= ACKNOWLEDGED_BEFORE_KILL,
    );
    const killedAt = performance.now();
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const attempts = await storm.stop();
    const acknowledged = storm.acknowledged;

    const second = await ServerProcess.start(env);
    servers.push(second);
    const recoverySeconds = await second.waitUntilHealthy();
    // Recovered means working, not only answering /health: the restarted server takes creates again.
    const again = new CreateStorm(second.baseUrl, token, 2).start();
    await again.until((a) => a.some((x) => x.status === 201));
    await again.stop();
    await second.stop();
    expect((await second.exited).code).toBe(0);

    const found = await readStormComplaints(where, acknowledged);
    expect(missingOrDuplicated(found)).toEqual([]);
    for (const server of servers) {
      expect(server.output).not.toContain(COMPLAINANT_NAME);
      expect(server.output).not.toContain(COMPLAINANT_EMAIL);
    }
    const sent = attempts.filter((a) => a.sentAt < killedAt).length;
    return {
      sent,
      acknowledged: acknowledged.length,
      found: [...found.counts.values()].filter((n) => n === 1).length,
      recoverySeconds,
      notes: `${found.committed - again.acknowledged.length - acknowledged.length} committed but unanswered (in flight at the kill)`,
    };
  } finally {
    for (const server of servers) server.kill('SIGKILL');
  }
}

describe('kill -9 under a create storm', () => {
  describe('on the embedded database', () => {
    let folder: string;
    beforeAll(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'candour-faults-kill-'));
    });
    afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

    it(`keeps every acknowledged complaint exactly once (${CLIENTS} clients, server killed mid-storm and restarted)`, async ({
      task,
    }) => {
      const dataDir = path.join(folder, 'data');
      const figures = await killUnderStorm({ DATA_DIR: dataDir }, { dataDir });
      task.meta.faultFigures = { scenario: 'kill -9 mid-storm, restart', database: 'embedded', ...figures };
    });
  });

  describe.runIf(havePostgresBinaries())('on PostgreSQL', () => {
    let postgres: PrivatePostgres | undefined;
    beforeAll(async () => {
      postgres = await startPrivatePostgres();
    });
    afterAll(() => postgres?.destroy());

    it(`keeps every acknowledged complaint exactly once (${CLIENTS} clients, server killed mid-storm and restarted)`, async ({
      task,
    }) => {
      const url = (postgres as PrivatePostgres).url;
      const figures = await killUnderStorm({ DATABASE_URL: url }, { url });
      task.meta.faultFigures = { scenario: 'kill -9 mid-storm, restart', database: 'postgres', ...figures };
    });
  });
});
