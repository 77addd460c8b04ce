import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { MAX_TOKEN_RATE_LIMIT } from '../src/auth/api-token-service.ts';
import type { Actor, Role } from '../src/auth/roles.ts';
import { loadConfig } from '../src/config.ts';
import { type Database, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildServices, type Services } from '../src/services.ts';
import { buildApp } from '../src/web/app.ts';
import { paths } from '../test/support/paths.ts';
import { type ConcurrentResult, measureConcurrentWorklist } from './concurrent.ts';
import {
  type CreateRateResult,
  createThroughApiInChild,
  measureCreateRate,
  removeCreatedComplaints,
  runCreateLoops,
} from './create-rate.ts';
import { explainScenarios } from './explain.ts';
import {
  BENCH_HANDLER_EMAIL,
  BENCH_ORG_SLUG,
  benchDatabaseName,
  complaintCount,
  ensureDatabaseExists,
  generate,
  resetHandlerPassword,
} from './generate.ts';
import { exists, HttpClient, sequential, type Timing } from './measure.ts';

const USAGE = `Usage: BENCH_DATABASE_URL=postgres://user@host:5432/candour_bench npm run bench -- [options]

Benchmarks Candour against a large organisation (1,000,000 complaints over ten years) on PostgreSQL:
the worklist (first page, filters, name searches, page 400 by number and by cursor) and the case page over
real HTTP, the worklist's first page with 20 concurrent signed-in clients (pages a second, CPU and database
time per page), and the API's create rate with 20 concurrent clients. npm run bench runs on the Node.js 22 of the
node devDependency; node --import tsx bench/run.ts on the Node.js on your PATH.

BENCH_DATABASE_URL   a PostgreSQL database whose name contains "bench". It is WIPED (drop schema public
                     cascade) when the data is generated; any other name is refused. Created if missing.

Options:
  --regenerate       generate the data again even if the database already holds enough complaints
  --count N          complaints to generate (default 1000000); generation is skipped when there are N or more
  --requests N       timed requests per page (default 200, after 20 warm-up requests)
  --seconds N        how long the create test runs (default 10)
  --clients N        concurrent clients in the worklist load test and the create test (default 20)
  --no-explain       skip EXPLAIN ANALYZE of the worklist and case-page queries
  --help             show this help

Only loopback traffic: the app listens on 127.0.0.1 on a free port. Nothing is written to the repository.`;

// The aims from the issue, in milliseconds and creates per second.
const AIMS = {
  worklistP95: 100,
  casePageP95: 50,
  createsPerSecond: 300,
  includingClosedP95: 30,
  searchP95: 30,
  surnameAllCasesP95: 50,
  worklistPagesPerSecond: 400,
};

// Requests for each worklist variant: enough for a p95 that a few scheduling stalls on a busy machine do
// not decide.
const VARIANT_REQUESTS = 100;

interface Row {
  name: string;
  level: 'html' | 'api' | 'service';
  timing: Timing & { firstError?: string | null };
  aimP95?: number;
}

function parseCommandLine() {
  const { values } = parseArgs({
    options: {
      regenerate: { type: 'boolean', default: false },
      count: { type: 'string', default: '1000000' },
      requests: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '10' },
      clients: { type: 'string', default: '20' },
      'no-explain': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const whole = (name: string, value: string | undefined, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  return {
    help: values.help ?? false,
    regenerate: values.regenerate ?? false,
    count: whole('count', values.count, 1000, 20_000_000),
    requests: whole('requests', values.requests, 10, 100_000),
    seconds: whole('seconds', values.seconds, 1, 600),
    clients: whole('clients', values.clients, 1, 200),
    explain: !(values['no-explain'] ?? false),
  };
}

class UsageError extends Error {}

function benchConfig(url: string) {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: url,
    BASE_URL: 'http://127.0.0.1',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    NOTIFICATIONS_DRIVER: 'log',
    // One client on one address makes every request: the limits that protect production would end the test.
    RATE_LIMIT_MAX: '1000000000',
    SIGN_IN_RATE_LIMIT_MAX: '1000',
  });
}

async function prepareData(services: Services, url: string, options: ReturnType<typeof parseCommandLine>) {
  const { database } = services;
  const existing = await complaintCount(database);
  if (!options.regenerate && existing >= options.count) {
    await migrateToLatest(database.db);
    console.log(
      `Data: ${existing.toLocaleString('en-GB')} complaints already there; generation skipped (--regenerate to force).`,
    );
    return { generatedSeconds: null as number | null };
  }
  console.log(
    `Generating ${options.count.toLocaleString('en-GB')} complaints in ${benchDatabaseName(url)} (wiping it first)…`,
  );
  const { seconds } = await generate(services, url, {
    count: options.count,
    log: (line) => console.log(line),
  });
  console.log(`Generation took ${seconds.toFixed(1)} s.`);
  return { generatedSeconds: seconds };
}

async function benchActor(services: Services): Promise<Actor> {
  const user = await services.database.db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'organisation_id'])
    .where('email', '=', BENCH_HANDLER_EMAIL)
    .executeTakeFirstOrThrow();
  return {
    kind: 'user',
    id: user.id,
    userId: user.id,
    organisationId: user.organisation_id,
    role: user.role as Role,
    label: user.name,
  };
}

