import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sparePort } from './postgres.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ServerEnv {
  /** The embedded database's folder, or… */
  DATA_DIR?: string;
  /** …a PostgreSQL server. */
  DATABASE_URL?: string;
  [name: string]: string | undefined;
}

/** The real server (`tsx src/main.ts`) as a child process, with its output kept for the test to read. */
export class ServerProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  private out = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly port: number,
    readonly env: ServerEnv,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPO,
      env: serverEnvironment(port, env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk) => {
      this.out += chunk;
    });
    this.child.stderr?.on('data', (chunk) => {
      this.out += chunk;
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  static async start(env: ServerEnv, port?: number): Promise<ServerProcess> {
    return new ServerProcess(port ?? (await sparePort()), env);
  }

  /** Everything the server printed (its logs included). */
  get output(): string {
    return this.out;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until /health answers 200; returns the seconds it took. Fails if the process ends first. */
  async waitUntilHealthy(timeoutMs = 90_000): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < timeoutMs) {
      if (!this.alive) throw new Error(`The server ended before it was healthy:\n${this.output}`);
      if ((await this.health()) === 200) return (performance.now() - started) / 1000;
      await sleep(100);
    }
    throw new Error(`The server was not healthy within ${timeoutMs} ms:\n${this.output}`);
  }

  /** The status of GET /health, or 0 when nothing answered within the time allowed. */
  async health(timeoutMs = 10_000): Promise<number> {
    try {
      const response = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(timeoutMs) });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }

  kill(signal: NodeJS.Signals = 'SIGKILL') {
    if (this.alive) this.child.kill(signal);
  }

  /** Graceful stop (SIGTERM); SIGKILL if it has not ended after the grace time. */
  async stop(graceMs = 20_000): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

function serverEnvironment(port: number, env: ServerEnv): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // The storm comes from one address; the general limit would turn it into 429s.
    RATE_LIMIT_MAX: '1000000',
    // The outbox worker and scheduler keep touching the database during an outage, as in production.
    OUTBOX_INTERVAL_MS: '1000',
  };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) base[name] = value;
  return base;
}

const run = promisify(execFile);

/** Creates an API token with the CLI, as an operator would (through the server on the embedded database). */
export async function createTokenWithCli(env: ServerEnv): Promise<string> {
  const { stdout } = await run(
    'npm',
    ['run', '--silent', 'cli', '--', 'token', 'create', '--role', 'complaints-handler'],
    { cwd: REPO, env: serverEnvironment(0, env), timeout: 60_000 },
  );
  const token = stdout.trim().split('\n').pop() ?? '';
  if (!/^cdr_/.test(token)) throw new Error(`The CLI printed no token:\n${stdout}`);
  return token;
}

export function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
