import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/db/schema.ts';

/** Columns every request may touch by design: a session's sliding expiry, when a token was last used. */
const TOUCHED_BY_EVERY_REQUEST: Readonly<Record<string, readonly string[]>> = {
  sessions: ['last_seen_at', 'expires_at'],
  api_tokens: ['last_used_at'],
};

/** One table as it stands: how many rows, and a digest of every row (so an update shows, not only a count). */
export interface TableState {
  rows: number;
  digest: string;
}
export type DatabaseState = Record<string, TableState>;

/**
 * Reads every table of the database, as its catalog lists them (so a table added later is watched too), in
 * one query. Compare two readings to see whether anything was written in between.
 */
export async function databaseState(db: Kysely<DB>): Promise<() => Promise<DatabaseState>> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  const byTable = new Map<string, string[]>();
  for (const { table_name, column_name } of columns) {
    if (TOUCHED_BY_EVERY_REQUEST[table_name]?.includes(column_name)) continue;
    byTable.set(table_name, [...(byTable.get(table_name) ?? []), column_name]);
  }
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const query = [...byTable]
    .map(
      ([table, cols]) =>
        `select '${table}' as "table", count(*)::int as "rows", ` +
        `md5(coalesce(string_agg(r::text, '|' order by r::text), '')) as "digest" ` +
        `from (select ${cols.map(quote).join(', ')} from ${quote(table)}) r`,
    )
    .join(' union all ');
  return async () => {
    const { rows } = await sql<{ table: string; rows: number; digest: string }>`${sql.raw(query)}`.execute(
      db,
    );
    return Object.fromEntries(rows.map((r) => [r.table, { rows: Number(r.rows), digest: r.digest }]));
  };
}

/** The tables that differ between two readings, in words: "audit_log (1 → 2 rows)", "users (rows changed)". */
export function changedTables(before: DatabaseState, after: DatabaseState): string[] {
  const tables = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...tables].flatMap((table) => {
    const a = before[table];
    const b = after[table];
    if (a?.digest === b?.digest && a?.rows === b?.rows) return [];
    return a?.rows === b?.rows ? [`${table} (rows changed)`] : [`${table} (${a?.rows} → ${b?.rows} rows)`];
  });
}
