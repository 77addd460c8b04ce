import fs from 'node:fs';
import path from 'node:path';
import axe, { type AxeResults } from 'axe-core';
import type { Browser, Page, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/roles.ts';
import { createTestApp, TEST_PASSWORD, type TestAppOptions, type TestContext } from './app.ts';
import { CHROMIUM_PATH, HAS_CHROMIUM, overflowingElementsScript } from './chromium.ts';
import type { DatabaseKind } from './database.ts';

export { CHROMIUM_PATH, HAS_CHROMIUM, launchBrowser } from './chromium.ts';

/** The accessibility standard every page is held to: WCAG 2.2 AA, which includes 2.0 and 2.1 A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * The databases the browser suites run on: the embedded one. What a browser adds (the pages' markup, their
 * accessibility, forms that work with JavaScript on and off) does not depend on the database; every route's
 * SQL runs on PostgreSQL in the HTTP suites, and the handler's journey (handler-journey.test.ts) also runs on
 * PostgreSQL end to end, to show the real server works there in a browser. docs/decisions.md, decision 32.
 */
export const BROWSER_DATABASES = ['embedded'] as const;

/** A browser journey is slow next to an HTTP test: give each one room, without timing anything. */
export const JOURNEY_TIMEOUT = 300_000;
export const SERVER_TIMEOUT = 120_000;

const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../screenshots');
const takeScreenshots = process.env.SCREENSHOTS === '1';

let warned = false;

/**
 * Describes a browser suite. Without Chromium the suite is skipped with a loud warning, so a developer
 * without it can still run `npm test`; on CI (CI=true) a missing browser fails the run instead, so the
 * accessibility checks can never be skipped silently where it matters.
 */
export function describeInBrowser(name: string, body: () => void) {
  if (!HAS_CHROMIUM && process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium on CI', () => {
        throw new Error(
          `No Chromium at ${CHROMIUM_PATH}: browser and accessibility tests cannot run. ` +
            'Install it with apt-get install -y chromium',
        );
      });
    });
    return;
  }
  if (!HAS_CHROMIUM && !warned) {
    warned = true;
    const line = '!'.repeat(78);
    console.warn(
      `\n${line}\n!! BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM_PATH} — install it with apt-get install -y chromium\n!! (the accessibility checks did not run; on CI, CI=true makes this a failure)\n${line}\n`,
    );
  }
  describe.skipIf(!HAS_CHROMIUM)(name, body);
}

