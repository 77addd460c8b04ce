import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/roles.ts';
import { formatLongDate } from '../../src/domain/calendar/index.ts';
import { createTestApp, type TestContext, type TestSession } from '../support/app.ts';
import { databaseKinds } from '../support/database.ts';
import { paths } from '../support/paths.ts';

type Fields = Record<string, string>;

const ME: Fields = { complainingFor: 'myself' };
const ABOUT_YOU: Fields = {
  name: 'Sam Complainant',
  email: 'sam@example.com',
  phone: '01632 960 001',
  address: '1 Example Street\nExampletown',
  preferredContact: 'email',
};
const WHAT_HAPPENED: Fields = {
  description: 'I waited six hours in the emergency department.\nNobody told me why.',
  whenHappened: 'March 2026',
};
const OUTCOME: Fields = { outcomeSought: 'An explanation and an apology' };
const NO_ADJUSTMENTS: Fields = { needsAdjustments: 'no', adjustments: '' };

const step = (name: string) => paths.complain.step(name);

function expectProblem(response: LightMyRequestResponse, ...messages: string[]) {
  expect(response.statusCode).toBe(400);
  expect(response.body).toMatch(/<title[^>]*>\s*Error: /);
  expect(response.body).toContain('There is a problem');
  for (const message of messages) expect(response.body).toContain(message);
}

