import { sleep } from './server.ts';

/** A name no log line may ever carry: the fault tests look for it in the server's output. */
export const COMPLAINANT_NAME = 'Ottoline Quarrendon-Fault';
export const COMPLAINANT_EMAIL = 'ottoline.quarrendon@example.com';

export interface Attempt {
  /** performance.now() when the request was sent and when it ended. */
  sentAt: number;
  endedAt: number;
  /** HTTP status, or 0 when no answer came (connection refused or reset, or the client's own time-out). */
  status: number;
  reference: string | null;
  /** The `error` field of a JSON error answer, or the client-side failure. */
  error: string | null;
}

/**
 * Concurrent API clients creating complaints as fast as the server answers, as an integration would. A client
 * that gets anything but a 201 waits a moment before the next request, as a well-behaved one does.
 */
export class CreateStorm {
  readonly attempts: Attempt[] = [];
  private stopping = false;
  private loops: Promise<void>[] = [];
  private baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly token: string,
    private readonly clients = 20,
    private readonly requestTimeoutMs = 30_000,
  ) {
    this.baseUrl = baseUrl;
  }

  start(): this {
    this.stopping = false;
    this.loops = Array.from({ length: this.clients }, (_, client) => this.loop(client));
    return this;
  }

  /** Points the clients at another server (a restarted one on a new port). */
  retarget(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async stop(): Promise<Attempt[]> {
    this.stopping = true;
    await Promise.all(this.loops);
    return this.attempts;
  }

  /** References the server acknowledged with a 201. */
  get acknowledged(): string[] {
    return this.attempts.flatMap((a) => (a.status === 201 && a.reference ? [a.reference] : []));
  }

  /** Resolves once `predicate` holds for the attempts so far (checked every 50 ms). */
  async until(predicate: (attempts: Attempt[]) => boolean, timeoutMs = 60_000): Promise<void> {
    const started = performance.now();
    while (!predicate(this.attempts)) {
      if (performance.now() - started > timeoutMs)
        throw new Error(`The storm did not reach the expected point within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  private async loop(client: number) {
    let n = 0;
    while (!this.stopping) {
      const attempt = await this.create(client, n++);
      this.attempts.push(attempt);
      if (attempt.status !== 201) await sleep(100);
    }
  }

  private async create(client: number, n: number): Promise<Attempt> {
    const sentAt = performance.now();
    try {
      const response = await fetch(`${this.baseUrl}/api/v1/complaints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({
          channel: 'email',
          receivedAt: new Date().toISOString(),
          complainant: { name: COMPLAINANT_NAME, email: COMPLAINANT_EMAIL },
          description: `Fault-suite complaint ${client}-${n}: I waited four hours and nobody told me why.`,
        }),
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      const text = await response.text();
      let json: { reference?: string; error?: string } = {};
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: kept as a null error below
      }
      return {
        sentAt,
        endedAt: performance.now(),
        status: response.status,
        reference: response.status === 201 ? (json.reference ?? null) : null,
        error: response.status === 201 ? null : (json.error ?? text.slice(0, 80)),
      };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      return {
        sentAt,
        endedAt: performance.now(),
        status: 0,
        reference: null,
        error: cause?.code ?? (error as Error).name,
      };
    }
  }
}

/** Counts of each status among attempts, e.g. { 201: 950, 503: 40 }. */
export function statusCounts(attempts: Attempt[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const a of attempts) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}
