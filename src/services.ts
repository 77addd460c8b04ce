import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AuditService } from './audit/audit-service.ts';
import { ApiTokenService } from './auth/api-token-service.ts';
import { AuthService } from './auth/auth-service.ts';
import { CalendarService } from './calendar/calendar-service.ts';
import { CaseRecordService } from './complaints/case-record-service.ts';
import { ComplaintService } from './complaints/complaint-service.ts';
import { PublicDraftStore } from './complaints/public-drafts.ts';
import type { Config } from './config.ts';
import { CorrespondenceService } from './correspondence/correspondence-service.ts';
import type { Database } from './db/database.ts';
import { driverFromConfig, type NotificationDriver } from './notifications/drivers.ts';
import { OutboxService } from './notifications/outbox-service.ts';
import { OrganisationService } from './organisations/organisation-service.ts';

export interface Services {
  config: Config;
  version: string;
  cookieSecret: string;
  database: Database;
  audit: AuditService;
  calendars: CalendarService;
  organisations: OrganisationService;
  auth: AuthService;
  apiTokens: ApiTokenService;
  complaints: ComplaintService;
  caseRecords: CaseRecordService;
  publicDrafts: PublicDraftStore;
  outbox: OutboxService;
  correspondence: CorrespondenceService;
}

export interface ServiceOptions {
  now?: () => Date;
  driver?: NotificationDriver;
  logger?: { info(obj: object, msg?: string): void } | null;
}

const VERSION = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  .version as string;

/** The composition root: every service is built once here and handed to the app, the CLI and the tests. */
export function buildServices(config: Config, database: Database, options: ServiceOptions = {}): Services {
  const { db } = database;
  const now = options.now ?? (() => new Date());
  const audit = new AuditService(db);
  const calendars = new CalendarService(db);
  const complaints = new ComplaintService(db, calendars, audit, now);
  const organisations = new OrganisationService(db, calendars, audit, async (organisationId) => {
    await complaints.recomputeOpenDeadlines(organisationId);
  });
  const outbox = new OutboxService(
    db,
    options.driver ?? driverFromConfig(config, options.logger ?? null),
    audit,
    now,
  );
  return {
    config,
    version: VERSION,
    cookieSecret: cookieSecret(config, database),
    database,
    audit,
    calendars,
    organisations,
    auth: new AuthService(db, audit, outbox, now),
    apiTokens: new ApiTokenService(db, audit),
    complaints,
    caseRecords: new CaseRecordService(db, complaints, audit),
    publicDrafts: new PublicDraftStore(db, now),
    outbox,
    correspondence: new CorrespondenceService(db, audit, outbox, calendars, complaints),
  };
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