async function openReferences(database: Database, organisationId: string, n: number): Promise<string[]> {
  const result = await sql<{ reference: string }>`
    select reference from complaints
    where organisation_id = ${organisationId} and next_due_on is not null
    order by random() limit ${n}`.execute(database.db);
  return result.rows.map((r) => r.reference);
}

async function measurePages(options: {
  services: Services;
  html: HttpClient;
  api: HttpClient;
  actor: Actor;
  references: string[];
  requests: number;
}): Promise<Row[]> {
  const { services, html, api, actor, references, requests } = options;
  const rows: Row[] = [];
  const ref = (i: number) => references[i % references.length] as string;
  const warmUp = 20;
  const sample = references[0] as string;
  const htmlPages =
    (await exists(html, paths.complaints.list())) && (await exists(html, paths.complaints.show(sample)));
  const apiPages =
    (await exists(api, paths.api.complaints())) && (await exists(api, paths.api.complaint(sample)));
  if (htmlPages) {
    console.log('Measuring the HTML worklist and case page…');
    rows.push({
      name: 'worklist, first page',
      level: 'html',
      timing: await sequential(
        requests,
        warmUp,
        async () => void (await html.getOk(paths.complaints.list())),
      ),
      aimP95: AIMS.worklistP95,
    });
    rows.push({
      name: 'case page',
      level: 'html',
      timing: await sequential(
        requests,
        warmUp,
        async (i) => void (await html.getOk(paths.complaints.show(ref(i)))),
      ),
      aimP95: AIMS.casePageP95,
    });
  } else {
    console.log('The HTML worklist or case page answers 404: not measured.');
  }
  if (apiPages) {
    console.log('Measuring the API list and case…');
    rows.push({
      name: 'worklist, first page',
      level: 'api',
      timing: await sequential(requests, warmUp, async () => void (await api.getOk(paths.api.complaints()))),
      aimP95: AIMS.worklistP95,
    });
    rows.push({
      name: 'case',
      level: 'api',
      timing: await sequential(
        requests,
        warmUp,
        async (i) => void (await api.getOk(paths.api.complaint(ref(i)))),
      ),
      aimP95: AIMS.casePageP95,
    });
  } else {
    console.log('The API list or case answers 404: not measured.');
  }
  console.log('Measuring the same through the services (no HTTP, no rendering)…');
  rows.push({
    name: 'worklist, first page',
    level: 'service',
    timing: await sequential(
      requests,
      warmUp,
      async () => void (await services.worklist.worklist(actor, {}, 1, 25)),
    ),
    aimP95: AIMS.worklistP95,
  });
  rows.push({
    name: 'case',
    level: 'service',
    timing: await sequential(requests, warmUp, async (i) => void (await services.cases.view(actor, ref(i)))),
    aimP95: AIMS.casePageP95,
  });
  rows.push(...(await measureVariants(services, html, api, htmlPages, actor)));
  return rows;
}

