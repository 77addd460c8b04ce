import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  administrator,
  BROWSER_DATABASES,
  type BrowserServer,
  describeInBrowser,
  JOURNEY_TIMEOUT,
  Journey,
  launchBrowser,
  SERVER_TIMEOUT,
  startServer,
} from '../support/browser.ts';

const ORGANISATION = 'Test NHS Trust';
const SERVICE = `Make a complaint to ${ORGANISATION}`;

describeInBrowser('public complaint form in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, SERVER_TIMEOUT);
  afterAll(async () => browser?.close());

  // The embedded database only: see BROWSER_DATABASES.
  describe.each(BROWSER_DATABASES)('on %s', (kind) => {
    let server: BrowserServer;
    beforeAll(async () => {
      server = await startServer(kind);
      const { ctx } = server;
      const actor = administrator(ctx);
      // With services, the form asks which one the complaint is about: that page is checked too.
      await ctx.services.organisations.addService(actor, { name: 'Emergency department', kind: 'service' });
      await ctx.services.organisations.addService(actor, { name: 'Maternity', kind: 'service' });
    }, SERVER_TIMEOUT);
    afterAll(async () => server?.close());

    for (const javaScript of [true, false]) {
      const mode = javaScript ? 'with JavaScript' : 'with JavaScript off';
      // Without JavaScript the server sees the same requests, so one database is enough for that run.
      it(`takes a complaint from the start page to a reference, ${mode}, axe on every page`, {
        timeout: JOURNEY_TIMEOUT,
      }, async () => {
        const journey = await Journey.open(browser, server, `public-${javaScript ? 'js' : 'nojs'}-${kind}`, {
          javaScript,
        });
        try {
          await complainOnBehalfOfSomeone(journey, javaScript);
          journey.expectNoPageProblems();
        } finally {
          await journey.close();
        }
      });
    }
  });
});

