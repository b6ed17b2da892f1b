#!/usr/bin/env node
/**
 * Proves the conformance kit bites: for each chosen kind (default: every declared kind; `--kind suspend` for one),
 * copy the example, remove that kind's order from src/dutchtel-orders.ts (its `case` in `orderFor`), run the kit on
 * the copy, and require it to FAIL — with every failing test naming that kind, so the failure is the one we caused.
 * `--focus` runs only the kit's checks of that kind (`-t "kind <kind>"`), which is quicker (CI); without it the whole
 * kit runs on each mutant. Exit code 0 when every mutant was caught.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const capabilities = readFileSync(join(root, 'src/dutchtel-capabilities.ts'), 'utf8');
const declared = [...capabilities.match(/dutchtelKinds = \[([^\]]*)\]/)[1].matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);

const args = process.argv.slice(2);
const chosen = args.includes('--kind') ? [args[args.indexOf('--kind') + 1]] : declared;
const focus = args.includes('--focus');
for (const kind of chosen) {
  if (!declared.includes(kind)) {
    console.error(`mutation-check: ${kind} is not a declared kind (${declared.join(', ')})`);
    process.exit(2);
  }
}

/** Removes `case '<kind>': …` up to the next case or the end of the switch. */
function withoutKind(source, kind) {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => line.trim() === `case '${kind}':` || line.trim() === `case '${kind}': {`);
  if (start < 0) throw new Error(`no "case '${kind}':" in orderFor`);
  const indent = lines[start].match(/^\s*/)[0];
  let end = start + 1;
  while (
    end < lines.length &&
    !lines[end].startsWith(`${indent}case `) &&
    !lines[end].startsWith(indent.slice(2) + '}')
  )
    end++;
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
}

let escaped = 0;
const mutants = join(root, '.mutation');
for (const kind of chosen) {
  const copy = join(mutants, kind);
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  // Inside the example, so `mvno-gateway` and vitest resolve from its node_modules as they do for the original.
  for (const part of ['src', 'test', 'vitest.config.ts', 'package.json'])
    cpSync(join(root, part), join(copy, part), { recursive: true });
  const orders = join(copy, 'src/dutchtel-orders.ts');
  writeFileSync(orders, withoutKind(readFileSync(orders, 'utf8'), kind));

  const report = join(copy, 'report.json');
  const filter = focus ? ['-t', `kind ${kind} `] : [];
  const run = spawnSync(
    'npx',
    ['vitest', 'run', '--root', copy, '--reporter=json', `--outputFile=${report}`, '--testTimeout=120000', ...filter],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (!existsSync(report)) {
    console.error(`mutation-check: ${kind}: vitest wrote no report\n${run.stdout}\n${run.stderr}`);
    process.exit(2);
  }
  const results = JSON.parse(readFileSync(report, 'utf8'));
  const failed = results.testResults
    .flatMap((file) => file.assertionResults)
    .filter((test) => test.status === 'failed');
  const unrelated = failed.filter(
    (test) => !test.fullName.includes(kind) && !test.failureMessages.some((message) => message.includes(kind)),
  );
  if (run.status === 0 || failed.length === 0) {
    console.error(`mutation-check: ${kind}: the kit PASSED with ${kind} removed — it does not check ${kind}`);
    escaped++;
  } else if (unrelated.length > 0) {
    console.error(`mutation-check: ${kind}: ${unrelated.length} failure(s) do not name ${kind}:`);
    for (const test of unrelated) console.error(`  ${test.fullName}\n    ${test.failureMessages[0]?.split('\n')[0]}`);
    escaped++;
  } else {
    const first = failed[0];
    console.log(`mutation-check: ${kind}: caught by ${failed.length} failing check(s), e.g. "${first.fullName}"`);
    console.log(`  ${first.failureMessages[0]?.split('\n')[0]}`);
  }
  rmSync(copy, { recursive: true, force: true });
}
rmSync(mutants, { recursive: true, force: true });
process.exit(escaped === 0 ? 0 : 1);
