import { bootstrapFirstRun } from './bootstrap.ts';
import { registerControlRoute, writeControlFile } from './cli/control.ts';
import { runCli } from './cli/main.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirBusyError } from './db/data-dir-lock.ts';
import { DataDirUnusableError, isDatabaseUnavailable, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { Scheduler } from './jobs/scheduler.ts';
import { buildServices } from './services.ts';
import { buildApp } from './web/app.ts';

async function main() {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, lock: true });
  const applied = await migrateToLatest(database.db);
  const logger = {
    level: config.logLevel,
    // Request logs carry method, route and status only: URLs can hold references, bodies hold personal data.
    serializers: {
      req: (req: { method: string; routeOptions?: { url?: string }; id: string }) => ({
        method: req.method,
        route: req.routeOptions?.url,
        id: req.id,
      }),
      // Database errors carry the offending values in `detail` and `where`: keep only what cannot hold them.
      err: (err: Error & { code?: string }) => ({
        type: err.name,
        message: err.message,
        code: err.code,
        stack: err.stack,
      }),
    },
    redact: ['req.headers.authorization', 'req.headers.cookie'],
  };
  // The outbox's log driver records message ids and sizes only, never recipients or text.
  const app0Logger = {
    info: (obj: object, msg?: string) => console.log(JSON.stringify({ level: 30, ...obj, msg })),
  };
  const services = buildServices(config, database, { logger: app0Logger });
  let controlSecret: string | null = null;
  const app = await buildApp(services, {
    logger,
    extraRoutes: (scope) => registerControlRoute(scope, services, () => controlSecret, runCli),
  });
  if (applied.length) app.log.info({ migrations: applied }, 'database migrated');
  const firstLink = await bootstrapFirstRun(services);
  services.outbox.start(config.notifications.intervalMs, (error) =>
    app.log.error({ err: error }, 'outbox round failed'),
  );
  const scheduler = new Scheduler(database.db, (job, error) =>
    app.log.error({ err: error, job }, 'scheduled job failed'),
  );
  scheduler.start(services.modules.modules.flatMap((m) => m.jobs?.(services) ?? []));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close();
      await scheduler.stop();
      await services.outbox.stop();
      await database.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  if (database.kind === 'embedded') {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    controlSecret = writeControlFile(config.dataDir, port).secret;
  }
  const where = database.kind === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  console.log(`\nCandour is running at ${config.baseUrl} (${where}).`);
  if (firstLink) {
    console.log('\nFirst start: created the organisation and an administrator account.');
    console.log(`  Email: ${config.firstOrganisation.adminEmail}`);
    console.log(
      `  Set the administrator's password with this one-time link (valid for 72 hours):\n\n  ${firstLink}\n`,
    );
  }
}

main().catch((error) => {
  if (
    error instanceof ConfigError ||
    error instanceof DataDirBusyError ||
    error instanceof DataDirUnusableError
  ) {
    console.error(error.message);
  } else if (isDatabaseUnavailable(error)) {
    // The first error says what failed; the last, why. Either names a host and port at most, never the
    // password in DATABASE_URL.
    let cause: unknown = error;
    while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
    console.error(
      `Candour cannot use its database: ${(cause as Error).message}. Check that it is running, reachable (DATABASE_URL) and has disk space, then start again.`,
    );
  } else {
    console.error('Candour failed to start:', error);
  }
  process.exit(1);
});
