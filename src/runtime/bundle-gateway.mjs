/**
 * `npm start`'s `prestart`: compiles `src/runtime/node.ts` (and, for the bench, `bench/gateway-process.ts`) into one
 * ES module each under `.cache/`, so the gateway runs on Node alone, without tsx's loader (see
 * docs/decisions/compiled-start.md for what that saves). Packages stay external: they are loaded from node_modules
 * as before, so PGlite finds its WASM and data files next to its own module.
 *
 * Plain JavaScript on purpose: it must run before anything is compiled, with nothing but Node and esbuild (a
 * devDependency, there after `npm ci`). Skipped when the bundle is newer than every file it was built from (the
 * metafile of the last build lists them) and than this script; esbuild itself takes ≈ 0.5 s on a busy machine.
 *
 *   node src/runtime/bundle-gateway.mjs            the gateway
 *   node src/runtime/bundle-gateway.mjs --bench    the gateway and the bench's gateway process
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Each output sits two folders below the repository, like its source: modules that find files relative to their
 * own URL (`../../drizzle` from src/store/migrations-folder.ts) find them from the bundle too.
 */
const entries = [{ source: 'src/runtime/node.ts', output: '.cache/gateway/node.mjs' }];
if (process.argv.includes('--bench')) {
  entries.push({ source: 'bench/gateway-process.ts', output: '.cache/bench/gateway-process.mjs' });
}

/** Paths here and in the metafile are the repository's, wherever this is run from. */
const root = fileURLToPath(new URL('../../', import.meta.url));

function modifiedMs(path) {
  try {
    return statSync(join(root, path)).mtimeMs;
  } catch {
    return null;
  }
}

/** Up to date: the bundle and its metafile exist, and nothing it was built from (or this script) changed since. */
function upToDate({ output }) {
  const built = modifiedMs(output);
  if (built === null) return false;
  let inputs;
  try {
    inputs = Object.keys(JSON.parse(readFileSync(join(root, `${output}.meta.json`), 'utf8')).inputs);
  } catch {
    return false;
  }
  return [fileURLToPath(import.meta.url).slice(root.length), ...inputs].every((input) => {
    const changed = modifiedMs(input);
    return changed !== null && changed <= built;
  });
}

for (const entry of entries) {
  if (upToDate(entry)) continue;
  // Loaded only when there is something to build: the up-to-date check is then all a warm `npm start` pays.
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry.source],
    outfile: entry.output,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(join(root, `${entry.output}.meta.json`), JSON.stringify({ inputs: result.metafile.inputs }));
}
