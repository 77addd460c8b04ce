import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_ROUTE, refusal, registerControlRoute } from '../../src/cli/control.ts';
import { CliError, runCli } from '../../src/cli/main.ts';
import { buildApp } from '../../src/web/app.ts';
import { complaintInput, createTestApp, type TestContext } from '../support/app.ts';

describe('command line', () => {
  let ctx: TestContext;
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    await runCli(argv, ctx.services, (line) => lines.push(line));
    return lines;
  };
  beforeAll(async () => {
    ctx = await createTestApp('embedded');
  });
  afterAll(async () => ctx?.close());

  it('creates an API token printed alone on the last line, which the API accepts', async () => {
    const lines = await run('token', 'create', '--role', 'complaints-handler');
    const token = lines[lines.length - 1] as string;
    expect(token).toMatch(/^cdr_[\w-]{20,}$/);
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/complaints',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
  });

  it('refuses an unknown role with the list of roles', async () => {
    await expect(run('token', 'create', '--role', 'wizard')).rejects.toThrow(
      /administrator, complaints-manager/,
    );
  });

  it('adds an organisation under a parent, then asks which organisation a token is for', async () => {
    await run(
      'org',
      'create',
      '--name',
      'Department for Example',
      '--slug',
      'dfe',
      '--preset',
      'uk-central-government',
    );
    await run(
      'org',
      'create',
      '--name',
      'Example Agency',
      '--slug',
      'example-agency',
      '--preset',
      'uk-central-government',
      '--parent',
      'dfe',
    );
    const list = await run('org', 'list');
    expect(list.join('\n')).toContain(
      'example-agency\tExample Agency\tuk-wide\tuk-government\tengland-and-wales\tuk-central-government\tunder dfe',
    );
    await expect(run('token', 'create', '--role', 'complaints-handler')).rejects.toThrow(
      /choose one with --org/,
    );
    const lines = await run('token', 'create', '--role', 'complaints-handler', '--org', 'example-agency');
    expect(lines[0]).toContain('Example Agency');
    await expect(run('token', 'create', '--role', 'complaints-handler', '--org', 'nowhere')).rejects.toThrow(
      CliError,
    );
  });

  it('takes the nation and sector, which decide the Ombudsman, apart from the division', async () => {
    const lines = await run(
      'org',
      'create',
      '--name',
      'Example University Health Board',
      '--slug',
      'example-uhb',
      '--nation',
      'wales',
      '--sector',
      'nhs',
      '--division',
      'england-and-wales',
    );
    expect(lines.join('\n')).toContain(
      'Nation wales, sector nhs: complainants are signposted to the Public Services Ombudsman for Wales.',
    );
    const row = await ctx.services.organisations.bySlug('example-uhb');
    expect(row).toMatchObject({ nation: 'wales', sector: 'nhs', division: 'england-and-wales' });
    expect(row?.ombudsman_override).toBeNull();

    const defaulted = await run('org', 'create', '--name', 'Example Trust Two', '--slug', 'example-two');
    expect(defaulted.join('\n')).toContain('Nation england, sector nhs');

    await expect(
      run(
        'org',
        'create',
        '--name',
        'X',
        '--slug',
        'x-one',
        '--nation',
        'england',
        '--sector',
        'devolved-government',
      ),
    ).rejects.toMatchObject({
      errors: [{ field: 'sector', message: expect.stringMatching(/Wales, Scotland or Northern Ireland/) }],
    });
    await expect(
      run('org', 'create', '--name', 'X', '--slug', 'x-two', '--nation', 'cymru'),
    ).rejects.toMatchObject({
      errors: [{ field: 'nation', message: 'Select the nation your organisation serves' }],
    });
    expect(await ctx.services.organisations.bySlug('x-one')).toBeUndefined();
    expect(await ctx.services.organisations.bySlug('x-two')).toBeUndefined();
  });

  it('adds a person and prints their one-time link', async () => {
    const lines = await run(
      'user',
      'create',
      '--email',
      'new.person@example.org',
      '--name',
      'New Person',
      '--role',
      'investigator',
      '--org',
      'test-trust',
    );
    expect(lines[1]).toMatch(/\/set-password\/[\w-]+$/);
    await expect(
      run('user', 'create', '--email', 'bad', '--name', 'X', '--role', 'investigator', '--org', 'test-trust'),
    ).rejects.toThrow();
  });

  const listed = async (token: string) => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/complaints?includeClosed=true',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().items as { reference: string }[]).map((c) => c.reference);
  };

  it('creates a personal token with --user, which acts as that person with their assignments', async () => {
    const { database } = ctx.services;
    const theirs = await ctx.services.intake.create(ctx.organisationId, complaintInput(), null);
    await ctx.services.intake.create(ctx.organisationId, complaintInput(), null);
    await database.db
      .updateTable('complaints')
      .set({ investigator_id: ctx.users.investigator.id })
      .where('organisation_id', '=', ctx.organisationId)
      .where('id', '=', theirs.id)
      .execute();
    // Several organisations exist by now: the person's email says which one the token is for.
    const lines = await run(
      'token',
      'create',
      '--user',
      ctx.users.investigator.email,
      '--name',
      'My scripts',
      '--rate-limit',
      '50',
    );
    expect(lines[0]).toContain('Test investigator');
    expect(lines[0]).toContain('test-trust');
    const token = lines[lines.length - 1] as string;
    expect(token).toMatch(/^cdr_[\w-]{20,}$/);
    expect(await listed(token)).toEqual([theirs.reference]);
    const row = await database.db
      .selectFrom('api_tokens')
      .select(['role', 'user_id', 'rate_limit', 'name'])
      .where('organisation_id', '=', ctx.organisationId)
      .where('name', '=', 'My scripts')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      role: null,
      user_id: ctx.users.investigator.id,
      rate_limit: 50,
      name: 'My scripts',
    });
  });

  it('refuses --user with --role, an unknown person, the wrong --org and a bad --rate-limit, creating nothing', async () => {
    const count = async () =>
      Number(
        (
          await ctx.services.database.db
            .selectFrom('api_tokens')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const email = ctx.users.investigator.email;
    await expect(run('token', 'create', '--user', email, '--role', 'investigator')).rejects.toThrow(
      /not both/,
    );
    await expect(run('token', 'create', '--user', 'nobody@test.example')).rejects.toThrow(
      /No one with access has the email address nobody@test.example/,
    );
    await expect(run('token', 'create', '--user', email, '--org', 'dfe')).rejects.toThrow(/not in dfe/);
    await expect(run('token', 'create', '--user', email, '--rate-limit', '0')).rejects.toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'rateLimit' })] }),
    );
    await expect(run('token', 'create')).rejects.toThrow(/--role or --user is required/);
    expect(await count()).toBe(before);
  });

  /** Carries out a command as the running server does for the CLI on the embedded database. */
  const throughServer = async (argv: string[]) => {
    const secret = 'a'.repeat(64);
    const server = await buildApp(ctx.services, {
      extraRoutes: (scope) => registerControlRoute(scope, ctx.services, () => secret, runCli),
    });
    try {
      return await server.inject({
        method: 'POST',
        url: CONTROL_ROUTE,
        remoteAddress: '127.0.0.1',
        headers: { 'x-candour-control': secret },
        payload: { argv },
      });
    } finally {
      await server.close();
    }
  };

  it('creates a personal token through the running server, as the CLI does on the embedded database', async () => {
    const response = await throughServer([
      'token',
      'create',
      '--user',
      ctx.users['complaints-handler'].email,
    ]);
    expect(response.statusCode, response.body).toBe(200);
    const lines = response.json().lines as string[];
    const verified = await ctx.services.apiTokens.authenticate(lines[lines.length - 1] as string, null, null);
    expect(verified?.actor).toMatchObject({
      kind: 'api-token',
      userId: ctx.users['complaints-handler'].id,
      role: 'complaints-handler',
    });
  });

  /** The requests for a recalculation not yet answered, by organisation slug and reason. */
  const pendingRecalculations = async () =>
    (
      await ctx.services.database.db
        .selectFrom('deadline_recalculations')
        .innerJoin('organisations', 'organisations.id', 'deadline_recalculations.organisation_id')
        .select(['organisations.slug', 'deadline_recalculations.reason'])
        .where('deadline_recalculations.finished_at', 'is', null)
        .orderBy('organisations.slug')
        .execute()
    ).map((r) => `${r.slug} ${r.reason}`);

  const organisationsOn = async (division: string) =>
    (
      await ctx.services.database.db
        .selectFrom('organisations')
        .select('slug')
        .where('division', '=', division)
        .orderBy('slug')
        .execute()
    ).map((o) => o.slug);

  const shippedFeed = () =>
    JSON.parse(fs.readFileSync(new URL('../../reference/uk-bank-holidays.json', import.meta.url), 'utf8'));

  const writeFeed = (feed: unknown) => {
    const file = path.join(os.tmpdir(), `feed-${process.pid}.json`);
    fs.writeFileSync(file, JSON.stringify(feed));
    return file;
  };

  it('loads a newer bank holidays feed from a file and asks for every organisation’s due dates to follow', async () => {
    const feed = shippedFeed();
    feed['england-and-wales'].events.push({
      title: 'Extra holiday',
      date: '2027-06-07',
      notes: '',
      bunting: true,
    });
    const file = writeFeed(feed);
    const lines = await run('holidays', 'import', file);
    expect(lines.join('\n')).toMatch(/england-and-wales: \d+ holidays/);
    const slugs = (await ctx.services.organisations.list()).map((o) => o.slug).sort();
    expect(lines.at(-1)).toBe(
      `The due dates of open complaints in ${slugs.length} organisations will be recalculated by the server within seconds while it runs (or as soon as it starts).`,
    );
    expect(await pendingRecalculations()).toEqual(slugs.map((slug) => `${slug} bank-holidays`));
    const cal = await ctx.services.calendars.forOrganisation(ctx.organisationId);
    expect(cal.calendar.isWorkingDay('2027-06-07')).toBe(false);
    await ctx.services.deadlines.runPendingRecalculations();
    expect(await pendingRecalculations()).toEqual([]);
    fs.writeFileSync(file, '{"not": "a feed"}');
    await expect(run('holidays', 'import', file)).rejects.toThrow();
    expect(await pendingRecalculations()).toEqual([]);
    fs.unlinkSync(file);
  });

  it('adds a bank holiday announced at short notice, which moves due dates once the job has run', async () => {
    await run(
      'org',
      'create',
      '--name',
      'Example Board',
      '--slug',
      'example-board',
      '--division',
      'scotland',
      '--preset',
      'spso',
    );
    // Received Monday 2 November 2026: acknowledged within 3 working days, by Thursday 5 November.
    const complaint = await ctx.services.intake.create(ctx.organisationId, complaintInput(), null);
    expect(complaint.acknowledge_by).toBe('2026-11-05');
    const lines = await run(
      'holidays',
      'add',
      'england-and-wales',
      '2026-11-04',
      'Bank',
      'holiday',
      'for',
      'a',
      'royal',
      'event',
    );
    expect(lines[0]).toBe(
      'Added Bank holiday for a royal event on 2026-11-04 to the bank holidays of england-and-wales.',
    );
    const englandAndWales = await organisationsOn('england-and-wales');
    expect(lines[1]).toContain(`in ${englandAndWales.length} organisations will be recalculated`);
    // Every organisation on England and Wales’s bank holidays, and not the Scottish board.
    expect(await pendingRecalculations()).toEqual(englandAndWales.map((slug) => `${slug} bank-holidays`));
    const acknowledgeBy = async () =>
      (
        await ctx.services.database.db
          .selectFrom('complaints')
          .select('acknowledge_by')
          .where('id', '=', complaint.id)
          .executeTakeFirstOrThrow()
      ).acknowledge_by;
    expect(await acknowledgeBy()).toBe('2026-11-05');
    await ctx.services.deadlines.runPendingRecalculations();
    expect(await acknowledgeBy()).toBe('2026-11-06');
    const listed = await ctx.services.calendars.holidayList('england-and-wales', { from: 2026, to: 2026 });
    expect(listed.filter((h) => h.date === '2026-11-04')).toEqual([
      expect.objectContaining({ title: 'Bank holiday for a royal event', source: 'admin' }),
    ]);
    const scottish = await ctx.services.calendars.holidayList('scotland', { from: 2026, to: 2026 });
    expect(scottish.map((h) => h.date)).not.toContain('2026-11-04');
  });

  it('keeps one holiday when a later feed publishes a day that was added, and then it is the feed’s', async () => {
    const feed = shippedFeed();
    feed['england-and-wales'].events.push({
      title: 'Bank holiday for the royal event',
      date: '2026-11-04',
      notes: '',
      bunting: true,
    });
    const file = writeFeed(feed);
    await run('holidays', 'import', file);
    fs.unlinkSync(file);
    const rows = await ctx.services.database.db
      .selectFrom('bank_holidays')
      .select(['title', 'source'])
      .where('division', '=', 'england-and-wales')
      .where('day', '=', '2026-11-04')
      .execute();
    expect(rows).toEqual([{ title: 'Bank holiday for the royal event', source: 'govuk-feed' }]);
    // The calendar page says when, for every division.
    const updates = await ctx.services.database.db
      .selectFrom('bank_holiday_updates')
      .select(['division', 'change'])
      .orderBy('division')
      .execute();
    expect(updates).toEqual([
      { division: 'england-and-wales', change: 'import' },
      { division: 'northern-ireland', change: 'import' },
      { division: 'scotland', change: 'import' },
    ]);
    const listed = await ctx.services.calendars.holidayList('england-and-wales', { from: 2026, to: 2026 });
    expect(listed.filter((h) => h.date === '2026-11-04')).toEqual([
      expect.objectContaining({ title: 'Bank holiday for the royal event', source: 'official' }),
    ]);
    await expect(run('holidays', 'remove', 'england-and-wales', '2026-11-04')).rejects.toThrow(
      '2026-11-04 is Bank holiday for the royal event, from the GOV.UK data, not a day added with holidays add: it stays',
    );
    await ctx.services.deadlines.runPendingRecalculations();
  });

  /** Everything a holiday command might change. */
  const holidaysAndRequests = async () => {
    const { db } = ctx.services.database;
    return {
      holidays: await db.selectFrom('bank_holidays').selectAll().orderBy('division').orderBy('day').execute(),
      requests: await db.selectFrom('deadline_recalculations').selectAll().orderBy('id').execute(),
    };
  };

  it('refuses a bad division, an impossible date, a weekend, a missing title or a day that is already a holiday, changing nothing', async () => {
    const before = await holidaysAndRequests();
    const refusals: [string[], RegExp | string][] = [
      [
        ['wales', '2027-05-10', 'A', 'holiday'],
        'division: Give the division: one of england-and-wales, scotland, northern-ireland',
      ],
      [
        ['scotland', '2027-02-30', 'A', 'holiday'],
        'day: Give a real date as YYYY-MM-DD, for example 2027-05-10',
      ],
      [
        ['scotland', '10/05/2027', 'A', 'holiday'],
        'day: Give a real date as YYYY-MM-DD, for example 2027-05-10',
      ],
      [['scotland', '2027-05-08', 'A', 'holiday'], /day: Give a weekday/],
      [
        ['scotland', '2027-05-10'],
        'title: Give the holiday’s title, for example: Bank holiday for the coronation',
      ],
      [
        ['scotland', '2027-05-10', ' '],
        'title: Give the holiday’s title, for example: Bank holiday for the coronation',
      ],
      [
        ['scotland', '2026-12-25', 'Another', 'Christmas'],
        '2026-12-25 is already a bank holiday in scotland: Christmas Day',
      ],
      [
        ['scotland', '2031-01-02', 'Again'],
        '2031-01-02 is already a bank holiday in scotland: 2nd January (provisional)',
      ],
    ];
    for (const [args, message] of refusals) {
      const error = await run('holidays', 'add', ...args).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refusal(error), args.join(' ')).toMatch(message);
    }
    const nothing = await run('holidays', 'add').catch((e: unknown) => e);
    expect(
      refusal(nothing)
        .split('\n')
        .map((line) => line.split(':')[0]),
    ).toEqual(['division', 'day', 'title']);
    expect(await holidaysAndRequests()).toEqual(before);
  });

  it('removes a day added by mistake, and refuses any other, changing nothing', async () => {
    await run('holidays', 'add', 'northern-ireland', '2027-09-06', 'Mistaken', 'holiday');
    await ctx.services.deadlines.runPendingRecalculations();
    const before = await holidaysAndRequests();
    for (const [args, message] of [
      [['northern-ireland', '2027-09-07'], '2027-09-07 is not a bank holiday in northern-ireland'],
      [
        ['northern-ireland', '2026-07-13'],
        /is Battle of the Boyne \(Orangemen’s Day\), from the GOV.UK data/,
      ],
      [
        ['northern-ireland', '2031-03-17'],
        /St Patrick’s Day, worked out by the usual rules, not a day added/,
      ],
      [['ulster', '2027-09-06'], /division: Give the division/],
      [['northern-ireland', '2027-9-6'], /day: Give a real date/],
      [['northern-ireland', '2027-09-06', 'extra'], 'Give the division and the date only'],
    ] as [string[], RegExp | string][]) {
      const error = await run('holidays', 'remove', ...args).catch((e: unknown) => e);
      expect(refusal(error), args.join(' ')).toMatch(message);
    }
    expect(await holidaysAndRequests()).toEqual(before);
    const lines = await run('holidays', 'remove', 'northern-ireland', '2027-09-06');
    expect(lines[0]).toBe(
      'Removed Mistaken holiday on 2027-09-06 from the bank holidays of northern-ireland.',
    );
    expect(lines[1]).toBe('No organisation uses these bank holidays, so no due dates change.');
    const after = await holidaysAndRequests();
    expect(after.holidays).toEqual(before.holidays.filter((h) => h.day !== '2027-09-06'));
    expect(after.requests).toEqual(before.requests);
  });

  it('says every problem of a refused command carried out by the running server', async () => {
    const response = await throughServer(['holidays', 'add', 'wales', '2027-02-30']);
    expect(response.statusCode).toBe(422);
    expect(response.json().message).toBe(
      [
        'division: Give the division: one of england-and-wales, scotland, northern-ireland',
        'day: Give a real date as YYYY-MM-DD, for example 2027-05-10',
        'title: Give the holiday’s title, for example: Bank holiday for the coronation',
      ].join('\n'),
    );
  });

  it('exits with a non-zero code and says what is wrong when a command is refused', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candour-cli-'));
    try {
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'holidays', 'add', 'wales', '2027-05-10', 'A holiday'],
        {
          cwd: new URL('../..', import.meta.url).pathname,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir },
          encoding: 'utf8',
        },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        'division: Give the division: one of england-and-wales, scotland, northern-ireland',
      );
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
