import { exitCodes, StartupError } from './startup-errors.js';

/**
 * `npm start` runs the gateway compiled, on Node alone, and Node 20 cannot import TypeScript. A plugin named by a
 * path to its TypeScript source (a carrier being written next to a checkout, like examples/carrier-dutchtel) is
 * still loadable: the first such plugin registers tsx's loaders, when tsx is installed (it is a devDependency
 * of a checkout). Bun and Deno import TypeScript themselves; compiled plugins never pay for this.
 */
const typeScriptFile = /\.(c|m)?tsx?$/;
let registering: Promise<void> | null = null;

const runsTypeScriptNatively = () => 'Bun' in globalThis || 'Deno' in globalThis;

export async function prepareToImport(target: string, source: string): Promise<void> {
  if (!typeScriptFile.test(new URL(target, 'file:///').pathname) || runsTypeScriptNatively()) return;
  registering ??= (async () => {
    // Both loaders: a .ts file outside a `"type": "module"` package is CommonJS to Node, and tsx's ESM hook hands
    // those to the require path.
    const [esm, cjs] = (await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')])) as Array<{
      register: () => unknown;
    }>;
    esm?.register();
    cjs?.register();
  })();
  try {
    await registering;
  } catch {
    registering = null;
    throw new StartupError(
      `CARRIER_PLUGINS: ${source} is TypeScript, and this Node cannot import TypeScript without tsx: install tsx (npm install --save-dev tsx), or name the plugin's compiled JavaScript`,
      exitCodes.unavailable,
    );
  }
}
