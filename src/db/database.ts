import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
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
}

/** How long a query waits for a PostgreSQL connection before it fails as unavailable, rather than hang. */
const CONNECT_TIMEOUT_MS = 5_000;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 20);
  return openEmbedded(options.dataDir ?? './data', options.lock ?? true);
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

async function openEmbedded(dataDir: string, lock: boolean): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  let dirLock: DataDirLock | null = null;
  if (!inMemory) {
    fs.mkdirSync(dataDir, { recursive: true });
    if (lock) dirLock = acquireDataDirLock(dataDir);
  }
  const pgliteDir = inMemory ? dataDir : path.join(dataDir, 'pglite');
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(pgliteDir, {
      parsers: {
        [DATE_OID]: (value: string) => value,
        [INT8_OID]: (value: string) => Number(value),
        [NUMERIC_OID]: (value: string) => Number(value),
      },
    });
  } catch (error) {
    dirLock?.release();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'embedded',
    ping: () => ping(db),
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