describe.each(databaseKinds())('public complaint form on %s', (kind) => {
  let ctx: TestContext;
  let serviceId: string;
  let admin: Actor;

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    admin = {
      kind: 'user',
      id: ctx.users.administrator.id,
      userId: ctx.users.administrator.id,
      organisationId: ctx.organisationId,
      role: 'administrator',
      label: 'Test administrator',
    };
    serviceId = (
      await ctx.services.organisations.addService(admin, { name: 'Emergency department', kind: 'service' })
    ).id;
    await ctx.services.organisations.addService(admin, { name: 'Outpatients', kind: 'service' });
  });
  afterAll(async () => ctx?.close());

  const db = () => ctx.services.database.db;

  async function complaintCount(): Promise<number> {
    const row = await db()
      .selectFrom('complaints')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function answer(session: TestSession, name: string, fields: Fields) {
    return session.post(step(name), fields, { formPage: step(name) });
  }

  /** Answers every page for someone complaining for themselves, ending on check your answers. */
  async function completeForMyself(session: TestSession, overrides: Partial<Record<string, Fields>> = {}) {
    expect((await answer(session, 'who', overrides.who ?? ME)).headers.location).toBe(step('about-you'));
    expect((await answer(session, 'about-you', overrides['about-you'] ?? ABOUT_YOU)).headers.location).toBe(
      step('what-happened'),
    );
    expect((await answer(session, 'what-happened', WHAT_HAPPENED)).headers.location).toBe(step('service'));
    expect((await answer(session, 'service', { serviceId })).headers.location).toBe(step('outcome'));
    expect((await answer(session, 'outcome', OUTCOME)).headers.location).toBe(step('adjustments'));
    const last = await answer(session, 'adjustments', overrides.adjustments ?? NO_ADJUSTMENTS);
    expect(last.statusCode).toBe(303);
    expect(last.headers.location).toBe(paths.complain.check());
  }

  async function send(session: TestSession) {
    const sent = await session.post(paths.complain.check(), {}, { formPage: paths.complain.check() });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(paths.complain.confirmation());
    const confirmation = await session.get(paths.complain.confirmation());
    expect(confirmation.statusCode).toBe(200);
    const reference = /Your reference is<br><strong>([^<]+)<\/strong>/.exec(confirmation.body)?.[1];
    expect(reference).toMatch(/^[A-Z]+-\d{4}-\d{6}$/);
    return { confirmation, reference: reference as string };
  }

  it('explains complaints, who may complain, the time limit and the organisation’s timescales', async () => {
    const start = await ctx.anonymous().get(paths.complain.start());
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('Make a complaint to Test NHS Trust');
    expect(start.body).toContain('We welcome complaints');
    expect(start.body).toContain('on behalf of someone else');
    expect(start.body).toContain('within 12 months');
    expect(start.body).toContain('We may accept a later complaint');
    const { timescales } = await ctx.services.calendars.forOrganisation(ctx.organisationId);
    expect(start.body).toContain(`within ${timescales.acknowledgeDays} working days`);
    expect(start.body).toContain(`within ${timescales.stage1Days} working days`);
    expect(start.body).toContain(`within ${timescales.stage2Days} working days`);
    expect(start.body).toContain('large print or easy read');
    expect(start.body).toMatch(/href="\/complain\/who"[^>]*>\s*Start now/);
  });

  it('names the organisation, not the product, in the header and every page title', async () => {
    const session = ctx.anonymous();
    const start = await session.get(paths.complain.start());
    expect(start.body).toMatch(/<title[^>]*>\s*Make a complaint to Test NHS Trust\s*<\/title>/);
    expect(start.body).toMatch(/class="app-header__brand">Make a complaint to Test NHS Trust</);
    expect(start.body).not.toMatch(/class="app-header__brand">Candour</);
    await answer(session, 'who', ME);
    const details = await session.get(step('about-you'));
    expect(details.body).toMatch(
      /<title[^>]*>\s*Your details – Make a complaint to Test NHS Trust\s*<\/title>/,
    );
    expect(details.body).toMatch(/class="app-header__brand">Make a complaint to Test NHS Trust</);
    const problem = await answer(session, 'about-you', { ...ABOUT_YOU, name: '' });
    expect(problem.body).toMatch(
      /<title[^>]*>\s*Error: Your details – Make a complaint to Test NHS Trust\s*<\/title>/,
    );
    // Staff pages keep the product's name.
    const signIn = await ctx.anonymous().get('/sign-in');
    expect(signIn.body).toMatch(/class="app-header__brand">Candour</);
  });

  it('gives the complaints team’s phone, email and address and the advocacy service on the start page', async () => {
    const start = await ctx.anonymous().get(paths.complain.start());
    expect(start.body).toContain('Other ways to complain');
    expect(start.body).toContain('Telephone: 0300 123 4567');
    expect(start.body).toContain('href="mailto:complaints@test-trust.example"');
    expect(start.body).toContain('Test NHS Trust<br>1 Hospital Road<br>Leeds<br>LS1 4AA');
    expect(start.body).toContain('Help to complain');
    expect(start.body).toContain('href="https://www.nhscomplaintsadvocacy.example"');
    expect(start.body).toContain('NHS Complaints Advocacy is a free, independent service');
  });

  it('leaves out contact details an organisation has not given, rather than failing', async () => {
    await ctx.services.organisations.create({
      name: 'Unfinished Trust',
      slug: 'unfinished',
      division: 'england-and-wales',
      preset: 'nhs-england',
    });
    const start = await ctx.anonymous().get(`${paths.complain.start()}?org=unfinished`);
    expect(start.statusCode).toBe(200);
    expect(start.body).toMatch(/class="app-header__brand">Make a complaint to Unfinished Trust</);
    expect(start.body).not.toContain('Telephone:');
    expect(start.body).not.toContain('mailto:');
    expect(start.body).toContain('An independent advocacy service can also help you');
  });

  it('takes a complaint from start to confirmation and stores it as an online complaint', async () => {
    const session = ctx.anonymous();
    const before = await complaintCount();
    await completeForMyself(session, {
      adjustments: { needsAdjustments: 'yes', adjustments: 'Letters in large print, please' },
    });
    const draftCookie = (await answer(session, 'outcome', OUTCOME)).cookies.find(
      (c) => c.name === 'candour_draft',
    );
    expect(draftCookie).toBeUndefined(); // the draft is reused, not started again

    const check = await session.get(paths.complain.check());
    expect(check.statusCode).toBe(200);
    expect(check.headers['cache-control']).toBe('no-store');
    for (const text of [
      'Sam Complainant',
      'sam@example.com',
      'Emergency department',
      'March 2026',
      'large print',
    ])
      expect(check.body).toContain(text);
    expect(check.body).toContain('I waited six hours in the emergency department.<br />');
    expect(check.body).toContain(`href="${step('about-you')}?change=yes"`);

    const { confirmation, reference } = await send(session);
    expect(await complaintCount()).toBe(before + 1);
    const row = await db()
      .selectFrom('complaints')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      organisation_id: ctx.organisationId,
      channel: 'online',
      complainant_name: 'Sam Complainant',
      complainant_email: 'sam@example.com',
      complainant_phone: '01632 960 001',
      complainant_address: '1 Example Street\nExampletown',
      preferred_contact: 'email',
      on_behalf_of: null,
      when_happened: 'March 2026',
      service_id: serviceId,
      outcome_sought: 'An explanation and an apology',
      adjustments: 'Letters in large print, please',
      status: 'received',
    });
    expect(row.description).toBe(WHAT_HAPPENED.description);

    expect(confirmation.body).toContain('Complaint sent');
    expect(confirmation.body).toContain(
      `We will acknowledge your complaint by ${formatLongDate(row.acknowledge_by ?? '')}`,
    );
    expect(confirmation.body).toContain(`We aim to respond by ${formatLongDate(row.stage_due_by)}`);
    expect(confirmation.body).toContain('weekends or bank holidays');
    expect(confirmation.body).toContain('Quote your reference');
    expect(confirmation.body).toContain('Telephone: 0300 123 4567');
    expect(confirmation.body).toContain('href="mailto:complaints@test-trust.example"');
    expect(confirmation.body).toContain('Test NHS Trust<br>1 Hospital Road<br>Leeds<br>LS1 4AA');
    expect(confirmation.body).toContain('href="https://www.nhscomplaintsadvocacy.example"');
    expect(confirmation.body).toMatch(
      /<title[^>]*>\s*Complaint sent – Make a complaint to Test NHS Trust\s*<\/title>/,
    );
    for (const personal of ['Sam Complainant', 'sam@example.com', '01632 960 001', 'Example Street'])
      expect(confirmation.body).not.toContain(personal);

    // The stored answers are wiped once sent; only the reference and dates stay for the confirmation.
    const drafts = await db().selectFrom('public_drafts').select(['answers', 'reference']).execute();
    const mine = drafts.find((d) => d.reference === reference);
    expect(mine?.answers).toEqual({});
    expect(JSON.stringify(drafts)).not.toContain('sam@example.com');

    const worklist = await ctx.services.worklist.worklist(admin, {});
    expect(worklist.items.some((item) => item.reference === reference)).toBe(true);
  });

  it('asks only for the detail of the way of contact chosen, and keeps it with that choice', async () => {
    const session = ctx.anonymous();
    await completeForMyself(session, {
      'about-you': {
        name: 'Pat Phone',
        email: '',
        phone: '07700 900 982',
        address: '',
        preferredContact: 'phone',
      },
    });
    const check = await session.get(paths.complain.check());
    // The choice is listed before the details, as the page asks it.
    expect(check.body.indexOf('How to contact you')).toBeLessThan(check.body.indexOf('Phone number'));
    const { reference } = await send(session);
    const row = await db()
      .selectFrom('complaints')
      .select(['complainant_email', 'complainant_phone', 'complainant_address', 'preferred_contact'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      complainant_email: null,
      complainant_phone: '07700 900 982',
      complainant_address: null,
      preferred_contact: 'phone',
    });
  });

  it('keeps the draft in an httpOnly, signed, same-site cookie scoped to the form', async () => {
    const session = ctx.anonymous();
    const response = await answer(session, 'who', ME);
    const cookie = response.cookies.find((c) => c.name === 'candour_draft');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/complain' });
    expect(cookie?.value).toContain('.'); // signed
    const id = await db().selectFrom('public_drafts').select('id').orderBy('created_at', 'desc').execute();
    expect(id.some((d) => cookie?.value.includes(d.id))).toBe(false); // only the hash is stored
  });

  it('takes a complaint made on behalf of someone else, with their consent', async () => {
    const session = ctx.anonymous();
    const who = await answer(session, 'who', { complainingFor: 'someone-else' });
    expect(who.headers.location).toBe(step('about-them'));
    const them = await answer(session, 'about-them', {
      name: 'Jo Patient',
      relationship: 'Daughter',
      consent: 'given',
    });
    expect(them.headers.location).toBe(step('about-you'));
    await answer(session, 'about-you', ABOUT_YOU);
    await answer(session, 'what-happened', WHAT_HAPPENED);
    await answer(session, 'service', { serviceId: 'not-sure' });
    await answer(session, 'outcome', { outcomeSought: '' });
    await answer(session, 'adjustments', NO_ADJUSTMENTS);
    const check = await session.get(paths.complain.check());
    expect(check.body).toContain('Jo Patient');
    expect(check.body).toContain('Yes, they have agreed');
    expect(check.body).toContain('I’m not sure');
    const { reference } = await send(session);
    const row = await db()
      .selectFrom('complaints')
      .select(['on_behalf_of', 'service_id', 'outcome_sought', 'adjustments'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row.on_behalf_of).toEqual({ name: 'Jo Patient', relationship: 'Daughter', consent: 'given' });
    expect(row.service_id).toBeNull();
    expect(row.outcome_sought).toBeNull();
    expect(row.adjustments).toBeNull();
  });

  it('returns to check your answers after a change, asking any page the change brings in', async () => {
    const session = ctx.anonymous();
    await completeForMyself(session);
    const changed = await session.post(`${step('about-you')}?change=yes`, {
      ...ABOUT_YOU,
      name: 'Sam Changed',
    });
    expect(changed.headers.location).toBe(paths.complain.check());
    expect((await session.get(paths.complain.check())).body).toContain('Sam Changed');

    const page = await session.get(`${step('who')}?change=yes`);
    expect(page.body).toContain(`href="${paths.complain.check()}"`); // back link returns to check
    const who = await session.post(`${step('who')}?change=yes`, { complainingFor: 'someone-else' });
    expect(who.headers.location).toBe(`${step('about-them')}?change=yes`);
    const them = await session.post(`${step('about-them')}?change=yes`, {
      name: 'Jo Patient',
      relationship: 'Son',
      consent: 'to-follow',
    });
    expect(them.headers.location).toBe(paths.complain.check());
    expect((await session.get(paths.complain.check())).body).toContain(
      'Not yet, I will send their agreement later',
    );
  });

  it('shows every problem on a page, keeps what was typed and writes nothing', async () => {
    const before = await complaintCount();
    const session = ctx.anonymous();

    expectProblem(await answer(session, 'who', {}), 'Select whether you are complaining for yourself');

    await answer(session, 'who', { complainingFor: 'someone-else' });
    const consent = await answer(session, 'about-them', { name: 'Jo Patient', relationship: 'Son' });
    expectProblem(consent, 'Select whether they have agreed to you complaining for them');
    expect(consent.body).toContain('value="Jo Patient"');
    expect(consent.body).toContain('href="#consent"');
    await answer(session, 'about-them', { name: 'Jo Patient', relationship: 'Son', consent: 'not-needed' });

    const noName = await answer(session, 'about-you', { ...ABOUT_YOU, name: '' });
    expectProblem(noName, 'Enter your full name');
    expect(noName.body).toContain('href="#name"');

    const noContact = await answer(session, 'about-you', {
      name: 'Sam Complainant',
      email: '',
      phone: '',
      address: '',
      preferredContact: 'post',
    });
    expectProblem(noContact, 'Enter a postal address, or choose another way to contact you');
    expect(noContact.body).toContain('href="#address"');
    expect(noContact.body).toContain('value="Sam Complainant"');

    const noPhone = await answer(session, 'about-you', {
      ...ABOUT_YOU,
      phone: '',
      preferredContact: 'phone',
    });
    expectProblem(noPhone, 'Enter a phone number, or choose another way to contact you');
    expect(noPhone.body).toContain('href="#phone"');
    // The email given is kept, and the choice of phone shown again.
    expect(noPhone.body).toContain('value="sam@example.com"');
    expect(noPhone.body).toMatch(/value="phone" checked/);

    const several = await answer(session, 'about-you', {
      name: '',
      email: 'not-an-email',
      phone: '',
      address: '',
    });
    expectProblem(
      several,
      'Enter your full name',
      'Enter an email address in the correct format',
      'Select how you would like us to contact you',
    );
    expect(several.body).toContain('value="not-an-email"');

    const wrongPreference = await answer(session, 'about-you', {
      ...ABOUT_YOU,
      email: '',
      preferredContact: 'email',
    });
    expectProblem(wrongPreference, 'Enter an email address, or choose another way to contact you');

    await answer(session, 'about-you', ABOUT_YOU);
    const tooLong = await answer(session, 'what-happened', {
      description: 'x'.repeat(20_001),
      whenHappened: '',
    });
    expectProblem(tooLong, 'What happened must be 20,000 characters or fewer');
    const empty = await answer(session, 'what-happened', { description: '   ', whenHappened: 'Last week' });
    expectProblem(empty, 'Tell us what happened');
    expect(empty.body).toContain('value="Last week"');

    await answer(session, 'what-happened', WHAT_HAPPENED);
    expectProblem(await answer(session, 'service', {}), 'Select the service your complaint is about');
    expectProblem(
      await answer(session, 'service', { serviceId: '00000000-0000-0000-0000-000000000000' }),
      'Select the service your complaint is about',
    );
    await answer(session, 'service', { serviceId });
    expectProblem(
      await answer(session, 'outcome', { outcomeSought: 'y'.repeat(5001) }),
      '5,000 characters or fewer',
    );
    await answer(session, 'outcome', OUTCOME);
    expectProblem(await answer(session, 'adjustments', {}), 'Select yes if you need us to make any changes');
    expectProblem(
      await answer(session, 'adjustments', { needsAdjustments: 'yes', adjustments: '' }),
      'Tell us what changes would help you',
    );

    expect(await complaintCount()).toBe(before);
  });

  it('refuses posts without a CSRF token and writes nothing', async () => {
    const before = await complaintCount();
    const draftsBefore = await db()
      .selectFrom('public_drafts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const stranger = ctx.anonymous();
    const refused = await stranger.post(step('who'), ME, { csrf: false });
    expect(refused.statusCode).toBe(403);
    const draftsAfter = await db()
      .selectFrom('public_drafts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(draftsAfter.n)).toBe(Number(draftsBefore.n));

    const session = ctx.anonymous();
    await completeForMyself(session);
    const forged = await session.post(paths.complain.check(), { _csrf: 'forged-token' });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('Your form has expired');
    expect(await complaintCount()).toBe(before);
  });

  it('sends people who skip ahead to the first page they have not answered', async () => {
    const session = ctx.anonymous();
    const early = await session.get(paths.complain.check());
    expect(early.statusCode).toBe(303);
    expect(early.headers.location).toBe(step('who'));
    expect((await session.get(step('outcome'))).headers.location).toBe(step('who'));

    await answer(session, 'who', ME);
    expect((await session.get(paths.complain.check())).headers.location).toBe(step('about-you'));
    expect((await session.get(step('adjustments'))).headers.location).toBe(step('about-you'));
    const skipped = await session.post(step('what-happened'), WHAT_HAPPENED);
    expect(skipped.statusCode).toBe(303);
    expect(skipped.headers.location).toBe(step('about-you'));
    // A page that does not apply (details of someone else, when complaining for yourself) is passed over.
    expect((await session.get(step('about-them'))).headers.location).toBe(step('about-you'));
    const before = await complaintCount();
    const sendEarly = await session.post(paths.complain.check(), {});
    expect(sendEarly.headers.location).toBe(step('about-you'));
    expect(await complaintCount()).toBe(before);
  });

  it('creates exactly one complaint when the final form is sent twice or refreshed', async () => {
    const session = ctx.anonymous();
    await completeForMyself(session);
    const before = await complaintCount();
    const { reference } = await send(session);
    const again = await session.post(paths.complain.check(), {});
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(paths.complain.confirmation());
    const refreshed = await session.get(paths.complain.confirmation());
    expect(refreshed.body).toContain(reference);
    expect(await complaintCount()).toBe(before + 1);
  });

  it('creates exactly one complaint when two sends of the same form arrive together', async () => {
    const session = ctx.anonymous();
    await completeForMyself(session);
    await session.get(paths.complain.check());
    const before = await complaintCount();
    const [first, second] = await Promise.all([
      session.post(paths.complain.check(), {}),
      session.post(paths.complain.check(), {}),
    ]);
    expect(first.headers.location).toBe(paths.complain.confirmation());
    expect(second.headers.location).toBe(paths.complain.confirmation());
    expect(await complaintCount()).toBe(before + 1);
    expect((await session.get(paths.complain.confirmation())).body).toContain('Complaint sent');
  });

  it('lets a link choose the organisation by its short name, and refuses an unknown one', async () => {
    expect((await ctx.anonymous().get(`${paths.complain.start()}?org=no-such-trust`)).statusCode).toBe(404);
    expect((await ctx.anonymous().get(`${step('who')}?org=no-such-trust`)).statusCode).toBe(404);

    const other = await ctx.services.organisations.create({
      name: 'Other Health Board',
      slug: 'other-board',
      division: 'scotland',
      preset: 'spso',
    });
    const session = ctx.anonymous();
    const start = await session.get(`${paths.complain.start()}?org=other-board`);
    expect(start.body).toContain('Make a complaint to Other Health Board');
    expect(start.body).toContain('href="/complain/who?org=other-board"');
    const who = await session.get(`${step('who')}?org=other-board`);
    expect(who.body).toContain('name="org" value="other-board"');
    await session.post(step('who'), { ...ME, org: 'other-board' });
    await answer(session, 'about-you', ABOUT_YOU);
    // The other organisation has no services, so that page is not asked.
    expect((await answer(session, 'what-happened', WHAT_HAPPENED)).headers.location).toBe(step('outcome'));
    await answer(session, 'outcome', OUTCOME);
    await answer(session, 'adjustments', NO_ADJUSTMENTS);
    const check = await session.get(paths.complain.check());
    expect(check.body).toContain('Make a complaint to Other Health Board');
    const { reference } = await send(session);
    const row = await db()
      .selectFrom('complaints')
      .select(['channel', 'service_id'])
      .where('organisation_id', '=', other.id)
      .where('reference', '=', reference)
      .executeTakeFirst();
    expect(row).toEqual({ channel: 'online', service_id: null });
  });
});
