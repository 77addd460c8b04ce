import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isRole, ROLES } from '../auth/roles.ts';
import { bootstrapFirstRun } from '../bootstrap.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { DataDirBusyError, dataDirHolder } from '../db/data-dir-lock.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { DIVISIONS } from '../domain/calendar/index.ts';
import { NATIONS, OMBUDSMAN_DETAILS, SECTORS } from '../domain/ombudsman.ts';
import { DomainError } from '../errors.ts';
import { jurisdictionOf } from '../modules/organisations/jurisdiction.ts';
import { buildServices, type Services } from '../services.ts';
import { CONTROL_ROUTE, readControlFile, refusal } from './control.ts';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  token create --role <role> [--org <slug>] [--name <name>] [--rate-limit <n>]
      Create an API token acting with a role in the organisation. Prints the token alone on the last line.
      Roles: ${ROLES.join(', ')}
  token create --user <email> [--name <name>] [--rate-limit <n>]
      Create a personal API token acting as that person: their organisation, their role at the time and the
      cases assigned to them; it stops working if they are deactivated. Prints the token alone on the last line.
      --rate-limit: requests a minute for this token (default: API_RATE_LIMIT_MAX).
  holidays import <file>
      Load a newer copy of the GOV.UK bank holidays feed (https://www.gov.uk/bank-holidays.json, saved to a file).
      The years it covers replace the shipped data; open complaints' due dates are recalculated.
  holidays add <division> <YYYY-MM-DD> <title...>
      Add a bank holiday announced before the feed has it (a one-off holiday for a royal event, say), for
      example: holidays add england-and-wales 2027-05-10 Bank holiday for the coronation
      Divisions: ${DIVISIONS.join(', ')}. A later import of a feed with the same day keeps one holiday, the feed's.
      Open complaints' due dates in the organisations on that division's bank holidays are recalculated.
  holidays remove <division> <YYYY-MM-DD>
      Remove a day added with holidays add by mistake (holidays from the GOV.UK data stay).
  org create --name <name> --slug <slug> [--nation <nation>] [--sector <sector>] [--division <division>]
             [--preset <preset>] [--parent <slug>]
      Add an organisation, optionally under a parent (a department over its arm's-length bodies).
      The nation and sector decide the Ombudsman; the division gives the bank holidays.
      Nations: ${NATIONS.join(', ')}. Sectors: ${SECTORS.join(', ')}.
      Divisions: ${DIVISIONS.join(', ')}. Presets: spso, nhs-england, uk-central-government.
      Left out, the nation and sector follow from the division and preset; the division defaults to
      england-and-wales and the preset to nhs-england.
  org list
      List the organisations.
  user create --email <email> --name <name> --role <role> [--org <slug>]
      Add a person; prints a one-time link for them to set their password.
  migrate
      Bring the database schema up to date.

The CLI uses the same database as the server (DATABASE_URL, or the embedded database in DATA_DIR).
The embedded database belongs to one process at a time: stop the server before using the CLI on it.`;

export class CliError extends Error {}

export async function runCli(argv: string[], services: Services, out: (line: string) => void): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === 'token' && sub === 'create') {
    await createToken(rest, services, out);
    return;
  }
  if (command === 'holidays') {
    await changeHolidays(sub, rest, services, out);
    return;
  }
  if (command === 'org' && sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        name: { type: 'string' },
        slug: { type: 'string' },
        nation: { type: 'string' },
        sector: { type: 'string' },
        division: { type: 'string' },
        preset: { type: 'string' },
        parent: { type: 'string' },
      },
      strict: true,
    });
    const parent = values.parent ? await chooseOrganisation(services, values.parent) : null;
    const org = await services.organisations.create({
      name: values.name ?? '',
      slug: values.slug ?? '',
      nation: values.nation,
      sector: values.sector,
      division: values.division ?? 'england-and-wales',
      preset: values.preset ?? 'nhs-england',
      parentId: parent?.id ?? null,
    });
    const { nation, sector, ombudsman } = jurisdictionOf(org);
    out(`Created ${org.name} (${org.slug})${parent ? ` under ${parent.name}` : ''}.`);
    out(
      `Nation ${nation}, sector ${sector}: complainants are signposted to the ${OMBUDSMAN_DETAILS[ombudsman].name}. ` +
        'An administrator can change this in the organisation settings.',
    );
    return;
  }
  if (command === 'org' && sub === 'list') {
    const all = await services.organisations.list();
    for (const org of all) {
      const parent = all.find((o) => o.id === org.parent_id);
      out(
        `${org.slug}\t${org.name}\t${org.nation}\t${org.sector}\t${org.division}\t${org.preset}${parent ? `\tunder ${parent.slug}` : ''}`,
      );
    }
    return;
  }
  if (command === 'user' && sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        org: { type: 'string' },
      },
      strict: true,
    });
    const organisation = await chooseOrganisation(services, values.org);
    const { setPasswordToken } = await services.auth.createUser(
      organisation.id,
      { email: values.email ?? '', name: values.name ?? '', role: values.role ?? '' },
      null,
    );
    out(
      `Added ${values.name} to ${organisation.name} as ${values.role}. One-time link to set their password (72 hours):`,
    );
    out(`${services.config.baseUrl}/set-password/${setPasswordToken}`);
    return;
  }
  if (command === 'migrate') {
    out('Database is up to date.');
    return;
  }
  throw new CliError(USAGE);
}

/** The due dates follow a holiday change in the background, on the server (within seconds while it runs). */
function recalculationRequested(organisations: number): string {
  return organisations === 0
    ? 'No organisation uses these bank holidays, so no due dates change.'
    : `The due dates of open complaints in ${organisations} organisation${organisations === 1 ? '' : 's'} will be recalculated by the server within seconds while it runs (or as soon as it starts).`;
}

async function changeHolidays(
  sub: string | undefined,
  args: string[],
  services: Services,
  out: (line: string) => void,
) {
  if (sub === 'import') {
    const file = args[0];
    if (!file)
      throw new CliError(
        'Give the path of the saved feed: npm run cli -- holidays import bank-holidays.json',
      );
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new CliError(`Could not read ${file} as JSON: ${(error as Error).message}`);
    }
    const { divisions, organisations } = await services.bankHolidays.importFeed(json);
    for (const d of divisions) out(`${d.division}: ${d.count} holidays, years ${d.years.join(', ')}`);
    out(recalculationRequested(organisations));
    return;
  }
  if (sub === 'add') {
    const [division, day, ...title] = args;
    const added = await services.bankHolidays.add({ division, day, title: title.join(' ') });
    out(`Added ${added.title} on ${added.day} to the bank holidays of ${added.division}.`);
    out(recalculationRequested(added.organisations));
    return;
  }
  if (sub === 'remove') {
    const [division, day, ...extra] = args;
    if (extra.length)
      throw new CliError('Give the division and the date only: holidays remove <division> <YYYY-MM-DD>');
    const removed = await services.bankHolidays.remove({ division, day });
    out(`Removed ${removed.title} on ${removed.day} from the bank holidays of ${removed.division}.`);
    out(recalculationRequested(removed.organisations));
    return;
  }
  throw new CliError(USAGE);
}

async function createToken(args: string[], services: Services, out: (line: string) => void) {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string' },
      user: { type: 'string' },
      org: { type: 'string' },
      name: { type: 'string' },
      'rate-limit': { type: 'string' },
    },
    strict: true,
  });
  const rateLimit = values['rate-limit'];
  if (values.user !== undefined) {
    if (values.role !== undefined)
      throw new CliError('Give --role or --user, not both: a personal token has its person’s role');
    // The person's email says which organisation the token is for; --org, if given, must agree.
    const person = await services.auth.personByEmail(values.user);
    if (!person) throw new CliError(`No one with access has the email address ${values.user}`);
    const organisation = await services.organisations.get(person.organisationId);
    if (values.org !== undefined && values.org !== organisation.slug)
      throw new CliError(`${values.user} is not in ${values.org}`);
    const { token, person: holder } = await services.apiTokens.issue(
      organisation.id,
      { actsAs: 'person', email: values.user, name: values.name ?? 'Personal token (CLI)', rateLimit },
      null,
    );
    out(
      `Created a personal API token for ${holder?.name} in ${organisation.name} (${organisation.slug}); it acts with their role (now ${holder?.role}) and the cases assigned to them:`,
    );
    out(token);
    return;
  }
  if (!values.role || !isRole(values.role))
    throw new CliError(`--role or --user is required; roles are: ${ROLES.join(', ')}`);
  const organisation = await chooseOrganisation(services, values.org);
  const { token } = await services.apiTokens.issue(
    organisation.id,
    { actsAs: 'role', role: values.role, name: values.name ?? `${values.role} (CLI)`, rateLimit },
    null,
  );
  out(`Created an API token for ${organisation.name} (${organisation.slug}) with the role ${values.role}:`);
  out(token);
}

async function chooseOrganisation(services: Services, slug: string | undefined) {
  if (slug) {
    const org = await services.organisations.bySlug(slug);
    if (!org) throw new CliError(`No organisation has the short name ${slug}`);
    return org;
  }
  const all = await services.organisations.list();
  if (all.length === 0)
    throw new CliError('There is no organisation yet: start the server once to create the first one.');
  if (all.length > 1)
    throw new CliError(
      `There are ${all.length} organisations: choose one with --org <slug> (${all.map((o) => o.slug).join(', ')})`,
    );
  return all[0] as (typeof all)[number];
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  if (!config.databaseUrl && dataDirHolder(config.dataDir)) {
    await throughRunningServer(config.dataDir, argv);
    return;
  }
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    lock: true,
    poolSize: 2,
  });
  try {
    await migrateToLatest(database.db);
    const services = buildServices(config, database);
    const firstLink = await bootstrapFirstRun(services);
    if (firstLink) {
      console.log(
        `Created the first organisation and its administrator (${config.firstOrganisation.adminEmail}).`,
      );
      console.log(
        `Set the administrator's password with this one-time link (valid for 72 hours): ${firstLink}`,
      );
    }
    await runCli(argv, services, (line) => console.log(line));
  } finally {
    await database.close();
  }
}

