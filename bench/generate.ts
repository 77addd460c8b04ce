import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import {
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  STREETS,
  SURNAMES,
  TOWNS,
} from '../scripts/demo-data/names.ts';
import { DEMO_SERVICES } from '../scripts/demo-data/organisation.ts';
import { fillIn, relativeWords, STORIES } from '../scripts/demo-data/stories.ts';
import type { Actor, Role } from '../src/auth/roles.ts';
import type { Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Services } from '../src/services.ts';

// Builds the benchmark's data set: one large organisation with ten years of complaints, written with
// set-based SQL (generate_series) because a million complaints through the services would take hours.
// The organisation, its services and its staff go through the real services, as in production.

export const BENCH_ORG_SLUG = 'bench-trust';
export const BENCH_HANDLER_EMAIL = 'handler.01@bench-trust.example';

/** Refuses any database whose name does not say it is for benchmarks: generation wipes it. */
export function benchDatabaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error('BENCH_DATABASE_URL must name a database, like postgres://…/candour_bench');
  if (!name.toLowerCase().includes('bench')) {
    throw new Error(
      `Refusing to use the database "${name}": the benchmark wipes its database, so its name must contain ` +
        '"bench" (for example candour_bench).',
    );
  }
  return name;
}

/** Creates the benchmark database when it does not exist yet, from the server's maintenance database. */
export async function ensureDatabaseExists(url: string): Promise<boolean> {
  const name = benchDatabaseName(url);
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
    return false;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error;
  }
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    await admin.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
  return true;
}

export async function complaintCount(database: Database): Promise<number> {
  const exists = await sql<{
    present: boolean;
  }>`select to_regclass('public.complaints') is not null as present`.execute(database.db);
  if (!exists.rows[0]?.present) return 0;
  const row = await sql<{ n: string }>`select count(*) as n from complaints`.execute(database.db);
  return Number(row.rows[0]?.n ?? 0);
}

/** Drops everything in the public schema: only ever called on a database whose name contains "bench". */
export async function wipe(database: Database, url: string): Promise<void> {
  benchDatabaseName(url);
  await sql`drop schema public cascade`.execute(database.db);
  await sql`create schema public`.execute(database.db);
}

export interface BenchStaff {
  organisationId: string;
  admin: Actor;
  handlers: { id: string; name: string }[];
  investigators: { id: string; name: string }[];
  serviceIds: string[];
}

const STAFF_PLAN: { role: Role; count: number; label: string }[] = [
  { role: 'administrator', count: 1, label: 'admin' },
  { role: 'complaints-manager', count: 2, label: 'manager' },
  { role: 'complaints-handler', count: 20, label: 'handler' },
  { role: 'investigator', count: 12, label: 'investigator' },
  { role: 'responsible-person', count: 1, label: 'responsible' },
  { role: 'senior-leader', count: 3, label: 'leader' },
];

/** The organisation, its services and staff, through the services (so audit and defaults are real). */
export async function createOrganisation(services: Services): Promise<BenchStaff> {
  const organisation = await services.organisations.create({
    name: 'Bench NHS Foundation Trust',
    slug: BENCH_ORG_SLUG,
    division: 'england-and-wales',
    preset: 'nhs-england',
  });
  const people: Record<string, { id: string; name: string }[]> = {};
  let admin: Actor | null = null;
  let n = 0;
  for (const { role, count, label } of STAFF_PLAN) {
    people[role] = [];
    for (let i = 1; i <= count; i++) {
      const first =
        n % 2 === 0
          ? FEMALE_FIRST_NAMES[n % FEMALE_FIRST_NAMES.length]
          : MALE_FIRST_NAMES[n % MALE_FIRST_NAMES.length];
      const name = `${first} ${SURNAMES[(n * 7) % SURNAMES.length]}`;
      n++;
      const email = `${label}.${String(i).padStart(2, '0')}@${BENCH_ORG_SLUG}.example`;
      const { user } = await services.auth.createUser(organisation.id, { name, email, role }, admin);
      people[role]?.push({ id: user.id, name });
      admin ??= {
        kind: 'user',
        id: user.id,
        userId: user.id,
        organisationId: organisation.id,
        role,
        label: name,
      };
    }
  }
  if (!admin) throw new Error('No administrator was created');
  const serviceIds: string[] = [];
  for (const service of DEMO_SERVICES)
    serviceIds.push((await services.organisations.addService(admin, service)).id);
  return {
    organisationId: organisation.id,
    admin,
    handlers: people['complaints-handler'] ?? [],
    investigators: people.investigator ?? [],
    serviceIds,
  };
}

