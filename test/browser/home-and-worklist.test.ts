import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.ts';
import { complaintInput } from '../support/app.ts';
import {
  type BrowserServer,
  describeInBrowser,
  JOURNEY_TIMEOUT,
  Journey,
  launchBrowser,
  SERVER_TIMEOUT,
  startServer,
} from '../support/browser.ts';

// Every role's home page and the worklist with filters, with JavaScript on and off: axe and the 320-pixel
// reflow check run on every page visited (test/support/browser.ts). Accessibility does not depend on the
// database, so this suite runs on the embedded one.
const HOMES: { role: Role; heading: string }[] = [
  { role: 'complaints-handler', heading: 'My cases by next deadline' },
  { role: 'investigator', heading: 'My investigations by next deadline' },
  { role: 'responsible-person', heading: 'Waiting for sign-off' },
  { role: 'senior-leader', heading: 'Overdue cases' },
  { role: 'complaints-manager', heading: 'The team’s load' },
  { role: 'administrator', heading: 'Administration' },
  { role: 'board-member', heading: 'What will appear here' },
  { role: 'colleague', heading: 'What will appear here' },
];

describeInBrowser('home pages and the worklist in a browser', () => {
  let browser: Browser;
  let server: BrowserServer;
  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer('embedded', { now: () => new Date('2026-11-25T10:00:00Z') });
    const { ctx } = server;
    for (const [i, name] of ['Priya Patel', 'Sam Jones', 'Alex Example'].entries()) {
      const c = await ctx.services.intake.create(
        ctx.organisationId,
        complaintInput({ complainant: { name, email: 'p@example.com' }, receivedAt: '2026-10-01T10:00:00Z' }),
        null,
      );
      await ctx.services.database.db
        .updateTable('complaints')
        .set({
          handler_id: i === 2 ? null : ctx.users['complaints-handler'].id,
          investigator_id: i === 1 ? ctx.users.investigator.id : null,
          status: i === 1 ? 'response-drafted' : 'acknowledged',
          stage: i === 1 ? 2 : 1,
          ...(i === 1 ? { stage2_started_on: '2026-10-20' } : {}),
          next_due_on: i === 0 ? '2025-12-19' : '2026-12-01',
          next_due_kind: 'respond',
        })
        .where('id', '=', c.id)
        .execute();
    }
  }, SERVER_TIMEOUT);
  afterAll(async () => {
    await server?.close();
    await browser?.close();
  });

  describe.each([true, false])('JavaScript %s', (javaScript) => {
    // With JavaScript off, two homes stand for the rest: one with figures and one that explains (the pages have
    // no script of their own, only the layout's), which keeps CI short.
    it.each(
      javaScript
        ? HOMES
        : HOMES.filter(({ role }) => role === 'complaints-handler' || role === 'board-member'),
    )('shows a $role a home page of their own', { timeout: JOURNEY_TIMEOUT }, async ({ role, heading }) => {
      const journey = await Journey.open(browser, server, `home-${role}-js-${javaScript}`, {
        javaScript,
      });
      try {
        await journey.signIn(server.ctx.users[role].email);
        await journey.visit('/', `${role} home`);
        expect
          .soft(await journey.page.getByRole('heading', { name: heading }).count(), `${role}: ${heading}`)
          .toBe(1);
        journey.expectNoPageProblems();
      } finally {
        await journey.close();
      }
    });

    it('filters the worklist and removes a filter by its tag', { timeout: JOURNEY_TIMEOUT }, async () => {
      const journey = await Journey.open(browser, server, `worklist-js-${javaScript}`, { javaScript });
      const { page } = journey;
      try {
        await journey.signIn(server.ctx.users['complaints-handler'].email);
        await journey.follow(
          () => page.getByRole('link', { name: '1 of my cases overdue' }).click(),
          'worklist, my overdue cases',
        );
        expect(
          await page.getByText('Send stage 1 response, 235 working days overdue').count(),
        ).toBeGreaterThan(0);
        expect(await page.getByRole('link', { name: 'Remove filter Overdue' }).count()).toBeGreaterThan(0);
        await journey.follow(
          () => page.getByRole('link', { name: 'Remove filter Overdue' }).click(),
          'worklist, my cases',
        );
        expect(await page.getByRole('link', { name: 'Remove filter Overdue' }).count()).toBe(0);
        expect(await page.getByRole('link', { name: 'Remove filter Handler: me' }).count()).toBeGreaterThan(
          0,
        );
        await page.getByLabel('Stage', { exact: true }).selectOption('2');
        await journey.follow(
          () => page.getByRole('button', { name: 'Apply filters' }).click(),
          'worklist, my stage 2 cases',
        );
        expect(await page.getByText('Sam Jones').count()).toBeGreaterThan(0);
        expect(await page.getByText('Priya Patel').count()).toBe(0);
        await journey.follow(() => page.getByRole('link', { name: 'Clear filters' }).click(), 'worklist');
        expect(await page.getByText('Alex Example').count()).toBeGreaterThan(0);
        journey.expectNoPageProblems();
      } finally {
        await journey.close();
      }
    });
  });
});
