import { performance } from 'node:perf_hooks';

export interface Timing {
  n: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  /** CPU time this process spent per request (server and client together), in milliseconds. */
  cpuPerRequest: number | null;
}

/** Nearest-rank percentiles, in milliseconds. */
export function summarise(samples: number[], errors = 0, cpuMicros: number | null = null): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  const mean = sorted.length ? sorted.reduce((s, x) => s + x, 0) / sorted.length : 0;
  return {
    n: sorted.length,
    errors,
    p50: rank(0.5),
    p95: rank(0.95),
    p99: rank(0.99),
    mean,
    max: sorted[sorted.length - 1] ?? 0,
    cpuPerRequest: cpuMicros === null || sorted.length === 0 ? null : cpuMicros / 1000 / sorted.length,
  };
}

/** Runs `warmUp` untimed calls, then `n` timed ones one after another; a call that throws counts as an error. */
export async function sequential(
  n: number,
  warmUp: number,
  call: (i: number) => Promise<void>,
): Promise<Timing & { firstError: string | null }> {
  for (let i = 0; i < warmUp; i++) await call(i).catch(() => {});
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    try {
      await call(i);
      samples.push(performance.now() - started);
    } catch (error) {
      errors++;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { ...summarise(samples, errors, cpu.user + cpu.system), firstError };
}

/** A browser's cookie jar, enough for one site: name=value pairs from Set-Cookie, sent back on each request. */
export class HttpClient {
  private readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly bearer: string | null = null,
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (this.bearer) headers.set('authorization', `Bearer ${this.bearer}`);
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (!pair || at < 1) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** GETs a page and reads all of it, as a browser would; anything but 200 is an error. */
  async getOk(path: string): Promise<string> {
    const response = await this.request(path);
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return body;
  }

  /** Signs in through the real form: the GET sets the CSRF cookie and token, the POST the session. */
  async signIn(email: string, password: string): Promise<void> {
    const page = await this.request('/sign-in');
    const html = await page.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`The sign-in page (status ${page.status}) has no CSRF token`);
    const response = await this.request('/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password, _csrf: token }).toString(),
    });
    await response.arrayBuffer();
    if (response.status !== 303 || !this.cookies.has('candour_session')) {
      throw new Error(`Signing in as ${email} failed with status ${response.status}`);
    }
  }
}

/** Whether a path answers at all (anything but 404), for routes other people may not have written yet. */
export async function exists(client: HttpClient, path: string): Promise<boolean> {
  const response = await client.request(path);
  await response.arrayBuffer();
  return response.status !== 404;
}
