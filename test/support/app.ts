import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify';
import { type Actor, ROLES, type Role } from '../../src/auth/roles.ts';
import { loadConfig } from '../../src/config.ts';
import { draftFinalResponse } from '../../src/modules/correspondence/response-draft.ts';
import { registry } from '../../src/modules/index.ts';
import { LogDriver } from '../../src/notifications/drivers.ts';
import { buildServices, type Services } from '../../src/services.ts';
import { TenancyGuard } from '../../src/tenancy/guard.ts';
import { buildApp } from '../../src/web/app.ts';
import { type DatabaseKind, freshDatabase } from './database.ts';

/** TENANCY_SURVEY=1 lists every unscoped query of a run (with where it was made) instead of failing the first. */
function surveyViolation(violation: Error) {
  const where = (new Error().stack ?? '')
    .split('\n')
    .find((l) => l.includes('/src/') && !l.includes('/tenancy/'));
  console.log(`TENANCY ${violation.message} @ ${where?.trim()}`);
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** The test organisation's complaints team, as letters give it. */
export const TEST_COMPLAINTS_TEAM = {
  complaints_team_name: 'Patient Advice and Complaints Team',
  complaints_team_phone: '0300 123 4567',
  contact_email: 'complaints@test-trust.example',
  complaints_team_address: 'Test NHS Trust\n1 Hospital Road\nLeeds\nLS1 4AA',
  advocacy_name: 'NHS Complaints Advocacy',
  advocacy_url: 'https://www.nhscomplaintsadvocacy.example',
};

/** The settings page's form as the test organisation has it, to post with a change or two. */
export const TEST_SETTINGS_FORM = {
  name: 'Test NHS Trust',
  nation: 'england',
  sector: 'nhs',
  ombudsman: 'derived',
  independentTier: 'none',
  tierName: '',
  tierWebsite: '',
  tierTimeLimitMonths: '',
  complaintsTeamName: TEST_COMPLAINTS_TEAM.complaints_team_name,
  complaintsTeamPhone: TEST_COMPLAINTS_TEAM.complaints_team_phone,
  contactEmail: TEST_COMPLAINTS_TEAM.contact_email,
  complaintsTeamAddress: TEST_COMPLAINTS_TEAM.complaints_team_address,
  advocacyName: TEST_COMPLAINTS_TEAM.advocacy_name,
  advocacyUrl: TEST_COMPLAINTS_TEAM.advocacy_url,
  division: 'england-and-wales',
  preset: 'nhs-england',
  acknowledgeDays: '3',
  stage1Days: '10',
  stage1MaxExtendedDays: '20',
  stage2AcknowledgeDays: '3',
  stage2Days: '25',
  outerLimitMonths: '6',
  dueSoonDays: '3',
  countingConvention: 'day-after-receipt',
};

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface TestContext {
  app: FastifyInstance;
  services: Services;
  organisationId: string;
  users: Record<Role, TestUser>;
  driver: LogDriver;
  /** Every route the app registered, as Fastify's onRoute hook saw it (method, url, config). */
  routes: readonly RouteOptions[];
  /** A signed-in browser-like session for the role (cookies kept, CSRF token read from pages). */
  session(role: Role): Promise<TestSession>;
  anonymous(): TestSession;
  apiToken(role: Role): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  now?: () => Date;
  env?: Record<string, string>;
}

/** Boots the real app (CSRF, rate limits and all) on a fresh database, with one user of every role. */
export async function createTestApp(kind: DatabaseKind, options: TestAppOptions = {}): Promise<TestContext> {
  const { database, dispose } = await freshDatabase(kind);
  // Every query the app makes in a test must name its organisation, or the test fails (src/tenancy/guard.ts).
  // Tests read rows for their checks through services.database.db, which the guard does not watch.
  const guarded = database.db.withPlugin(
    new TenancyGuard(registry.tenantTables(), process.env.TENANCY_SURVEY ? surveyViolation : undefined),
  );
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: 'memory://',
    BASE_URL: 'http://localhost:3000',
    SIGN_IN_RATE_LIMIT_MAX: '1000',
    PUBLIC_FORM_RATE_LIMIT_MAX: '1000',
    RATE_LIMIT_MAX: '100000',
    API_RATE_LIMIT_MAX: '100000',
    ...options.env,
  });
  const driver = new LogDriver(null, 1000);
  const services = buildServices(config, database, {
    driver,
    db: guarded,
    ...(options.now ? { now: options.now } : {}),
  });
  const org = await services.organisations.create({
    name: 'Test NHS Trust',
    slug: 'test-trust',
    division: 'england-and-wales',
    preset: 'nhs-england',
  });
  // As an administrator would set them on the settings page: acknowledgement letters give them.
  await database.db.updateTable('organisations').set(TEST_COMPLAINTS_TEAM).where('id', '=', org.id).execute();
  const passwordHash = await services.auth.hashPassword(TEST_PASSWORD);
  const users = {} as Record<Role, TestUser>;
  for (const role of ROLES) {
    const email = `${role}@test.example`;
    const name = `Test ${role}`;
    const { user } = await services.auth.createUser(org.id, { name, email, role }, null);
    await database.db
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', user.id)
      .execute();
    users[role] = { id: user.id, email, name, role };
  }
  const routes: RouteOptions[] = [];
  const app = await buildApp(services, {
    ...(process.env.TEST_LOG ? { logger: { level: 'error' } } : {}),
    onRoute: (route) => routes.push(route),
  });
  await app.ready();
  return {
    app,
    services,
    organisationId: org.id,
    users,
    driver,
    routes,
    async session(role) {
      const session = new TestSession(app);
      await session.signIn(users[role].email, TEST_PASSWORD);
      return session;
    },
    anonymous: () => new TestSession(app),
    async apiToken(role) {
      const { token } = await services.apiTokens.create(org.id, role, `test ${role}`, null);
      return token;
    },
    async close() {
      await app.close();
      await dispose();
    },
  };
}

