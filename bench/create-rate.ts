import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES } from '../scripts/demo-data/names.ts';
import { STORIES } from '../scripts/demo-data/stories.ts';
import type { Database } from '../src/db/database.ts';
import { summarise, type Timing } from './measure.ts';

export interface CreateLoopsResult {
  attempts: number;
  latencies: number[];
  references: string[];
  errors: number;
  errorSample: string | null;
  seconds: number;
}

export interface CreateRateResult {
  level: 'api' | 'service';
  clients: number;
  seconds: number;
  attempts: number;
  created: number;
  perSecond: number;
  errors: number;
  errorSample: string | null;
  latency: Timing;
  /** Share of the time the app's event loop was busy: near 1 means the app process is the bottleneck. */
  appEventLoopBusy: number;
  /** Rows that appeared in the database while the test ran. */
  newRows: number;
  /** References returned with a 201 that are in the database. */
  referencesFound: number;
  verified: boolean;
}

export type CreateOne = (
  body: Record<string, unknown>,
) => Promise<{ reference: string | null; error?: string }>;

const firstNames = [...FEMALE_FIRST_NAMES, ...MALE_FIRST_NAMES];

/** Complaints made by the create test carry this email domain, so they can be told from the generated ones. */
const CREATED_MARK = '@create-test.example.com';

/**
 * Removes the complaints earlier create tests added (their audit entries stay), so every run measures the
 * same data set rather than one that grows by thousands of open cases each time.
 */
export async function removeCreatedComplaints(database: Database, organisationId: string): Promise<number> {
  return database.db.transaction().execute(async (trx) => {
    const created = sql`
      select id from complaints
      where organisation_id = ${organisationId} and complainant_email like ${`%${CREATED_MARK}`}`;
    await sql`delete from complaint_events where organisation_id = ${organisationId} and complaint_id in (${created})`.execute(
      trx,
    );
    const result = await sql`delete from complaints where id in (${created})`.execute(trx);
    return Number(result.numAffectedRows ?? 0n);
  });
}

/** A plausible complaint as a client system would send it. */
export function complaintBody(i: number): Record<string, unknown> {
  const story = STORIES[i % STORIES.length];
  const name = `${firstNames[i % firstNames.length]} ${SURNAMES[(i * 7) % SURNAMES.length]}`;
  return {
    channel: 'email',
    receivedAt: new Date().toISOString(),
    complainant: { name, email: `bench.${i}${CREATED_MARK}` },
    description: story?.description.replace(/\{\w+\}/g, 'my relative') ?? 'I waited a long time.',
    outcomeSought: 'An explanation and an apology',
  };
}

/** `clients` loops, each creating one complaint at a time until the time is up or `maxCreates` were tried. */
export async function runCreateLoops(options: {
  clients: number;
  seconds: number;
  maxCreates: number;
  create: CreateOne;
}): Promise<CreateLoopsResult> {
  const result: CreateLoopsResult = {
    attempts: 0,
    latencies: [],
    references: [],
    errors: 0,
    errorSample: null,
    seconds: 0,
  };
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline && result.attempts < options.maxCreates) {
      const i = result.attempts++;
      const at = performance.now();
      try {
        const outcome = await options.create(complaintBody(i));
        if (outcome.reference) {
          result.latencies.push(performance.now() - at);
          result.references.push(outcome.reference);
        } else {
          result.errors++;
          result.errorSample ??= outcome.error ?? 'no reference returned';
        }
      } catch (error) {
        result.errors++;
        result.errorSample ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, loop));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** POSTs to the API from a child process, so the clients do not compete with the app for its event loop. */
export function createThroughApiInChild(options: {
  baseUrl: string;
  token: string;
  clients: number;
  seconds: number;
  maxCreates: number;
}): Promise<CreateLoopsResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./create-client.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      // The token travels over the IPC channel, never on a command line where `ps` would show it.
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: CreateLoopsResult | null = null;
    child.once('message', (message) => {
      result = message as CreateLoopsResult;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`The create client stopped with code ${code} before reporting`));
    });
    child.send(options);
  });
}

async function complaintTotal(database: Database, organisationId: string): Promise<number> {
  const result = await sql<{ n: string }>`
    select count(*) as n from complaints where organisation_id = ${organisationId}`.execute(database.db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Runs the creates, then checks that every 201 left exactly one committed row behind. */
export async function measureCreateRate(options: {
  database: Database;
  organisationId: string;
  clients: number;
  level: 'api' | 'service';
  run: () => Promise<CreateLoopsResult>;
}): Promise<CreateRateResult> {
  const { database, organisationId } = options;
  const before = await complaintTotal(database, organisationId);
  const loopBefore = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  const loops = await options.run();
  const cpu = process.cpuUsage(cpuBefore);
  const busy = performance.eventLoopUtilization(loopBefore).utilization;
  const after = await complaintTotal(database, organisationId);
  const found = loops.references.length
    ? Number(
        (
          await sql<{ n: string }>`
            select count(*) as n from complaints
            where organisation_id = ${organisationId} and reference = any(${loops.references}::text[])`.execute(
            database.db,
          )
        ).rows[0]?.n ?? 0,
      )
    : 0;
  const created = loops.references.length;
  return {
    level: options.level,
    clients: options.clients,
    seconds: loops.seconds,
    attempts: loops.attempts,
    created,
    perSecond: created / loops.seconds,
    errors: loops.errors,
    errorSample: loops.errorSample,
    latency: summarise(loops.latencies, loops.errors, cpu.user + cpu.system),
    appEventLoopBusy: busy,
    newRows: after - before,
    referencesFound: found,
    verified: after - before === created && found === created,
  };
}
