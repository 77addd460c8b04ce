import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, complaintInput, signedOffComplaint, TEST_SETTINGS_FORM } from '../support/app.ts';
import {
  BROWSER_DATABASES,
  type BrowserServer,
  describeInBrowser,
  JOURNEY_TIMEOUT,
  Journey,
  launchBrowser,
  SERVER_TIMEOUT,
  startServer,
} from '../support/browser.ts';

const ADMIN_PAGES = [
  { path: '/admin', heading: 'Administration' },
  { path: '/admin/settings', heading: 'Organisation and timescales' },
  { path: '/admin/services', heading: 'Services, teams and sites' },
  { path: '/admin/calendar', heading: null },
  { path: '/admin/users', heading: null },
  { path: '/admin/api-tokens', heading: null },
  { path: '/admin/templates', heading: null },
  { path: '/admin/outbox', heading: null },
];

describeInBrowser('site pages in a browser', () => {
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
    }, SERVER_TIMEOUT);
    afterAll(async () => server?.close());

    it('serves the stylesheets, scripts and icons the pages ask for', {
      timeout: JOURNEY_TIMEOUT,
    }, async () => {
      const journey = await Journey.open(browser, server, `assets-${kind}`);
      try {
        await journey.page.goto('/sign-in', { waitUntil: 'networkidle' });
        expect(
          journey.problems.filter((p) => /^\d{3} for /.test(p)),
          'assets the sign-in page could not load',
        ).toEqual([]);
        // The GOV.UK stylesheet is in force (its typeface on the heading), and its script has run.
        const font = await journey.page.evaluate<string>(
          'getComputedStyle(document.querySelector("h1")).fontFamily',
        );
        expect(font).toContain('GDS Transport');
        const supported = await journey.page.evaluate<boolean>(
          'document.body.classList.contains("govuk-frontend-supported")',
        );
        expect(supported).toBe(true);
      } finally {
        await journey.close();
      }
    });

    it('shows every administration page', { timeout: JOURNEY_TIMEOUT }, async () => {
      const journey = await Journey.open(browser, server, `admin-${kind}`);
      try {
        await journey.signIn(server.ctx.users.administrator.email);
        for (const { path, heading } of ADMIN_PAGES) {
          const response = await journey.visit(path, `admin page ${path}`);
          expect(response?.status(), `status of ${path}`).toBe(200);
          const h1 = (await journey.page.getByRole('heading', { level: 1 }).textContent())?.trim();
          if (heading) expect(h1).toBe(heading);
          else expect(h1, `the heading of ${path}`).toBeTruthy();
        }

        // Each link on the administration page leads somewhere that works.
        await journey.visit('/admin', 'administration');
        const links = journey.page.getByRole('main').getByRole('link');
        const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
        expect(hrefs.length).toBeGreaterThan(4);
        for (const href of hrefs) expect(ADMIN_PAGES.map((p) => p.path)).toContain(href);

        // Buttons styled as links must be readable: their colour comes from the stylesheet, as the content
        // security policy refuses inline styles.
        await journey.visit('/admin/users', 'people and roles');
        const changeRole = journey.page.getByRole('button', { name: 'Change role for Test colleague' });
        expect(await changeRole.isVisible()).toBe(true);
        const colour = await journey.page.evaluate<string>(
          'getComputedStyle([...document.querySelectorAll("button")].find((b) => b.textContent.startsWith("Change role"))).color',
        );
        expect(colour, 'the colour of "Change role"').toBe('rgb(29, 112, 184)');

        // A form with an error, then the same form done right.
        await journey.visit('/admin/services', 'services');
        await journey.follow(
          () => journey.page.getByRole('button', { name: 'Add', exact: true }).click(),
          'services with an error',
        );
        expect(await journey.title()).toMatch(/^Error: /);
        await journey.page.getByLabel('Name', { exact: true }).fill('Emergency department');
        await journey.page
          .getByRole('group', { name: 'Kind' })
          .getByLabel('Service', { exact: true })
          .check();
        await journey.follow(
          () => journey.page.getByRole('button', { name: 'Add', exact: true }).click(),
          'services after adding one',
        );
        await expect(
          journey.page.getByRole('cell', { name: 'Emergency department', exact: true }).count(),
        ).resolves.toBe(1);

        // A letter template, opened from the list.
        await journey.visit('/admin/templates', 'templates');
        const template = journey.page.getByRole('main').getByRole('link').first();
        await journey.follow(() => template.click(), 'one template');
        expect(journey.path()).toMatch(/^\/admin\/templates\/[\w-]+$/);

        await journey.signOut();
        journey.expectNoPageProblems();
      } finally {
        await journey.close();
      }
    });

    it('changes the nation, the independent tier and the complaints team on the settings page', {
      timeout: JOURNEY_TIMEOUT,
    }, async () => {
      const journey = await Journey.open(browser, server, `settings-${kind}`);
      const { page } = journey;
      try {
        await journey.signIn(server.ctx.users.administrator.email);
        await journey.visit('/admin/settings', 'organisation settings');
        const ombudsman = page.getByRole('group', { name: 'Which Ombudsman do complainants go to?' });
        await expect(
          ombudsman
            .getByLabel('The one for our nation and sector: Parliamentary and Health Service Ombudsman')
            .isChecked(),
        ).resolves.toBe(true);

        // Another independent body reveals its questions; leave them empty to see every error at once.
        await page
          .getByRole('group', { name: 'Which nation does your organisation serve?' })
          .getByLabel('Wales')
          .check();
        await page.getByLabel('Another independent body').check();
        await expect(page.getByLabel('Time limit after our final response').isVisible()).resolves.toBe(true);
        await page.getByLabel('Telephone').fill('ring us');
        await journey.follow(
          () => page.getByRole('button', { name: 'Save settings' }).click(),
          'organisation settings with errors',
        );
        expect(await journey.title()).toMatch(/^Error: Organisation and timescales/);
        const summary = page.locator('.govuk-error-summary');
        await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
          'Enter the name of the independent body',
          'Enter the independent body’s website',
          'Enter the time limit as a whole number of months from 1 to 24',
          'Enter a telephone number, like 0300 123 4567',
        ]);
        // What was typed is kept, the revealed questions included.
        await expect(page.getByLabel('Telephone').inputValue()).resolves.toBe('ring us');
        await expect(page.getByLabel('Another independent body').isChecked()).resolves.toBe(true);

        await page.getByLabel('Name', { exact: true }).fill('the Independent Complaints Reviewer');
        await page.getByLabel('Website', { exact: true }).fill('www.icrev.org.uk');
        await page.getByLabel('Time limit after our final response').fill('3');
        await page.getByLabel('Telephone').fill('0300 123 4567');
        await page.getByLabel('Postal address').fill('Complaints Team\n1 Hospital Road\nCardiff');
        await journey.follow(
          () => page.getByRole('button', { name: 'Save settings' }).click(),
          'organisation settings saved',
        );
        await expect(page.getByText('Settings saved.').count()).resolves.toBe(1);
        await expect(
          ombudsman
            .getByLabel('The one for our nation and sector: Public Services Ombudsman for Wales')
            .isChecked(),
        ).resolves.toBe(true);
        const org = await server.ctx.services.organisations.get(server.ctx.organisationId);
        expect(org).toMatchObject({
          nation: 'wales',
          independent_tier: 'other',
          independent_tier_time_limit_months: 3,
          complaints_team_address: 'Complaints Team\n1 Hospital Road\nCardiff',
        });
        journey.expectNoPageProblems();
      } finally {
        await journey.close();
      }
    });

    for (const javaScript of [true, false]) {
      const mode = javaScript ? 'with JavaScript' : 'with JavaScript off';
      it(`previews new timescales, confirms a deactivation and dates the bank holidays, ${mode}`, {
        timeout: JOURNEY_TIMEOUT,
      }, async () => {
        const { ctx } = server;
        const journey = await Journey.open(
          browser,
          server,
          `admin-warnings-${javaScript ? 'js' : 'nojs'}-${kind}`,
          {
            javaScript,
          },
        );
        const { page } = journey;
        // Received Monday 23 November 2026: respond by 7 December, or by 30 November with 5 days.
        const open = await ctx.services.intake.create(
          ctx.organisationId,
          complaintInput({ receivedAt: '2026-11-23T09:00:00Z' }),
          null,
        );
        try {
          await journey.signIn(ctx.users.administrator.email);
          await journey.visit('/admin/settings', 'organisation settings');
          await page.getByLabel('Stage 1 (early resolution) response within').fill('5');
          await journey.follow(
            () => page.getByRole('button', { name: 'Save settings' }).click(),
            'preview of the due dates that change',
          );
          await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
            'Check the due dates that will change',
          );
          const row = page.getByRole('row').filter({ hasText: open.reference });
          await expect(row.textContent()).resolves.toMatch(/Respond by\s*7 December 2026\s*30 November 2026/);
          // Nothing saved yet.
          const before = await ctx.services.organisations.get(ctx.organisationId);
          expect(before.timescale_overrides).toEqual({});
          await journey.follow(
            () => page.getByRole('button', { name: 'Save and recalculate' }).click(),
            'settings saved after the preview',
          );
          await expect(page.getByText('Settings saved.').count()).resolves.toBe(1);
          await ctx.services.deadlines.runPendingRecalculations();
          const moved = await ctx.services.database.db
            .selectFrom('complaints')
            .select('stage_due_by')
            .where('id', '=', open.id)
            .executeTakeFirstOrThrow();
          expect(moved.stage_due_by).toBe('2026-11-30');
          // Back to the preset, cancelled at the preview: nothing changes.
          await page.getByLabel('Stage 1 (early resolution) response within').fill('10');
          await journey.follow(
            () => page.getByRole('button', { name: 'Save settings' }).click(),
            'preview again',
          );
          // "Change these settings" goes back to the form with the value typed, saving nothing.
          await journey.follow(
            () => page.getByRole('button', { name: 'Change these settings' }).click(),
            'settings changed from the preview',
          );
          await expect(
            page.getByLabel('Stage 1 (early resolution) response within').inputValue(),
          ).resolves.toBe('10');
          await journey.follow(
            () => page.getByRole('button', { name: 'Save settings' }).click(),
            'preview once more',
          );
          await journey.follow(
            () => page.getByRole('link', { name: 'Cancel without saving' }).click(),
            'settings after cancel',
          );
          expect((await ctx.services.organisations.get(ctx.organisationId)).timescale_overrides).toEqual({
            stage1Days: 5,
          });

          // Deactivating is confirmed on its own page.
          await journey.visit('/admin/users', 'people and roles');
          await journey.follow(
            () => page.getByRole('link', { name: 'Deactivate Test board-member' }).click(),
            'deactivation confirmation',
          );
          await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
            'Deactivate Test board-member?',
          );
          await journey.follow(
            () => page.getByRole('button', { name: 'Deactivate Test board-member' }).click(),
            'people after deactivating',
          );
          await expect(page.getByText('Test board-member has been deactivated').count()).resolves.toBe(1);
          await journey.follow(
            () => page.getByRole('button', { name: 'Reactivate Test board-member' }).click(),
            'people after reactivating',
          );
          await expect(page.getByText('Test board-member has been reactivated').count()).resolves.toBe(1);

          await journey.visit('/admin/calendar', 'working-day calendar');
          const main = await page.getByRole('main').textContent();
          expect(main).toContain('Last updated');
          expect(main).toContain('The team that runs this service updates them from GOV.UK');
          expect(main).not.toContain('npm');
          journey.expectNoPageProblems();
        } finally {
          await journey.close();
          await ctx.services.database.db
            .updateTable('complaints')
            .set({ status: 'closed' })
            .where('id', '=', open.id)
            .execute();
          await ctx.services.organisations.updateSettings(actorFor(ctx, 'administrator'), {
            ...TEST_SETTINGS_FORM,
            overrides: {},
          });
        }
      });
    }

    it('shows every other page: each lifecycle form, the audit trail, correspondence and password pages', {
      timeout: JOURNEY_TIMEOUT,
    }, async () => {
      const { ctx } = server;
      const received = await ctx.services.intake.create(
        ctx.organisationId,
        // With adjustments and a phone preference, so every case page is checked with its banner.
        complaintInput({
          complainant: {
            name: 'Robin Page',
            email: 'robin@example.com',
            phone: '01632 960002',
            preferredContact: 'phone',
          },
          adjustments: 'Large print',
        }),
        null,
      );
      const investigating = await ctx.services.intake.create(ctx.organisationId, complaintInput(), null);
      const actor = {
        kind: 'user' as const,
        id: ctx.users.administrator.id,
        userId: ctx.users.administrator.id,
        organisationId: ctx.organisationId,
        role: 'administrator' as const,
        label: 'Admin',
      };
      await ctx.services.lifecycle.applyEvent(actor, investigating.reference, 'escalate', {
        reason: 'Serious',
      });
      const acknowledged = await ctx.services.intake.create(ctx.organisationId, complaintInput(), null);
      await ctx.services.lifecycle.applyEvent(actor, acknowledged.reference, 'acknowledge', {});
      const signedOff = await signedOffComplaint(ctx);
      const journey = await Journey.open(browser, server, `pages-${kind}`);
      try {
        const { token } = await ctx.services.auth
          .requestPasswordReset(ctx.users.colleague.email, () => ({ subject: 'Reset', body: 'Reset' }))
          .then((r) => r ?? { token: '' });
        for (const [path, label] of [
          ['/forgot-password', 'forgot password'],
          [`/set-password/${token}`, 'set password'],
          ['/set-password/not-a-real-token', 'expired link'],
          ['/accessibility', 'accessibility statement'],
        ] as const) {
          const response = await journey.visit(path, label);
          expect(response?.status(), path).toBeLessThan(500);
        }
        await journey.signIn(ctx.users.administrator.email);
        const pages: [string, number][] = [
          ['/', 200],
          ...(['acknowledge', 'escalate', 'extend', 'pause', 'decline', 'withdraw'].map((type) => [
            `/complaints/${received.reference}/events/${type}`,
            200,
          ]) as [string, number][]),
          ...(['acknowledge', 'submit-response', 'extend', 'pause'].map((type) => [
            `/complaints/${investigating.reference}/events/${type}`,
            200,
          ]) as [string, number][]),
          [`/complaints/${acknowledged.reference}/events/resolve-stage1`, 200],
          // Received weeks ago and never acknowledged: too late to resolve without an acknowledgement.
          [`/complaints/${received.reference}/events/resolve-stage1`, 409],
          [`/complaints/${received.reference}/events/close`, 409],
          [`/complaints/${received.reference}/audit`, 200],
          // The case's pages and form pages the handler journey does not reach.
          ...([
            'documents',
            'notes/new',
            'attachments/new',
            'assign',
            'timeline',
            'remedies/new',
            'colleagues/new',
          ].map((page) => [`/complaints/${received.reference}/${page}`, 200]) as [string, number][]),
          [`/complaints/${received.reference}/correspondence`, 200],
          [`/complaints/${received.reference}/letters/acknowledgement`, 200],
          // Not yet signed off: the letter page says why it cannot be written yet.
          [`/complaints/${investigating.reference}/letters/final-response`, 409],
          [`/complaints/${signedOff.reference}/letters/final-response`, 200],
          [`/complaints/${signedOff.reference}/events/close`, 409],
          ['/complaints?includeClosed=yes&stage=2', 200],
        ];
        for (const [path, status] of pages) {
          const response = await journey.visit(path, path);
          expect(response?.status(), path).toBe(status);
        }
        journey.expectNoPageProblems();
      } finally {
        await journey.close();
      }
    });

    it('shows the not-found, sign-in and no-permission pages', { timeout: JOURNEY_TIMEOUT }, async () => {
      const journey = await Journey.open(browser, server, `errors-${kind}`);
      try {
        const missing = await journey.visit('/no-such-page', 'not found');
        expect(missing?.status()).toBe(404);
        expect(await journey.title()).toBe('Page not found – Candour');

        const signIn = await journey.visit('/complaints', 'sign in, asked for a signed-in page');
        expect(signIn?.status()).toBe(200);
        expect(journey.path()).toBe('/sign-in?next=%2Fcomplaints');

        await journey.signIn(server.ctx.users['board-member'].email);
        const forbidden = await journey.visit('/admin/users', 'forbidden');
        expect(forbidden?.status()).toBe(403);
        expect(await journey.title()).toBe('You do not have permission to see this page – Candour');
        journey.expectNoPageProblems();
      } finally {
        await journey.close();
      }
    });
  });
});
