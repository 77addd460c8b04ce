import { randomInt } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Actor, Role } from '../src/auth/roles.ts';
import { bootstrapFirstRun } from '../src/bootstrap.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { DataDirBusyError } from '../src/db/data-dir-lock.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { OrganisationRow } from '../src/db/schema.ts';
import { ukDateOf } from '../src/domain/calendar/index.ts';
import { STATUSES, type Status } from '../src/domain/lifecycle/index.ts';
import { settingsFormValues } from '../src/modules/organisations/schemas.ts';
import { buildServices, type Services } from '../src/services.ts';
import { carryOut, type DemoCast } from './demo-data/carry-out.ts';
import { DEMO_SERVICES, DEMO_STAFF, demoComplaintsTeam, emailLocalPart } from './demo-data/organisation.ts';
import { planComplaints } from './demo-data/plan.ts';
import { Random } from './demo-data/random.ts';

/**
 * The services' clock: real time (or `base`, for a run that must come out the same each time), except while
 * the demo replays an event on the day it happened.
 */
export class DemoClock {
  private fixed: Date | null = null;

  constructor(private readonly base: () => Date = () => new Date()) {}

  readonly now = (): Date => this.fixed ?? this.base();

  set(instant: Date): void {
    this.fixed = instant;
  }

  release(): void {
    this.fixed = null;
  }
}

export interface DemoOptions {
  services: Services;
  /** The clock the services were built with (buildServices(…, { now: clock.now })). */
  clock: DemoClock;
  count?: number;
  seed?: number;
  /** Add complaints even when the organisation already has some. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface DemoUser {
  name: string;
  email: string;
  role: Role;
}

export interface DemoResult {
  organisation: { id: string; name: string };
  /** The one-time link to set the first administrator's password, when this run created the organisation. */
  firstRunLink: string | null;
  /** True when the organisation already had complaints and nothing was added. */
  skipped: boolean;
  existingComplaints: number;
  created: number;
  users: DemoUser[];
  /** The password every demo user signs in with: made at random on each run, never fixed. */
  password: string | null;
  byStatus: Record<Status, number>;
  overdue: number;
  seconds: number;
}

export const DEFAULT_COUNT = 600;

/** Fills the first organisation with services, staff and two years of complaints, through the real services. */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { services, clock } = options;
  const count = options.count ?? DEFAULT_COUNT;
  const log = options.log ?? (() => {});
  const started = Date.now();
  clock.release();
  const firstRunLink = await bootstrapFirstRun(services);
  const organisation = await firstOrganisation(services);
  const existing = await complaintCount(services, organisation.id);
  const base = { organisation: { id: organisation.id, name: organisation.name }, firstRunLink };
  if (existing > 0 && !options.force) {
    return {
      ...base,
      skipped: true,
      existingComplaints: existing,
      created: 0,
      users: [],
      password: null,
      byStatus: await countByStatus(services, organisation.id),
      overdue: await overdueCount(services, organisation.id),
      seconds: (Date.now() - started) / 1000,
    };
  }

  const admin = await administrator(services, organisation.id);
  const serviceIds = await ensureServices(services, admin);
  await ensureComplaintsTeam(services, admin, organisation);
  const { users, actors } = await ensureStaff(services, organisation, admin);
  const password = newPassword();
  await setPasswords(services, organisation.id, users, password);
  log(`Services and staff ready; adding ${count} complaints…`);

  const { calendar } = await services.calendars.forOrganisation(organisation.id);
  const rng = new Random(options.seed ?? 20240601);
  const latest = new Date(clock.now().getTime() - 60_000);
  const today = ukDateOf(latest);
  const plans = planComplaints(rng, count, today, latest, calendar);
  const cast = castFrom(actors);
  let done = 0;
  for (const plan of plans) {
    await carryOut(
      { services, clock, rng, calendar, organisationId: organisation.id, serviceIds, cast },
      plan,
    );
    done++;
    if (done % 100 === 0) log(`  ${done} of ${plans.length}`);
  }
  clock.release();
  // Paused cases' due dates move on each day they stay paused: bring them all up to today.
  await services.deadlines.recomputeOpenDeadlines(organisation.id);

  return {
    ...base,
    skipped: false,
    existingComplaints: existing,
    created: plans.length,
    users,
    password,
    byStatus: await countByStatus(services, organisation.id),
    overdue: await overdueCount(services, organisation.id),
    seconds: (Date.now() - started) / 1000,
  };
}

async function firstOrganisation(services: Services): Promise<OrganisationRow> {
  const organisations = await services.organisations.list();
  const first = [...organisations].sort((a, b) => a.created_at.getTime() - b.created_at.getTime())[0];
  if (!first) throw new Error('There is no organisation to fill');
  return first;
}

async function complaintCount(services: Services, organisationId: string): Promise<number> {
  const row = await services.database.db
    .selectFrom('complaints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function countByStatus(services: Services, organisationId: string): Promise<Record<Status, number>> {
  const rows = await services.database.db
    .selectFrom('complaints')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('organisation_id', '=', organisationId)
    .groupBy('status')
    .execute();
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const row of rows) counts[row.status as Status] = Number(row.n);
  return counts;
}

