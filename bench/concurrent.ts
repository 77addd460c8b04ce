import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from '../src/db/database.ts';
import type { LoadResult, LoadSettings } from './load-client.ts';
import type { Timing } from './measure.ts';

export interface ConcurrentResult {
  clients: number;
  seconds: number;
  perSecond: number;
  timing: Timing;
  firstError: string | null;
  /** This process's (the app's) CPU per page, in milliseconds: the clients run in another process. */
  appCpuPerPage: number | null;
  /** CPU of the database's server processes for this database per page, read from /proc when it can be. */
  dbCpuPerPage: number | null;
  /** Time PostgreSQL spent running statements in this database per page (pg_stat_database.active_time). */
  dbActivePerPage: number | null;
  appEventLoopBusy: number;
}

const TICKS_PER_SECOND = 100;

/** CPU milliseconds used so far by the server processes serving this database, or null when unreadable. */
async function databaseCpu(database: Database): Promise<number | null> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(
    database.db,
  );
  let ticks = 0;
  try {
    for (const { pid } of rows) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
      if (stat === null) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return null;
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

async function activeTime(database: Database): Promise<number | null> {
  const { rows } = await sql<{ ms: number | null }>`
    select active_time as ms from pg_stat_database where datname = current_database()`
    .execute(database.db)
    .catch(() => ({ rows: [] as { ms: number | null }[] }));
  return rows[0]?.ms ?? null;
}

// PostgreSQL 15 and later flush an idle connection's statistics within 10 seconds: wait that long before
// reading pg_stat_database, so the reading holds every page's statements.
const STATS_FLUSH_MS = 11_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `clients` signed-in clients, each loading the worklist's first page one after another, for `seconds`:
 * pages a second, latency, and what each page cost the app and the database. The clients run in a child
 * process, so the app's CPU is measured alone.
 */
export async function measureConcurrentWorklist(options: {
  database: Database;
  baseUrl: string;
  email: string;
  password: string;
  clients: number;
  seconds: number;
  path: string;
}): Promise<ConcurrentResult> {
  const { database } = options;
  const child = fork(fileURLToPath(new URL('./load-client.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    // The password travels over the IPC channel, never on a command line.
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`The load client stopped with code ${code}`)));
    });
  const settings: LoadSettings = {
    baseUrl: options.baseUrl,
    email: options.email,
    password: options.password,
    clients: options.clients,
    seconds: options.seconds,
    path: options.path,
  };
  const ready = next();
  child.send(settings);
  await ready;
  await pause(STATS_FLUSH_MS);
  const [activeBefore, dbCpuBefore] = [await activeTime(database), await databaseCpu(database)];
  const loopBefore = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  const done = next();
  child.send('go');
  const result = (await done) as LoadResult;
  const cpu = process.cpuUsage(cpuBefore);
  const busy = performance.eventLoopUtilization(loopBefore).utilization;
  const dbCpuAfter = await databaseCpu(database);
  await pause(STATS_FLUSH_MS);
  const activeAfter = await activeTime(database);
  const pages = Math.max(result.pages, 1);
  return {
    clients: options.clients,
    seconds: result.seconds,
    perSecond: result.pages / result.seconds,
    timing: result.timing,
    firstError: result.firstError,
    appCpuPerPage: (cpu.user + cpu.system) / 1000 / pages,
    dbCpuPerPage: dbCpuBefore === null || dbCpuAfter === null ? null : (dbCpuAfter - dbCpuBefore) / pages,
    dbActivePerPage:
      activeBefore === null || activeAfter === null
        ? null
        : (Number(activeAfter) - Number(activeBefore)) / pages,
    appEventLoopBusy: busy,
  };
}