async function complainOnBehalfOfSomeone(journey: Journey, javaScript: boolean) {
  const { page } = journey;
  const continueButton = () => page.getByRole('button', { name: 'Continue' });
  const next = (label: string) => journey.follow(() => continueButton().click(), label);

  await journey.visit('/complain', 'start page');
  // The organisation's own name is the service's name: in the title and the header, not the product's.
  expect(await journey.title()).toBe(SERVICE);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(SERVICE);
  await expect(page.locator('.app-header__brand').textContent()).resolves.toBe(SERVICE);
  await expectOtherWaysToComplain(journey);
  await journey.follow(() => page.getByRole('button', { name: 'Start now' }).click(), 'who page');
  expect(journey.path()).toBe('/complain/who');

  // One round of the error pattern: summary, "Error: " title, links to the field, message by the field.
  await next('who page with an error');
  expect(await journey.title()).toBe(
    `Error: Are you complaining for yourself or on behalf of someone else? – ${SERVICE}`,
  );
  const summary = page.locator('.govuk-error-summary');
  await expect(summary.getByRole('heading', { name: 'There is a problem' }).isVisible()).resolves.toBe(true);
  const errorLink = summary.getByRole('link', {
    name: 'Select whether you are complaining for yourself or for someone else',
  });
  expect(await errorLink.getAttribute('href')).toBe('#complainingFor');
  await expect(page.locator('#complainingFor-error').textContent()).resolves.toContain(
    'Select whether you are complaining for yourself or for someone else',
  );
  const group = page.getByRole('group', { name: /Are you complaining for yourself/ });
  expect(await group.getAttribute('aria-describedby')).toContain('complainingFor-error');
  if (javaScript) {
    // GOV.UK Frontend moves focus to the summary, and its links to the field they describe.
    expect(await isFocusWithin(journey, '.govuk-error-summary')).toBe(true);
    await errorLink.click();
    expect(await journey.focusedId()).toBe('complainingFor');
  } else {
    await errorLink.click();
    expect(new URL(page.url()).hash).toBe('#complainingFor');
  }

  await group.getByLabel('Someone else').check();
  await next('about the person complained for');
  expect(journey.path()).toBe('/complain/about-them');
  await page.getByLabel('Their full name').fill('Sam Example');
  await page.getByLabel('Your relationship to them').fill('Parent');
  await page
    .getByRole('group', { name: 'Have they agreed to you complaining for them?' })
    .getByLabel('Yes, they have agreed')
    .check();
  await next('your details');

  expect(journey.path()).toBe('/complain/about-you');
  expect(await journey.title()).toBe(`Your details – ${SERVICE}`);
  await page.getByLabel('Full name').fill('Alex Example');
  // The way of contact comes first; each choice reveals the detail it needs (all shown without JavaScript).
  const contact = page.getByRole('group', { name: 'How would you like us to contact you?' });
  await expect(page.getByLabel('Phone number').isVisible()).resolves.toBe(!javaScript);
  await contact.getByLabel('Phone', { exact: true }).check();
  await expect(page.getByLabel('Phone number').isVisible()).resolves.toBe(true);
  await expect(page.getByLabel('Email address').isVisible()).resolves.toBe(!javaScript);
  await next('your details with an error');
  expect(await journey.title()).toBe(`Error: Your details – ${SERVICE}`);
  await expect(page.locator('.govuk-error-summary').getByRole('link').allTextContents()).resolves.toEqual([
    'Enter a phone number, or choose another way to contact you',
  ]);
  await expect(contact.getByLabel('Phone', { exact: true }).isChecked()).resolves.toBe(true);
  await expect(page.getByLabel('Phone number').isVisible()).resolves.toBe(true);
  await page.getByLabel('Phone number').fill('020 7946 0000');
  await contact.getByLabel('Email', { exact: true }).check();
  await page.getByLabel('Email address').fill('alex@example.com');
  await next('what happened');

  expect(journey.path()).toBe('/complain/what-happened');
  await page
    .getByLabel('Tell us what happened')
    .fill('My son waited four hours in the emergency department and nobody told us why.');
  await page.getByLabel('When did it happen? (optional)').fill('March 2026');
  await next('which service');

  expect(journey.path()).toBe('/complain/service');
  await page
    .getByRole('group', { name: /Which of our services is your complaint about/ })
    .getByLabel('Emergency department')
    .check();
  await next('outcome wanted');

  expect(journey.path()).toBe('/complain/outcome');
  await page.getByLabel(/What would you like to happen as a result of your complaint/).fill('An apology');
  await next('adjustments');

  expect(journey.path()).toBe('/complain/adjustments');
  const adjustments = page.getByRole('group', { name: /Do you need us to make any changes/ });
  await adjustments.getByLabel('Yes', { exact: true }).check();
  // With JavaScript the box is revealed by choosing Yes; without it, it is always shown.
  await page.getByLabel('What changes would help you?').fill('Letters in large print');
  await next('check your answers');

  expect(journey.path()).toBe('/complain/check-your-answers');
  expect(await journey.title()).toBe(`Check your answers before sending your complaint – ${SERVICE}`);
  const answers = await page.locator('main').textContent();
  for (const given of [
    'Sam Example',
    'Alex Example',
    'alex@example.com',
    'Emergency department',
    'An apology',
  ]) {
    expect(answers).toContain(given);
  }
  expect(await page.getByRole('link', { name: /^Change/ }).count()).toBeGreaterThan(5);

  await journey.follow(() => page.getByRole('button', { name: 'Send complaint' }).click(), 'confirmation');
  expect(journey.path()).toBe('/complain/confirmation');
  expect(await journey.title()).toBe(`Complaint sent – ${SERVICE}`);
  const panel = await page.locator('.govuk-panel').textContent();
  expect(panel).toContain('Complaint sent');
  expect(panel).toMatch(/CMP-\d{4}-\d{6}/);
  await expectOtherWaysToComplain(journey);
}

/** The complaints team's phone, email and address and the advocacy service, from the organisation's settings. */
async function expectOtherWaysToComplain(journey: Journey) {
  const main = journey.page.getByRole('main');
  const text = await main.textContent();
  expect(text).toContain('Telephone: 0300 123 4567');
  expect(text).toContain('1 Hospital Road');
  expect(await main.getByRole('link', { name: 'complaints@test-trust.example' }).getAttribute('href')).toBe(
    'mailto:complaints@test-trust.example',
  );
  expect(await main.getByRole('link', { name: 'NHS Complaints Advocacy website' }).getAttribute('href')).toBe(
    'https://www.nhscomplaintsadvocacy.example',
  );
}

async function isFocusWithin(journey: Journey, selector: string): Promise<boolean> {
  return journey.page.evaluate<boolean>(
    `(() => { const a = document.activeElement; return !!a && !!a.closest(${JSON.stringify(selector)}); })()`,
  );
}
