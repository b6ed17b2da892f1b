/**
 * Runs one carrier plugin's simulator alone (any plugin of CARRIER_PLUGINS that contributes a sandbox):
 *   npm run simulator -- <carrier id> --port N [--delay-ms D] [--sims N] [--callback-url U] [--set key=value …]
 * The settings a simulator takes are its plugin's (`--set apiKey=K`); the long-standing credential flags map to
 * them: --api-key → apiKey, --client-id → clientId, --client-secret → clientSecret, --callback-secret → callbackSecret.
 * `--sims N` sets the stock of physical SIMs (the fault drills activate hundreds of lines).
 */
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { loadCarrierPlugins } from './carrier-plugin-loader.js';
import { configSchema } from './config.js';
import { StartupError } from './startup-errors.js';

const settingFlags = {
  'api-key': 'apiKey',
  'client-id': 'clientId',
  'client-secret': 'clientSecret',
  'callback-secret': 'callbackSecret',
} as const;

function usage(ids: readonly string[]): string {
  return `usage:
  npm run simulator -- <carrier> --port N [--delay-ms D] [--sims N] [--callback-url U] [--set key=value]…
  carriers with a simulator: ${ids.join(', ') || '(none loaded)'}
  credential flags: ${Object.entries(settingFlags)
    .map(([flag, setting]) => `--${flag} (${setting})`)
    .join(', ')}`;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'delay-ms': { type: 'string', default: '1000' },
      sims: { type: 'string' },
      'callback-url': { type: 'string' },
      set: { type: 'string', multiple: true },
      ...Object.fromEntries(Object.keys(settingFlags).map((flag) => [flag, { type: 'string' as const }])),
    },
  });
  const { CARRIER_PLUGINS } = configSchema.pick({ CARRIER_PLUGINS: true }).parse(process.env);
  const plugins = (await loadCarrierPlugins(CARRIER_PLUGINS, { cwd: process.cwd() })).filter(
    (plugin) => plugin.sandbox,
  );
  const ids = plugins.map((plugin) => plugin.id);
  const fail = (message: string): never => {
    console.error(`${message}\n${usage(ids)}`);
    process.exit(64); // EX_USAGE
  };

  const carrier = positionals[0];
  const plugin = plugins.find((candidate) => candidate.id === carrier);
  if (!plugin?.sandbox) return fail(`unknown carrier "${carrier ?? ''}"`);
  const port = Number(values.port);
  const delayMs = Number(values['delay-ms']);
  if (!values.port || !Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be a port number');
  if (!Number.isInteger(delayMs) || delayMs < 0) fail('--delay-ms must be a whole number of milliseconds');
  const sims = values.sims === undefined ? undefined : Number(values.sims);
  if (sims !== undefined && (!Number.isInteger(sims) || sims < 1 || sims > 100_000)) fail('--sims must be 1 to 100000');

  const settings: Record<string, string> = {};
  for (const [flag, setting] of Object.entries(settingFlags)) {
    const value = (values as Record<string, unknown>)[flag];
    if (typeof value === 'string') settings[setting] = value;
  }
  for (const pair of values.set ?? []) {
    const equals = pair.indexOf('=');
    if (equals < 1) fail(`--set ${pair}: write --set key=value`);
    settings[pair.slice(0, equals)] = pair.slice(equals + 1);
  }

  const simulator = plugin.sandbox.createSimulator({
    delayMs,
    ...(values['callback-url'] ? { callbackUrl: values['callback-url'] } : {}),
    ...(sims ? { physicalSims: sims } : {}),
    settings,
  });
  const stopClock = simulator.startClock();
  const server = serve({ fetch: (request) => simulator.fetch(request), port, hostname: values.host }, (info) => {
    console.error(
      `${carrier} simulator listening on http://${values.host}:${info.port} (delay ${delayMs} ms per step)`,
    );
  });
  const stop = () => {
    stopClock();
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) {
    console.error(error.message);
    process.exit(error.exitCode);
  }
  console.error(error);
  process.exit(1);
});
