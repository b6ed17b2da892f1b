import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import {
  type CarrierAdapterV1,
  type CarrierPluginV1,
  createCarrierDirectory,
  createEngine,
  createIdGenerator,
  type Engine,
  type OperationKind,
  requestOperation,
  type Store,
  type StoredOperation,
  type StoredSubscription,
} from '../core/index.js';
import { applyBundledMigrations } from '../store/bundled-migrator.js';
import { bundledMigrations } from '../store/generated/bundled-migrations.js';
import { createStoreOnDatabase } from '../store/store-on-database.js';
import type {
  CarrierConformanceOptions,
  ConformanceLine,
  ConformanceSimulator,
  RequestBody,
} from './conformance-types.js';
import { createFaultLayer, type FaultLayer } from './fault-layer.js';

export const conformanceTenantId = 'ten_conformance';
export const conformanceConnectionId = 'cc_conformance';
const callbackUrl = `https://gateway.conformance.test/v1/callbacks/conformance/${conformanceConnectionId}`;
/** Real milliseconds before a carrier call is abandoned: short, as every injected timeout waits for it. */
export const conformanceTimeoutMs = 300;

/**
 * The real gateway core for one check — the use case that checks capabilities and the state machine, the engine that
 * submits, polls, reconciles and applies results, and a real store (PGlite in memory, migrated) — wired to the
 * carrier's simulator through the kit's fault layer, on a clock only the kit moves.
 */
export interface ConformanceGateway {
  store: Store;
  engine: Engine;
  simulator: ConformanceSimulator;
  faults: FaultLayer;
  /** An adapter built like the gateway builds it, over the same fault layer (for checks that call it directly). */
  adapter: CarrierAdapterV1;
  now(): Date;
  /** Callbacks the simulator sent and the kit has not delivered yet. */
  heldCallbacks: Request[];
  /** Deliver held callbacks to the gateway (`engine.receiveCallback`) and return what each did. */
  deliverCallbacks(): Promise<Array<number | Error>>;
  /**
   * Move the clock one step, run the simulator's due work, deliver callbacks (unless `hold`: then they stay in
   * `heldCallbacks`) and tick the engine.
   */
  step(options?: { hold?: boolean }): Promise<void>;
  request(
    kind: OperationKind,
    body: RequestBody,
    on?: { subscriptionId?: string; targetOperationId?: string },
  ): Promise<StoredOperation>;
  operation(id: string): Promise<StoredOperation>;
  subscription(id: string): Promise<StoredSubscription>;
  line(subscriptionId: string): Promise<ConformanceLine>;
  /** Step until the operation is finished (or the fixture's step limit passes), and return it. */
  settle(operationId: string): Promise<StoredOperation>;
  /** Step until the operation has reached the carrier (status submitted). */
  submitted(operationId: string): Promise<StoredOperation>;
  /** Requests the simulator received that may change something (not GET/HEAD, not credential exchanges). */
  writes(): number;
  close(): Promise<void>;
}

let snapshot: Promise<Blob> | undefined;

/** Migrating PGlite takes seconds; the kit does it once per test file and starts each check from a copy. */
export function migratedSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const client = await PGlite.create();
    try {
      await applyBundledMigrations(drizzle({ client }), bundledMigrations);
      return await client.dumpDataDir('none');
    } finally {
      await client.close();
    }
  })();
  return snapshot;
}

