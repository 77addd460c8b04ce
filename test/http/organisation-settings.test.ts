import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  complaintInput,
  createTestApp,
  TEST_SETTINGS as SETTINGS,
  signedOffComplaint,
  type TestContext,
  type TestSession,
} from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';
import { paths } from '../support/paths.ts';

describe.each(databaseKinds())('organisation settings: Ombudsman and complaints team on %s', (kind) => {
  let ctx: TestContext;
  let admin: TestSession;
  const url = paths.admin.settings();

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    admin = await ctx.session('administrator');
  });
  afterAll(async () => ctx?.close());
  beforeEach(async () => {
    await admin.post(url, SETTINGS);
  });

  const organisation = () =>
    ctx.services.database.db
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', ctx.organisationId)
      .executeTakeFirstOrThrow();

  const finalResponse = async () => {
    const complaint = await signedOffComplaint(ctx);
    const manager = await ctx.session('complaints-manager');
    return (await manager.get(paths.complaints.letter(complaint.reference, 'final-response'))).body;
  };

  it('shows the nation, the sector, the Ombudsman they give and the complaints team', async () => {
    const page = await admin.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/id="nation" name="nation" type="radio" value="england" checked/);
    expect(page.body).toMatch(/name="sector" type="radio" value="nhs" checked/);
    expect(page.body).toContain(
      'The one for our nation and sector: Parliamentary and Health Service Ombudsman',
    );
    expect(page.body).toContain('The NHS in England goes to the PHSO, directly or through an MP.');
    expect(page.body).toMatch(/name="ombudsman" type="radio" value="derived" checked/);
    expect(page.body).toContain('value="0300 123 4567"');
    expect(page.body).toContain('Test NHS Trust\n1 Hospital Road\nLeeds\nLS1 4AA</textarea>');
  });

  it('derives the PSOW for a Welsh health board on England and Wales’s bank holidays', async () => {
    const saved = await admin.post(url, { ...SETTINGS, nation: 'wales' });
    expect(saved.statusCode).toBe(303);
    expect(await organisation()).toMatchObject({
      nation: 'wales',
      sector: 'nhs',
      division: 'england-and-wales',
      ombudsman_override: null,
    });
    const page = await admin.get(url);
    expect(page.body).toContain('The one for our nation and sector: Public Services Ombudsman for Wales');
    const letter = await finalResponse();
    expect(letter).toContain('Public Services Ombudsman for Wales (PSOW)');
    expect(letter).not.toContain('Parliamentary and Health Service Ombudsman');
    const [audit] = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('organisation_id', '=', ctx.organisationId)
      .where('action', '=', 'organisation.settings.update')
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .execute();
    expect(audit?.detail).toMatchObject({ nation: 'wales', sector: 'nhs', ombudsmanOverride: null });
  });

  it('keeps an administrator’s choice of Ombudsman over the derived one', async () => {
    await admin.post(url, { ...SETTINGS, sector: 'other', ombudsman: 'psow' });
    expect((await organisation()).ombudsman_override).toBe('psow');
    const page = await admin.get(url);
    expect(page.body).toMatch(/name="ombudsman" type="radio" value="psow" checked/);
    // English councils go to an Ombudsman Candour does not name: the page says to check.
    expect(page.body).toContain('Local Government and Social Care Ombudsman');
    expect(await finalResponse()).toContain('Public Services Ombudsman for Wales');
  });

  it('names an independent tier before the Ombudsman in final responses', async () => {
    const saved = await admin.post(url, {
      ...SETTINGS,
      nation: 'uk-wide',
      sector: 'uk-government',
      preset: 'uk-central-government',
      independentTier: 'other',
      tierName: 'the Independent Complaints Reviewer',
      tierWebsite: 'www.icrev.org.uk',
      tierTimeLimitMonths: '3',
    });
    expect(saved.statusCode).toBe(303);
    expect(await organisation()).toMatchObject({
      independent_tier: 'other',
      independent_tier_name: 'the Independent Complaints Reviewer',
      independent_tier_website: 'www.icrev.org.uk',
      independent_tier_time_limit_months: 3,
    });
    const letter = await finalResponse();
    expect(letter).toContain('you can ask the Independent Complaints Reviewer to look at your complaint');
    expect(letter).toContain('within 3 months of receiving this final response');
    expect(letter.indexOf('Independent Complaints Reviewer')).toBeLessThan(
      letter.indexOf('Parliamentary and Health Service Ombudsman'),
    );
    expect(letter).toContain('Member of Parliament');

    // Choosing a named tier again forgets the other body's details.
    await admin.post(url, {
      ...SETTINGS,
      sector: 'uk-government',
      independentTier: 'independent-case-examiner',
    });
    expect(await organisation()).toMatchObject({
      independent_tier: 'independent-case-examiner',
      independent_tier_name: null,
      independent_tier_time_limit_months: null,
    });
  });

  it('shows every problem at once, in the order of the page, keeping what was typed; changes nothing', async () => {
    const before = await organisation();
    const response = await admin.post(url, {
      ...SETTINGS,
      name: '',
      sector: '',
      independentTier: 'other',
      tierName: '',
      tierWebsite: 'not a website',
      tierTimeLimitMonths: 'six',
      complaintsTeamPhone: 'ring us',
      contactEmail: 'complaints at example',
      stage1Days: 'ten',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: ');
    const summary = response.body.slice(
      response.body.indexOf('govuk-error-summary'),
      response.body.indexOf('</ul>', response.body.indexOf('govuk-error-summary')),
    );
    const links = [...summary.matchAll(/href="#([\w-]+)"/g)].map((m) => m[1]);
    expect(links).toEqual([
      'name',
      'sector',
      'tierName',
      'tierWebsite',
      'tierTimeLimitMonths',
      'complaintsTeamPhone',
      'contactEmail',
      'stage1Days',
    ]);
    expect(summary).toContain('Select your organisation’s sector');
    expect(summary).toContain('Enter the name of the independent body');
    expect(summary).toContain('Enter the website address, like www.example.org.uk');
    expect(summary).toContain('Enter the time limit as a whole number of months from 1 to 24');
    expect(summary).toContain('Enter a telephone number, like 0300 123 4567');
    expect(response.body).toContain('value="ring us"');
    expect(response.body).toContain('value="not a website"');
    expect(response.body).toContain('value="ten"');
    expect(await organisation()).toEqual(before);
  });

  it('refuses devolved government in England, and changes nothing', async () => {
    const before = await organisation();
    const response = await admin.post(url, { ...SETTINGS, sector: 'devolved-government' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      'Devolved government is in Wales, Scotland or Northern Ireland: choose that nation, or another sector',
    );
    expect(response.body).toContain('href="#sector"');
    expect(await organisation()).toEqual(before);
  });

  it('gives the complaints team in the acknowledgement, as saved', async () => {
    await admin.post(url, {
      ...SETTINGS,
      complaintsTeamName: 'Complaints Office',
      complaintsTeamPhone: '0113 496 0000 (weekdays, 9am to 5pm)',
      complaintsTeamAddress: '  Complaints Office\r\n\r\n  2 Park Row  \r\nLeeds',
    });
    expect((await organisation()).complaints_team_address).toBe('Complaints Office\n2 Park Row\nLeeds');
    const complaint = await ctx.services.intake.create(ctx.organisationId, complaintInput(), null);
    const handler = await ctx.session('complaints-handler');
    const letter = await handler.get(paths.complaints.letter(complaint.reference, 'acknowledgement'));
    expect(letter.body).toContain('Complaints Office');
    expect(letter.body).toContain('Telephone: 0113 496 0000 (weekdays, 9am to 5pm)');
    expect(letter.body).toContain('Email: complaints@test-trust.example');
    expect(letter.body).not.toContain('[To complete:');
  });

  it('lets no one but an administrator change them', async () => {
    const before = await organisation();
    const manager = await ctx.session('complaints-manager');
    await manager.get(paths.complaints.list());
    const refused = await manager.post(url, { ...SETTINGS, nation: 'scotland' }, { formPage: '/' });
    expect(refused.statusCode).toBe(403);
    expect(await organisation()).toEqual(before);
  });
});
