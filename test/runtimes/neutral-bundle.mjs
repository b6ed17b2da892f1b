/**
 * src/core, src/http, the driver-neutral store and the adapters load no `node:` module and touch no file at import
 * time: neutral-entry.ts is bundled by esbuild for `platform=neutral` with nothing external (a `node:` import anywhere
 * fails the build), then run by workerd without `nodejs_compat` (no Node modules, no file system), where it must
 * serve the same /openapi.json as Node and answer as the API does without a database.
 *
 *   RUNTIME_TOOLS=<cache>/node_modules/.bin node test/runtimes/neutral-bundle.mjs
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { repositoryRoot, runSmoke } from './harness.mjs';

const tools = process.env.RUNTIME_TOOLS;
if (!tools) {
  console.error('set RUNTIME_TOOLS (the node_modules/.bin folder of the runtime tools cache, holding miniflare)');
  process.exit(64);
}
const requireFromTools = createRequire(join(tools, '..', 'package.json'));
const { Miniflare } = await import(pathToFileURL(requireFromTools.resolve('miniflare')).href);

await runSmoke('neutral bundle (esbuild platform=neutral) in workerd without nodejs_compat', async () => {
  const result = await build({
    entryPoints: [join(repositoryRoot, 'test/runtimes/neutral-entry.ts')],
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    target: 'es2022',
    mainFields: ['module', 'main'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  }).catch((error) => {
    const problems = (error.errors ?? []).map((item) => `${item.text} (${item.location?.file ?? '?'})`);
    throw new Error(`the neutral bundle does not build:\n${problems.join('\n') || error.message}`);
  });
  const inputs = Object.keys(result.metafile.inputs);
  const fromNode = inputs.filter((input) => input.startsWith('node:'));
  if (fromNode.length > 0) throw new Error(`the bundle loads Node modules: ${fromNode.join(', ')}`);
  const script = result.outputFiles[0].text;

  const worker = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2026-04-26',
    compatibilityFlags: [],
  });
  try {
    const get = (path, init) => worker.dispatchFetch(`http://gateway.test${path}`, init);
    const health = await get('/healthz');
    if (health.status !== 200) throw new Error(`/healthz answered ${health.status}: ${await health.text()}`);
    const served = await (await get('/openapi.json')).json();
    const committed = JSON.parse(await readFile(join(repositoryRoot, 'openapi/gateway.json'), 'utf8'));
    if (JSON.stringify(served) !== JSON.stringify(committed)) {
      throw new Error('the neutral bundle serves another /openapi.json than openapi/gateway.json');
    }
    const unauthenticated = await get('/v1/subscriptions');
    const problem = await unauthenticated.json();
    if (unauthenticated.status !== 401 || problem.code !== 'unauthorised') {
      throw new Error(`/v1/subscriptions without a key: ${unauthenticated.status} ${JSON.stringify(problem)}`);
    }
    const facts = await (await get('/facts')).json();
    if (facts.migrations.length === 0 || facts.plugins.join() !== 'stn,sps') {
      throw new Error(`unexpected facts: ${JSON.stringify(facts)}`);
    }
    const sims = await get('/stn-simulator/_sim/free-sims');
    if (sims.status !== 200 || (await sims.json()).simCardNumbers.length === 0) {
      throw new Error(`the sTN simulator in workerd answered ${sims.status}`);
    }
    const packages = new Set(
      inputs.filter((input) => input.startsWith('node_modules/')).map((input) => input.split('/')[1]),
    );
    return `${(script.length / 1024).toFixed(0)} KiB, ${inputs.length} modules from ${[...packages].join(', ')}`;
  } finally {
    await worker.dispose();
  }
});
