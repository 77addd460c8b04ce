/**
 * `npm run screens`: a screenshot of every page, at 1280 and 375 CSS pixels wide, into docs/screens/, with an
 * index (docs/screens/README.md), so a reviewer can see the whole product without running it.
 *
 * It starts the real app on a new embedded database in a temporary folder, fills it with the demo data on a
 * fixed date (so a rerun changes only what changed), and visits every page as the role that sees it: the
 * public complaint form step by step, then each staff role's home page and every page reachable from it by
 * links, and a case in each state of interest with the pages under it. Pages are told apart by route, not
 * URL, so 500 cases make one screenshot each of the case's pages. Nothing is hard-coded about the pages
 * themselves beyond where the public form and the cases live, so it keeps working as the pages change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROLE_LABELS, ROLES, type Role } from '../src/auth/roles.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { DB } from '../src/db/schema.ts';
import { buildServices } from '../src/services.ts';
import { buildApp } from '../src/web/app.ts';
import { launchBrowser, overflowingElementsScript } from '../test/support/chromium.ts';
import { DemoClock, runDemo } from './demo.ts';
import {
  compileRoutes,
  fileStem,
  isCrawlable,
  pageKey,
  type RouteMatcher,
  renderIndex,
  routesNotShown,
  type Shot,
  splitKey,
} from './screens-lib.ts';

/** "Today" for the screenshots: the demo's two years of complaints end here, and every date shown follows. */
const FIXED_NOW = new Date('2026-11-18T11:00:00Z');
const WIDTHS = [1280, 375] as const;
const OUT_DIR = path.resolve(import.meta.dirname, '../docs/screens');
/** Taller pages are cut here: the top of a very long page says what it is; the rest is more of the same. */
const MAX_HEIGHT = 6000;
const DEFAULT_MAX_PAGES = 160;
/** How far from a role's home page the crawl goes, in clicks. */
const MAX_DEPTH = 3;

/**
 * Staff roles in the order they are visited (any role added later comes last): a page several can see is
 * shown as the first that reaches it.
 */
const FIRST_ROLES: readonly Role[] = [
  'complaints-handler',
  'investigator',
  'responsible-person',
  'senior-leader',
  'administrator',
  'complaints-manager',
  'board-member',
  'colleague',
];
const ROLE_ORDER: readonly Role[] = [...FIRST_ROLES, ...ROLES.filter((r) => !FIRST_ROLES.includes(r))];

/** A case in each state worth seeing, and who looks at it. */
const CASE_STATES: readonly { label: string; status: string; stage?: number; roles: Role[] }[] = [
  { label: 'received', status: 'received', roles: ['complaints-handler', 'complaints-manager'] },
  { label: 'acknowledged', status: 'acknowledged', stage: 1, roles: ['complaints-handler'] },
  {
    label: 'stage 2, investigating',
    status: 'investigating',
    stage: 2,
    roles: ['complaints-handler', 'investigator'],
  },
  {
    label: 'response awaiting sign-off',
    status: 'response-drafted',
    roles: ['complaints-handler', 'responsible-person'],
  },
  { label: 'signed off', status: 'signed-off', roles: ['complaints-handler'] },
  { label: 'closed', status: 'closed', roles: ['complaints-handler'] },
];

/** Where the cases live: a URL under one case belongs to it. */
const CASE_PREFIX = '/complaints/:reference';

const SAMPLE_TEXT =
  'I waited four hours in the emergency department with my father and nobody told us why. When I asked, ' +
  'the receptionist said it was not her job to know.';

interface Options {
  count: number;
  maxPages: number;
  /** PNG by default (sharp, and the same bytes when nothing changed); --jpeg for a quarter of the size. */
  format: 'png' | 'jpeg';
}

/** The page's heading without its caption (the service or the case's reference above it), else its title. */
const HEADING = `(() => {
  const h1 = document.querySelector('main h1, h1');
  let text = '';
  if (h1) {
    const copy = h1.cloneNode(true);
    copy.querySelectorAll('[class*="caption"]').forEach((c) => c.remove());
    text = copy.textContent;
  }
  return (text || document.title || '').replace(/\\s+/g, ' ').trim();
})()`;

