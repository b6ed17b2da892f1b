import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInCarrierPlugins } from '../../src/runtime/carrier-plugins.js';

/**
 * Issue 11: the core, the HTTP layer and the runtime name no carrier, so a carrier loaded by module name is served
 * like a built-in one. This is `grep -rn "'stn'\|'sps'" src/runtime src/http src/core` in Node, for every built-in
 * plugin id and in every quote style ('stn', "stn", `stn`), comments included. The one file allowed to name carriers
 * is the default plugin list; examples about particular carriers live in src/openapi-examples (data only).
 */
const root = join(import.meta.dirname, '../..');
const scanned = ['src/runtime', 'src/http', 'src/core'];
const allowed = new Set(['src/runtime/carrier-plugins.ts']);
const carrierIds = Object.keys(builtInCarrierPlugins);

function sourceFiles(directory: string): string[] {
  return readdirSync(join(root, directory), { withFileTypes: true }).flatMap((entry) => {
    const path = `${directory}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `'id'`, `"id"` or `` `id` ``: the id quoted on its own, as code (or a comment's example) would name it. */
const quotedId = new RegExp(`(['"\`])(?:${carrierIds.map(escapeRegExp).join('|')})\\1`);

function namingLines(file: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, index) => (quotedId.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : []));
}

describe('no carrier named outside the default plugin list', () => {
  it('recognises a carrier id in each quote style, and not inside longer words', () => {
    expect(carrierIds.length).toBeGreaterThanOrEqual(2);
    // Were the pattern broken, the test below could never fail.
    const [id] = carrierIds;
    const text = [`a: '${id}',`, `{"${id}": {}}`, `(\`${id}\`)`, `'${id}-b' '${id}s' ${id}Plugin`].join('\n');
    expect(namingLines('x.ts', text)).toEqual([`x.ts:1: a: '${id}',`, `x.ts:2: {"${id}": {}}`, `x.ts:3: (\`${id}\`)`]);
  });

  it(`finds ${carrierIds.map((id) => `'${id}'`).join(', ')} nowhere in ${scanned.join(', ')}`, () => {
    const files = scanned.flatMap(sourceFiles).filter((file) => !allowed.has(file));
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) => namingLines(file, readFileSync(join(root, file), 'utf8')));
    expect(found, 'lines that name a carrier; use plugin data instead').toEqual([]);
  });
});
