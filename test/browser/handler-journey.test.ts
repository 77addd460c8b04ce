import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintInput } from '../support/app.ts';
import {
  administrator,
  type BrowserServer,
  describeInBrowser,
  JOURNEY_TIMEOUT,
  Journey,
  launchBrowser,
  SERVER_TIMEOUT,
  startServer,
  ukToday,
} from '../support/browser.ts';
import { databaseKinds } from '../support/database.ts';

const DAY_MS = 24 * 3600 * 1000;

describeInBrowser('complaint handling in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, SERVER_TIMEOUT);
  afterAll(async () => browser?.close());

  describe.each(databaseKinds())('on %s', (kind) => {
    let server: BrowserServer;
    /** A complaint received long ago and never acknowledged, so the overdue filter has something to find. */
    let overdueReference: string;
    beforeAll(async () => {
      server = await startServer(kind);
      const { ctx } = server;
      const actor = administrator(ctx);
      await ctx.services.organisations.addService(actor, { name: 'Emergency department', kind: 'service' });
      const overdue = await ctx.services.intake.create(
        ctx.organisationId,
        complaintInput({
          receivedAt: new Date(Date.now() - 60 * DAY_MS).toISOString(),
          complainant: { name: 'Olive Overdue', email: 'olive@example.com' },
        }),
        null,
      );
      overdueReference = overdue.reference;
    }, SERVER_TIMEOUT);
    afterAll(async () => server?.close());

    // With JavaScript off on the embedded database only: the pages are the same on PostgreSQL, which is here
    // to show the journey's SQL works (as in the other browser suites), and CI time is better spent elsewhere.
    it.each(kind === 'embedded' ? [true, false] : [true])(
      `records a phone complaint and takes it through stage 2 to closed, JavaScript %s${kind === 'embedded' ? ', axe on every page' : ''}`,
      { timeout: JOURNEY_TIMEOUT },
      async (javaScript) => {
        const { ctx } = server;
        const journey = await Journey.open(browser, server, `handler-${kind}-js-${javaScript}`, {
          javaScript,
        });
        const { page } = journey;
        try {
          await journey.signIn(ctx.users['complaints-handler'].email);
          await journey.follow(
            () =>
              page
                .getByRole('navigation', { name: 'Main menu' })
                .getByRole('link', { name: 'Complaints' })
                .click(),
            'worklist',
          );
          expect(journey.path()).toBe('/complaints');
          await expect(rowFor(page, overdueReference).count()).resolves.toBe(1);

          const reference = await recordPhoneComplaint(journey);
          await expect(statusOf(page)).resolves.toBe('Received');
          if (javaScript) await measureOverview(journey, 'a new complaint');
          // One next step, as the only green button: the acknowledgement.
          await expect(primaryStep(page)).resolves.toBe('Send the acknowledgement');
          await expect(outstanding(page)).resolves.toContain('Acknowledgement not sent');

          // The acknowledgement is given by sending it: the next step leads straight to the letter.
          await followPrimary(journey, 'acknowledgement letter');
          expect(journey.path()).toBe(`/complaints/${reference}/letters/acknowledgement`);
          await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
            'check and send',
          );
          await journey.follow(
            () => page.getByRole('button', { name: 'Send email' }).click(),
            'case after letter',
          );
          expect(journey.path()).toBe(`/complaints/${reference}?sent=acknowledgement`);
          await expect(banner(page)).resolves.toContain('Acknowledgement sent to Pat Caller. Next:');
          await expect(statusOf(page)).resolves.toBe('Acknowledged – early resolution');
          await expect(primaryStep(page)).resolves.toBe('Add an issue');

          await otherAction(journey, 'Escalate to stage 2');
          // Escalating needs a reason: see the error first.
          await journey.follow(
            () => page.getByRole('button', { name: 'Escalate to stage 2' }).click(),
            'escalate with an error',
          );
          expect(await journey.title()).toMatch(/^Error: Escalate to stage 2/);
          await expect(page.locator('.govuk-error-summary').getByRole('link').count()).resolves.toBe(1);
          await page.getByLabel('Reason').fill('The complainant wants an investigation of the delay.');
          await submitEvent(journey, 'Escalate to stage 2');
          // The stage 2 acknowledgement is offered at once; sending it acknowledges stage 2.
          expect(journey.path()).toBe(
            `/complaints/${reference}/letters/stage2-acknowledgement?after=escalate`,
          );
          await expect(banner(page)).resolves.toContain('Complaint escalated to stage 2. Next:');
          await journey.follow(
            () => page.getByRole('link', { name: 'Back to the complaint', exact: true }).click(),
            'case after escalating',
          );
          await expect(statusOf(page)).resolves.toBe('Under investigation');
          await expect(primaryStep(page)).resolves.toBe('Send the stage 2 acknowledgement');
          await followPrimary(journey, 'stage 2 acknowledgement letter');
          expect(journey.path()).toBe(`/complaints/${reference}/letters/stage2-acknowledgement`);
          await journey.follow(
            () => page.getByRole('button', { name: 'Send email' }).click(),
            'case after the stage 2 acknowledgement',
          );
          await expect(statusOf(page)).resolves.toBe('Under investigation');
          await expect(outstanding(page)).resolves.not.toContain('Stage 2 acknowledgement not sent');

          // The case record, each form on its own page: an issue, its outcome, a remedy, a colleague.
          await expect(primaryStep(page)).resolves.toBe('Add an issue');
          await followPrimary(journey, 'add an issue');
          await journey.follow(
            () => page.getByRole('button', { name: 'Add issue' }).click(),
            'issue with an error',
          );
          expect(await journey.title()).toMatch(/^Error: Add an issue/);
          await page.getByLabel('Summary of the issue').fill('Nobody explained the four-hour wait');
          await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Emergency department' });
          await journey.follow(() => page.getByRole('button', { name: 'Add issue' }).click(), 'issue added');
          expect(journey.path()).toBe(`/complaints/${reference}/issues?done=issue-added`);
          await expect(banner(page)).resolves.toContain('Issue added.');

          await subPage(journey, 'Overview');
          await expect(outstanding(page)).resolves.toContain('Outcome missing for issue 1');
          await expect(primaryStep(page)).resolves.toBe('Record the outcome for issue 1');
          await followPrimary(journey, 'issue outcome');
          await page
            .getByRole('group', { name: 'Outcome for issue 1: Nobody explained the four-hour wait' })
            .getByLabel('Upheld', { exact: true })
            .check();
          await page
            .getByLabel('Findings for issue 1: Nobody explained the four-hour wait')
            .fill('The waiting-time board was not working that night.');
          await journey.follow(
            () => page.getByRole('button', { name: 'Save outcome' }).click(),
            'outcome saved',
          );
          const issue = page.locator('.govuk-summary-card', {
            hasText: 'Nobody explained the four-hour wait',
          });
          await expect(issue.textContent()).resolves.toContain('The waiting-time board was not working');

          await subPage(journey, 'Remedies');
          await journey.follow(
            () => page.getByRole('link', { name: 'Add a remedy' }).click(),
            'add a remedy',
          );
          const kinds = page.getByRole('group', { name: 'Kind of remedy' });
          if (javaScript) await expect(page.getByLabel('Amount in pounds').isVisible()).resolves.toBe(false);
          await kinds.getByLabel('Financial redress', { exact: true }).check();
          await page.getByLabel('Amount in pounds').fill('25');
          await page.getByLabel('Description', { exact: true }).fill('Parking costs refunded');
          await journey.follow(
            () => page.getByRole('button', { name: 'Add remedy' }).click(),
            'remedy added',
          );
          await expect(page.locator('.app-remedies').textContent()).resolves.toContain('£25.00');

          await subPage(journey, 'Colleagues');
          await journey.follow(
            () => page.getByRole('link', { name: 'Add a colleague' }).click(),
            'add a colleague',
          );
          await page.getByLabel('Name', { exact: true }).fill('Sam Nurse');
          await page.getByLabel('How they were involved').fill('Triage nurse that night');
          const told = page.getByRole('group', { name: 'Date they were told (optional)' });
          await told.getByLabel('Day').fill('31');
          await told.getByLabel('Month').fill('2');
          await told.getByLabel('Year').fill('2026');
          await journey.follow(
            () => page.getByRole('button', { name: 'Add colleague' }).click(),
            'colleague with a bad date',
          );
          await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
            'Date they were told must be a real date',
          );
          const today = ukToday();
          await told.getByLabel('Day').fill(today.day);
          await told.getByLabel('Month').fill(today.month);
          await told.getByLabel('Year').fill(today.year);
          await journey.follow(
            () => page.getByRole('button', { name: 'Add colleague' }).click(),
            'colleague added',
          );
          await expect(banner(page)).resolves.toContain('Colleague added.');

          await subPage(journey, 'Overview');
          if (javaScript) await measureOverview(journey, 'a case under investigation');
          await expect(primaryStep(page)).resolves.toBe('Submit the response for sign-off');
          await followPrimary(journey, 'submit for sign-off');
          // The draft response is built from the findings and the remedy.
          const response = page.getByLabel('Draft final response');
          const draft = await response.inputValue();
          expect(draft).toContain('The waiting-time board was not working that night.');
          await response.fill(draft.replace(/\[To complete:[^\]]*\]/g, 'An investigator read the records.'));
          await submitEvent(journey, 'Submit response for sign-off');
          await expect(statusOf(page)).resolves.toBe('Response drafted');
          await expect(
            page.getByText('The response is waiting for a responsible person to sign it off.').count(),
          ).resolves.toBe(1);
          await journey.signOut();

          await journey.signIn(ctx.users['responsible-person'].email);
          await journey.visit(`/complaints/${reference}`, 'case for sign-off');
          await expect(primaryStep(page)).resolves.toBe('Review the response');
          await followPrimary(journey, 'review the response');
          await expect(page.locator('.app-letter').textContent()).resolves.toContain(
            'An investigator read the records.',
          );
          expect(await journey.title()).toContain('Sign off response');
          await page.getByLabel('Approve').check();
          await journey.follow(
            () => page.getByRole('button', { name: 'Confirm your decision', exact: true }).click(),
            'after sign-off',
          );
          if (!journey.path().startsWith(`/complaints/${reference}?`)) {
            await journey.visit(`/complaints/${reference}`, 'case after sign-off');
          }
          await expect(statusOf(page)).resolves.toBe('Signed off');
          await journey.signOut();

          await journey.signIn(ctx.users['complaints-handler'].email);
          await journey.visit(`/complaints/${reference}`, 'case to send the final response');
          // Not closable until the signed-off final response has gone.
          await expect(primaryStep(page)).resolves.toBe('Send the final response');
          await expect(
            page.getByRole('link', { name: 'Close the complaint', exact: true }).count(),
          ).resolves.toBe(0);
          await followPrimary(journey, 'final response');
          // Sent exactly as approved, signed by the responsible person.
          const approved = (await page.locator('.app-letter').textContent()) ?? '';
          expect(approved).toContain(ctx.users['responsible-person'].name);
          expect(approved).toContain('An investigator read the records.');
          await journey.follow(
            () => page.getByRole('button', { name: 'Send email' }).click(),
            'final response sent',
          );
          await expect(banner(page)).resolves.toContain(
            'Final response sent to Pat Caller. Next: close the complaint.',
          );
          await expect(primaryStep(page)).resolves.toBe('Close the complaint');
          await followPrimary(journey, 'close');
          await submitEvent(journey, 'Close');
          await expect(statusOf(page)).resolves.toBe('Closed');
          await expect(banner(page)).resolves.toContain('Complaint closed.');

          await subPage(journey, 'Timeline');
          const headings = (await page.locator('.app-timeline__item h3').allTextContents()).map((t) =>
            t.trim(),
          );
          const steps = [...headings].reverse();
          for (const step of [
            'Complaint received',
            'Acknowledged',
            'Escalated to stage 2',
            'Response submitted for sign-off',
            'Response signed off',
            'Closed',
          ]) {
            expect(steps, `timeline has "${step}"`).toContain(step);
          }
          // Newest first, as the page says.
          expect(headings[0]).toBe('Closed');
          expect(new Set(headings.filter((h) => h.includes(':'))).size).toBe(0);
          await expect(page.locator('.app-timeline').textContent()).resolves.toContain(
            'The complainant wants an investigation of the delay.',
          );

          // Withdrawing is confirmed on its own page; cancelling changes nothing.
          await journey.visit(`/complaints/${overdueReference}`, 'overdue case');
          await otherAction(journey, 'Withdraw the complaint');
          await expect(
            page.getByRole('button', { name: 'Yes, withdraw the complaint' }).count(),
          ).resolves.toBe(1);
          await journey.follow(
            () => page.getByRole('link', { name: 'Cancel' }).click(),
            'withdraw cancelled',
          );
          await expect(statusOf(page)).resolves.toBe('Received');

          await worklistFilters(journey, reference, overdueReference);
          journey.expectNoPageProblems();
        } finally {
          await journey.close();
        }
      },
    );
  });
});