/** Keeps cookies between requests and reads the CSRF token from the last HTML page, as a browser would. */
export class TestSession {
  private readonly cookies = new Map<string, string>();
  csrfToken: string | null = null;

  constructor(private readonly app: FastifyInstance) {}

  /** Another session with the same cookies and token: what it is sent changes this one's cookies no more. */
  clone(): TestSession {
    const copy = new TestSession(this.app);
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    copy.csrfToken = this.csrfToken;
    return copy;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: LightMyRequestResponse) {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match?.[1]) this.csrfToken = match[1];
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } });
    this.remember(response);
    return response;
  }

  /** Posts a form; fetches `formPage` first (default: the same URL) to pick up a CSRF token when none is held. */
  async post(
    url: string,
    fields: Record<string, string | string[]>,
    options: { formPage?: string; csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    if (options.csrf !== false && !this.csrfToken) await this.get(options.formPage ?? url);
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) {
      for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    }
    if (options.csrf !== false && this.csrfToken && !('_csrf' in fields))
      body.append('_csrf', this.csrfToken);
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.remember(response);
    return response;
  }

  /** Uploads a file with the CSRF token held, or with `csrf` instead (false: none at all). */
  async upload(
    url: string,
    file: { field?: string; filename: string; content: Buffer; contentType?: string },
    options: { csrf?: string | false } = {},
  ) {
    const csrf = options.csrf ?? this.csrfToken;
    if (csrf === null) throw new Error('Load a page first to get a CSRF token');
    const boundary = `----candour${Date.now()}`;
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`;
    const payload = Buffer.concat([Buffer.from(head), file.content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const response = await this.app.inject({
      method: 'POST',
      url: csrf === false ? url : `${url}?_csrf=${encodeURIComponent(csrf)}`,
      headers: { cookie: this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    this.remember(response);
    return response;
  }

  async signIn(email: string, password: string) {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    if (response.statusCode !== 303) throw new Error(`Sign-in failed for ${email}: ${response.statusCode}`);
    return response;
  }
}

/** A minimal valid complaint for the API and services. */
export function complaintInput(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'email',
    receivedAt: '2026-11-02T10:00:00Z',
    complainant: { name: 'Alex Example', email: 'alex@example.com' },
    description: 'I waited four hours in the emergency department and nobody told me why.',
    outcomeSought: 'An explanation and an apology',
    ...overrides,
  };
}

/** The test organisation's person in a role, as an actor for the services. */
export function actorFor(ctx: TestContext, role: Role): Actor {
  const user = ctx.users[role];
  return {
    kind: 'user',
    id: user.id,
    userId: user.id,
    organisationId: ctx.organisationId,
    role,
    label: user.name,
  };
}

/**
 * A complaint taken through the real services to a signed-off stage 2 response (escalated, the draft final
 * response from the organisation's template submitted by a handler with its parts to write written, signed off
 * by the responsible person), ready for its final response letter.
 */
export async function signedOffComplaint(ctx: TestContext, overrides: Record<string, unknown> = {}) {
  const handler = actorFor(ctx, 'complaints-handler');
  const complaint = await ctx.services.intake.create(ctx.organisationId, complaintInput(overrides), handler);
  await ctx.services.lifecycle.applyEvent(handler, complaint.reference, 'escalate', { reason: 'Serious' });
  const summary = 'The wait was too long and nobody explained it.';
  const current = await ctx.services.cases.find(handler, complaint.reference);
  const draft = await draftFinalResponse(
    ctx.services.db,
    { ...current, outcome: 'partly-upheld', outcome_summary: summary },
    [],
    ctx.services.today(),
  );
  await ctx.services.lifecycle.applyEvent(handler, complaint.reference, 'submit-response', {
    outcome: 'partly-upheld',
    summary,
    response: draft.replace(/\[To complete:[^\]]*\]/g, 'An investigator read the records.'),
  });
  return ctx.services.lifecycle.applyEvent(
    actorFor(ctx, 'responsible-person'),
    complaint.reference,
    'sign-off',
    {},
  );
}
