/** What a fault scenario measured, kept on the test (vitest's task meta) for the figures reporter to print. */
export interface FaultFigures {
  scenario: string;
  database: 'embedded' | 'postgres';
  /** Create requests sent to the server while the scenario ran (the storm's size); null when none were. */
  sent: number | null;
  /** Creates the server acknowledged with a 201 (for a refused start: all acknowledged before it). */
  acknowledged: number;
  /** Of those, how many were found exactly once afterwards. */
  found: number;
  /** From the end of the fault (restart, database back, space freed) until the server worked again. */
  recoverySeconds: number;
  /** Anything else worth quoting (503s, their slowest answer, complaints committed but not acknowledged). */
  notes: string;
}

declare module '@vitest/runner' {
  interface TaskMeta {
    faultFigures?: FaultFigures;
  }
}