function rowFor(page: Page, reference: string) {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name: reference, exact: true }) });
}

/** The status shown by the case page's heading. */
async function statusOf(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).locator('.govuk-tag').textContent()) ?? '').trim();
}

async function recordPhoneComplaint(journey: Journey): Promise<string> {
  const { page } = journey;
  await journey.follow(
    () => page.getByRole('button', { name: 'Record a complaint' }).click(),
    'record a complaint',
  );
  expect(journey.path()).toBe('/complaints/new');

  await journey.follow(
    () => page.getByRole('button', { name: 'Record complaint' }).click(),
    'record a complaint with errors',
  );
  expect(await journey.title()).toBe('Error: Record a complaint – Candour');
  await expect(page.locator('.govuk-error-summary').getByRole('link').count()).resolves.toBeGreaterThan(1);

  await page
    .getByRole('group', { name: 'How was it received?' })
    .getByLabel('Phone', { exact: true })
    .check();
  const today = ukToday();
  const received = page.getByRole('group', { name: 'Date received' });
  await received.getByLabel('Day').fill(today.day);
  await received.getByLabel('Month').fill(today.month);
  await received.getByLabel('Year').fill(today.year);
  await page.getByLabel('Full name').fill('Pat Caller');
  await page.getByLabel('Email address (optional)').fill('pat@example.com');
  await page.getByLabel('Phone number (optional)').fill('020 7946 0001');
  await page
    .getByRole('group', { name: 'How do they want to be contacted?' })
    .getByLabel('Email', { exact: true })
    .check();
  await page
    .getByLabel('What happened')
    .fill('Pat waited four hours in the emergency department with no update.');
  await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Emergency department' });
  await journey.follow(
    () => page.getByRole('button', { name: 'Record complaint' }).click(),
    'complaint recorded',
  );

  const match = /^\/complaints\/(CMP-\d{4}-\d{6})\?created=1$/.exec(journey.path());
  expect(match, `the case page after recording, not ${journey.path()}`).toBeTruthy();
  const reference = match?.[1] as string;
  await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
    `Complaint ${reference} recorded.`,
  );
  return reference;
}

