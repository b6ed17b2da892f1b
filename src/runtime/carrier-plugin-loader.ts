import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CarrierPluginV1 } from '../adapter/index.js';
import { checkCarrierPlugin, checkDistinctIds, pluginExportOf, pluginListEntries } from './carrier-plugin-check.js';
import { builtInCarrierPlugins } from './carrier-plugins.js';
import { exitCodes, StartupError } from './startup-errors.js';
import { prepareToImport } from './typescript-plugins.js';

/**
 * Loads CARRIER_PLUGINS on Node (`stn,sps,@acme/mvno-carrier-x,./carriers/x.js`): a built-in id is our own module;
 * a path (`./x`, `/x`, `file:`) is taken from the operator's working directory; a package name is resolved from
 * the operator's project (`cwd`) first — where they `npm install` their carriers — then from ours. Each is checked
 * for spec v1 before the gateway starts.
 */
export interface LoadPluginsOptions {
  /** The operator's project directory (process.cwd()). */
  cwd: string;
  /** How a resolved module URL or bare specifier is imported; tests inject one to count loads. */
  importModule?: (specifier: string) => Promise<Record<string, unknown>>;
}

const isPath = (entry: string) =>
  entry.startsWith('./') || entry.startsWith('../') || entry.startsWith('file:') || isAbsolute(entry);

/** `@scope/name/sub` → [`@scope/name`, `./sub`]; `name` → [`name`, `.`]. */
function splitPackageSpecifier(specifier: string): [string, string] {
  const parts = specifier.split('/');
  const size = specifier.startsWith('@') ? 2 : 1;
  const rest = parts.slice(size).join('/');
  return [parts.slice(0, size).join('/'), rest === '' ? '.' : `./${rest}`];
}

/** The ESM entry a package.json `exports` (or `module`/`main`) gives for `subpath`. */
function entryOf(manifest: Record<string, unknown>, subpath: string): string | undefined {
  const pick = (target: unknown): string | undefined => {
    if (typeof target === 'string') return target;
    if (typeof target !== 'object' || target === null) return undefined;
    const conditions = target as Record<string, unknown>;
    return pick(conditions.import) ?? pick(conditions.node) ?? pick(conditions.default);
  };
  const exportsField = manifest.exports;
  if (exportsField !== undefined) {
    const isSubpathMap =
      typeof exportsField === 'object' &&
      exportsField !== null &&
      Object.keys(exportsField).some((key) => key.startsWith('.'));
    if (isSubpathMap) return pick((exportsField as Record<string, unknown>)[subpath]);
    return subpath === '.' ? pick(exportsField) : undefined;
  }
  if (subpath !== '.') return subpath;
  if (typeof manifest.module === 'string') return manifest.module;
  if (typeof manifest.main === 'string') return manifest.main;
  return 'index.js';
}

/** The file URL of `specifier` as installed under `from` or a parent's node_modules, if it is there. */
export function resolveFromProject(specifier: string, from: string): string | undefined {
  const [name, subpath] = splitPackageSpecifier(specifier);
  for (let directory = resolve(from); ; directory = dirname(directory)) {
    const manifestPath = join(directory, 'node_modules', name, 'package.json');
    if (existsSync(manifestPath)) {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
      const entry = entryOf(manifest, subpath);
      return entry ? pathToFileURL(join(dirname(manifestPath), entry)).href : undefined;
    }
    if (dirname(directory) === directory) return undefined;
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
}

export async function loadCarrierPlugins(list: string, options: LoadPluginsOptions): Promise<CarrierPluginV1[]> {
  const importModule = options.importModule ?? ((specifier: string) => import(specifier));
  const loaded: Array<{ plugin: CarrierPluginV1; source: string }> = [];
  for (const entry of pluginListEntries(list)) {
    const builtIn = builtInCarrierPlugins[entry];
    if (builtIn) {
      loaded.push({ plugin: builtIn, source: `the built-in plugin "${entry}"` });
      continue;
    }
    const source = `module "${entry}"`;
    const target = isPath(entry)
      ? entry.startsWith('file:')
        ? entry
        : pathToFileURL(resolve(options.cwd, entry)).href
      : (resolveFromProject(entry, options.cwd) ?? entry);
    let namespace: Record<string, unknown>;
    if (!options.importModule) await prepareToImport(target, source);
    try {
      namespace = await importModule(target);
    } catch (error) {
      if (isNotFound(error) && (target === entry || isPath(entry))) {
        throw new StartupError(
          isPath(entry)
            ? `CARRIER_PLUGINS: ${source} was not found (${target})`
            : `CARRIER_PLUGINS: ${source} was not found: not installed in ${options.cwd} nor in the gateway (npm install it, or check the name)`,
          exitCodes.unavailable,
        );
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new StartupError(`CARRIER_PLUGINS: ${source} failed to load: ${message}`, exitCodes.unavailable);
    }
    loaded.push({ plugin: checkCarrierPlugin(pluginExportOf(namespace, source), source), source });
  }
  checkDistinctIds(loaded);
  return loaded.map(({ plugin }) => plugin);
}
