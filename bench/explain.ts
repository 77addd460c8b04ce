import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { AuditService } from '../src/audit/audit-service.ts';
import type { Actor } from '../src/auth/roles.ts';
import type { CalendarService } from '../src/calendar/calendar-service.ts';
import type { DB } from '../src/db/schema.ts';
import { CaseService } from '../src/modules/cases/case-service.ts';
import { decodeCursor } from '../src/modules/worklist/cursor.ts';
import type { WorklistFilters } from '../src/modules/worklist/worklist-repository.ts';
import { WorklistService } from '../src/modules/worklist/worklist-service.ts';

// Finds where the time goes: runs the app's own worklist and case-page code over a Kysely that records each
// SQL statement, then asks PostgreSQL to EXPLAIN ANALYZE every SELECT with the same parameters.

export interface ExplainedQuery {
  scenario: string;
  sql: string;
  ms: number;
  plan: string;
}

// The same parsers as src/db/database.ts, so the service code sees the values it expects.
function benchPool(url: string): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: 2,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === 1082) return (value: string) => value;
        if (oid === 20 || oid === 1700) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
}

export async function explainScenarios(options: {
  url: string;
  calendars: CalendarService;
  actor: Actor;
  reference: string;
}): Promise<ExplainedQuery[]> {
  const pool = benchPool(options.url);
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query')
        captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  const complaints = new WorklistService(db, options.calendars, () => new Date().toISOString().slice(0, 10));
  const cases = new CaseService(db, new AuditService(db));
  // Where a reader who followed the next links from page 1 would be at page 400.
  const { next } = await complaints.worklist(options.actor, {}, 399, 25);
  const deep = next ? decodeCursor(next) : null;
  const scenarios: [string, () => Promise<unknown>][] = [
    ['worklist, first page', () => complaints.worklist(options.actor, {}, 1, 25)],
    ['worklist, my cases', () => complaints.worklist(options.actor, { handler: 'me' }, 1, 25)],
    ['worklist, overdue', () => complaints.worklist(options.actor, { overdue: true }, 1, 25)],
    [
      'worklist, including closed',
      () => complaints.worklist(options.actor, { includeClosed: true } satisfies WorklistFilters, 1, 25),
    ],
    ['worklist, search by name', () => complaints.worklist(options.actor, { q: 'Patel' }, 1, 25)],
    [
      'worklist, surname, all cases',
      () => complaints.worklist(options.actor, { q: 'Patel', includeClosed: true }, 1, 25),
    ],
    ['worklist, page 400', () => complaints.worklist(options.actor, {}, 400, 25)],
    ['worklist, page 400, cursor', () => complaints.worklist(options.actor, {}, deep ?? 400, 25)],
    ['case page', () => cases.view(options.actor, options.reference, { audit: false })],
  ];
  const explained: ExplainedQuery[] = [];
  try {
    for (const [scenario, run] of scenarios) {
      captured.length = 0;
      await run();
      for (const query of [...captured]) {
        if (!/^\s*select/i.test(query.sql)) continue;
        const result = await pool.query(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]);
        const lines = result.rows.map((r: Record<string, string>) => r['QUERY PLAN'] ?? '');
        const ms = Number(/Execution Time: ([\d.]+) ms/.exec(lines.join('\n'))?.[1] ?? 0);
        explained.push({ scenario, sql: query.sql, ms, plan: lines.join('\n') });
      }
    }
  } finally {
    await db.destroy();
  }
  return explained;
}