/** The text of the overview's one green next-step button. */
async function primaryStep(page: Page): Promise<string> {
  const buttons = page.locator('main .govuk-button');
  await expect(buttons.count()).resolves.toBe(1);
  return ((await buttons.textContent()) ?? '').trim();
}

async function followPrimary(journey: Journey, label: string) {
  await journey.follow(() => journey.page.locator('main .govuk-button').click(), label);
}

/** What the overview's checklist says is outstanding. */
async function outstanding(page: Page): Promise<string> {
  return (await page.locator('.app-checklist').textContent()) ?? '';
}

async function banner(page: Page): Promise<string> {
  return (await page.locator('.govuk-notification-banner--success').textContent()) ?? '';
}

/** Follows a link under "Other actions" on the overview to its page. */
async function otherAction(journey: Journey, action: string) {
  await journey.follow(
    () => journey.page.locator('.app-other-actions').getByRole('link', { name: action, exact: true }).click(),
    `${action} form`,
  );
}

/** Submits a lifecycle event's page with its button. */
async function submitEvent(journey: Journey, action: string) {
  expect(await journey.title()).toContain(action);
  await journey.follow(
    () => journey.page.getByRole('button', { name: action, exact: true }).click(),
    `after ${action}`,
  );
}

/** Goes to a page of the case through its sub-navigation. */
async function subPage(journey: Journey, name: string) {
  await journey.follow(
    () =>
      journey.page
        .getByRole('navigation', { name: 'Case sections' })
        .getByRole('link', { name, exact: true })
        .click(),
    `case: ${name}`,
  );
  const current = journey.page
    .getByRole('navigation', { name: 'Case sections' })
    .locator('[aria-current="page"]');
  await expect(current.textContent()).resolves.toBe(name);
}