class Screens {
  readonly shots: Shot[] = [];
  private readonly seen = new Set<string>();
  private readonly numbers = new Map<string, number>();
  private readonly getFormsTried = new Set<string>();
  /** Links that answered with an error status, for the log. */
  readonly refused: string[] = [];

  constructor(
    private readonly baseUrl: string,
    readonly routes: RouteMatcher[],
    private readonly maxPages: number,
    private readonly format: 'png' | 'jpeg',
    /** Run before each page is loaded: puts the database's own timestamps on the fixed day. */
    private readonly beforeVisit: () => Promise<void>,
  ) {}

  get full(): boolean {
    return this.shots.length >= this.maxPages;
  }

  key(url: string): string {
    return pageKey(url, this.routes);
  }

  has(key: string): boolean {
    return this.seen.has(key);
  }

  /**
   * Screenshots the page shown, at each width, unless its key was taken already. A key may carry a role
   * (`role:/path`, a page each role has its own of) and a note after `#` (a case's state, "with errors").
   */
  async take(page: Page, role: string, key: string, status: number): Promise<boolean> {
    if (this.seen.has(key) || this.full) return false;
    this.seen.add(key);
    const number = (this.numbers.get(role) ?? 0) + 1;
    this.numbers.set(role, number);
    const url = new URL(page.url());
    const { route, note } = splitKey(key);
    const title = await page.evaluate<string>(HEADING);
    const name = fileStem(number, key);
    const dir = path.join(OUT_DIR, role);
    fs.mkdirSync(dir, { recursive: true });
    const files: Shot['files'] = [];
    let overflow: string[] = [];
    const original = page.viewportSize() ?? { width: 1280, height: 800 };
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      const height = await page.evaluate<number>('document.documentElement.scrollHeight');
      if (width < 1000) overflow = await page.evaluate<string[]>(overflowingElementsScript(3));
      const file = `${name}-${width}.${this.format === 'jpeg' ? 'jpg' : 'png'}`;
      await page.screenshot({
        path: path.join(dir, file),
        type: this.format,
        ...(this.format === 'jpeg' ? { quality: 70 } : {}),
        fullPage: true,
        animations: 'disabled',
        caret: 'hide',
        ...(height > MAX_HEIGHT ? { clip: { x: 0, y: 0, width, height: MAX_HEIGHT } } : {}),
      });
      files.push({ width, file: `${role}/${file}` });
    }
    await page.setViewportSize(original);
    this.shots.push({
      role,
      number,
      title: title || '(no heading)',
      key: route,
      path: `${url.pathname}${url.search}`,
      status,
      files,
      ...(note ? { note } : {}),
      ...(overflow.length ? { overflow } : {}),
    });
    console.log(
      `  ${role} ${String(number).padStart(2)} ${url.pathname}${url.search}${note ? ` (${note})` : ''}`,
    );
    if (overflow.length)
      console.log(`     wider than the screen at ${WIDTHS.at(-1)} px: ${overflow.join('; ')}`);
    return true;
  }

  /** The page's same-origin links worth following, in page order, each once. */
  async links(page: Page): Promise<string[]> {
    const hrefs = await page.evaluate<string[]>(
      '[...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href"))',
    );
    const out: string[] = [];
    for (const href of hrefs) {
      if (!href || href.startsWith('#') || !isCrawlable(href, this.baseUrl)) continue;
      const url = new URL(href, page.url());
      url.hash = '';
      const value = `${url.pathname}${url.search}`;
      if (!out.includes(value)) out.push(value);
    }
    return out;
  }

  /**
   * Visits `start` and every page reachable from it by links within `depth` clicks, breadth first, taking
   * each new page. `follow` says which links to take; `keyFor` may give a page a key of its own (a role's home).
   * A page with a GET form (the worklist's filters) is also shown filtered once.
   */
  async crawl(
    page: Page,
    role: string,
    starts: string[],
    options: {
      depth: number;
      follow: (url: string, key: string) => boolean;
      keyFor?: (key: string) => string;
    },
  ): Promise<void> {
    const queue = starts.map((url) => ({ url, depth: 0 }));
    const queued = new Set(starts);
    // Each route once in this crawl, to find its links, even when another role took its screenshot.
    const visited = new Set<string>();
    while (queue.length && !this.full) {
      const { url, depth } = queue.shift() as { url: string; depth: number };
      const plain = this.key(url);
      const key = options.keyFor ? options.keyFor(plain) : plain;
      if (visited.has(key)) continue;
      visited.add(key);
      await this.beforeVisit();
      const response = await page.goto(url).catch(() => null);
      if (!response || !(response.headers()['content-type'] ?? '').includes('text/html')) continue;
      const landed = this.key(page.url());
      const landedKey = options.keyFor ? options.keyFor(landed) : landed;
      visited.add(landedKey);
      // A page refused here (a letter that does not apply to this case yet) may be shown for another case.
      if (response.status() >= 400) {
        const line = `${response.status()} as ${role}: ${plain}`;
        if (!this.refused.includes(line)) this.refused.push(line);
        continue;
      }
      await this.take(page, role, landedKey, response.status());
      const filtered = await this.filterOnce(page, landed);
      if (filtered && !queued.has(filtered)) {
        queued.add(filtered);
        queue.unshift({ url: filtered, depth: depth + 1 });
      }
      if (depth >= options.depth) continue;
      for (const link of await this.links(page)) {
        if (queued.has(link) || !options.follow(link, this.key(link))) continue;
        queued.add(link);
        queue.push({ url: link, depth: depth + 1 });
      }
    }
  }

  /** For a page with a GET form in its main content: the URL it gives with its first choice made, once per route. */
  private async filterOnce(page: Page, key: string): Promise<string | null> {
    const bare = key.split('?')[0] as string;
    if (this.getFormsTried.has(bare)) return null;
    const form = page.locator('main form[method="get" i], main form:not([method])').first();
    if ((await form.count()) === 0) return null;
    this.getFormsTried.add(bare);
    const before = page.url();
    const select = form.locator('select').first();
    const checkbox = form.locator('input[type="checkbox"]').first();
    const radio = form.locator('input[type="radio"]').nth(1);
    if ((await checkbox.count()) > 0) await checkbox.check({ force: true });
    else if ((await select.count()) > 0) {
      const values = await select
        .locator('option')
        .evaluateAll((os) => os.map((o) => o.getAttribute('value') ?? o.textContent ?? ''));
      const value = values.find((v) => v !== '');
      if (!value) return null;
      await select.selectOption(value);
    } else if ((await radio.count()) > 0) await radio.check({ force: true });
    else return null;
    const submit = form.locator('button, input[type="submit"]').first();
    if ((await submit.count()) === 0) return null;
    await Promise.all([page.waitForLoadState('load'), submit.click()]);
    await page.waitForLoadState('load');
    const after = new URL(page.url());
    return page.url() === before ? null : `${after.pathname}${after.search}`;
  }
}