export async function openConformanceGateway<Config>(
  options: CarrierConformanceOptions<Config>,
): Promise<ConformanceGateway> {
  const { plugin, fixtures } = options;
  let clock = new Date('2030-01-07T09:00:00.000Z');
  const now = () => clock;
  const stepMs = fixtures.stepMs ?? 1000;
  const maxSteps = fixtures.maxSteps ?? 60;
  const heldCallbacks: Request[] = [];
  const simulator = await options.simulator({
    now,
    callbackUrl,
    fetch: async (input, init) => {
      heldCallbacks.push(new Request(input, init));
      return new Response(null, { status: 204 });
    },
  });
  const faults = createFaultLayer((request) => simulator.fetch(request), {
    hangCapMs: conformanceTimeoutMs * 20,
    sparedPaths: simulator.credentialPaths ?? [],
  });

  const client = await PGlite.create({ loadDataDir: await migratedSnapshot() });
  const db = drizzle({ client });
  // Finds every migration applied (the snapshot was migrated); runs anyway, so a stale snapshot cannot pass.
  await applyBundledMigrations(db, bundledMigrations);
  const store = createStoreOnDatabase({ db, close: () => client.close() });
  await store.tenants.create({ id: conformanceTenantId, name: 'Conformance', createdAt: clock });
  await store.carrierConnections.upsert({
    id: conformanceConnectionId,
    tenantId: conformanceTenantId,
    name: 'conformance',
    carrier: plugin.id,
    config: simulator.connectionConfig as Record<string, unknown>,
    isDefault: true,
    createdAt: clock,
  });
  const dependencies = { fetch: faults.fetch, now, timeoutMs: conformanceTimeoutMs };
  const carriers = createCarrierDirectory({
    connections: store.carrierConnections,
    plugins: [plugin as CarrierPluginV1],
    dependencies,
    callbackReplays: store.callbackReplays,
  });
  const ids = createIdGenerator(now);
  const engine = createEngine({
    store,
    carriers,
    clock: { now },
    ids,
    owner: 'conformance',
    random: () => 0.5,
    pollBaseMs: stepMs,
    pollMaxMs: stepMs,
    retryBaseMs: stepMs,
    retryMaxMs: stepMs,
    callbackSafetyPollMs: stepMs,
  });
  const { adapter } = await carriers.byConnectionId(conformanceConnectionId);
  const credentialPaths = simulator.credentialPaths ?? [];

  const gateway: ConformanceGateway = {
    store,
    engine,
    simulator,
    faults,
    adapter,
    now,
    heldCallbacks,
    async deliverCallbacks() {
      const outcomes: Array<number | Error> = [];
      for (const callback of heldCallbacks.splice(0)) {
        outcomes.push(
          await engine.receiveCallback(conformanceConnectionId, plugin.id, callback).catch((error: Error) => error),
        );
      }
      return outcomes;
    },
    async step(stepOptions = {}) {
      clock = new Date(clock.getTime() + stepMs);
      await simulator.runDue();
      if (!stepOptions.hold) await gateway.deliverCallbacks();
      await engine.tick();
    },
    async request(kind, body, on = {}) {
      const { operation } = await requestOperation(
        { store, carriers, clock: { now }, ids },
        { tenantId: conformanceTenantId, kind, body, ...on },
      );
      return operation;
    },
    async operation(id) {
      const found = await store.operations.getById(id);
      if (!found) throw new Error(`operation ${id} vanished from the store`);
      return found;
    },
    async subscription(id) {
      const found = await store.subscriptions.get(conformanceTenantId, id);
      if (!found) throw new Error(`subscription ${id} vanished from the store`);
      return found;
    },
    async line(subscriptionId) {
      const subscription = await gateway.subscription(subscriptionId);
      return {
        subscriptionId,
        status: subscription.status,
        msisdn: subscription.msisdn,
        iccid: subscription.iccid,
        carrierSubscriptionId: subscription.carrierSubscriptionId,
        simulator,
      };
    },
    async settle(operationId) {
      // A new operation is due now: it reaches the carrier before the clock moves (and the carrier's own work with it).
      await engine.tick();
      for (let step = 0; step < maxSteps; step++) {
        const operation = await gateway.operation(operationId);
        if (['succeeded', 'failed', 'cancelled'].includes(operation.status)) return operation;
        await gateway.step();
      }
      return gateway.operation(operationId);
    },
    async submitted(operationId) {
      for (let step = 0; step < maxSteps; step++) {
        const operation = await gateway.operation(operationId);
        if (operation.status !== 'pending') return operation;
        // No clock move: the operation is due now, and moving the clock would let the carrier finish it.
        await engine.tick();
      }
      return gateway.operation(operationId);
    },
    writes() {
      return simulator.ledger
        .entries()
        .filter((entry) => entry.method !== 'GET' && entry.method !== 'HEAD' && !credentialPaths.includes(entry.path))
        .length;
    },
    close: () => store.close(),
  };
  return gateway;
}
