/**
 * `tsx bench/profile-summary.ts <file.cpuprofile> [n]`: the functions with the most self time in a V8 CPU profile
 * (from BENCH_CPU_PROF), with their share of all samples, so "fix the largest cost first" starts from evidence.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const [file, count = '25'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file!, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<string, number>();
for (const id of profile.samples) {
  const frame = nodes.get(id)!.callFrame;
  const where = frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(src|bench)\//, '$1/');
  const name = `${frame.functionName || '(anonymous)'}  ${where}:${frame.lineNumber + 1}`;
  self.set(name, (self.get(name) ?? 0) + 1);
}
const total = profile.samples.length;
for (const [name, samples] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(count)))
  console.log(`${((samples / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
