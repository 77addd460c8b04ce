import { openDatabase } from '../../../src/db/database.ts';
import { COMPLAINANT_NAME } from './storm.ts';

export interface StormComplaints {
  /** How many times each acknowledged reference is in the database (each must be there exactly once). */
  counts: Map<string, number>;
  /** Every complaint the storms committed, acknowledged or not (a create can commit just before a crash). */
  committed: number;
}

/**
 * Reads the storm's complaints straight from the database, not through the app under test. The embedded
 * database belongs to one process at a time, so the server on it must have stopped.
 */
export async function readStormComplaints(
  where: { url: string } | { dataDir: string },
  references: string[],
): Promise<StormComplaints> {
  const database = await openDatabase(
    'url' in where ? { url: where.url, poolSize: 2 } : { dataDir: where.dataDir, lock: true },
  );
  try {
    const counts = new Map(references.map((r) => [r, 0]));
    for (let i = 0; i < references.length; i += 500) {
      const rows = await database.db
        .selectFrom('complaints')
        .select(['reference', (eb) => eb.fn.countAll<number>().as('n')])
        .where('reference', 'in', references.slice(i, i + 500))
        .groupBy('reference')
        .execute();
      for (const row of rows) counts.set(row.reference, Number(row.n));
    }
    const total = await database.db
      .selectFrom('complaints')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('complainant_name', '=', COMPLAINANT_NAME)
      .executeTakeFirstOrThrow();
    return { counts, committed: Number(total.n) };
  } finally {
    await database.close();
  }
}

/** References acknowledged but not found exactly once (the list every scenario expects to be empty). */
export function missingOrDuplicated(complaints: StormComplaints): string[] {
  return [...complaints.counts].filter(([, n]) => n !== 1).map(([reference, n]) => `${reference} ×${n}`);
}