/** Open cases past their next due date today (the services' clock has been released to real time). */
async function overdueCount(services: Services, organisationId: string): Promise<number> {
  const row = await services.database.db
    .selectFrom('complaints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('next_due_on', '<', services.today())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The organisation's first administrator acts for the set-up, so the audit trail says who added what. */
async function administrator(services: Services, organisationId: string): Promise<Actor> {
  const [admin] = await services.auth.usersWithRoles(organisationId, ['administrator']);
  if (!admin) throw new Error('The organisation has no active administrator');
  return {
    kind: 'user',
    id: admin.id,
    userId: admin.id,
    organisationId,
    role: admin.role,
    label: admin.name,
  };
}

async function ensureServices(services: Services, admin: Actor): Promise<Map<string, string>> {
  const existing = await services.organisations.services(admin.organisationId, true);
  const byName = new Map(existing.map((s) => [s.name.toLowerCase(), s.id]));
  const ids = new Map<string, string>();
  for (const service of DEMO_SERVICES) {
    const id =
      byName.get(service.name.toLowerCase()) ??
      (await services.organisations.addService(admin, { name: service.name, kind: service.kind })).id;
    ids.set(service.name, id);
  }
  return ids;
}

/** Letters give the complaints team's contact details: fill them in once, as an administrator would. */
async function ensureComplaintsTeam(services: Services, admin: Actor, organisation: OrganisationRow) {
  if (organisation.complaints_team_name && organisation.advocacy_url) return;
  await services.organisations.updateSettings(admin, {
    ...settingsFormValues(organisation),
    ...demoComplaintsTeam(organisation.name),
    contactEmail: organisation.contact_email ?? `complaints@${organisation.slug}.example`,
    overrides: organisation.timescale_overrides,
  });
}

async function ensureStaff(services: Services, organisation: OrganisationRow, admin: Actor) {
  const existing = await services.auth.listUsers(organisation.id);
  const users: (DemoUser & { id: string })[] = [];
  for (const staff of DEMO_STAFF) {
    const email = `${emailLocalPart(staff.name)}@${organisation.slug}.example`;
    const found = existing.find((u) => u.email === email);
    const id =
      found?.id ??
      (await services.auth.createUser(organisation.id, { name: staff.name, email, role: staff.role }, admin))
        .user.id;
    users.push({ id, name: staff.name, email, role: found?.role ?? staff.role });
  }
  const actors: Actor[] = users.map((u) => ({
    kind: 'user',
    id: u.id,
    userId: u.id,
    organisationId: organisation.id,
    role: u.role,
    label: u.name,
  }));
  return { users, actors };
}

/** Three groups of four letters and digits, without look-alike characters: easy to type, hard to guess. */
function newPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const group = () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}

async function setPasswords(
  services: Services,
  organisationId: string,
  users: { id: string }[],
  password: string,
): Promise<void> {
  const hash = await services.auth.hashPassword(password);
  await services.database.db
    .updateTable('users')
    .set({ password_hash: hash, failed_sign_ins: 0, locked_until: null })
    .where('organisation_id', '=', organisationId)
    .where(
      'id',
      'in',
      users.map((u) => u.id),
    )
    .execute();
}

function castFrom(actors: Actor[]): DemoCast {
  const withRole = (...roles: Role[]) => actors.filter((a) => roles.includes(a.role));
  const one = (role: Role) => {
    const found = withRole(role)[0];
    if (!found) throw new Error(`The demo staff have no ${role}`);
    return found;
  };
  return {
    manager: one('complaints-manager'),
    handlers: withRole('complaints-handler'),
    investigators: withRole('investigator'),
    signatories: withRole('responsible-person', 'senior-leader'),
  };
}

// ---- Command line ----

function printResult(result: DemoResult): void {
  const out = (line = '') => console.log(line);
  if (result.firstRunLink) {
    out('\nCreated the organisation and its first administrator.');
    out(
      `  Set the administrator's password with this one-time link (valid for 72 hours):\n  ${result.firstRunLink}`,
    );
  }
  if (result.skipped) {
    out(
      `\n${result.organisation.name} already has ${result.existingComplaints} complaints, so nothing was added. ` +
        'Run with --force to add more.',
    );
  } else {
    out(
      `\nAdded ${result.created} complaints to ${result.organisation.name} in ${result.seconds.toFixed(1)} s.`,
    );
    out('\nDemo staff (all with the same password):');
    for (const user of result.users) out(`  ${user.role.padEnd(20)} ${user.email}`);
    out(`\n  Password: ${result.password}`);
    out('  (made at random for this run; run the demo again with --force to get a new one)');
  }
  out('\nComplaints by status:');
  for (const [status, n] of Object.entries(result.byStatus))
    out(`  ${status.padEnd(18)} ${String(n).padStart(6)}`);
  out(`  ${'overdue'.padEnd(18)} ${String(result.overdue).padStart(6)}`);
}

function parseCommandLine() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      seed: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  const count = values.count === undefined ? DEFAULT_COUNT : Number(values.count);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (!Number.isInteger(count) || count < 1 || count > 100_000) {
    throw new ConfigError('--count must be a whole number from 1 to 100000');
  }
  if (seed !== undefined && !Number.isInteger(seed)) throw new ConfigError('--seed must be a whole number');
  return { count, seed, force: values.force ?? false };
}

async function main(): Promise<void> {
  const args = parseCommandLine();
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, lock: true });
  try {
    await migrateToLatest(database.db);
    const clock = new DemoClock();
    const services = buildServices(config, database, { now: clock.now });
    const where = database.kind === 'embedded' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL';
    console.log(`Filling ${where} with demo data…`);
    const result = await runDemo({
      services,
      clock,
      count: args.count,
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      force: args.force,
      log: (line) => console.log(line),
    });
    printResult(result);
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    if (error instanceof DataDirBusyError || error instanceof ConfigError) console.error(error.message);
    else console.error('The demo failed:', error);
    process.exit(1);
  });
}
