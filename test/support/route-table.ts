import type { RouteOptions } from 'fastify';
import { allPermissions, can, canAny, type Permission } from '../../src/auth/permissions.ts';
import type { Role } from '../../src/auth/roles.ts';
import { complaintInput, TEST_PASSWORD, TEST_SETTINGS_FORM } from './app.ts';
import type { CaseFixture, OrganisationFixture } from './route-fixture.ts';

/**
 * The app's route table, read from the routes themselves (createTestApp records them as Fastify registers them),
 * with what the route tests need to try each one: what its parameters name and a request worth refusing.
 * A route added later is tried by every test that reads this table; one it cannot fill in fails with a message
 * saying what to add here.
 */

export type Principal = Role | 'anonymous';
type Values = (ours: OrganisationFixture, c: CaseFixture) => string;

/** What one kind of URL parameter names, and how to fill it in. */
export interface ParameterKind {
  /** What it names, in a word or two (for messages). */
  readonly what: string;
  /** Its value in an organisation's fixture (the case's, for what belongs to a case). */
  readonly value: Values;
  /** Another organisation's value names something of theirs: false for names every organisation shares. */
  readonly owned: boolean;
  /** Values that look right but name nothing. */
  readonly unknown: readonly string[];
  /** The answer to a value that names nothing, when it is not 404. */
  readonly notFound?: number;
  /** Names a case, which a role that reads only its assigned cases sees only when assigned to it. */
  readonly case?: true;
  /** What a request with this value needs besides the route's access (which allows any of several). */
  readonly needs?: readonly Permission[];
}

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const id = (what: string, value: Values): ParameterKind => ({
  what,
  value,
  owned: true,
  unknown: [NO_SUCH_ID],
});

/** Keyed by the path segment before the parameter and its name, as in the route: `services/:id`. */
export const PARAMETERS: Readonly<Record<string, ParameterKind>> = {
  'complaints/:reference': {
    what: 'complaint',
    value: (_f, c) => c.reference,
    owned: true,
    unknown: ['CMP-2099-999999'],
    case: true,
  },
  'issues/:issueId': id('issue', (_f, c) => c.issueId),
  'attachments/:attachmentId': id('attachment', (_f, c) => c.attachmentId),
  'correspondence/:id': id('correspondence record', (_f, c) => c.correspondenceId),
  'letters/:key': {
    what: 'letter',
    value: () => 'acknowledgement',
    owned: false,
    unknown: ['no-such-letter'],
  },
  'events/:type': {
    what: 'event type',
    value: () => 'acknowledge',
    owned: false,
    unknown: ['no-such-event'],
    needs: ['complaint:handle'],
  },
  'services/:id': id('service', (f) => f.serviceId),
  'users/:id': id('person', (f) => f.userId),
  'api-tokens/:id': id('API token', (f) => f.tokenId),
  'outbox/:id': id('outbox email', (f) => f.outboxId),
  'templates/:key': {
    what: 'letter template',
    value: () => 'acknowledgement',
    owned: false,
    unknown: ['no-such-letter'],
  },
  'closure-days/:day': {
    what: 'closure day',
    value: (f) => f.closureDay,
    owned: true,
    unknown: ['2099-01-01'],
  },
  // The link's secret is the credential, whoever's it is; an unknown or used one has expired (410).
  'set-password/:token': {
    what: 'password link',
    value: (f) => f.passwordToken,
    owned: false,
    unknown: ['not-a-real-link'],
    notFound: 410,
  },
};

/**
 * Values no parameter takes: wrong shapes, a date that is not one, a NUL, a path, SQL; each is not found. Two
 * are refused before any route runs: one longer than Fastify takes (414) and one that is not URL-encoded (400).
 */
export const MALFORMED: readonly { value: string; status?: number }[] = [
  { value: 'not-a-uuid' },
  { value: 'CMP-x' },
  { value: '2026-13-45' },
  { value: '%00' },
  { value: '..%2F..%2Fadmin' },
  { value: "%27%20or%20'1'%3D'1" },
  { value: 'x'.repeat(300), status: 414 },
  { value: '%E0%A4%A', status: 400 },
];