// ---- The public side ----

/** Fills every visible question of the form in `main` with something plausible; radios take the first or last choice. */
async function fillForm(page: Page, choice: 'first' | 'last'): Promise<void> {
  const main = page.locator('main');
  const radioNames = await main
    .locator('input[type="radio"]')
    .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('name') ?? ''))]);
  for (const name of radioNames) {
    const group = main.locator(`input[type="radio"][name="${name}"]`);
    const count = await group.count();
    if (count === 0 || (await group.first().isVisible()) === false) continue;
    await group.nth(choice === 'first' ? 0 : count - 1).check({ force: true });
  }
  const fields = main.locator(
    'input[type="text"], input[type="email"], input[type="tel"], input:not([type]), textarea',
  );
  for (let i = 0; i < (await fields.count()); i++) {
    const field = fields.nth(i);
    if (!(await field.isVisible()) || (await field.inputValue()) !== '') continue;
    const name =
      `${await field.getAttribute('name')} ${await field.getAttribute('autocomplete')}`.toLowerCase();
    const tag = await field.evaluate((el) => el.tagName.toLowerCase());
    await field.fill(
      /day\b|-day|\[day\]/.test(name)
        ? '3'
        : /month/.test(name)
          ? '11'
          : /year/.test(name)
            ? '2026'
            : /email/.test(name)
              ? 'sam.taylor@example.com'
              : /phone|tel/.test(name)
                ? '07700 900123'
                : /relationship/.test(name)
                  ? 'Daughter'
                  : /address/.test(name)
                    ? '2 Mill Lane, Leeds LS2 7AB'
                    : tag === 'textarea'
                      ? SAMPLE_TEXT
                      : /name/.test(name)
                        ? 'Sam Taylor'
                        : 'Example',
    );
  }
  const selects = main.locator('select');
  for (let i = 0; i < (await selects.count()); i++) {
    const select = selects.nth(i);
    if (!(await select.isVisible())) continue;
    const values = await select
      .locator('option')
      .evaluateAll((os) => os.map((o) => o.getAttribute('value') ?? o.textContent ?? ''));
    const value = values.find((v) => v !== '');
    if (value) await select.selectOption(value);
  }
}