/** Other worklist views people use, fewer requests each: they show which filters need an index. */
async function measureVariants(
  services: Services,
  html: HttpClient,
  api: HttpClient,
  htmlPages: boolean,
  actor: Actor,
): Promise<Row[]> {
  const variants: [string, string, Parameters<Services['worklist']['worklist']>[1], number | undefined][] = [
    ['worklist, my cases', '?handler=me', { handler: 'me' }, undefined],
    ['worklist, overdue', '?overdue=yes', { overdue: true }, undefined],
    ['worklist, including closed', '?includeClosed=yes', { includeClosed: true }, AIMS.includingClosedP95],
    ['worklist, search by name', '?q=Patel', { q: 'Patel' }, AIMS.searchP95],
    [
      'worklist, surname, all cases',
      '?q=Patel&includeClosed=yes',
      { q: 'Patel', includeClosed: true },
      AIMS.surnameAllCasesP95,
    ],
    ['worklist, page 400', '?page=400', {}, undefined],
  ];
  const rows: Row[] = [];
  for (const [name, query, filters, aimP95] of variants) {
    const page = query === '?page=400' ? 400 : 1;
    rows.push({
      name,
      level: htmlPages ? 'html' : 'service',
      timing: await sequential(VARIANT_REQUESTS, 5, async () => {
        if (htmlPages) await html.getOk(`${paths.complaints.list()}${query}`);
        else await services.worklist.worklist(actor, filters, page, 25);
      }),
      ...(aimP95 === undefined ? {} : { aimP95 }),
    });
  }
  const deep = htmlPages ? await deepCursor(api) : null;
  if (deep) {
    rows.push({
      name: 'worklist, page 400, cursor',
      level: 'html',
      timing: await sequential(VARIANT_REQUESTS, 5, async () => {
        await html.getOk(`${paths.complaints.list()}?cursor=${encodeURIComponent(deep)}`);
      }),
    });
  } else if (htmlPages) {
    console.log('The API list gives no next cursor: page 400 by cursor is not measured.');
  }
  return rows;
}

/** The cursor a reader holds after paging to page 399 of the open cases: the API's `next` from that page. */
async function deepCursor(api: HttpClient): Promise<string | null> {
  const response = await api.request(`${paths.api.complaints()}?page=399&pageSize=25`);
  if (response.status !== 200) {
    await response.arrayBuffer();
    return null;
  }
  const next = ((await response.json()) as { next?: unknown }).next;
  return typeof next === 'string' ? next : null;
}

