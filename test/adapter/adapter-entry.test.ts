import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * `mvno-gateway/adapter` is what a carrier plugin imports. It must stay light: importing it may load the spec's own
 * files and the error classes, and no engine, store, HTTP, runtime or adapter code (nor their packages).
 * esbuild bundles each entry and its metafile lists every module the import graph reaches.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

async function moduleGraph(entry: string): Promise<{ files: string[]; packages: string[] }> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    packages: 'external',
  });
  const files = Object.keys(result.metafile.inputs).sort();
  const packages = [
    ...new Set(
      Object.values(result.metafile.outputs).flatMap((output) =>
        output.imports.filter((item) => item.external).map((item) => item.path),
      ),
    ),
  ].sort();
  return { files, packages };
}

describe('the adapter entry point', () => {
  it('loads only the spec, its helpers and the error classes', async () => {
    const { files, packages } = await moduleGraph('src/adapter/index.ts');
    const outside = files.filter((file) => !file.startsWith('src/adapter/') && file !== 'src/core/errors.ts');
    expect(outside, 'modules outside src/adapter reached from the adapter entry').toEqual([]);
    expect(packages, 'packages imported at run time by the adapter entry').toEqual([]);
    expect(files).toContain('src/adapter/transport.ts');
  });

  it('the simulator kit loads only its own files, hono and zod', async () => {
    const { files, packages } = await moduleGraph('src/adapters/simulator-kit/index.ts');
    expect(files.filter((file) => !file.startsWith('src/adapters/simulator-kit/'))).toEqual([]);
    expect(packages.filter((name) => name !== 'hono' && name !== 'zod')).toEqual([]);
  });
});