/** A request a route would act on if it let the sender through: a body that changes something. */
export interface SampleRequest {
  /** JSON for the API, form fields for pages. */
  body(ours: OrganisationFixture, c: CaseFixture): Record<string, unknown>;
  readonly needs?: readonly Permission[];
  /** It ends the session it is sent in, so it is sent in a session of its own. */
  readonly endsSession?: true;
  /** The file, for a route that takes an upload. */
  readonly file?: { readonly filename: string; readonly content: Buffer };
}

/** Today as a form's day, month and year boxes named `name`. */
const today = (f: OrganisationFixture, name: string) => {
  const [year, month, day] = f.today.split('-');
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year };
};
const form = (fields: Record<string, string>): SampleRequest => ({ body: () => fields });
const LETTER = { subject: 'Your complaint', body: 'Thank you for telling us.\n\nWe will reply soon.' };

/** Keyed by method and route as registered. */
export const REQUESTS: Readonly<Record<string, SampleRequest>> = {
  'POST /sign-in': form({ email: 'colleague@test.example', password: TEST_PASSWORD }),
  'POST /sign-out': { body: () => ({}), endsSession: true },
  'POST /forgot-password': { body: (f) => ({ email: f.userEmail }) },
  'POST /set-password/:token': form({ password: 'a new correct horse', confirm: 'a new correct horse' }),
  'POST /complain/who': form({ complainingFor: 'someone-else' }),
  'POST /complain/about-them': form({ name: 'Pat Example', relationship: 'Parent', consent: 'yes' }),
  'POST /complain/about-you': form({
    name: 'Sam Example',
    email: 'sam@example.com',
    preferredContact: 'email',
  }),
  'POST /complain/what-happened': form({ description: 'Nobody told me why.', whenHappened: 'March' }),
  'POST /complain/service': { body: (f) => ({ serviceId: f.serviceId }) },
  'POST /complain/outcome': form({ outcomeSought: 'An apology' }),
  'POST /complain/adjustments': form({ needsAdjustments: 'no', adjustments: '' }),
  'POST /complain/check-your-answers': form({}),
  'POST /complaints/new': {
    body: (f) => ({
      channel: 'phone',
      ...today(f, 'receivedOn'),
      name: 'Alex Example',
      email: 'alex@example.com',
      description: 'Nobody answered the phone for a week.',
      outcomeSought: 'An explanation',
    }),
  },
  'POST /complaints/:reference/assign': { body: (f) => ({ handlerId: f.handlerId, investigatorId: '' }) },
  'POST /complaints/:reference/notes': form({ body: 'Called the ward.' }),
  'POST /complaints/:reference/issues': form({ summary: 'Nobody answered the phone' }),
  'POST /complaints/:reference/issues/:issueId': form({
    outcome: 'upheld',
    findings: 'The phone was broken.',
  }),
  'POST /complaints/:reference/remedies': {
    body: (_f, c) => ({
      kind: 'apology',
      description: 'A written apology',
      remedyIssueId: c.issueId,
      amount: '',
    }),
  },
  'POST /complaints/:reference/colleagues': form({
    colleagueName: 'Dr Example',
    jobTitle: 'Registrar',
    involvement: 'Saw them in the emergency department',
  }),
  'POST /complaints/:reference/attachments': {
    body: () => ({}),
    file: { filename: 'notes.txt', content: Buffer.from('Notes of a call') },
  },
  'POST /complaints/:reference/events/:type': form({ note: 'Acknowledged by phone' }),
  'POST /complaints/:reference/letters/:key': form(LETTER),
  'POST /complaints/:reference/correspondence': {
    body: (f) => ({
      direction: 'outbound',
      channel: 'phone',
      subject: 'Update',
      body: 'Told them.',
      ...today(f, 'date'),
    }),
  },
  'POST /admin/settings': form({ ...TEST_SETTINGS_FORM, complaintsTeamPhone: '0300 765 4321' }),
  'POST /admin/services': form({ name: 'Outpatients', kind: 'service' }),
  'POST /admin/services/:id': form({ active: 'false' }),
  'POST /admin/calendar/closure-days': form({
    'closureDay-day': '6',
    'closureDay-month': '5',
    'closureDay-year': '2031',
    closureReason: 'Staff training',
  }),
  'POST /admin/calendar/closure-days/:day/delete': form({}),
  'POST /admin/users': form({ name: 'New Person', email: 'new.person@test.example', role: 'colleague' }),
  'POST /admin/users/:id': form({ role: 'board-member' }),
  'POST /admin/users/:id/deactivate': form({}),
  'POST /admin/api-tokens': form({ name: 'New token', actsAs: 'role', role: 'colleague' }),
  'POST /admin/api-tokens/:id/revoke': form({}),
  'POST /admin/templates/:key': form({ ...LETTER, action: 'save' }),
  'POST /admin/outbox/:id/retry': form({}),
  'POST /api/v1/complaints': { body: () => complaintInput() },
  'POST /api/v1/complaints/:reference/events': {
    body: () => ({ type: 'acknowledge' }),
    needs: ['complaint:handle'],
  },
  'POST /api/v1/complaints/:reference/letters/:key': { body: () => LETTER },
};

