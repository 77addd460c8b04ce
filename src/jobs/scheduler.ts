import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * Runs periodic jobs so that, with several app servers, each run happens on one of them: a job runs only
 * while this process holds its lease row (taken when free or expired, in one atomic statement). A run that
 * outlasts its interval is not joined by another on the same server; once the lease has expired another
 * server may start one, so a job's own work must be safe to run twice at once.
 */
export class Scheduler {
  private readonly holder = randomUUID();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly onError: (job: string, error: unknown) => void,
  ) {}

  async tryLease(name: string, ttlMs: number): Promise<boolean> {
    const until = new Date(Date.now() + ttlMs);
    const row = await this.db
      .insertInto('job_leases')
      .values({ name, holder: this.holder, lease_until: until })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder: this.holder, lease_until: until })
          .where(sql<boolean>`job_leases.lease_until < now() or job_leases.holder = ${this.holder}`),
      )
      .returning('holder')
      .executeTakeFirst();
    return row?.holder === this.holder;
  }

  async runOnce(job: Job): Promise<boolean> {
    if (this.busy.has(job.name)) return false;
    this.busy.add(job.name);
    try {
      if (!(await this.tryLease(job.name, job.everyMs))) return false;
      await job.run();
      return true;
    } finally {
      this.busy.delete(job.name);
    }
  }

  start(jobs: Job[]): void {
    for (const job of jobs) {
      const tick = () => {
        const run = this.runOnce(job)
          .catch((error) => this.onError(job.name, error))
          .finally(() => this.running.delete(run));
        this.running.add(run);
      };
      const timer = setInterval(tick, job.everyMs);
      timer.unref();
      this.timers.push(timer);
      setTimeout(tick, 5_000).unref();
    }
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled([...this.running]);
  }
}