/** Gives the benchmark's handler a fresh random password for this run, returned only to the caller. */
export async function resetHandlerPassword(services: Services): Promise<{ email: string; password: string }> {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const password = Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]).join('');
  const hash = await services.auth.hashPassword(password);
  const result = await services.database.db
    .updateTable('users')
    .set({ password_hash: hash, failed_sign_ins: 0, locked_until: null })
    .where('email', '=', BENCH_HANDLER_EMAIL)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new Error(`The benchmark user ${BENCH_HANDLER_EMAIL} is missing`);
  return { email: BENCH_HANDLER_EMAIL, password };
}

export interface GenerateOptions {
  count: number;
  log: (line: string) => void;
}

/** Inserts the complaints, their events and issues, then moves the reference counters past them. */
export async function generateComplaints(
  database: Database,
  staff: BenchStaff,
  { count, log }: GenerateOptions,
): Promise<void> {
  const defaults = relativeWords('female', 'Jo');
  const descriptions = STORIES.map((s) => fillIn(s.description, defaults));
  const outcomesSought = STORIES.map((s) => fillIn(s.outcomeSought, defaults));
  const issueSummaries = STORIES.flatMap((s) => s.issues);
  const addresses = STREETS.flatMap((street) => TOWNS.map((t) => `${street}, ${t.town}`));
  const firstNames = [...FEMALE_FIRST_NAMES, ...MALE_FIRST_NAMES];
  const handlerIds = staff.handlers.map((h) => h.id);
  const investigatorIds = staff.investigators.map((h) => h.id);

  // One connection throughout, so the session settings below apply to every statement.
  await database.db.connection().execute(async (db) => {
    await sql`set synchronous_commit = off`.execute(db);
    await sql`set work_mem = '256MB'`.execute(db);
    await sql`set maintenance_work_mem = '512MB'`.execute(db);
    const step = async (label: string, statement: ReturnType<typeof sql>) => {
      const started = Date.now();
      const result = await statement.execute(db);
      log(
        `  ${label}: ${(result.numAffectedRows ?? 0n).toLocaleString('en-GB')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    };

    await step(
      'complaints',
      sql`
      with raw as (
        select g,
          -- exactly 3% open; the rest finished
          case
            when g % 100 >= 3 then
              case when r1 < 0.55 then 'resolved' when r1 < 0.93 then 'closed' else 'withdrawn' end
            else
              case when r1 < 0.12 then 'received' when r1 < 0.42 then 'acknowledged'
                   when r1 < 0.80 then 'investigating' when r1 < 0.92 then 'response-drafted' else 'paused' end
          end as status,
          r1, r2, r3, r4, r5, r6, r7
        from (select g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7
              from generate_series(1, ${count}::int) g) s
      ), timed as (
        select raw.*,
          now() - case status
            when 'received' then r2 * interval '4 days'
            when 'acknowledged' then interval '1 day' + r2 * interval '20 days'
            when 'investigating' then interval '10 days' + r2 * interval '110 days'
            when 'response-drafted' then interval '30 days' + r2 * interval '90 days'
            when 'paused' then interval '5 days' + r2 * interval '115 days'
            -- finished cases over ten years, more of them recently
            else interval '20 days' + power(r2, 1.3) * interval '3630 days'
          end as received_at
        from raw
      ), dated as (
        select timed.*,
          (received_at at time zone 'Europe/London')::date as received_on,
          case when status in ('investigating','response-drafted','closed')
                 or (status = 'paused' and r3 < 0.6) or (status = 'withdrawn' and r3 < 0.3)
               then 2 else 1 end as stage
        from timed
      ), numbered as (
        select dated.*,
          row_number() over (partition by extract(year from received_on) order by received_at, g) as n
        from dated
      ), shaped as (
        select numbered.*,
          received_on + case when status = 'received' then null else 1 + floor(r3 * 3)::int end as acknowledged_on,
          case when stage = 2 then received_on + 5 + floor(r4 * 15)::int end as stage2_started_on
        from numbered
      )
      insert into complaints (
        id, organisation_id, reference, channel, received_at, received_on, status, stage, paused_from_status,
        complainant_name, complainant_email, complainant_phone, complainant_address, preferred_contact,
        on_behalf_of, description, when_happened, service_id, outcome_sought, adjustments, handler_id,
        investigator_id, acknowledged_on, stage2_started_on, extended_due_on, acknowledge_by, stage_due_by,
        outer_limit_by, next_due_on, outcome, outcome_summary, satisfied, resolved_on, closed_on, created_at,
        updated_at
      )
      select
        gen_random_uuid(), ${staff.organisationId}::uuid,
        'CMP-' || extract(year from received_on)::int || '-' || lpad(n::text, 6, '0'),
        case when r4 < 0.34 then 'online' when r4 < 0.64 then 'email' when r4 < 0.76 then 'letter'
             when r4 < 0.92 then 'phone' else 'in-person' end,
        received_at, received_on, status, stage,
        case when status = 'paused' then (case when stage = 2 then 'investigating' else 'acknowledged' end) end,
        (${firstNames}::text[])[1 + (g * 7) % ${firstNames.length}] || ' ' ||
          (${[...SURNAMES]}::text[])[1 + (g * 13) % ${SURNAMES.length}],
        case when r5 < 0.8 then 'person' || g || '@example.com' end,
        case when r6 < 0.5 then '07700 900' || lpad((g % 1000)::text, 3, '0') end,
        case when r7 < 0.3 then (1 + g % 180) || ' ' || (${addresses}::text[])[1 + g % ${addresses.length}] end,
        'email',
        case when g % 5 = 0 then jsonb_build_object('name', 'Pat Example', 'relationship', 'Daughter', 'consent', 'given') end,
        (${descriptions}::text[])[1 + g % ${descriptions.length}],
        null,
        (${staff.serviceIds}::uuid[])[1 + floor(r3 * ${staff.serviceIds.length})::int],
        (${outcomesSought}::text[])[1 + g % ${outcomesSought.length}],
        null,
        -- g / 100 rather than g: open cases are the rows where g % 100 < 3, and they must spread over everyone
        case when status = 'received' and r4 < 0.5 then null
             else (${handlerIds}::uuid[])[1 + (g / 100) % ${handlerIds.length}] end,
        case when stage = 2 then (${investigatorIds}::uuid[])[1 + (g / 100) % ${investigatorIds.length}] end,
        acknowledged_on, stage2_started_on,
        null,
        received_on + 5,
        case when stage = 2 then stage2_started_on + 35 + (case when status = 'paused' then floor(r4 * 30)::int else 0 end)
             else received_on + 14 + (case when status = 'paused' then floor(r4 * 30)::int else 0 end) end,
        (received_on + interval '6 months')::date,
        case status
          when 'received' then received_on + 5
          when 'acknowledged' then received_on + 14
          when 'paused' then (case when stage = 2 then stage2_started_on + 35 else received_on + 14 end) + floor(r4 * 30)::int
          when 'investigating' then stage2_started_on + 35
          when 'response-drafted' then stage2_started_on + 35
        end,
        case when status in ('resolved','closed') then
          case when r4 < 0.3 then 'upheld' when r4 < 0.65 then 'partly-upheld' else 'not-upheld' end end,
        case when status in ('resolved','closed') then 'Response sent with an explanation of what we found.' end,
        case when status = 'resolved' then
          case when r6 < 0.55 then 'yes' when r6 < 0.75 then 'no' else 'unknown' end end,
        case when status = 'resolved' then received_on + 3 + floor(r4 * 15)::int end,
        case when status = 'closed' then stage2_started_on + 20 + floor(r4 * 40)::int
             when status = 'withdrawn' then received_on + 5 + floor(r4 * 35)::int end,
        received_at, received_at
      from shaped`,
    );

    await step(
      'complaint_events',
      sql`
      insert into complaint_events (organisation_id, complaint_id, type, from_status, to_status, stage, actor_id,
        actor_label, reason, detail, occurred_on, created_at)
      select c.organisation_id, c.id, e.type, e.from_status, e.to_status, e.stage, e.actor_id,
        coalesce(u.name, 'Complainant (online form)'), null, '{}'::jsonb, e.occurred_on, c.created_at
      from complaints c
      left join users u on u.id = c.handler_id
      cross join lateral (values
        ('received', null, 'received', 1, null::uuid, c.received_on),
        ('acknowledge', 'received', 'acknowledged', 1, c.handler_id, c.acknowledged_on),
        (case c.status
           when 'resolved' then 'resolve-stage1' when 'closed' then 'close' when 'withdrawn' then 'withdraw'
           when 'investigating' then 'escalate' when 'response-drafted' then 'submit-response'
           when 'paused' then 'pause' end,
         case c.status when 'closed' then 'signed-off' when 'response-drafted' then 'investigating'
           when 'investigating' then 'acknowledged' else 'acknowledged' end,
         c.status, c.stage::int, c.handler_id,
         case c.status when 'resolved' then c.resolved_on when 'closed' then c.closed_on
           when 'withdrawn' then c.closed_on when 'received' then null when 'acknowledged' then null
           else coalesce(c.stage2_started_on, c.acknowledged_on) end)
      ) as e(type, from_status, to_status, stage, actor_id, occurred_on)
      where c.organisation_id = ${staff.organisationId}::uuid and e.type is not null and e.occurred_on is not null`,
    );

    await step(
      'complaint_issues',
      sql`
      insert into complaint_issues (id, organisation_id, complaint_id, summary, service_id, outcome, findings, created_at)
      select gen_random_uuid(), c.organisation_id, c.id,
        (${issueSummaries}::text[])[1 + (abs(hashtext(c.reference)) + i) % ${issueSummaries.length}],
        c.service_id,
        case when c.status in ('resolved','closed') then c.outcome end,
        case when c.status in ('resolved','closed') then 'The records were reviewed and the staff involved spoken to.' end,
        c.created_at
      from complaints c
      cross join lateral generate_series(1, case when c.stage = 2 then 2 else 1 end) i
      where c.organisation_id = ${staff.organisationId}::uuid and (c.stage = 2 or abs(hashtext(c.reference)) % 10 < 3)`,
    );

    await step(
      'reference_counters',
      sql`
      insert into reference_counters (organisation_id, year, last_value)
      select organisation_id, split_part(reference, '-', 2)::int, max(split_part(reference, '-', 3)::int)
      from complaints where organisation_id = ${staff.organisationId}::uuid
      group by organisation_id, split_part(reference, '-', 2)::int
      on conflict (organisation_id, year)
        do update set last_value = greatest(reference_counters.last_value, excluded.last_value)`,
    );

    // VACUUM as well as ANALYZE: a live database is vacuumed by autovacuum, which also marks pages all-visible
    // so that index-only scans need not visit the table. Measuring before that would measure a state that
    // only exists just after a bulk load.
    const started = Date.now();
    await sql`vacuum analyze`.execute(db);
    log(`  vacuum analyze: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await sql`reset all`.execute(db);
  });
}

/** Wipes, migrates and fills the benchmark database; returns how long it took. */
export async function generate(
  services: Services,
  url: string,
  options: GenerateOptions,
): Promise<{ seconds: number }> {
  const started = Date.now();
  const { database } = services;
  await wipe(database, url);
  await migrateToLatest(database.db);
  options.log('  schema migrated; creating the organisation, services and staff through the services');
  const staff = await createOrganisation(services);
  await generateComplaints(database, staff, options);
  return { seconds: (Date.now() - started) / 1000 };
}