export interface RouteParameter {
  readonly name: string;
  readonly kind: ParameterKind;
}

export interface RouteUnderTest {
  readonly method: 'GET' | 'POST';
  readonly pattern: string;
  /** `GET /complaints/:reference`, for messages. */
  readonly label: string;
  readonly access: 'public' | 'signed-in' | readonly Permission[];
  /** The JSON API: bearer tokens, JSON answers, no CSRF. */
  readonly api: boolean;
  readonly params: readonly RouteParameter[];
  readonly request: SampleRequest | null;
  /** Permissions the sample request needs besides the route's access. */
  readonly needs: readonly Permission[];
  readonly case: boolean;
}

const isSent = (method: string): method is 'GET' | 'POST' => method === 'GET' || method === 'POST';

/** Static files (GOV.UK Frontend's assets, our CSS and JS) are served to anyone and carry no route config. */
const isStaticFiles = (route: RouteOptions) => route.url.endsWith('/*') && route.config === undefined;

/** Every route the app registered, classified; `problems` says what a route the tests cannot try lacks. */
export function routeTable(routes: readonly RouteOptions[]): {
  routes: RouteUnderTest[];
  problems: string[];
} {
  const table: RouteUnderTest[] = [];
  const problems: string[] = [];
  for (const route of routes) {
    if (isStaticFiles(route)) continue;
    for (const method of [route.method].flat()) {
      // Fastify answers HEAD from the GET route beside it.
      if (method === 'HEAD') continue;
      const classified = classify(route, method);
      if (Array.isArray(classified)) problems.push(...classified.map((p) => `${method} ${route.url}: ${p}`));
      else table.push(classified);
    }
  }
  return { routes: table, problems };
}

