import type { CarrierPluginV1 } from '../adapter/index.js';
import { exitCodes, StartupError } from './startup-errors.js';

/**
 * What a module named in CARRIER_PLUGINS must export: a `CarrierPluginV1`, as its default export or a named one. A
 * plugin is checked at start, before anything uses it, so a wrong module stops the gateway with one line naming it
 * rather than failing on the first request for its carrier.
 */
const idPattern = /^[a-z][a-z0-9_-]{0,31}$/;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function looksLikePlugin(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && ('specVersion' in value || 'createAdapter' in value);
}

/** The plugin a module exports: `default`, else `plugin`/`carrierPlugin`, else its one export that looks like one. */
export function pluginExportOf(namespace: Record<string, unknown>, source: string): Record<string, unknown> {
  // A module compiled to CommonJS (or a lone .ts file, which Node treats as CommonJS) arrives with its exports
  // under `default`: `export default plugin` becomes `{ default: { default: plugin } }`.
  const inner = namespace.default;
  const moduleNamespace =
    typeof inner === 'object' && inner !== null && !looksLikePlugin(inner) && '__esModule' in inner
      ? (inner as Record<string, unknown>)
      : namespace;
  const preferred = [moduleNamespace.default, moduleNamespace.plugin, moduleNamespace.carrierPlugin].find(
    looksLikePlugin,
  );
  if (preferred) return preferred;
  const candidates = Object.values(moduleNamespace).filter(looksLikePlugin);
  if (candidates.length === 1 && candidates[0]) return candidates[0];
  const exported = Object.keys(moduleNamespace).join(', ') || 'nothing';
  throw new StartupError(
    candidates.length > 1
      ? `CARRIER_PLUGINS: ${source} exports ${candidates.length} plugins; export the one to load as default`
      : `CARRIER_PLUGINS: ${source} is not a carrier plugin: it exports no object with specVersion and createAdapter (it exports ${exported})`,
    exitCodes.config,
  );
}

/** Checks the shape of spec v1; the message names the module and the first member that is wrong. */
export function checkCarrierPlugin(candidate: unknown, source: string): CarrierPluginV1 {
  const fail = (why: string) => new StartupError(`CARRIER_PLUGINS: ${source} ${why}`, exitCodes.config);
  if (typeof candidate !== 'object' || candidate === null)
    throw fail(`is not a carrier plugin (it is ${describe(candidate)})`);
  const plugin = candidate as Record<string, unknown>;
  if (!('specVersion' in plugin)) throw fail('has no specVersion; this gateway loads plugins of spec "v1"');
  if (plugin.specVersion !== 'v1') {
    throw fail(`has specVersion ${JSON.stringify(plugin.specVersion)}; this gateway loads plugins of spec "v1"`);
  }
  if (typeof plugin.id !== 'string' || !idPattern.test(plugin.id)) {
    throw fail(
      `has id ${JSON.stringify(plugin.id)}; an id is 1 to 32 lower-case letters, digits, - or _, starting with a letter`,
    );
  }
  const members: Array<[string, boolean]> = [
    ['displayName (a string)', typeof plugin.displayName === 'string'],
    [
      'capabilities (with an operations array)',
      typeof plugin.capabilities === 'object' &&
        plugin.capabilities !== null &&
        Array.isArray((plugin.capabilities as { operations?: unknown }).operations),
    ],
    [
      'connectionConfigSchema (a zod schema)',
      typeof (plugin.connectionConfigSchema as { safeParse?: unknown } | undefined)?.safeParse === 'function',
    ],
    [
      'secretConfigFields (an array of field names)',
      Array.isArray(plugin.secretConfigFields) && plugin.secretConfigFields.every((name) => typeof name === 'string'),
    ],
    ['createAdapter (a function)', typeof plugin.createAdapter === 'function'],
    [
      'sameAccountMove (a function, when present)',
      plugin.sameAccountMove === undefined || typeof plugin.sameAccountMove === 'function',
    ],
  ];
  for (const [member, ok] of members) if (!ok) throw fail(`(id ${plugin.id}) lacks ${member}`);
  if (plugin.sandbox !== undefined) {
    const sandbox = plugin.sandbox as Record<string, unknown> | null;
    if (typeof sandbox?.createSimulator !== 'function' || typeof sandbox.connectionConfig !== 'function') {
      throw fail(`(id ${plugin.id}) has a sandbox without createSimulator and connectionConfig functions`);
    }
  }
  return candidate as CarrierPluginV1;
}

/** Two plugins with one id would make every connection to that carrier ambiguous. */
export function checkDistinctIds(loaded: ReadonlyArray<{ plugin: CarrierPluginV1; source: string }>): void {
  const seen = new Map<string, string>();
  for (const { plugin, source } of loaded) {
    const earlier = seen.get(plugin.id);
    if (earlier !== undefined) {
      throw new StartupError(
        `CARRIER_PLUGINS: ${earlier} and ${source} both have the id "${plugin.id}"; load one of them`,
        exitCodes.config,
      );
    }
    seen.set(plugin.id, source);
  }
}

/** The entries of CARRIER_PLUGINS: comma-separated, blanks ignored. */
export function pluginListEntries(list: string): string[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * CARRIER_PLUGINS where modules cannot be loaded by name (a Workers bundle, a test without a loader): built-in ids
 * only, with a clear error for anything else.
 */
export function builtInPluginsNamed(
  list: string,
  builtIns: Readonly<Record<string, CarrierPluginV1>>,
): CarrierPluginV1[] {
  const loaded = pluginListEntries(list).map((entry) => {
    const plugin = builtIns[entry];
    if (!plugin) {
      throw new StartupError(
        `CARRIER_PLUGINS: "${entry}" is not a built-in carrier, and this runtime loads no modules by name (built in: ${Object.keys(builtIns).join(', ')})`,
        exitCodes.config,
      );
    }
    return { plugin, source: `the built-in plugin "${entry}"` };
  });
  checkDistinctIds(loaded);
  return loaded.map(({ plugin }) => plugin);
}
