import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_ROUTE, registerControlRoute } from '../../src/cli/control.ts';
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

  it('creates a personal token through the running server, as the CLI does on the embedded database', async () => {
    const secret = 'a'.repeat(64);
    const server = await buildApp(ctx.services, {
      extraRoutes: (scope) => registerControlRoute(scope, ctx.services, () => secret, runCli),
    });
    try {
      const response = await server.inject({
        method: 'POST',
        url: CONTROL_ROUTE,
        remoteAddress: '127.0.0.1',
        headers: { 'x-candour-control': secret },
        payload: { argv: ['token', 'create', '--user', ctx.users['complaints-handler'].email] },
      });
      expect(response.statusCode, response.body).toBe(200);
      const lines = response.json().lines as string[];
      const verified = await ctx.services.apiTokens.authenticate(
        lines[lines.length - 1] as string,
        null,
        null,
      );
      expect(verified?.actor).toMatchObject({
        kind: 'api-token',
        userId: ctx.users['complaints-handler'].id,
        role: 'complaints-handler',
      });
    } finally {
      await server.close();
    }
  });

  it('loads a newer bank holidays feed from a file and reports what it holds', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const file = path.join(os.tmpdir(), `feed-${process.pid}.json`);
    const feed = JSON.parse(
      fs.readFileSync(new URL('../../reference/uk-bank-holidays.json', import.meta.url), 'utf8'),
    );
    feed['england-and-wales'].events.push({
      title: 'Extra holiday',
      date: '2027-06-07',
      notes: '',
      bunting: true,
    });
    fs.writeFileSync(file, JSON.stringify(feed));
    const lines = await run('holidays', 'import', file);
    expect(lines.join('\n')).toMatch(/england-and-wales: \d+ holidays/);
    const cal = await ctx.services.calendars.forOrganisation(ctx.organisationId);
    expect(cal.calendar.isWorkingDay('2027-06-07')).toBe(false);
    fs.writeFileSync(file, '{"not": "a feed"}');
    await expect(run('holidays', 'import', file)).rejects.toThrow();
    fs.unlinkSync(file);
  });
});
