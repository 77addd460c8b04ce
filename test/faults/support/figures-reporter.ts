import type { Reporter, TestModule } from 'vitest/node';
import type { FaultFigures } from './figures.ts';

/** Ends the fault suite's run with a compact table of what each scenario measured, ready to quote. */
export default class FiguresReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const rows: FaultFigures[] = [];
    for (const module of testModules)
      for (const test of module.children.allTests()) {
        const figures = test.meta().faultFigures;
        if (figures) rows.push(figures);
      }
    if (rows.length === 0) return;
    const table = [
      ['scenario', 'database', 'sent', '201s', 'found after', 'recovery s', 'notes'],
      ...rows.map((r) => [
        r.scenario,
        r.database,
        r.sent === null ? '–' : String(r.sent),
        String(r.acknowledged),
        String(r.found),
        r.recoverySeconds.toFixed(2),
        r.notes,
      ]),
    ];
    const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length))) ?? [];
    const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
    console.log('\nFault suite figures');
    console.log(line(table[0] ?? []));
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const row of table.slice(1)) console.log(line(row));
  }
}
