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

    it(`records a phone complaint and takes it through stage 2 to closed${kind === 'embedded' ? ', axe on every page' : ''}`, {
      timeout: JOURNEY_TIMEOUT,
    }, async () => {
      const { ctx } = server;
      const journey = await Journey.open(browser, server, `handler-${kind}`);
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

        // Acknowledging is sending the acknowledgement (or recording one given another way).
        await journey.follow(
          () => page.getByRole('button', { name: 'Acknowledge', exact: true }).first().click(),
          'acknowledge: send or record',
        );
        await journey.follow(
          () => page.getByRole('button', { name: 'Check and send the acknowledgement' }).click(),
          'acknowledgement letter',
        );
        expect(journey.path()).toBe(`/complaints/${reference}/letters/acknowledgement`);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
          'check and send',
        );
        await journey.follow(
          () => page.getByRole('button', { name: 'Send email' }).click(),
          'case after letter',
        );
        expect(journey.path()).toBe(`/complaints/${reference}?sent=acknowledgement`);
        await expect(statusOf(page)).resolves.toBe('Acknowledged – early resolution');

        await lifecycleEvent(journey, 'Escalate to stage 2', async () => {
          // Escalating needs a reason: see the error first.
          await journey.follow(
            () => page.getByRole('button', { name: 'Escalate to stage 2' }).click(),
            'escalate with an error',
          );
          expect(await journey.title()).toMatch(/^Error: Escalate to stage 2/);
          await expect(page.locator('.govuk-error-summary').getByRole('link').count()).resolves.toBe(1);
          await page.getByLabel('Reason').fill('The complainant wants an investigation of the delay.');
        });
        // The stage 2 acknowledgement is offered at once; sending it acknowledges stage 2.
        expect(journey.path()).toBe(`/complaints/${reference}/letters/stage2-acknowledgement?after=escalate`);
        await journey.follow(
          () => page.getByRole('button', { name: 'Send email' }).click(),
          'case after the stage 2 acknowledgement',
        );
        await expect(statusOf(page)).resolves.toBe('Under investigation');

        // The case record: an issue, its outcome, a remedy.
        await page.getByLabel('Summary of the issue').fill('Nobody explained the four-hour wait');
        await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Emergency department' });
        await journey.follow(() => page.getByRole('button', { name: 'Add issue' }).click(), 'issue added');
        const issue = page.locator('.govuk-summary-card', { hasText: 'Nobody explained the four-hour wait' });
        await expect(issue.count()).resolves.toBe(1);
        await issue
          .getByRole('group', { name: 'Outcome for this issue' })
          .getByLabel('Upheld', { exact: true })
          .check();
        await issue.getByLabel('Findings').fill('The waiting-time board was not working that night.');
        await journey.follow(
          () => issue.getByRole('button', { name: 'Save outcome' }).click(),
          'issue outcome',
        );
        await expect(issue.textContent()).resolves.toContain('The waiting-time board was not working');

        await page
          .getByRole('group', { name: 'Kind of remedy' })
          .getByLabel('Apology', { exact: true })
          .check();
        await page.getByLabel('Description', { exact: true }).fill('A written apology from the ward manager');
        await journey.follow(() => page.getByRole('button', { name: 'Add remedy' }).click(), 'remedy added');
        await expect(page.locator('#remedies ~ ul').first().textContent()).resolves.toContain(
          'A written apology from the ward manager',
        );

        await lifecycleEvent(journey, 'Submit response for sign-off', async () => {
          // The outcome comes from the issue's, and the draft response from the findings and the remedy.
          const response = page.getByLabel('Draft final response');
          const draft = await response.inputValue();
          expect(draft).toContain('The waiting-time board was not working that night.');
          await response.fill(draft.replace(/\[To complete:[^\]]*\]/g, 'An investigator read the records.'));
        });
        await expect(statusOf(page)).resolves.toBe('Response drafted');
        await journey.signOut();

        await journey.signIn(ctx.users['responsible-person'].email);
        await journey.visit(`/complaints/${reference}`, 'case for sign-off');
        await journey.follow(
          () => page.getByRole('button', { name: 'Sign off response', exact: true }).first().click(),
          'sign-off form',
        );
        await page.getByLabel('Approve').check();
        await journey.follow(
          () => page.getByRole('button', { name: 'Confirm your decision' }).click(),
          'after sign-off',
        );
        await expect(statusOf(page)).resolves.toBe('Signed off');
        await journey.signOut();

        await journey.signIn(ctx.users['complaints-handler'].email);
        await journey.visit(`/complaints/${reference}`, 'case to send the final response');
        // Not closable until the signed-off final response has gone.
        await expect(page.getByRole('button', { name: 'Close', exact: true }).count()).resolves.toBe(0);
        await journey.follow(
          () => page.getByRole('link', { name: 'Write the final response' }).click(),
          'final response',
        );
        // Sent exactly as approved, signed by the responsible person.
        await expect(page.locator('.app-letter').textContent()).resolves.toContain(
          ctx.users['responsible-person'].name,
        );
        await journey.follow(
          () => page.getByRole('button', { name: 'Send email' }).click(),
          'final response sent',
        );
        await lifecycleEvent(journey, 'Close');
        await expect(statusOf(page)).resolves.toBe('Closed');

        const timeline = await page.locator('.app-timeline__item h3').allTextContents();
        const steps = timeline.map((t) => t.trim()).reverse();
        for (const step of [
          'Acknowledge: Acknowledged – early resolution',
          'Escalate to stage 2: Under investigation',
          'Submit response for sign-off: Response drafted',
          'Sign off response: Signed off',
          'Close: Closed',
        ]) {
          expect(steps, `timeline has "${step}"`).toContain(step);
        }
        expect(steps.indexOf('Close: Closed')).toBeGreaterThan(
          steps.indexOf('Sign off response: Signed off'),
        );
        await expect(page.locator('#timeline ~ ol').textContent()).resolves.toContain(
          'The complainant wants an investigation of the delay.',
        );

        await worklistFilters(journey, reference, overdueReference);
        journey.expectNoPageProblems();
      } finally {
        await journey.close();
      }
    });
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

/**
 * Chooses an action under "What to do next", checks its page, fills it in (`fill`) and submits it with the
 * button of the same name.
 */
async function lifecycleEvent(journey: Journey, action: string, fill?: () => Promise<void>) {
  const { page } = journey;
  await journey.follow(
    () => page.getByRole('button', { name: action, exact: true }).first().click(),
    `${action} form`,
  );
  expect(await journey.title()).toContain(action);
  await fill?.();
  await journey.follow(
    () => page.getByRole('button', { name: action, exact: true }).click(),
    `after ${action}`,
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
