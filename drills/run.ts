/**
 * `npm run drills [-- --full] [--only crash,faults]`: the fault drills, real processes driven over HTTP and signals.
 * Each drill prints one line of figures; the runner exits non-zero when any check failed, naming the reason and
 * where the processes' logs are. The small scale (default) is for CI; `--full` is the scale of issue 8.
 */
import { parseArgs } from 'node:util';
import { badInputDrill } from './bad-input.js';
import { carrierFaultsDrill } from './carrier-faults.js';
import { crashDrill } from './crash.js';
import { isolationDrill } from './isolation.js';
import type { Drill, DrillResult } from './lib/drill.js';
import { installCleanup, killAllChildren } from './lib/processes.js';
import { seconds } from './lib/stats.js';

const drills: Drill[] = [crashDrill, carrierFaultsDrill, badInputDrill, isolationDrill];

const { values } = parseArgs({
  options: { full: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const wanted = values.only
  ?.split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const unknown = wanted?.filter((name) => !drills.some((drill) => drill.aliases.includes(name))) ?? [];
if (unknown.length > 0) {
  const names = drills.flatMap((drill) => drill.aliases).join(', ');
  console.error(`drills: unknown drill ${unknown.join(', ')}; known: ${names}`);
  process.exit(64);
}
const selected = wanted ? drills.filter((drill) => drill.aliases.some((alias) => wanted.includes(alias))) : drills;

installCleanup();
const context = {
  scale: values.full ? ('full' as const) : ('small' as const),
  databaseUrl: process.env.DRILLS_DATABASE_URL || undefined,
};
console.log(`drills (${context.scale} scale): ${selected.map((drill) => drill.name).join(', ')}`);
if (!context.databaseUrl) console.log('  PostgreSQL variants skipped: DRILLS_DATABASE_URL is not set');

const started = Date.now();
const results: DrillResult[] = [];
for (const drill of selected) {
  const drillStarted = Date.now();
  let drillResults: DrillResult[];
  try {
    drillResults = await drill.run(context);
  } catch (error) {
    drillResults = [
      { name: drill.name, line: `${drill.name}: aborted`, failures: [String(error)], logDir: '(unknown)' },
    ];
  }
  killAllChildren();
  for (const result of drillResults) {
    results.push(result);
    if (result.skipped) console.log(`${result.line} (${result.skipped})`);
    else console.log(`${result.failures.length === 0 ? 'PASS' : 'FAIL'} ${result.line}`);
    for (const failure of result.failures) console.log(`     ✗ ${failure}`);
    if (result.failures.length > 0) console.log(`     logs: ${result.logDir}`);
  }
  console.log(`     (${drill.name} took ${seconds(Date.now() - drillStarted)})`);
}
const failed = results.filter((result) => result.failures.length > 0);
console.log(
  `drills: ${results.length - failed.length} of ${results.length} passed in ${seconds(Date.now() - started)}` +
    (failed.length > 0 ? `; failed: ${failed.map((result) => result.name).join(', ')}` : ''),
);
process.exit(failed.length > 0 ? 1 : 0);
