import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AuditService } from './audit/audit-service.ts';
import { ApiTokenService } from './auth/api-token-service.ts';
import { AuthService } from './auth/auth-service.ts';
import { CalendarService } from './calendar/calendar-service.ts';
import type { Config } from './config.ts';
import type { Database, Db } from './db/database.ts';
import { type IsoDate, ukDateOf } from './domain/calendar/index.ts';
import { registry } from './modules/index.ts';
import type { ModuleRegistry } from './modules/registry.ts';
import { driverFromConfig, type NotificationDriver } from './notifications/drivers.ts';
import { OutboxService } from './notifications/outbox-service.ts';

/**
 * Everything the app, the CLI and the tests use, built once. The platform's services are listed here; each
 * module adds its own to this interface (declaration merging in its module.ts) and builds them in its
 * `services` function.
 */
export interface Services {
  config: Config;
  version: string;
  cookieSecret: string;
  database: Database;
  db: Db;
  modules: ModuleRegistry;
  now: () => Date;
  /** Today's UK date by the service clock. */
  today: () => IsoDate;
  audit: AuditService;
  calendars: CalendarService;
  outbox: OutboxService;
  auth: AuthService;
  apiTokens: ApiTokenService;
}

export interface ServiceOptions {
  now?: () => Date;
  /** The handle every service queries through (tests pass one with the tenancy guard); database.db otherwise. */
  db?: Db;
  driver?: NotificationDriver;
  logger?: { info(obj: object, msg?: string): void } | null;
}

const VERSION = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  .version as string;

/** The composition root: the platform, then every module's services in the order the modules are listed. */
export function buildServices(config: Config, database: Database, options: ServiceOptions = {}): Services {
  const db = options.db ?? database.db;
  const now = options.now ?? (() => new Date());
  const audit = new AuditService(db);
  const outbox = new OutboxService(
    db,
    options.driver ?? driverFromConfig(config, options.logger ?? null),
    audit,
    now,
  );
  const apiTokens = new ApiTokenService(db, audit, now);
  const services = {
    config,
    version: VERSION,
    cookieSecret: cookieSecret(config, database),
    database,
    db,
    modules: registry,
    now,
    today: () => ukDateOf(now()),
    audit,
    calendars: new CalendarService(db),
    outbox,
    auth: new AuthService(db, audit, outbox, now, (userId) => apiTokens.forgetPerson(userId)),
    apiTokens,
  } as Services;
  for (const module of registry.modules) Object.assign(services, module.services?.(services) ?? {});
  return services;
}

/** Outside production a secret is made once and kept with the embedded data, so sessions survive restarts. */
function cookieSecret(config: Config, database: Database): string {
  if (config.sessionSecret) return config.sessionSecret;
  if (database.kind !== 'embedded' || config.dataDir.startsWith('memory:'))
    return randomBytes(32).toString('hex');
  const file = path.join(config.dataDir, 'cookie-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(32).toString('hex');
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