/** The route as the tests try it, or what it lacks for them to. */
function classify(route: RouteOptions, method: string): RouteUnderTest | string[] {
  const label = `${method} ${route.url}`;
  if (!isSent(method)) return [`the route tests send GET and POST only; teach them ${method} in ${HERE}`];
  const config = (route.config ?? {}) as { access?: unknown; acceptsFiles?: boolean };
  const access = accessOf(config.access);
  if (typeof access === 'string' && access.startsWith('!')) return [access.slice(1)];
  if ((access === 'public' || access === 'signed-in') && !OPEN[access].test(route.url)) {
    return [
      `it is open to ${access === 'public' ? 'anyone' : 'everyone signed in'} ('${access}'). If it should be, ` +
        `add its path to OPEN in ${HERE}; if not, name the permissions it needs.`,
    ];
  }
  const problems: string[] = [];
  const params: RouteParameter[] = [];
  for (const [, before, name] of route.url.matchAll(/([^/]*)\/:([A-Za-z][A-Za-z0-9]*)/g)) {
    const kind = PARAMETERS[`${before}/:${name}`];
    if (kind) params.push({ name: name as string, kind });
    else
      problems.push(
        `the route tests do not know what :${name} names after /${before}/. Add '${before}/:${name}' to ` +
          `PARAMETERS in ${HERE}: its value in an organisation's fixture, whether another organisation's value ` +
          'names something of theirs, and a value that looks right but names nothing.',
      );
  }
  const request = method === 'POST' ? (REQUESTS[label] ?? null) : null;
  if (config.acceptsFiles && !request?.file)
    problems.push(`it takes a file: give '${label}' in REQUESTS in ${HERE} a file to upload.`);
  if (method === 'POST' && !request) {
    problems.push(
      `no sample request. Add '${label}' to REQUESTS in ${HERE} with a body the route would act on if it let ` +
        'the sender through, so that refusing it can be seen to change nothing.',
    );
  }
  if (problems.length) return problems;
  return {
    method,
    pattern: route.url,
    label,
    access: access as RouteUnderTest['access'],
    api: route.url.startsWith('/api/'),
    params,
    request,
    needs: [...params.flatMap((p) => p.kind.needs ?? []), ...(request?.needs ?? [])],
    case: params.some((p) => p.kind.case),
  };
}

const HERE = 'test/support/route-table.ts';

/**
 * The routes open to anyone, and those open to every signed-in person (board members and colleagues too).
 * Everything else is tried against what its access says; these are checked against this list as well, so that
 * opening a route to more people is decided here too and not only on the route.
 */
const OPEN: Readonly<Record<'public' | 'signed-in', RegExp>> = {
  public:
    /^\/(sign-in|sign-out|forgot-password|set-password\/:token|complain(\/[a-z-]+)?|accessibility|health|ping|info|api\/openapi\.json)$/,
  'signed-in': /^\/$/,
};

/** The route's access as app.ts reads it, or '!' and what is wrong with it. */
function accessOf(access: unknown): RouteUnderTest['access'] | `!${string}` {
  if (access === undefined)
    return "!it has no access rule: declare config: { access: 'public' | 'signed-in' | [permissions] } on the route";
  if (access === 'public' || access === 'signed-in') return access;
  const permissions = typeof access === 'string' ? [access] : access;
  if (!Array.isArray(permissions))
    return `!its access ${JSON.stringify(access)} is not one app.ts understands`;
  const declared = new Set<string>(allPermissions().map((p) => p.name));
  const unknown = permissions.filter((p) => !declared.has(p));
  if (unknown.length) return `!it asks for ${unknown.join(', ')}, which no module declares`;
  return permissions as Permission[];
}

/** How a request should be answered. */
export type Answer = 'allowed' | 'sign in' | 'forbidden' | 'not found';

/**
 * What the route's access says for the principal, narrowed by what the sample request needs, and by need to
 * know: a role that reads only its assigned cases (investigators) finds a case only when it is assigned to the
 * person acting; a role token is nobody, so it finds none.
 */
export function expectedAnswer(
  route: RouteUnderTest,
  principal: Principal,
  { assigned = false, person = true }: { assigned?: boolean; person?: boolean } = {},
): Answer {
  if (route.access === 'public') return 'allowed';
  if (principal === 'anonymous') return 'sign in';
  if (route.access === 'signed-in') return 'allowed';
  if (!canAny(principal, route.access)) return 'forbidden';
  if (route.needs.length && !canAny(principal, route.needs)) return 'forbidden';
  if (route.case && !can(principal, 'complaint:read-all')) {
    return can(principal, 'complaint:read-assigned') && assigned && person ? 'allowed' : 'not found';
  }
  return 'allowed';
}

/** The URL with each parameter filled: from the fixture, or as given in `raw` (already URL-encoded). */
export function urlFor(
  route: RouteUnderTest,
  ours: OrganisationFixture,
  c: CaseFixture,
  raw: Readonly<Record<string, string>> = {},
): string {
  let url = route.pattern;
  for (const { name, kind } of route.params) {
    url = url.replace(`:${name}`, raw[name] ?? encodeURIComponent(kind.value(ours, c)));
  }
  return url;
}