export interface BrowserServer {
  ctx: TestContext;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real app (CSRF, rate limits, security headers) listening on a random local port. */
export async function startServer(kind: DatabaseKind, options: TestAppOptions = {}): Promise<BrowserServer> {
  const ctx = await createTestApp(kind, options);
  const baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  return { ctx, baseUrl, close: () => ctx.close() };
}

type Violation = AxeResults['violations'][number];

/** A readable account of axe's findings: rule, impact, what to fix and which elements. */
export function describeViolations(violations: Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => {
          const summary = (n.failureSummary ?? '').split('\n').slice(1).join(' ').trim();
          return `      ${n.target.join(' ')}${summary ? `\n        ${summary}` : ''}`;
        })
        .join('\n');
      const more = v.nodes.length > 5 ? `\n      …and ${v.nodes.length - 5} more` : '';
      return `  - ${v.id} [${v.impact ?? 'unknown impact'}]: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

export interface JourneyOptions {
  /** false to browse with JavaScript off, as someone whose scripts failed or are blocked would. */
  javaScript?: boolean;
  /**
   * false to leave axe out. The pages' HTML does not depend on the database, so suites check accessibility
   * on the embedded database and, on PostgreSQL, only that the journeys work: that keeps the browser suites
   * to a couple of minutes.
   */
  axe?: boolean;
}

/**
 * One person's way through the site in one browser tab. Every page reached is checked with axe (a soft
 * failure, so one bad page does not hide the next), and script errors, CSP refusals and failed assets
 * (a missing stylesheet, say) are collected for `expectNoPageProblems`.
 */
export class Journey {
  private readonly found = new Set<string>();
  private pageNumber = 0;
  /** For a journey with JavaScript off: a tab where axe can run on a copy of each page (see `axePage`). */
  private inspector: Page | null = null;
  readonly javaScript: boolean;
  readonly axe: boolean;

  private constructor(
    readonly page: Page,
    readonly baseUrl: string,
    readonly name: string,
    options: JourneyOptions,
  ) {
    this.javaScript = options.javaScript ?? true;
    this.axe = options.axe ?? true;
    page.on('pageerror', (error) => this.found.add(`script error on ${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      // A page sent with an error status is logged as a failed load: that is expected on error pages.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        this.found.add(`console error on ${page.url()}: ${message.text()}`);
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && response.request().resourceType() !== 'document') {
        this.found.add(`${response.status()} for ${response.url().replace(baseUrl, '')}`);
      }
    });
  }

  static async open(
    browser: Browser,
    server: BrowserServer,
    name: string,
    options: JourneyOptions = {},
  ): Promise<Journey> {
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      javaScriptEnabled: options.javaScript ?? true,
    });
    if (options.axe ?? true) await context.addInitScript({ content: axe.source });
    return new Journey(await context.newPage(), server.baseUrl, name, options);
  }

  async close() {
    await this.inspector?.context().close();
    await this.page.context().close();
  }

  /** Goes to a URL and checks the page it lands on. */
  async visit(url: string, label = url): Promise<Response | null> {
    const response = await this.page.goto(url);
    await this.check(label);
    return response;
  }

  /** Clicks something that loads a new page (a link, a form's button), then checks that page. */
  async follow(action: () => Promise<void>, label: string) {
    await action();
    await this.check(label);
  }

  /** Checks the page now shown: axe (WCAG 2.2 AA), and a screenshot when SCREENSHOTS=1. */
  async check(label: string) {
    await this.page.waitForLoadState('load');
    // Without its stylesheets a page fails axe everywhere for one reason; say that reason once, and stop.
    const unstyled = await this.page.evaluate<string[]>(
      '[...document.querySelectorAll(\'link[rel="stylesheet"]\')].filter((l) => !l.sheet || l.sheet.cssRules.length === 0).map((l) => l.getAttribute("href"))',
    );
    if (unstyled.length) {
      throw new Error(
        `Stylesheets did not load on ${label} (${this.path()}): ${unstyled.join(', ')}\n` +
          `Failed requests so far:\n  ${this.problems.join('\n  ')}`,
      );
    }
    this.pageNumber += 1;
    if (takeScreenshots) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = `${this.name}-${String(this.pageNumber).padStart(2, '0')}-${slug(label)}.png`;
      await this.page.screenshot({ path: path.join(SCREENSHOT_DIR, file), fullPage: true });
    }
    const supported = await this.page.evaluate<boolean>(
      'document.body.classList.contains("govuk-frontend-supported")',
    );
    expect
      .soft(supported, `GOV.UK Frontend ${this.javaScript ? 'should' : 'should not'} run on ${label}`)
      .toBe(this.javaScript);
    if (this.axe) await checkA11y(await this.axePage(), `${label} (${this.path()})`);
    await checkReflow(this.page, `${label} (${this.path()})`);
  }

  /**
   * The page axe runs on. axe needs scripts and timers, which a context with JavaScript off does not run,
   * so for such a journey axe checks a copy: the page's DOM with its scripts removed, written into a tab on
   * the same site where JavaScript is on for axe alone. The copy looks and reads as the no-JavaScript page
   * does. The tab is never routed (routing would turn off the browser's cache and fetch every stylesheet and
   * font again for each page): it opens a page of the site once, and each copy is written over it.
   */
  private async axePage(): Promise<Page> {
    if (this.javaScript) return this.page;
    const html = (await this.page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
    if (!this.inspector) {
      const browser = this.page.context().browser();
      if (!browser) throw new Error('The journey has no browser');
      const context = await browser.newContext({ viewport: this.page.viewportSize() });
      await context.addInitScript({ content: axe.source });
      this.inspector = await context.newPage();
      await this.inspector.goto(new URL('/sign-in', this.baseUrl).href);
    }
    await this.inspector.setContent(html);
    return this.inspector;
  }

  async title(): Promise<string> {
    return this.page.title();
  }

  /** The path and query of the page shown, without the server's address. */
  path(): string {
    const url = new URL(this.page.url());
    return `${url.pathname}${url.search}`;
  }

  /** The id of the element that has focus ('' when none has). */
  async focusedId(): Promise<string> {
    return this.page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');
  }

  async signIn(email: string, password = TEST_PASSWORD) {
    await this.visit('/sign-in', 'sign in');
    await this.page.getByLabel('Email address').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.follow(() => this.page.getByRole('button', { name: 'Sign in' }).click(), 'home after sign-in');
    expect(this.path()).toBe('/');
  }

  async signOut() {
    await this.follow(() => this.page.getByRole('button', { name: 'Sign out' }).click(), 'signed out');
    expect(this.path()).toBe('/sign-in?signedOut=1');
  }

  /** Script errors, CSP refusals and failed assets seen so far, each once. */
  get problems(): string[] {
    return [...this.found];
  }

  expectNoPageProblems() {
    expect(this.problems, `script errors or failed assets during ${this.name}`).toEqual([]);
  }
}

