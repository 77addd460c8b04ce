import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFailures } from '../test/support/summary-reporter.js';

// `npm test`: lint, type check, every suite and the fault suite on the Node.js that runs npm, then the unit and HTTP suites
// again on Node.js 22 LTS, whose binary the `node` devDependency brings. Both releases are supported
// (docs/decisions.md), and this is how a machine that has only one of them tests both.
//
// npm puts node_modules/.bin first on PATH, and the `node` devDependency links a `node` there, so inside an
// npm script a bare `node` is Node.js 22: the host's own Node.js is named by npm_node_execpath instead.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hostNode = process.env.npm_node_execpath ?? process.execPath;
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const node22 = path.join(
  root,
  'node_modules',
  'node',
  'bin',
  process.platform === 'win32' ? 'node.exe' : 'node',
);
const summaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'candour-test-')), 'summary.jsonl');

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.error) console.error(`Could not run ${command}: ${result.error.message}`);
  return result.status === 0;
}

function versionOf(node: string): string | null {
  const result = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Runs vitest on the given Node.js; the summary reporter adds its counts to summaryFile. */
function suites(node: string, label: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  console.log(`\n▶ ${label}\n`);
  return run(node, [vitest, 'run', ...args], {
    ...env,
    TEST_RUN_LABEL: label,
    TEST_SUMMARY_FILE: summaryFile,
  });
}

interface RunSummary {
  label?: string;
  passed: number;
  failed: number;
  skipped: number;
  failures?: Parameters<typeof describeFailures>[0];
}

/** The counts of every run together, and the failed tests named, each under the run it failed in. */
function totals(): { passed: number; failed: number; skipped: number; failureLines: string[] } {
  const sum = { passed: 0, failed: 0, skipped: 0, failureLines: [] as string[] };
  const lines = fs.existsSync(summaryFile) ? fs.readFileSync(summaryFile, 'utf8').split('\n') : [];
  for (const line of lines.filter(Boolean)) {
    const counts = JSON.parse(line) as RunSummary;
    sum.passed += counts.passed;
    sum.failed += counts.failed;
    sum.skipped += counts.skipped;
    if (counts.failures?.length) sum.failureLines.push(describeFailures(counts.failures, counts.label));
  }
  return sum;
}

function main(): number {
  if (!run('biome', ['check', '.'])) return 1;
  if (!run('tsc', ['--noEmit', '-p', '.'])) return 1;

  const hostVersion = versionOf(hostNode) ?? process.version;
  let ok = suites(hostNode, `All suites on Node.js ${hostVersion}`, []);
  // The fault suite (README, "Faults and recovery"): real server processes, kill -9, a private PostgreSQL.
  ok = suites(hostNode, 'Fault suite', ['--config', 'test/faults/vitest.config.ts']) && ok;

  const version22 = fs.existsSync(node22) ? versionOf(node22) : null;
  if (hostVersion.startsWith('v22.')) {
    console.log('\nThe suites above ran on Node.js 22 already.');
  } else if (!version22?.startsWith('v22.')) {
    const problem =
      `Node.js 22 is missing from node_modules/node (found ${version22 ?? 'nothing'}): run npm ci, ` +
      'which installs it (its install script must be allowed to run).';
    if (process.env.CI === 'true') {
      console.error(`\n${problem}`);
      ok = false;
    } else {
      console.warn(`\n⚠ ${problem} The unit and HTTP suites were NOT run on Node.js 22.\n`);
    }
  } else {
    // The embedded database only: the PostgreSQL runs above cover the SQL, and this keeps CI short.
    const { TEST_DATABASE_URL: _postgres, ...embeddedOnly } = process.env;
    ok =
      suites(
        node22,
        `Unit and HTTP suites on Node.js ${version22}`,
        ['test/unit', 'test/http'],
        embeddedOnly,
      ) && ok;
  }

  const { passed, failed, skipped, failureLines } = totals();
  if (!ok && failed === 0) console.error('\nA run stopped before its tests could report.');
  if (failureLines.length > 0) console.log(`\nFailed:\n${failureLines.join('\n')}`);
  console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  return ok && failed === 0 ? 0 : 1;
}

process.exitCode = main();
