import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCarrierPlugins } from '../../src/runtime/carrier-plugin-loader.js';
import { builtInCarrierPlugins } from '../../src/runtime/carrier-plugins.js';
import { exitCodes, StartupError } from '../../src/runtime/startup-errors.js';

/** CARRIER_PLUGINS names built-in ids, packages installed in the operator's project, and paths. */
let project: string;

function pluginSource(fields: Record<string, string>): string {
  const members = {
    specVersion: "'v1'",
    id: "'acme'",
    displayName: "'Acme Mobile'",
    capabilities: '{ operations: ["activate"] }',
    connectionConfigSchema: '{ safeParse: (value) => ({ success: true, data: value }) }',
    secretConfigFields: '["pinCode"]',
    createAdapter: '() => ({})',
    ...fields,
  };
  const body = Object.entries(members)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `  ${name}: ${value},`)
    .join('\n');
  return `export default {\n${body}\n};\n`;
}

function writePackage(
  name: string,
  source: string,
  manifest: Record<string, unknown> = { exports: { '.': { import: './main.js' } } },
) {
  const directory = join(project, 'node_modules', name);
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name, type: 'module', ...manifest }));
  writeFileSync(join(directory, 'main.js'), source);
}

async function startupFailure(list: string): Promise<StartupError> {
  const error = await loadCarrierPlugins(list, { cwd: project }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `loading ${list} should fail`).toBeInstanceOf(StartupError);
  return error as StartupError;
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'mvno-plugins-'));
  writePackage('@acme/mvno-carrier-x', pluginSource({}));
  // Same name as a package of ours: the operator's copy must win.
  writePackage('openapi-fetch', pluginSource({ id: "'shadow'" }));
  writePackage(
    'legacy-carrier',
    `export const plugin = ${pluginSource({ id: "'legacy'" }).replace('export default ', '')}`,
    {
      main: 'main.js',
    },
  );
  writePackage('v2-carrier', pluginSource({ specVersion: "'v2'" }));
  writePackage('versionless-carrier', pluginSource({ specVersion: '' }));
  writePackage('not-a-carrier', 'export const helper = 1;\nexport function other() {}\n');
  writePackage('half-carrier', pluginSource({ createAdapter: "'no'" }));
  writePackage('stn-lookalike', pluginSource({ id: "'stn'" }));
  mkdirSync(join(project, 'carriers'));
  writeFileSync(join(project, 'carriers', 'local.mjs'), pluginSource({ id: "'local'" }));
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('loading carrier plugins', () => {
  it('maps built-in ids to our modules, in the order given', async () => {
    const plugins = await loadCarrierPlugins(' sps , stn ', { cwd: project });
    expect(plugins).toEqual([builtInCarrierPlugins.sps, builtInCarrierPlugins.stn]);
  });

  it("imports packages from the operator's project before ours, and paths from its directory", async () => {
    const local = join(project, 'carriers', 'local.mjs');
    const plugins = await loadCarrierPlugins(
      'stn,@acme/mvno-carrier-x,openapi-fetch,legacy-carrier,./carriers/local.mjs',
      {
        cwd: project,
      },
    );
    expect(plugins.map((plugin) => plugin.id)).toEqual(['stn', 'acme', 'shadow', 'legacy', 'local']);
    const [byUrl] = await loadCarrierPlugins(pathToFileURL(local).href, { cwd: '/' });
    expect(byUrl?.id).toBe('local');
    const [absolute] = await loadCarrierPlugins(local, { cwd: '/' });
    expect(absolute?.id).toBe('local');
  });

  it('falls back to the packages of the gateway itself, and names a module that is nowhere', async () => {
    const ours = await startupFailure('zod');
    expect(ours.message).toMatch(
      /^CARRIER_PLUGINS: module "zod" is not a carrier plugin: it exports no object with specVersion/,
    );
    expect(ours.exitCode).toBe(exitCodes.config);
    const missing = await startupFailure('stn,@acme/not-installed');
    expect(missing.message).toBe(
      `CARRIER_PLUGINS: module "@acme/not-installed" was not found: not installed in ${project} nor in the gateway (npm install it, or check the name)`,
    );
    expect(missing.exitCode).toBe(exitCodes.unavailable);
    const missingPath = await startupFailure('./carriers/absent.mjs');
    expect(missingPath.message).toMatch(/^CARRIER_PLUGINS: module "\.\/carriers\/absent\.mjs" was not found/);
  });

  it('refuses a wrong or missing specVersion, a module that is not a plugin and an incomplete plugin', async () => {
    expect((await startupFailure('v2-carrier')).message).toBe(
      'CARRIER_PLUGINS: module "v2-carrier" has specVersion "v2"; this gateway loads plugins of spec "v1"',
    );
    expect((await startupFailure('versionless-carrier')).message).toBe(
      'CARRIER_PLUGINS: module "versionless-carrier" has no specVersion; this gateway loads plugins of spec "v1"',
    );
    expect((await startupFailure('not-a-carrier')).message).toBe(
      'CARRIER_PLUGINS: module "not-a-carrier" is not a carrier plugin: it exports no object with specVersion and createAdapter (it exports helper, other)',
    );
    const half = await startupFailure('half-carrier');
    expect(half.message).toBe('CARRIER_PLUGINS: module "half-carrier" (id acme) lacks createAdapter (a function)');
    expect(half.exitCode).toBe(exitCodes.config);
  });

  it('refuses two plugins with the same id', async () => {
    const error = await startupFailure('stn,sps,stn-lookalike');
    expect(error.message).toBe(
      'CARRIER_PLUGINS: the built-in plugin "stn" and module "stn-lookalike" both have the id "stn"; load one of them',
    );
    expect(error.exitCode).toBe(exitCodes.config);
  });
});
