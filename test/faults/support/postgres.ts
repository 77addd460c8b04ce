import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

/**
 * A PostgreSQL server of the fault suite's own: its own data folder, port and socket folder in a temporary
 * folder, so stopping it never touches the machine's shared server or another suite's database.
 */
export interface PrivatePostgres {
  /** postgres://… of the database `candour` on this server. */
  url: string;
  port: number;
  /** Stops the server (fast shutdown: connections are ended with 57P01, as a real restart does). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server if it runs and removes its folder; safe to call more than once. */
  destroy(): void;
}

const ROOT = '/usr/lib/postgresql';

/** Debian's PostgreSQL binaries, newest version first; null when none is installed. */
export function findPostgresBinaries(): string | null {
  let versions: string[];
  try {
    versions = fs.readdirSync(ROOT);
  } catch {
    return null;
  }
  const bins = versions
    .filter((v) => /^\d+$/.test(v) && Number(v) >= 15)
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(ROOT, v, 'bin'))
    .filter((bin) => fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl')));
  return bins[0] ?? null;
}

/** A port nobody listens on now (the OS picks it), never the shared server's 5432. */
export async function sparePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port && port !== 5432) return port;
  }
}

const isRoot = () => process.getuid?.() === 0;

function postgresUser(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = findPostgresBinaries();
  if (!bin) throw new Error(`No PostgreSQL 15+ binaries under ${ROOT}`);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'candour-faults-pg-'));
  const dataDir = path.join(folder, 'data');
  const socketDir = path.join(folder, 'socket');
  const logFile = path.join(folder, 'postgres.log');
  fs.mkdirSync(socketDir);
  // initdb and postgres refuse to run as root: as root the folder goes to the postgres user, who runs them.
  if (isRoot()) {
    const { uid, gid } = postgresUser();
    for (const p of [folder, socketDir]) fs.chownSync(p, uid, gid);
  }
  const command = (tool: string, args: string[]): [string, string[]] =>
    isRoot()
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]]
      : [path.join(bin, tool), args];
  // Asynchronous, so the tests' clients keep running (and measuring) while the server stops and starts.
  const run = async (tool: string, args: string[]) => {
    await execFileAsync(...command(tool, args), { timeout: 120_000 });
  };
  const runNow = (tool: string, args: string[]) =>
    execFileSync(...command(tool, args), { stdio: 'ignore', timeout: 60_000 });
  const port = await sparePort();
  let running = false;
  const instance: PrivatePostgres = {
    url: `postgres://candour@127.0.0.1:${port}/candour`,
    port,
    async start() {
      await run('pg_ctl', [
        'start',
        '-w',
        '-t',
        '60',
        '-D',
        dataDir,
        '-l',
        logFile,
        '-o',
        `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=60`,
      ]);
      running = true;
    },
    async stop() {
      await run('pg_ctl', ['stop', '-w', '-t', '60', '-m', 'fast', '-D', dataDir]);
      running = false;
    },
    destroy() {
      if (running) {
        try {
          runNow('pg_ctl', ['stop', '-w', '-t', '30', '-m', 'immediate', '-D', dataDir]);
        } catch {
          // already stopped
        }
        running = false;
      }
      fs.rmSync(folder, { recursive: true, force: true });
      process.removeListener('exit', instance.destroy);
    },
  };
  // A worker that dies mid-test must not leave a server running on the machine.
  process.once('exit', instance.destroy);
  try {
    await run('initdb', [
      '-D',
      dataDir,
      '-U',
      'candour',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await instance.start();
    const admin = new pg.Client({ connectionString: `postgres://candour@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query('create database candour');
    await admin.end();
  } catch (error) {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    instance.destroy();
    throw new Error(`Could not start a private PostgreSQL: ${(error as Error).message}\n${log}`);
  }
  return instance;
}

/**
 * The PostgreSQL scenarios need Debian's binaries. Without them they fail the run under CI (a scenario must
 * not quietly stop being tested) and are skipped elsewhere, with a warning nobody can miss.
 */
export function havePostgresBinaries(): boolean {
  if (findPostgresBinaries()) return true;
  const message = `No PostgreSQL 15+ binaries under ${ROOT} (initdb, pg_ctl, postgres): the fault suite needs them to run a PostgreSQL server of its own.`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(
    `\n${'!'.repeat(100)}\n!! ${message}\n!! The PostgreSQL fault scenarios are SKIPPED. Install them: apt-get install -y postgresql\n${'!'.repeat(100)}\n`,
  );
  return false;
}