/** The form's main button: the first in a POST form in `main` that is not a secondary or warning one. */
async function submit(page: Page): Promise<boolean> {
  const button = page
    .locator('main form[method="post" i] button:not(.govuk-button--secondary):not(.govuk-button--warning)')
    .first();
  if ((await button.count()) === 0) return false;
  await Promise.all([page.waitForLoadState('load'), button.click()]);
  await page.waitForLoadState('load');
  return true;
}

/**
 * The complaint form as a member of the public fills it in: each question page, check your answers and the
 * confirmation, once choosing each question's first answer and once its last (which reaches the pages the
 * first skips), plus the first page's error summary when sent empty.
 */
async function publicForm(screens: Screens, page: Page, start: string): Promise<void> {
  await fillInPublicForm(screens, page, start, 'first');
  await fillInPublicForm(screens, page, start, 'last');
}

async function fillInPublicForm(screens: Screens, page: Page, start: string, choice: 'first' | 'last') {
  await page.context().clearCookies();
  await page.goto(start);
  const startLink = page.locator('main a.govuk-button, main a[role="button"]').first();
  if ((await startLink.count()) === 0) return;
  await Promise.all([page.waitForLoadState('load'), startLink.click()]);
  let errorShown = choice === 'last';
  for (let step = 0; step < 15 && !screens.full; step++) {
    const key = screens.key(page.url());
    await screens.take(page, 'public', key, 200);
    if (!errorShown && (await page.locator('main form[method="post" i]').count()) > 0) {
      errorShown = true;
      await submit(page);
      if ((await page.locator('.govuk-error-summary').count()) > 0)
        await screens.take(page, 'public', `${key}#with errors`, 200);
    }
    const before = page.url();
    await fillForm(page, choice);
    // The second pass stops at check your answers: the first sent the complaint.
    if (choice === 'last' && /check/.test(key)) return;
    if (!(await submit(page))) return;
    if (page.url() === before) {
      await screens.take(page, 'public', `${key}#could not continue`, 200);
      return;
    }
  }
}

/** The sign-in page, then signed in as the user: the page after signing in. */
async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
  await page.waitForLoadState('load');
  if (new URL(page.url()).pathname === '/sign-in') throw new Error(`Could not sign in as ${email}`);
}

// ---- The run ----

/**
 * Times the database stamps itself (`default now()`: when an email was queued, when a page was viewed) come
 * from the real clock, not the services' fixed one. Each such time (a day or more after the fixed day) is
 * moved to just after the fixed moment, a millisecond after the last time moved so, in the order they were
 * written: a rerun shows the same times, in the same order. FIXED_NOW must be at least a day in the past.
 */