/** The server owns the embedded database while it runs, so the command is carried out by the server. */
async function throughRunningServer(dataDir: string, argv: string[]) {
  const control = readControlFile(dataDir);
  if (!control) throw new DataDirBusyError(dataDir, dataDirHolder(dataDir) ?? 0);
  if (argv[0] === 'holidays' && argv[1] === 'import' && argv[2]) {
    // The server may have been started from another folder: give it an absolute path.
    argv = [...argv.slice(0, 2), path.resolve(argv[2])];
  }
  const response = await fetch(`http://127.0.0.1:${control.port}${CONTROL_ROUTE}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-candour-control': control.secret },
    body: JSON.stringify({ argv }),
  }).catch(() => null);
  if (!response) throw new DataDirBusyError(dataDir, control.pid);
  const result = (await response.json()) as { ok: boolean; lines?: string[]; message?: string };
  for (const line of result.lines ?? []) console.log(line);
  if (!result.ok) throw new CliError(result.message ?? 'The command failed');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    if (error instanceof DataDirBusyError) {
      console.error(
        `${error.message}\nThe server is running on this database: stop it first (Ctrl+C), run the command, then start it again. Or create tokens in the web interface: Administration → API tokens.`,
      );
    } else if (error instanceof CliError || error instanceof ConfigError || error instanceof DomainError) {
      console.error(refusal(error));
    } else {
      console.error(error);
    }
    process.exit(1);
  });
}
