/**
 * The pure parts of `npm run screens` (scripts/screens.ts): which route a visited URL is, so that 500 cases
 * make one screenshot and not 500; which links are worth following; file names; the index page.
 */

/**
 * Route parameters whose value names a kind of page (a step of a form, a letter's type, a setting's key):
 * each value is a page of its own. Every other parameter (a reference, an id, a day, a link's secret) names
 * one record among many, and becomes a placeholder.
 */
const PAGE_NAMING_PARAMS = new Set(['step', 'type', 'key']);

/** Query parameters that do not change what a page shows: where to go after signing in. */
const IGNORED_QUERY = new Set(['next', 'returnTo', 'return']);

export interface RouteMatcher {
  pattern: string;
  regex: RegExp;
  params: string[];
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Matchers for the app's GET routes, most specific first: a route with fewer parameters wins, so
 * `/complain/check-your-answers` is itself and not `/complain/:step`.
 */
export function compileRoutes(patterns: readonly string[]): RouteMatcher[] {
  const matchers = [...new Set(patterns)]
    .filter((p) => p.startsWith('/') && !p.includes('*'))
    .map((pattern) => {
      const params: string[] = [];
      const source = pattern
        .split('/')
        .map((segment) => {
          const param = /^:([A-Za-z][A-Za-z0-9]*)$/.exec(segment);
          if (!param) return escapeRegex(segment);
          params.push(param[1] as string);
          return '([^/]+)';
        })
        .join('/');
      return { pattern, regex: new RegExp(`^${source}/?$`), params };
    });
  return matchers.sort(
    (a, b) =>
      a.params.length - b.params.length ||
      b.pattern.length - a.pattern.length ||
      (a.pattern < b.pattern ? -1 : 1),
  );
}

/**
 * What a URL is, as a page: its route with record-naming parameters left as placeholders and page-naming
 * ones filled in, then the names (not the values) of its query parameters, sorted. Two URLs with the same
 * key show the same page for different records, or the same filter with different values.
 * A path no route matches keeps its own path, with anything that looks like an id replaced.
 */
export function pageKey(url: string, routes: readonly RouteMatcher[]): string {
  const parsed = new URL(url, 'http://x');
  const path = parsed.pathname.length > 1 ? parsed.pathname.replace(/\/$/, '') : parsed.pathname;
  let pattern: string | null = null;
  for (const route of routes) {
    const match = route.regex.exec(path);
    if (!match) continue;
    let i = 0;
    pattern = route.pattern
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment;
        const name = route.params[i] as string;
        const value = match[++i] as string;
        return PAGE_NAMING_PARAMS.has(name) ? decodeURIComponent(value) : segment;
      })
      .join('/');
    break;
  }
  pattern ??= path
    .split('/')
    .map((segment) =>
      /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(segment) || /\d/.test(segment) || segment.length > 30
        ? ':id'
        : segment,
    )
    .join('/');
  const keys = [
    ...new Set(
      [...parsed.searchParams].filter(([k, v]) => v !== '' && !IGNORED_QUERY.has(k)).map(([k]) => k),
    ),
  ].sort();
  return keys.length ? `${pattern}?${keys.join('&')}` : pattern;
}

/** The app's GET routes (outside the API) that none of the visited paths is: pages the crawl never reached. */
export function routesNotShown(routes: readonly RouteMatcher[], paths: readonly string[]): string[] {
  const shown = new Set<string>();
  for (const p of paths) {
    const path = new URL(p, 'http://x').pathname.replace(/(.)\/$/, '$1');
    const route = routes.find((r) => r.regex.test(path));
    if (route) shown.add(route.pattern);
  }
  return routes
    .map((r) => r.pattern)
    .filter((p) => !shown.has(p) && !/^\/api(\/|$)/.test(p) && !p.endsWith('.json'))
    .sort();
}

/** Lower-case words joined by hyphens, for a file name: `/complaints/:reference/letters` → complaints-reference-letters. */
export function slug(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 70)
    .replace(/-+$/, '');
  return words || 'home';
}

/** Links the crawl never follows: signing out, downloads, the API, assets, other sites and other schemes. */
export function isCrawlable(href: string, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(href, origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  const path = url.pathname;
  if (/^\/(api|public|assets|static|vendor)(\/|$)/.test(path)) return false;
  if (/sign-out|signout|log-out|logout/.test(path)) return false;
  if (/\.(csv|json|pdf|zip|txt|xml|docx?|xlsx?|png|jpe?g|svg|ico|css|js)$/i.test(path)) return false;
  if (/(^|\/)(download|export|file|files|raw)(\/|$)/.test(path)) return false;
  if (/(^|[?&])(format|download)=/.test(url.search)) return false;
  return true;
}

/**
 * A page's key as the crawl keeps it, split: `complaints-handler:/complaints/:reference#received` is the route
 * `/complaints/:reference` (each role has its own), with the note "received" (the case's state).
 */
export function splitKey(key: string): { route: string; note: string | null } {
  const withoutRole = key.replace(/^[a-z-]+:(?=\/)/, '');
  const hash = withoutRole.indexOf('#');
  return hash < 0
    ? { route: withoutRole, note: null }
    : { route: withoutRole.slice(0, hash), note: withoutRole.slice(hash + 1) };
}

/** A screenshot's file name without its width: `07-complaints-reference-received`. */
export function fileStem(number: number, key: string): string {
  const { route, note } = splitKey(key);
  return `${String(number).padStart(2, '0')}-${slug(note ? `${route} ${note}` : route)}`;
}

export interface Shot {
  /** The role it was taken as, or 'public'. */
  role: string;
  number: number;
  title: string;
  key: string;
  /** The URL visited, path and query. */
  path: string;
  status: number;
  files: { width: number; file: string }[];
  note?: string;
  /** What reaches past the right edge at the narrowest width, when something does. */
  overflow?: string[];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The index a reviewer browses on GitHub: per role, each page's title, route and both screenshots. */
export function renderIndex(
  shots: readonly Shot[],
  roleLabels: Record<string, string>,
  header: string,
): string {
  const lines = [header, ''];
  const roles = [...new Set(shots.map((s) => s.role))];
  lines.push(...roles.map((r) => `- [${roleLabels[r] ?? r}](#${slug(roleLabels[r] ?? r)})`), '');
  for (const role of roles) {
    lines.push(
      `## ${roleLabels[role] ?? role}`,
      '',
      '| # | Page | Route | Screenshots |',
      '| - | - | - | - |',
    );
    for (const shot of shots.filter((s) => s.role === role)) {
      const images = shot.files.map((f) => `[${f.width} px](${f.file})`).join(' · ');
      const title = shot.status >= 400 ? `${shot.title} (status ${shot.status})` : shot.title;
      const note =
        (shot.note ? ` (${shot.note})` : '') +
        (shot.overflow ? ` — **wider than the screen at ${shot.files.at(-1)?.width} px**` : '');
      lines.push(`| ${shot.number} | ${cell(title)}${cell(note)} | \`${cell(shot.key)}\` | ${images} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
