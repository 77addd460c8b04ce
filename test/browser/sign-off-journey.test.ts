import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, complaintInput } from '../support/app.ts';
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

describeInBrowser('acknowledgement, response and sign-off in a browser', () => {
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

    for (const javaScript of [true, false]) {
      const mode = javaScript ? 'with JavaScript' : 'with JavaScript off';
      it(`acknowledges by sending the letter, submits the draft, is returned, then approved and sent (${mode})`, {
        timeout: JOURNEY_TIMEOUT,
      }, async () => {
        const { ctx } = server;
        const complaint = await ctx.services.intake.create(
          ctx.organisationId,
          complaintInput({ complainant: { name: 'Jo Journey', email: 'jo@example.com' } }),
          null,
        );
        const reference = complaint.reference;
        const journey = await Journey.open(
          browser,
          server,
          `sign-off-${javaScript ? 'js' : 'nojs'}-${kind}`,
          {
            javaScript,
          },
        );
        const { page } = journey;
        const banner = () => page.locator('.govuk-notification-banner').first().textContent();
        try {
          await journey.signIn(ctx.users['complaints-handler'].email);

          // Acknowledging is sending the acknowledgement.
          await journey.visit(`/complaints/${reference}/events/acknowledge`, 'acknowledge: send or record');
          await journey.follow(
            () => page.getByRole('button', { name: 'Check and send the acknowledgement' }).click(),
            'acknowledgement letter',
          );
          await journey.follow(
            () => page.getByRole('button', { name: 'Send email' }).click(),
            'case after the acknowledgement',
          );
          expect(journey.path()).toBe(`/complaints/${reference}?sent=acknowledgement`);
          await expect(banner()).resolves.toContain('Acknowledgement sent to Jo Journey');

          // After escalation, straight to the stage 2 acknowledgement.
          await journey.visit(`/complaints/${reference}/events/escalate`, 'escalate');
          await page.getByLabel('Reason').fill('Jo wants the delay investigated.');
          await journey.follow(
            () => page.getByRole('button', { name: 'Escalate to stage 2' }).click(),
            'stage 2 acknowledgement after escalating',
          );
          expect(journey.path()).toBe(
            `/complaints/${reference}/letters/stage2-acknowledgement?after=escalate`,
          );
          await journey.follow(
            () => page.getByRole('button', { name: 'Send email' }).click(),
            'case after the stage 2 acknowledgement',
          );

          // The outcomes (recorded on the case record's own pages, which another part of this work redesigns).
          const handler = actorFor(ctx, 'complaints-handler');
          await ctx.services.caseRecords.addIssue(handler, reference, { summary: 'The four-hour wait' });
          const [issue] = await ctx.services.database.db
            .selectFrom('complaint_issues')
            .select('id')
            .where('complaint_id', '=', complaint.id)
            .execute();
          await ctx.services.caseRecords.recordIssueOutcome(handler, reference, issue?.id as string, {
            outcome: 'upheld',
            findings: 'The waiting-time board was broken that night.',
          });

          // Submitting carries the draft response, built from the findings; the handler finishes it.
          await journey.visit(`/complaints/${reference}/events/submit-response`, 'submit for sign-off');
          const response = page.getByLabel('Draft final response');
          const draft = await response.inputValue();
          expect(draft).toContain('The waiting-time board was broken that night.');
          await response.fill(draft.replace(/\[To complete:[^\]]*\]/g, 'An investigator read the records.'));
          await journey.follow(
            () => page.getByRole('button', { name: 'Submit response for sign-off' }).click(),
            'case after submitting',
          );
          await journey.signOut();

          // The responsible person reads it and returns it with comments.
          await journey.signIn(ctx.users['responsible-person'].email);
          await journey.visit(`/complaints/${reference}/events/sign-off`, 'sign-off page');
          await expect(page.locator('.app-letter').textContent()).resolves.toContain(
            'An investigator read the records.',
          );
          await page.getByLabel('Return with comments').check();
          await page.getByLabel('Your comments for the handler').fill('Name the records that were read.');
          await journey.follow(
            () => page.getByRole('button', { name: 'Confirm your decision' }).click(),
            'case after returning',
          );
          await journey.signOut();

          // The handler sees the comments, changes the response and submits it again.
          await journey.signIn(ctx.users['complaints-handler'].email);
          await journey.visit(`/complaints/${reference}/events/submit-response`, 'submit again');
          await expect(page.locator('#returned-comments').textContent()).resolves.toContain(
            'Name the records that were read.',
          );
          const again = page.getByLabel('Draft final response');
          await again.fill(
            (await again.inputValue()).replace(
              'An investigator read the records.',
              'An investigator read the triage notes and the board log.',
            ),
          );
          await journey.follow(
            () => page.getByRole('button', { name: 'Submit response for sign-off' }).click(),
            'case after submitting again',
          );
          await journey.signOut();

          // Approved this time.
          await journey.signIn(ctx.users['responsible-person'].email);
          await journey.visit(`/complaints/${reference}/events/sign-off`, 'sign-off page again');
          await page.getByLabel('Approve').check();
          await journey.follow(
            () => page.getByRole('button', { name: 'Confirm your decision' }).click(),
            'after approving',
          );
          await journey.signOut();

          // The final response goes out as approved: the text is shown, not offered for editing.
          await journey.signIn(ctx.users['complaints-handler'].email);
          await journey.visit(`/complaints/${reference}/letters/final-response`, 'final response');
          await expect(page.locator('textarea[name="body"]').count()).resolves.toBe(0);
          await expect(page.locator('.app-letter').textContent()).resolves.toContain(
            'An investigator read the triage notes and the board log.',
          );
          await journey.follow(
            () => page.getByRole('button', { name: 'Send email' }).click(),
            'case after the final response',
          );
          await expect(banner()).resolves.toContain('Final response sent to Jo Journey');
          const db = ctx.services.database.db;
          const [approved] = await db
            .selectFrom('response_drafts')
            .select('approved_body')
            .where('complaint_id', '=', complaint.id)
            .where('status', '=', 'approved')
            .execute();
          const [sent] = await db
            .selectFrom('correspondence')
            .select('body')
            .where('complaint_id', '=', complaint.id)
            .where('template_key', '=', 'final-response')
            .execute();
          expect(sent?.body).toBe(approved?.approved_body);
          expect(sent?.body).toContain(ctx.users['responsible-person'].name);
          journey.expectNoPageProblems();
        } finally {
          await journey.close();
        }
      });
    }
  });
});