/** The API's create rate when the API answers, and always the service's, to show what HTTP adds. */
async function createRates(options: {
  services: Services;
  api: HttpClient;
  token: string;
  actor: Actor;
  clients: number;
  seconds: number;
}): Promise<CreateRateResult[]> {
  const { services, api, actor, clients, seconds } = options;
  const probe = await api.request(paths.api.complaints(), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  await probe.arrayBuffer();
  const maxCreates = seconds * 5000;
  const common = { database: services.database, organisationId: actor.organisationId, clients };
  const results: CreateRateResult[] = [];
  if (probe.status !== 404) {
    console.log(
      `Creating through POST /api/v1/complaints: ${clients} clients in a separate process, ${seconds} s…`,
    );
    const { baseUrl } = api;
    results.push(
      await measureCreateRate({
        ...common,
        level: 'api',
        run: () => createThroughApiInChild({ baseUrl, token: options.token, clients, seconds, maxCreates }),
      }),
    );
  } else {
    console.log('POST /api/v1/complaints answers 404: the API create rate is not measured.');
  }
  console.log(`Creating through the service: ${clients} concurrent calls in this process, ${seconds} s…`);
  results.push(
    await measureCreateRate({
      ...common,
      level: 'service',
      run: () =>
        runCreateLoops({
          clients,
          seconds,
          maxCreates,
          create: async (body) => ({
            reference: (await services.intake.create(actor.organisationId, body, actor)).reference,
          }),
        }),
    }),
  );
  return results;
}

const ms = (n: number) => n.toFixed(1).padStart(8);
const cpu = (t: Timing) => (t.cpuPerRequest === null ? '' : t.cpuPerRequest.toFixed(1)).padStart(9);

function printReport(
  rows: Row[],
  concurrent: ConcurrentResult | null,
  creates: CreateRateResult[],
  context: Record<string, unknown>,
) {
  console.log(
    "\nResults (milliseconds; sequential requests over loopback; cpu/req is this process's CPU per",
  );
  console.log('request, app and client together)\n');
  console.log(
    `${'what'.padEnd(30)}${'level'.padEnd(9)}${'n'.padStart(5)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'mean'.padStart(8)}${'cpu/req'.padStart(9)}  aim p95`,
  );
  for (const row of rows) {
    const t = row.timing;
    const aim = row.aimP95 === undefined ? '' : `< ${row.aimP95} ${t.p95 < row.aimP95 ? 'met' : 'MISSED'}`;
    const errors = t.errors ? `  (${t.errors} errors: ${t.firstError ?? ''})` : '';
    console.log(
      `${row.name.padEnd(30)}${row.level.padEnd(9)}${String(t.n).padStart(5)}${ms(t.p50)}${ms(t.p95)}${ms(t.p99)}${ms(t.mean)}${cpu(t)}  ${aim}${errors}`,
    );
  }
  if (concurrent) {
    const c = concurrent;
    const perPage = (n: number | null) => (n === null ? 'not measured' : `${n.toFixed(1)} ms`);
    console.log(
      `\nWorklist, first page, ${c.clients} signed-in clients (${c.seconds.toFixed(1)} s): ${c.perSecond.toFixed(0)} pages/s ` +
        `(aim ≥ ${AIMS.worklistPagesPerSecond}: ${c.perSecond >= AIMS.worklistPagesPerSecond ? 'met' : 'MISSED'}), ` +
        `p50 ${c.timing.p50.toFixed(1)} ms, p95 ${c.timing.p95.toFixed(1)} ms, ${c.timing.errors} errors` +
        `${c.firstError ? ` (first: ${c.firstError})` : ''}`,
    );
    console.log(
      `  per page: app CPU ${perPage(c.appCpuPerPage)}, PostgreSQL CPU ${perPage(c.dbCpuPerPage)}, ` +
        `PostgreSQL active time ${perPage(c.dbActivePerPage)}; the app's event loop was busy ` +
        `${(c.appEventLoopBusy * 100).toFixed(0)}% of the time`,
    );
  }
  for (const c of creates) {
    console.log(
      `\nCreates (${c.level}, ${c.clients} clients, ${c.seconds.toFixed(1)} s): ${c.perSecond.toFixed(0)}/s ` +
        `(aim ≥ ${AIMS.createsPerSecond}: ${c.perSecond >= AIMS.createsPerSecond ? 'met' : 'MISSED'}), ` +
        `${c.created} created, ${c.errors} errors${c.errorSample ? ` (first: ${c.errorSample})` : ''}, ` +
        `p50 ${c.latency.p50.toFixed(1)} ms, p95 ${c.latency.p95.toFixed(1)} ms; the app's event loop was busy ` +
        `${(c.appEventLoopBusy * 100).toFixed(0)}% of the time, ${(c.latency.cpuPerRequest ?? 0).toFixed(1)} ms CPU per create`,
    );
    console.log(
      `  committed before 201: ${c.newRows} new rows for ${c.created} successes, ${c.referencesFound} of the ` +
        `returned references found: ${c.verified ? 'verified' : 'MISMATCH'}`,
    );
  }
  const round = (t: Timing) => ({
    p50: +t.p50.toFixed(2),
    p95: +t.p95.toFixed(2),
    p99: +t.p99.toFixed(2),
    mean: +t.mean.toFixed(2),
    n: t.n,
    errors: t.errors,
  });
  const summary = {
    ...context,
    pages: rows.map((r) => ({ name: r.name, level: r.level, ...round(r.timing) })),
    concurrentWorklist: concurrent && {
      clients: concurrent.clients,
      perSecond: +concurrent.perSecond.toFixed(1),
      ...round(concurrent.timing),
      appCpuPerPage: concurrent.appCpuPerPage === null ? null : +concurrent.appCpuPerPage.toFixed(2),
      dbCpuPerPage: concurrent.dbCpuPerPage === null ? null : +concurrent.dbCpuPerPage.toFixed(2),
      dbActivePerPage: concurrent.dbActivePerPage === null ? null : +concurrent.dbActivePerPage.toFixed(2),
    },
    creates: creates.map((c) => ({
      level: c.level,
      clients: c.clients,
      perSecond: +c.perSecond.toFixed(1),
      created: c.created,
      errors: c.errors,
      p50: +c.latency.p50.toFixed(2),
      p95: +c.latency.p95.toFixed(2),
      appEventLoopBusy: +c.appEventLoopBusy.toFixed(3),
      cpuPerCreate: c.latency.cpuPerRequest === null ? null : +c.latency.cpuPerRequest.toFixed(2),
      verified: c.verified,
    })),
  };
  console.log(`\nBENCH_SUMMARY ${JSON.stringify(summary)}`);
}

async function explain(services: Services, url: string, actor: Actor, reference: string) {
  console.log('\nEXPLAIN ANALYZE of the SQL behind the worklist and case page (slowest first):');
  const explained = await explainScenarios({ url, calendars: services.calendars, actor, reference });
  const slowest = [...explained].sort((a, b) => b.ms - a.ms);
  for (const q of slowest)
    console.log(
      `  ${q.ms.toFixed(2).padStart(9)} ms  ${q.scenario}: ${q.sql.replace(/\s+/g, ' ').slice(0, 110)}`,
    );
  for (const q of slowest.filter((q) => q.ms >= 5)) {
    console.log(`\n--- ${q.scenario} (${q.ms.toFixed(1)} ms)\n${q.sql}\n${q.plan}`);
  }
}

async function main() {
  const options = parseCommandLine();
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    console.error(
      'Set BENCH_DATABASE_URL=postgres://… (a PostgreSQL database whose name contains "bench"; it is wiped).',
    );
    console.error(
      'For example: BENCH_DATABASE_URL=postgres://root@127.0.0.1:5432/candour_bench npm run bench',
    );
    process.exit(1);
  }
  benchDatabaseName(url);
  if (await ensureDatabaseExists(url)) console.log(`Created the database ${benchDatabaseName(url)}.`);
  const config = benchConfig(url);
  const database = await openDatabase({ url, poolSize: 20 });
  const services = buildServices(config, database);
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  try {
    const data = await prepareData(services, url, options);
    const organisation = await services.organisations.bySlug(BENCH_ORG_SLUG);
    if (!organisation)
      throw new Error(`The organisation ${BENCH_ORG_SLUG} is missing: run with --regenerate`);
    const leftOver = await removeCreatedComplaints(database, organisation.id);
    if (leftOver) console.log(`Removed ${leftOver} complaints left by an earlier create test.`);
    const { email, password } = await resetHandlerPassword(services);
    const actor = await benchActor(services);
    const measured = await sql<{ total: string; open: string }>`
      select count(*) as total, count(*) filter (where next_due_on is not null) as open
      from complaints where organisation_id = ${organisation.id}`.execute(database.db);
    const references = await openReferences(database, organisation.id, 200);
    if (references.length === 0) throw new Error('There are no open complaints to look at');

    app = await buildApp(services);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    console.log(`App listening on ${baseUrl}; signing in as ${email} through the form.`);
    const html = new HttpClient(baseUrl);
    await html.signIn(email, password);
    // The highest rate limit a token may have: the create test sends far more than the default 1,200 a minute,
    // and measures the app, not the limiter.
    const { id: tokenId, token } = await services.apiTokens.issue(
      organisation.id,
      { actsAs: 'role', role: 'complaints-handler', name: 'benchmark', rateLimit: MAX_TOKEN_RATE_LIMIT },
      null,
    );
    const api = new HttpClient(baseUrl, token);

    const loadAverageAtStart = os.loadavg().map((n) => +n.toFixed(2));
    const rows = await measurePages({ services, html, api, actor, references, requests: options.requests });
    console.log(
      `Measuring the worklist's first page with ${options.clients} signed-in clients in a separate process, ${options.seconds} s…`,
    );
    const concurrent = (await exists(html, paths.complaints.list()))
      ? await measureConcurrentWorklist({
          database,
          baseUrl,
          email,
          password,
          clients: options.clients,
          seconds: options.seconds,
          path: paths.complaints.list(),
        })
      : null;
    const creates = await createRates({
      services,
      api,
      token,
      actor,
      clients: options.clients,
      seconds: options.seconds,
    });
    await services.apiTokens.revoke(actor, tokenId);
    const removed = await removeCreatedComplaints(database, organisation.id);
    console.log(
      `Removed the ${removed} complaints the create tests added, so the next run sees the same data.`,
    );
    printReport(rows, concurrent, creates, {
      complaints: Number(measured.rows[0]?.total ?? 0),
      openComplaints: Number(measured.rows[0]?.open ?? 0),
      generatedSeconds: data.generatedSeconds,
      cpus: os.cpus().length,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg().map((n) => +n.toFixed(2)),
      node: process.version,
    });
    if (options.explain) await explain(services, url, actor, references[0] as string);
  } finally {
    await app?.close();
    await database.close();
  }
}

main().catch((error) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