/** The overview's height and its tab stops after the skip link at 1280 pixels wide, printed for the record. */
async function measureOverview(journey: Journey, label: string) {
  const { page } = journey;
  await page.setViewportSize({ width: 1280, height: 800 });
  const measured = await page.evaluate<{ height: number; tabStops: number }>(`(() => {
    const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
      .filter((el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0)
      .filter((el) => !el.classList.contains('govuk-skip-link'));
    return { height: document.documentElement.scrollHeight, tabStops: focusable.length };
  })()`);
  console.log(
    `Case overview (${label}) at 1280px: ${measured.height}px tall, ${measured.tabStops} tab stops after the skip link`,
  );
}

async function worklistFilters(journey: Journey, closedReference: string, overdueReference: string) {
  const { page } = journey;
  await journey.visit('/complaints', 'worklist at the end');
  // Open complaints only by default: the closed one is not listed.
  await expect(rowFor(page, closedReference).count()).resolves.toBe(0);
  await expect(rowFor(page, overdueReference).count()).resolves.toBe(1);

  const deadlines = page.getByRole('group', { name: 'Deadlines' });
  await deadlines.getByLabel('Overdue').check();
  await journey.follow(
    () => page.getByRole('button', { name: 'Apply filters' }).click(),
    'worklist, overdue',
  );
  expect(journey.path()).toContain('overdue=yes');
  expect(await page.getByRole('group', { name: 'Deadlines' }).getByLabel('Overdue').isChecked()).toBe(true);
  await expect(rowFor(page, overdueReference).count()).resolves.toBe(1);
  await expect(page.getByText('1 complaint, ordered by the next deadline.').count()).resolves.toBe(1);

  await journey.follow(() => page.getByRole('link', { name: 'Clear filters' }).click(), 'worklist, cleared');
  await page.locator('summary', { hasText: 'Status' }).click();
  await page.getByRole('group', { name: 'Status' }).getByLabel('Closed', { exact: true }).check();
  await journey.follow(() => page.getByRole('button', { name: 'Apply filters' }).click(), 'worklist, closed');
  expect(journey.path()).toContain('status=closed');
  await expect(rowFor(page, closedReference).count()).resolves.toBe(1);
  await expect(rowFor(page, overdueReference).count()).resolves.toBe(0);
}
