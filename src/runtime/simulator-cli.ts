/**
 * Runs one carrier simulator alone:
 *   npm run simulator -- stn --port 9101 --api-key K --delay-ms 1000
 *   npm run simulator -- sps --port 9102 --client-id I --client-secret S --callback-url U --callback-secret C --delay-ms 1000
 * `--sims N` sets the stock of physical SIMs (the fault drills activate hundreds of lines). `--seed scenario.json`
 * sets stock, numbers, donors, faults and timing (validated by the simulator's own schema: stn-scenario.ts,
 * sps-scenario.ts).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createSpsSimulator, spsScenarioOptions } from '../adapters/sps/index.js';
import { createStnSimulator, stnScenarioOptions } from '../adapters/stn/index.js';

const usage = `usage:
  npm run simulator -- stn --port N [--api-key K] [--delay-ms D] [--sims N] [--seed scenario.json]
  npm run simulator -- sps --port N [--client-id I] [--client-secret S] [--callback-url U] [--callback-secret C] [--delay-ms D] [--sims N] [--seed scenario.json]`;

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(64); // EX_USAGE
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'api-key': { type: 'string', default: 'stn-simulator-key' },
    'client-id': { type: 'string', default: 'sps-simulator-client' },
    'client-secret': { type: 'string', default: 'sps-simulator-secret' },
    'callback-url': { type: 'string' },
    'callback-secret': { type: 'string' },
    'delay-ms': { type: 'string', default: '1000' },
    sims: { type: 'string' },
    seed: { type: 'string' },
  },
});

/** The scenario file's options for this carrier; a bad file ends the process with what is wrong in it. */
function scenario(parse: (input: unknown) => object): object {
  if (!values.seed) return {};
  try {
    return parse(JSON.parse(readFileSync(values.seed, 'utf8')));
  } catch (error) {
    fail(`--seed ${values.seed}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const carrier = positionals[0];
const port = Number(values.port);
const delayMs = Number(values['delay-ms']);
if (!values.port || !Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be a port number');
if (!Number.isInteger(delayMs) || delayMs < 0) fail('--delay-ms must be a whole number of milliseconds');
const sims = values.sims === undefined ? undefined : Number(values.sims);
if (sims !== undefined && (!Number.isInteger(sims) || sims < 1 || sims > 100_000)) fail('--sims must be 1 to 100000');

let simulator: {
  app: { fetch: (request: Request) => Response | Promise<Response> };
  startClock(intervalMs?: number): () => void;
};
if (carrier === 'stn') {
  simulator = createStnSimulator({
    apiKey: values['api-key'] as string,
    delayMs,
    ...(sims ? { seed: { physicalSims: sims } } : {}),
    ...scenario(stnScenarioOptions),
  });
} else if (carrier === 'sps') {
  simulator = createSpsSimulator({
    clientId: values['client-id'] as string,
    clientSecret: values['client-secret'] as string,
    delayMs,
    // 19-digit ICCIDs in a range of their own, so they never collide with the default stock.
    ...(sims
      ? { seed: { availableIccids: Array.from({ length: sims }, (_, i) => `89012699${String(i).padStart(11, '0')}`) } }
      : {}),
    ...(values['callback-url'] ? { callbackUrl: values['callback-url'] } : {}),
    ...(values['callback-secret'] ? { callbackSecret: values['callback-secret'] } : {}),
    ...scenario(spsScenarioOptions),
  });
} else {
  fail(`unknown carrier "${carrier ?? ''}": use stn or sps`);
}

const stopClock = simulator.startClock();
const server = serve({ fetch: simulator.app.fetch, port, hostname: values.host }, (info) => {
  console.error(`${carrier} simulator listening on http://${values.host}:${info.port} (delay ${delayMs} ms per step)`);
});
const stop = () => {
  stopClock();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