/**
 * The one finding accepted knowingly: GOV.UK Frontend's script puts aria-expanded on a radio or checkbox that
 * reveals a further question. ARIA does not list it for those roles, but screen readers announce it and the
 * Design System keeps it on purpose (alphagov/govuk-frontend#979). Only that attribute on those inputs is let
 * through; any other attribute, or any other element, still fails.
 */
function isGovukConditionalReveal(ruleId: string, node: Violation['nodes'][number]): boolean {
  if (ruleId !== 'aria-allowed-attr') return false;
  if (!/^<input[^>]*class="[^"]*govuk-(radios|checkboxes)__input/.test(node.html)) return false;
  const problems = (node.failureSummary ?? '')
    .split('\n')
    .slice(1)
    .map((line) => line.trim());
  return (
    problems.length > 0 &&
    problems.every((p) => /^ARIA attribute is not allowed: aria-expanded="(true|false)"$/.test(p))
  );
}

/**
 * Runs axe on the page against WCAG 2.2 AA; a violation fails the test (softly) with a readable list.
 *
 * axe-core runs in the page itself. A journey's browser context loads it into every page as the page opens
 * (`addInitScript`), so it is not sent over the DevTools connection again for each check, which took longer
 * than the check; a page without it gets it sent once. Only violations are gathered: the passes, which axe
 * would otherwise describe node by node, are never read.
 */
export async function checkA11y(page: Page, label: string): Promise<Violation[]> {
  const violations = await axeViolations(page);
  const report = describeViolations(violations);
  // The report is the message (not the compared value), so it is printed once, not again as a diff.
  expect.soft(violations.length, `axe found WCAG 2.2 AA violations on ${label}:\n${report}\n`).toBe(0);
  return violations;
}

/** axe's WCAG 2.2 AA violations on the page, less the one finding accepted knowingly (see above). */
export async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe?.run === "function"'))) {
    await page.evaluate(axe.source);
  }
  const results = await page.evaluate((tags) => {
    // Runs in the page (this project's TypeScript has no DOM types, hence the casts).
    const inPage = globalThis as unknown as { axe: typeof axe; document: axe.ElementContext };
    return inPage.axe.run(inPage.document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
  }, WCAG_TAGS);
  return results.violations
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !isGovukConditionalReveal(v.id, n)) }))
    .filter((v) => v.nodes.length > 0);
}

/** The narrowest width WCAG 2.2 success criterion 1.4.10 (Reflow) asks a page to work at, in CSS pixels. */
export const REFLOW_WIDTH = 320;

/**
 * WCAG 1.4.10 Reflow: at 320 CSS pixels the page scrolls only up and down. The page is laid out again at that
 * width and nothing may reach past its right edge, except inside a region that scrolls on its own (a wide
 * table in an `overflow-x: auto` box, which the criterion allows for data tables). The width the journey had
 * is put back afterwards. A soft failure naming the widest elements, so the next page is still checked.
 */
export async function checkReflow(page: Page, label: string): Promise<void> {
  const before = page.viewportSize() ?? { width: 1280, height: 720 };
  await page.setViewportSize({ width: REFLOW_WIDTH, height: before.height });
  try {
    const culprits = await page.evaluate<string[]>(overflowingElementsScript(5));
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    const result = { width, culprits };
    expect
      .soft(
        result.width,
        `${label} is ${result.width} CSS pixels wide at ${REFLOW_WIDTH} (WCAG 1.4.10 Reflow): ${result.culprits.join('; ')}`,
      )
      .toBeLessThanOrEqual(REFLOW_WIDTH);
  } finally {
    await page.setViewportSize(before);
  }
}

/** The administrator as an actor, to set up data (services, say) straight through the services. */
export function administrator(ctx: TestContext): Actor {
  const admin = ctx.users.administrator;
  return {
    kind: 'user',
    id: admin.id,
    userId: admin.id,
    organisationId: ctx.organisationId,
    role: 'administrator',
    label: admin.name,
  };
}

/** Today's date in the UK as day, month and year, the way the GOV.UK date input asks for it. */
export function ukToday(now = new Date()): { day: string; month: string; year: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: part('day'), month: part('month'), year: part('year') };
}
