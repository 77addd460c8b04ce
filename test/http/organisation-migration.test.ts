import { randomUUID } from 'node:crypto';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { allMigrations, migrateToLatest } from '../../src/db/migrate.ts';
import { databaseKinds, freshDatabase } from '../support/database.ts';

/** Organisations made before 0006 get a nation and sector; their Ombudsman stays only where it differs. */
describe.each(databaseKinds())('migrating organisations to nation and sector on %s', (kind) => {
  let database: Database;
  let dispose: () => Promise<void>;
  const ids = new Map<string, string>();

  // [slug, division, preset, ombudsman before] → [nation, sector, override kept]
  const CASES: [string, string, string, string, string, string, string | null][] = [
    ['english-trust', 'england-and-wales', 'nhs-england', 'phso', 'england', 'nhs', null],
    // Welsh bodies kept England and Wales's bank holidays: the PSOW an administrator chose says they are Welsh.
    ['welsh-health-board', 'england-and-wales', 'nhs-england', 'psow', 'wales', 'nhs', null],
    ['a-department', 'england-and-wales', 'uk-central-government', 'phso', 'uk-wide', 'uk-government', null],
    [
      'a-department-in-scotland',
      'scotland',
      'uk-central-government',
      'phso',
      'uk-wide',
      'uk-government',
      null,
    ],
    ['scottish-council', 'scotland', 'spso', 'spso', 'scotland', 'other', null],
    ['ni-trust', 'northern-ireland', 'spso', 'nipso', 'northern-ireland', 'other', null],
    // An administrator's choice that the rules would not make is kept as an override.
    ['odd-choice', 'england-and-wales', 'nhs-england', 'spso', 'england', 'nhs', 'spso'],
    ['ni-with-phso', 'northern-ireland', 'nhs-england', 'phso', 'northern-ireland', 'nhs', 'phso'],
  ];

  beforeAll(async () => {
    ({ database, dispose } = await freshDatabase(kind, { migrate: false }));
    const db = database.db as unknown as Kysely<unknown>;
    const before = new Migrator({ db, provider: { getMigrations: async () => allMigrations() } });
    const { error } = await before.migrateTo('0004-tenancy-keys');
    if (error) throw error;
    for (const [slug, division, preset, ombudsman] of CASES) {
      const id = randomUUID();
      ids.set(slug, id);
      await sql`insert into organisations (id, slug, name, division, ombudsman, preset)
        values (${id}, ${slug}, ${slug}, ${division}, ${ombudsman}, ${preset})`.execute(db);
    }
    await migrateToLatest(database.db);
  });
  afterAll(async () => dispose?.());

  it.each(CASES)('%s (%s, %s, %s)', async (slug, _division, _preset, _before, nation, sector, override) => {
    const row = await database.db
      .selectFrom('organisations')
      .select(['nation', 'sector', 'ombudsman_override', 'independent_tier', 'complaints_team_name'])
      .where('id', '=', ids.get(slug) as string)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      nation,
      sector,
      ombudsman_override: override,
      independent_tier: 'none',
      complaints_team_name: null,
    });
  });

  it('refuses devolved government in England, and another tier without its details', async () => {
    const { db } = database;
    const id = ids.get('english-trust') as string;
    const error = (write: () => Promise<unknown>) =>
      write().then(
        () => null,
        (e: { code?: string }) => e.code,
      );
    expect(
      await error(() =>
        db.updateTable('organisations').set({ sector: 'devolved-government' }).where('id', '=', id).execute(),
      ),
    ).toBe('23514');
    expect(
      await error(() =>
        db.updateTable('organisations').set({ independent_tier: 'other' }).where('id', '=', id).execute(),
      ),
    ).toBe('23514');
  });
});
