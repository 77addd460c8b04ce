import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { Scheduler } from '../../src/jobs/scheduler.ts';
import { databaseKinds, freshDatabase } from '../support/database.ts';

describe.each(databaseKinds())('scheduled jobs on %s', (kind) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await freshDatabase(kind));
  });
  afterAll(async () => dispose?.());

  it('lets one of several servers hold a job at a time, and another take over once the lease expires', async () => {
    const a = new Scheduler(database.db, () => {});
    const b = new Scheduler(database.db, () => {});
    expect(await a.tryLease('job', 60_000)).toBe(true);
    expect(await b.tryLease('job', 60_000)).toBe(false);
    expect(await a.tryLease('job', 60_000)).toBe(true);
    await database.db
      .updateTable('job_leases')
      .set({ lease_until: new Date(Date.now() - 1000) })
      .execute();
    expect(await b.tryLease('job', 60_000)).toBe(true);
    expect(await a.tryLease('job', 60_000)).toBe(false);
  });

  it('runs a job only where the lease was won', async () => {
    const a = new Scheduler(database.db, () => {});
    const b = new Scheduler(database.db, () => {});
    let runs = 0;
    const job = { name: 'count', everyMs: 60_000, run: async () => runs++ };
    const results = await Promise.all([a.runOnce(job), b.runOnce(job)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
  });

  it('does not start a job again on a server while its last run there is still going', async () => {
    const scheduler = new Scheduler(database.db, () => {});
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let runs = 0;
    const job = {
      name: 'slow',
      everyMs: 60_000,
      run: async () => {
        runs++;
        await gate;
      },
    };
    const first = scheduler.runOnce(job);
    expect(await scheduler.runOnce(job)).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(await scheduler.runOnce(job)).toBe(true);
    expect(runs).toBe(2);
  });
});
