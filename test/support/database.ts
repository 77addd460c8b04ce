import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export type DatabaseKind = 'embedded' | 'postgres';

/** The databases every HTTP test runs on: the embedded one always, PostgreSQL when TEST_DATABASE_URL is set. */
export function databaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];
}

/**
 * A fresh, migrated database: in memory for the embedded kind, a new throw-away database on PostgreSQL.
 * `migrate: false` leaves it empty, for a test that runs the migrations itself.
 */
export async function freshDatabase(
  kind: DatabaseKind,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<{ database: Database; dispose: () => Promise<void> }> {
  if (kind === 'embedded') {
    const database = await openDatabase({
      dataDir: 'memory://',
      lock: false,
      ...(migrate ? { startFrom: await migratedEmbedded() } : {}),
    });
    return { database, dispose: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL as string;
  const name = `candour_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 5 });
  if (migrate) await migrateToLatest(database.db);
  return {
    database,
    dispose: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

const SOURCE_DIR = path.resolve(import.meta.dirname, '../../src');
const PGLITE_PACKAGE = path.resolve(
  import.meta.dirname,
  '../../node_modules/@electric-sql/pglite/package.json',
);

/**
 * A migrated embedded database's data folder, to start each test's database from: creating one and running
 * the migrations takes about four seconds, starting from a copy about one. It is made once and kept in the
 * temporary folder for every test process to share, under a name that changes with any file in src/ (so a
 * changed migration, or anything one reads, makes a new one), with PGlite's version and with the day.
 */
async function migratedEmbedded(): Promise<Blob> {
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(SOURCE_DIR, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(SOURCE_DIR, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  hash.update(fs.readFileSync(PGLITE_PACKAGE)).update(new Date().toISOString().slice(0, 10));
  const file = path.join(os.tmpdir(), `candour-test-database-${hash.digest('hex').slice(0, 16)}.tar`);
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const database = await openDatabase({ dataDir: 'memory://', lock: false });
  try {
    await migrateToLatest(database.db);
    if (!database.dumpDataDir) throw new Error('The embedded database cannot be copied');
    const dump = await database.dumpDataDir();
    // Written under a name of its own, then renamed: another test process never reads half a file.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, file);
    return dump;
  } finally {
    await database.close();
  }
}
