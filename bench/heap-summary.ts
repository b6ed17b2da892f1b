/**
 * `tsx bench/heap-summary.ts <file.heapsnapshot> [n]`: what a V8 heap snapshot (from BENCH_HEAP_SNAPSHOT) holds, by
 * constructor or kind of node, with the bytes of the objects themselves (self size, not what they keep alive), so
 * "what holds the memory" starts from evidence, not a guess.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}
const [file, count = '30'] = process.argv.slice(2);
const heap = JSON.parse(readFileSync(file!, 'utf8')) as Snapshot;
const fields = heap.snapshot.meta.node_fields;
const typeNames = heap.snapshot.meta.node_types[0];
const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field)) as [
  number,
  number,
  number,
];
const byName = new Map<string, { bytes: number; count: number }>();
let total = 0;
for (let index = 0; index < heap.nodes.length; index += fields.length) {
  const type = typeNames[heap.nodes[index + typeAt]!]!;
  const size = heap.nodes[index + sizeAt]!;
  total += size;
  // Objects by constructor; strings, code, arrays and the like by their kind (their "names" are their contents).
  const name = type === 'object' || type === 'closure' ? `${type} ${heap.strings[heap.nodes[index + nameAt]!]}` : type;
  const entry = byName.get(name) ?? { bytes: 0, count: 0 };
  entry.bytes += size;
  entry.count++;
  byName.set(name, entry);
}
const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
console.log(`${mb(total)} MB in ${heap.nodes.length / fields.length} nodes`);
for (const [name, { bytes, count: n }] of [...byName.entries()]
  .sort((a, b) => b[1].bytes - a[1].bytes)
  .slice(0, Number(count)))
  console.log(`${mb(bytes).padStart(7)} MB ${String(n).padStart(9)}  ${name.slice(0, 100)}`);
