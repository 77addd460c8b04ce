import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'embedded' | 'postgres';
  /** Answers true when the database responds to a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** The embedded database's data folder as one file (see DatabaseOptions.startFrom); absent on PostgreSQL. */
  dumpDataDir?(): Promise<Blob>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

export interface DatabaseOptions {
  /** postgres://… to use a PostgreSQL server; otherwise the embedded database in dataDir. */
  url?: string | null;
  /** Folder for the embedded database; 'memory://' keeps it in memory (tests). */
  dataDir?: string;
  /** Connection pool size for PostgreSQL. */
  poolSize?: number;
  /** Take the single-process lock on the embedded data folder (the server and the CLI do; tests need not). */
  lock?: boolean;
  /**
   * For an embedded database in memory: a copy of another one's data folder (PGlite's `dumpDataDir`) to start
   * from. The tests start each database from one migrated copy, which is quicker than creating and migrating.
   */
  startFrom?: Blob;
}

/** How long a query waits for a PostgreSQL connection before it fails as unavailable, rather than hang. */
const CONNECT_TIMEOUT_MS = 5_000;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 20);
  return openEmbedded(options.dataDir ?? './data', options.lock ?? true, options.startFrom);
}

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Notices a server that vanished without closing the connection (a failover, a dropped network).
    keepAlive: true,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === DATE_OID) return (value: string) => value;
        if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // A connection the server ends (a restart or failover: 57P01) emits `error` on its client, and an `error`
  // event nobody listens to ends the process. The pool listens only while a client is idle, and Kysely adds no
  // listener to the clients it has checked out, so every client gets one for its whole life. Nothing is lost by
  // ignoring the event: a query in flight fails by itself (and is answered as unavailable), and the pool drops
  // the broken client when it is released and connects afresh when the server is back.
  pool.on('connect', (client) => client.on('error', () => {}));
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    ping: () => ping(db),
    close: () => db.destroy(),
  };
}

async function openEmbedded(dataDir: string, lock: boolean, startFrom?: Blob): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (startFrom && !inMemory) throw new Error('Only an embedded database in memory can start from a copy');
  let dirLock: DataDirLock | null = null;
  if (!inMemory) {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      if (lock) dirLock = acquireDataDirLock(dataDir);
    } catch (error) {
      throw asDataDirError(dataDir, error);
    }
  }
  const pgliteDir = inMemory ? dataDir : path.join(dataDir, 'pglite');
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(pgliteDir, {
      // Extensions the migrations create; PostgreSQL ships them in its contrib package.
      extensions: { pg_trgm },
      ...(startFrom ? { loadDataDir: startFrom } : {}),
      parsers: {
        [DATE_OID]: (value: string) => value,
        [INT8_OID]: (value: string) => Number(value),
        [NUMERIC_OID]: (value: string) => Number(value),
      },
    });
  } catch (error) {
    dirLock?.release();
    throw inMemory ? error : asDataDirError(dataDir, error);
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'embedded',
    ping: () => ping(db),
    dumpDataDir: () => pglite.dumpDataDir('none'),
    close: async () => {
      await db.destroy();
      dirLock?.release();
    },
  };
}

async function ping(db: Db): Promise<boolean> {
  try {
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return true;
  } catch {
    return false;
  }
}

type FileSystemFault = 'ENOSPC' | 'EDQUOT' | 'EROFS' | 'EACCES' | 'EPERM' | 'EIO';

const FILE_SYSTEM_FAULTS: Record<FileSystemFault, { problem: string; remedy: string }> = {
  ENOSPC: { problem: 'the disk is full', remedy: 'Free some space on that disk' },
  EDQUOT: { problem: 'the disk quota is used up', remedy: 'Free some space on that disk' },
  EROFS: { problem: 'it is on a read-only file system', remedy: 'Make it writable' },
  EACCES: { problem: 'permission was refused', remedy: 'Make it writable by the user running Candour' },
  EPERM: { problem: 'permission was refused', remedy: 'Make it writable by the user running Candour' },
  EIO: { problem: 'the disk reported an input/output error', remedy: 'Check the disk' },
};
// PGlite's file system is Emscripten's, whose errors carry Emscripten's own errno numbers.
const EMSCRIPTEN_ERRNO: Record<number, FileSystemFault | undefined> = {
  51: 'ENOSPC',
  19: 'EDQUOT',
  69: 'EROFS',
  2: 'EACCES',
  63: 'EPERM',
  29: 'EIO',
};

/** The embedded database's folder cannot be written (full, read-only, not ours): a fault to fix, not a bug. */
export class DataDirUnusableError extends Error {
  constructor(
    readonly dataDir: string,
    readonly fault: FileSystemFault,
  ) {
    const { problem, remedy } = FILE_SYSTEM_FAULTS[fault];
    super(
      `Candour cannot use its data folder ${dataDir}: ${problem} (${fault}). ` +
        `${remedy}, or set DATA_DIR to another folder, then start again.`,
    );
  }
}

function asDataDirError(dataDir: string, error: unknown): unknown {
  const { code, errno, name } = (error ?? {}) as { code?: unknown; errno?: unknown; name?: unknown };
  let fault: FileSystemFault | undefined;
  if (typeof code === 'string' && code in FILE_SYSTEM_FAULTS) fault = code as FileSystemFault;
  else if (code === '53100') fault = 'ENOSPC';
  else if (name === 'ErrnoError' && typeof errno === 'number') fault = EMSCRIPTEN_ERRNO[errno];
  return fault ? new DataDirUnusableError(dataDir, fault) : error;
}

const NETWORK_FAULTS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // pg: the server went away, or connecting took longer than the timeout
  /^timeout exceeded when trying to connect/, // pg-pool: no connection came free within the timeout
  /is not queryable$/, // pg: a client whose connection has already broken
  /^Postgres connection has been discarded/, // Kysely: the same, after a failed rollback
  /^PGlite is closed/,
];

/**
 * True when the database cannot serve anyone now (down, restarting, out of connections or disk space, or a
 * read-only standby), as against a fault in one query. Such requests are answered 503 "try again later".
 * SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57P0x shutdown or start-up,
 * 25006 read-only transaction, 58030 I/O error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const { code, message, syscall, cause } = current as {
      code?: unknown;
      message?: unknown;
      syscall?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string') {
      if (NETWORK_FAULTS.has(code)) return true;
      // A unix socket that is not there: the server is not running.
      if (code === 'ENOENT' && syscall === 'connect') return true;
      if (/^(08|53|57P0)/.test(code) || code === '25006' || code === '58030') return true;
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message)))
      return true;
    current = cause;
  }
  return false;
}