async function pinDatabaseClock(db: Kysely<DB>, fixed: Date): Promise<void> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and data_type = 'timestamp with time zone'
      and column_default like '%now()%'
    order by table_name, column_name`.execute(db);
  const realClock = new Date(fixed.getTime() + 86_400_000);
  for (const { table_name, column_name } of columns.rows) {
    const table = sql.id(table_name);
    const column = sql.id(column_name);
    await sql`
      with base as (
        select coalesce(max(${column}), ${fixed}::timestamptz) as at from ${table}
        where ${column} >= ${fixed} and ${column} < ${realClock}),
      ranked as (
        select ctid as row_id, row_number() over (order by ${column}, ctid) as n
        from ${table} where ${column} >= ${realClock})
      update ${table} set ${column} = (select at from base) + ranked.n * interval '1 millisecond'
      from ranked where ${table}.ctid = ranked.row_id`.execute(db);
  }
}

function parseCommandLine(): Options {
  const { values } = parseArgs({
    options: { count: { type: 'string' }, 'max-pages': { type: 'string' }, jpeg: { type: 'boolean' } },
  });
  return {
    count: values.count === undefined ? 300 : Number(values.count),
    maxPages: values['max-pages'] === undefined ? DEFAULT_MAX_PAGES : Number(values['max-pages']),
    format: values.jpeg ? 'jpeg' : 'png',
  };
}

async function newPage(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    reducedMotion: 'reduce',
  });
  return { context, page: await context.newPage() };
}

function directorySize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? directorySize(full) : fs.statSync(full).size;
  }
  return total;
}

async function main(): Promise<void> {
  const options = parseCommandLine();
  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candour-screens-'));
  const config = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    BASE_URL: 'http://127.0.0.1',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '1000000',
    API_RATE_LIMIT_MAX: '1000000',
    SIGN_IN_RATE_LIMIT_MAX: '1000',
    PUBLIC_FORM_RATE_LIMIT_MAX: '1000',
  });
  const database = await openDatabase({ dataDir, lock: false });
  let browser: Browser | null = null;
  try {
    await migrateToLatest(database.db);
    const clock = new DemoClock(() => FIXED_NOW);
    const services = buildServices(config, database, { now: clock.now });
    console.log(`Filling a new embedded database with ${options.count} demo complaints…`);
    const demo = await runDemo({ services, clock, count: options.count, seed: 20240601 });
    await pinDatabaseClock(database.db, FIXED_NOW);
    if (!demo.password) throw new Error('The demo made no users');
    const organisationId = demo.organisation.id;
    const routePatterns: string[] = [];
    const app = await buildApp(services, {
      onRoute: (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        if (methods.includes('GET')) routePatterns.push(route.url);
      },
    });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    console.log(`Demo data ready in ${demo.seconds.toFixed(0)} s; taking screenshots…`);

    fs.rmSync(OUT_DIR, { recursive: true, force: true });
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const screens = new Screens(
      baseUrl,
      compileRoutes(routePatterns),
      options.maxPages,
      options.format,
      // Page views are audited as they happen: the audit trail would show today's times otherwise.
      () => pinDatabaseClock(database.db, FIXED_NOW),
    );
    browser = await launchBrowser();

    // The public side: the complaint form, then whatever the public pages link to (sign-in, accessibility…).
    {
      const { context, page } = await newPage(browser, baseUrl);
      await screens.crawl(page, 'public', ['/complain'], { depth: 0, follow: () => false });
      await publicForm(screens, page, '/complain');
      // The complaint just sent is on the staff's pages: give it the fixed day's times too.
      await pinDatabaseClock(database.db, FIXED_NOW);
      await page.context().clearCookies();
      await screens.crawl(page, 'public', ['/complain', '/sign-in'], {
        depth: 2,
        follow: (_url, key) => !key.startsWith('/complain/') && !key.startsWith(CASE_PREFIX),
      });
      const signInKey = screens.key('/sign-in');
      await page.goto('/sign-in');
      if (await submit(page)) await screens.take(page, 'public', `${signInKey}#with errors`, 200);
      await context.close();
    }

    // Cases in each state of interest, with the demo user who would look at each.
    const complaints = await services.database.db
      .selectFrom('complaints')
      .select(['reference', 'status', 'stage', 'handler_id', 'investigator_id'])
      .where('organisation_id', '=', organisationId)
      .orderBy('reference')
      .execute();
    const users = await services.auth.listUsers(organisationId);
    const demoUsers = demo.users;
    const firstOf = (role: Role) => demoUsers.find((u) => u.role === role);
    const emailOf = (id: string | null) => users.find((u) => u.id === id)?.email;

    for (const role of ROLE_ORDER) {
      if (screens.full) break;
      const user = firstOf(role);
      if (!user) continue;
      const cases = CASE_STATES.filter((s) => s.roles.includes(role))
        .map((state) => {
          const inState = complaints.filter(
            (c) =>
              c.status === state.status &&
              (state.stage === undefined || c.stage === state.stage) &&
              (role !== 'investigator' || c.investigator_id !== null),
          );
          // The handler's own case where there is one: a handler sees their cases' actions.
          const found = inState.find((c) => emailOf(c.handler_id) === user.email) ?? inState[0];
          return found ? { state, complaint: found } : null;
        })
        .filter((c) => c !== null);
      console.log(`${ROLE_LABELS[role]} (${user.email})`);
      const { context, page } = await newPage(browser, baseUrl);
      await signIn(page, user.email, demo.password);
      const home = (key: string) => (key === '/' ? `${role}:/` : key);
      // Roles shown particular cases leave the others alone; the rest show whichever case they reach first.
      await screens.crawl(page, role, ['/'], {
        depth: MAX_DEPTH,
        follow: (_url, key) => cases.length === 0 || !key.startsWith(CASE_PREFIX),
        keyFor: home,
      });
      for (const { state, complaint } of cases) {
        let investigatorPage = page;
        let other: BrowserContext | null = null;
        if (role === 'investigator' && complaint.investigator_id) {
          const email = emailOf(complaint.investigator_id);
          if (email && email !== user.email) {
            const opened = await newPage(browser, baseUrl);
            other = opened.context;
            investigatorPage = opened.page;
            await signIn(investigatorPage, email, demo.password);
          }
        }
        const casePath = `/complaints/${complaint.reference}`;
        await screens.crawl(investigatorPage, role, [casePath], {
          depth: 2,
          follow: (url) => url.startsWith(`${casePath}/`) || url.startsWith(`${casePath}?`),
          keyFor: (key) => (key === CASE_PREFIX ? `${role}:${key}#${state.label}` : key),
        });
        await other?.close();
      }
      await context.close();
    }

    const seconds = (Date.now() - started) / 1000;
    const labels: Record<string, string> = { public: 'The public', ...ROLE_LABELS };
    const ordered = [...screens.shots].sort(
      (a, b) =>
        ['public', ...ROLE_ORDER].indexOf(a.role as Role) -
          ['public', ...ROLE_ORDER].indexOf(b.role as Role) || a.number - b.number,
    );
    const header = [
      '# Screenshots of every page',
      '',
      `Made by \`npm run screens\` (scripts/screens.ts): the real app on the demo data (${options.count} complaints, ` +
        `as on ${FIXED_NOW.toISOString().slice(0, 10)}), each page once per route as the first role that reaches it, ` +
        `at ${WIDTHS.join(' and ')} CSS pixels wide, full page (cut at ${MAX_HEIGHT} pixels). Do not edit: run it again.`,
      '',
      `${screens.shots.length} pages. The route's \`:reference\` and \`:id\` stand for any case or record; ` +
        'query parameters are shown by name. A page marked "with errors" was sent empty.',
    ].join('\n');
    const missing: string[] = [];
    for (const route of routesNotShown(
      screens.routes,
      screens.shots.map((s) => s.path),
    )) {
      // A route with no parameters that answers with something other than a page (a health check) is no page.
      if (!route.includes(':')) {
        const response = await app.inject({ method: 'GET', url: route });
        if (!String(response.headers['content-type'] ?? '').includes('text/html')) continue;
      }
      missing.push(route);
    }
    const footer = missing.length
      ? [
          '## Pages not shown',
          '',
          'GET routes no link led to from the pages above (downloads, links from emails, pages for a state the demo',
          'data has no case in, or a page nothing links to):',
          '',
          ...missing.map((p) => `- \`${p}\``),
          '',
        ].join('\n')
      : '';
    fs.writeFileSync(path.join(OUT_DIR, 'README.md'), renderIndex(ordered, labels, header) + footer);
    const bytes = directorySize(OUT_DIR);
    console.log(
      `\n${screens.shots.length} pages, ${screens.shots.length * WIDTHS.length} screenshots, ` +
        `${(bytes / 1_000_000).toFixed(1)} MB in ${path.relative(process.cwd(), OUT_DIR)} (${seconds.toFixed(0)} s).`,
    );
    if (missing.length) console.log(`Routes not shown: ${missing.join(', ')}`);
    if (screens.refused.length) {
      console.log('Links that answered with an error (not shown):');
      for (const line of screens.refused) console.log(`  ${line}`);
    }
    await app.close();
  } finally {
    await browser?.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error('The screenshots failed:', error);
  process.exit(1);
});
