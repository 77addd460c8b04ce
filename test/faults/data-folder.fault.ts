import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { missingOrDuplicated, readStormComplaints } from './support/complaints.ts';
import { DataFolder, folderFaultMode } from './support/data-folder.ts';
import { createTokenWithCli, ServerProcess } from './support/server.ts';
import { COMPLAINANT_EMAIL, COMPLAINANT_NAME, CreateStorm } from './support/storm.ts';

// The embedded database's folder fills up or turns read-only. Starting must say so plainly and exit non-zero;
// a running server must refuse writes with a clear answer; and nothing committed may be lost or damaged.

const mode = folderFaultMode();
const tmpfs = mode === 'tmpfs';
if (mode === 'none') {
  const message =
    'Running as root but mounting a tmpfs is not permitted, and root ignores file permissions: the data folder faults cannot be simulated here.';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n${'!'.repeat(100)}\n!! ${message}\n!! They are SKIPPED.\n${'!'.repeat(100)}\n`);
} else if (!tmpfs) {
  console.warn(
    '\n!! Not running as root, so no tmpfs can be mounted: a read-only folder stands in for a full disk, and the' +
      ' "disk fills up while running" scenario is SKIPPED.\n',
  );
}

/** The PGlite database takes about 40 MB; the rest is room for the storms, then filled on purpose. */
const TMPFS_MB = 128;

describe.runIf(mode !== 'none')('the embedded database’s data folder', () => {
  let folder: DataFolder;
  let token: string;
  /** Every reference acknowledged so far: after each fault all must still be there, exactly once. */
  const committed: string[] = [];
  const servers: ServerProcess[] = [];
  const start = async () => {
    const server = await ServerProcess.start({ DATA_DIR: folder.dataDir });
    servers.push(server);
    return server;
  };
  /** Reads every committed reference from the database (the server must have stopped); returns how many. */
  const expectIntact = async (references = committed) => {
    const found = await readStormComplaints({ dataDir: folder.dataDir }, committed);
    expect(missingOrDuplicated(found)).toEqual([]);
    return references.filter((r) => found.counts.get(r) === 1).length;
  };
  /** A start refused in one plain sentence: no stack trace, exit code 1. */
  const expectRefusedStart = async (reason: RegExp) => {
    const server = await start();
    const exit = await server.exited;
    expect(exit.code).toBe(1);
    expect(server.output).toContain(`Candour cannot use its data folder ${folder.dataDir}`);
    expect(server.output).toMatch(reason);
    expect(server.output).not.toMatch(/^\s+at /m);
    // The reason alone ("the disk is full (ENOSPC)"), to quote in the figures.
    return /: ([^:]+\([A-Z]+\))\./.exec(server.output)?.[1] ?? server.output.trim();
  };
  /** Starts again once the fault is gone: seconds until healthy, then a graceful stop. */
  const restart = async () => {
    const server = await start();
    const seconds = await server.waitUntilHealthy();
    await server.stop();
    expect((await server.exited).code).toBe(0);
    return seconds;
  };

  beforeAll(async () => {
    folder = DataFolder.create(mode as Exclude<typeof mode, 'none'>, TMPFS_MB);
    const server = await start();
    await server.waitUntilHealthy();
    token = await createTokenWithCli({ DATA_DIR: folder.dataDir });
    const storm = new CreateStorm(server.baseUrl, token, 5).start();
    await storm.until((a) => a.filter((x) => x.status === 201).length >= 100);
    await storm.stop();
    committed.push(...storm.acknowledged);
    await server.stop();
  });
  const killAll = async () => {
    for (const server of servers) {
      server.kill('SIGKILL');
      await server.exited;
    }
  };
  // A scenario that fails with its server still running must not hold the folder (its lock, its open files)
  // and fail the next one too.
  afterEach(killAll);
  afterAll(async () => {
    await killAll();
    folder?.destroy();
  });

  it.runIf(tmpfs)(
    'a running server whose disk fills up (a tmpfs filled to the last block) refuses creates with 503 and writes again once there is room, without a restart',
    async ({ task }) => {
      const server = await start();
      await server.waitUntilHealthy();
      const storm = new CreateStorm(server.baseUrl, token, 5).start();
      await storm.until((a) => a.filter((x) => x.status === 201).length >= 50);
      let read: Response;
      try {
        folder.fill();
        const filled = performance.now();
        await storm.until((a) => a.filter((x) => x.sentAt > filled && x.status !== 201).length >= 20);
        read = await fetch(`${server.baseUrl}/api/v1/complaints/${committed[0]}`, {
          headers: { authorization: `Bearer ${token}` },
        });
      } finally {
        folder.unfill();
      }
      const freed = performance.now();
      await storm.until((a) => a.some((x) => x.sentAt > freed && x.status === 201));
      const attempts = await storm.stop();
      const firstAfter = attempts.find((x) => x.sentAt > freed && x.status === 201);

      expect(server.alive).toBe(true);
      // Reading a case writes its audit entry, so a read may be refused too, but only as clearly as a create.
      expect([200, 503]).toContain(read.status);
      if (read.status === 503) expect(await read.json()).toMatchObject({ error: 'unavailable' });
      const refused = attempts.filter((a) => a.status !== 201);
      expect(refused.length).toBeGreaterThanOrEqual(20);
      expect(refused.filter((a) => a.status !== 503 || a.error !== 'unavailable')).toEqual([]);
      expect(server.output).toContain('No space left on device');
      expect(server.output).not.toContain(COMPLAINANT_NAME);
      expect(server.output).not.toContain(COMPLAINANT_EMAIL);
      await server.stop();
      expect((await server.exited).code).toBe(0);

      committed.push(...storm.acknowledged);
      const found = await expectIntact(storm.acknowledged);
      task.meta.faultFigures = {
        scenario: `disk full while running (tmpfs ${TMPFS_MB} MB)`,
        database: 'embedded',
        sent: attempts.length,
        acknowledged: storm.acknowledged.length,
        found,
        recoverySeconds: ((firstAfter?.endedAt ?? freed) - freed) / 1000,
        notes: `${refused.length} × 503 while full; a case read while full: ${read.status}; writes resumed without a restart`,
      };
    },
  );

  it(
    tmpfs
      ? 'starting with a full disk (a tmpfs filled to the last block) stops with a clear message and exit code 1; nothing committed is lost'
      : 'starting on a folder that cannot be written (a read-only folder standing in for a full disk: mounting is not permitted) stops with a clear message and exit code 1; nothing committed is lost',
    async ({ task }) => {
      let message: string;
      try {
        if (tmpfs) folder.fill();
        else folder.readOnly();
        message = await expectRefusedStart(tmpfs ? /the disk is full \(ENOSPC\)/ : /\(EACCES\)/);
      } finally {
        if (tmpfs) folder.unfill();
        else folder.writable();
      }
      const recoverySeconds = await restart();
      const found = await expectIntact();
      task.meta.faultFigures = {
        scenario: tmpfs ? 'start on a full disk' : 'start on an unwritable folder (for a full disk)',
        database: 'embedded',
        sent: null,
        acknowledged: committed.length,
        found,
        recoverySeconds,
        notes: `refused to start, exit 1: "${message}"; started normally once the fault was removed`,
      };
    },
  );

  it(
    tmpfs
      ? 'starting on a read-only file system (the tmpfs remounted read-only) stops with a clear message and exit code 1; nothing committed is lost'
      : 'starting on a read-only data folder (chmod) stops with a clear message and exit code 1; nothing committed is lost',
    async ({ task }) => {
      folder.readOnly();
      let message: string;
      try {
        message = await expectRefusedStart(tmpfs ? /read-only file system \(EROFS\)/ : /\(EACCES\)/);
      } finally {
        folder.writable();
      }
      const recoverySeconds = await restart();
      const found = await expectIntact();
      task.meta.faultFigures = {
        scenario: tmpfs ? 'start on a read-only file system' : 'start on a read-only folder (chmod)',
        database: 'embedded',
        sent: null,
        acknowledged: committed.length,
        found,
        recoverySeconds,
        notes: `refused to start, exit 1: "${message}"; started normally once the fault was removed`,
      };
    },
  );
});
