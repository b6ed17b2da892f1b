/**
 * How many carrier requests N activations cost on each carrier, end to end through the real gateway (HTTP API,
 * engine, adapters, simulators in process, embedded PGlite). Counts come from the simulators' request ledgers.
 */
import { createIdGenerator } from '../src/core/index.js';
import { silentLogger } from '../src/http/logger.js';
import { composeGateway } from '../src/runtime/compose-gateway.js';
import { loadConfig } from '../src/runtime/config.js';
import { createStore } from '../src/store/create-store.js';

const publicUrl = 'http://gateway.bench';
const key = 'sk_sandbox_bench_key_000';

export interface CarrierCost {
  carrier: string;
  activations: number;
  succeeded: number;
  requests: number;
  byPath: Record<string, number>;
  seconds: number;
}

export async function measureCarrierRequestCost(activations: number): Promise<CarrierCost[]> {
  const store = await createStore({ inMemory: true });
  const clock = { now: () => new Date() };
  let gateway: Awaited<ReturnType<typeof composeGateway>> | undefined;
  const inProcess: typeof fetch = async (input, init) => gateway!.fetch(new Request(input, init));
  gateway = await composeGateway({
    config: loadConfig({ SANDBOX_API_KEY: key, PUBLIC_URL: publicUrl, SANDBOX_CARRIER_DELAY_MS: '20' }),
    store,
    logger: silentLogger,
    clock,
    ids: createIdGenerator(clock.now),
    environment: {},
    fetch: inProcess,
    sandboxSeed: {
      stn: { physicalSims: activations + 5 },
      sps: {
        availableIccids: Array.from(
          { length: activations + 5 },
          (_, index) => `89012600000${String(index).padStart(8, '0')}`,
        ),
      },
    },
    engineOptions: { pollBaseMs: 100, pollMaxMs: 1000, batchSize: 200 },
  });
  const live = gateway;
  const sandbox = live.sandbox!;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await live.fetch(
      new Request(`${publicUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }),
    );
    return (await response.json()) as Record<string, unknown>;
  };
  const location = { addressLine1: '9601 S Meridian Blvd', city: 'Englewood', state: 'CO', zipCode: '80112' };
  const plans = {
    stn: () =>
      sandbox.stn
        .listFreeSims()
        .slice(0, activations)
        .map((iccid) => ({ sim: { type: 'physical', iccid } })),
    sps: () =>
      sandbox.sps
        .listAvailableSims()
        .slice(0, activations)
        .map((iccid) => ({
          carrier: 'sps',
          sim: { type: 'physical', iccid },
          plan: 'Plan001',
          carrierOptions: { sps: { location } },
        })),
  };
  const results: CarrierCost[] = [];
  for (const carrier of ['stn', 'sps'] as const) {
    const ledger = sandbox[carrier].ledger;
    ledger.clear();
    const started = performance.now();
    const operations = await Promise.all(plans[carrier]().map((body) => call('POST', '/v1/subscriptions', body)));
    const ids = operations.map((operation) => operation.id as string);
    let finished = 0;
    let succeeded = 0;
    while (finished < ids.length) {
      await sandbox.stn.scheduler.runDue();
      await sandbox.sps.settle();
      await live.engine.tick();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const statuses = await Promise.all(ids.map((id) => store.operations.getById(id)));
      finished = statuses.filter(
        (operation) => operation && ['succeeded', 'failed', 'cancelled'].includes(operation.status),
      ).length;
      succeeded = statuses.filter((operation) => operation?.status === 'succeeded').length;
    }
    const byPath: Record<string, number> = {};
    for (const entry of ledger.all())
      byPath[`${entry.method} ${entry.path}`] = (byPath[`${entry.method} ${entry.path}`] ?? 0) + 1;
    results.push({
      carrier,
      activations: ids.length,
      succeeded,
      requests: ledger.count(),
      byPath,
      seconds: (performance.now() - started) / 1000,
    });
  }
  await live.stop();
  await store.close();
  return results;
}
