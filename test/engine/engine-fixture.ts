/**
 * One engine on a fresh test store (PGlite, or PostgreSQL with DATABASE_URL), a manual clock, and a scripted carrier:
 * enough to drive the engine step by step and to interleave it with callbacks exactly where a test wants.
 */
import {
  type CarrierConnectionRepository,
  type CarrierPluginV1,
  createCarrierDirectory,
  createEngine,
  createIdGenerator,
  type Engine,
  type EngineOptions,
  requestOperation,
  type Store,
  type StoredOperation,
} from '../../src/core/index.js';
import { createTestStore } from '../helpers/test-store.js';
import { createScriptedCarrier, type ScriptedCarrier } from './scripted-carrier.js';

export interface EngineFixture {
  store: Store;
  carrier: ScriptedCarrier;
  engine: Engine;
  tenantId: string;
  connectionId: string;
  clock: { now(): Date; advance(milliseconds: number): void };
  /** On PostgreSQL, this store's database (for a second store on it, as a second process would have); else null. */
  databaseUrl: string | null;
  /**
   * Another engine, e.g. one whose process has other plugins installed, or one on another store over the same
   * database (another process).
   */
  engineWith(
    options: { plugins?: CarrierPluginV1[]; connections?: CarrierConnectionRepository; store?: Store } & Partial<
      Omit<EngineOptions, 'store'>
    >,
  ): Engine;
  /** Ask for an activation through the use case, as the API does; returns the pending operation. */
  activate(): Promise<StoredOperation>;
  operation(id: string): Promise<StoredOperation>;
  cleanup(): Promise<void>;
}

export const engineDefaults = {
  leaseMs: 60_000,
  retryBaseMs: 1_000,
  retryMaxMs: 300_000,
  pollBaseMs: 1_000,
  pollMaxMs: 30_000,
  // Jitter fixed at its midpoint: a backoff of n steps is exactly 0.75 × base × 2^(n-1).
  random: () => 0.5,
} satisfies Partial<EngineOptions>;

export async function startEngineFixture(engineOptions: Partial<EngineOptions> = {}): Promise<EngineFixture> {
  const { store, cleanup, databaseUrl } = await createTestStore();
  let now = new Date('2026-01-05T09:00:00.000Z');
  const clock = {
    now: () => now,
    advance: (milliseconds: number) => {
      now = new Date(now.getTime() + milliseconds);
    },
  };
  const ids = createIdGenerator(clock.now);
  const carrier = createScriptedCarrier();
  const tenantId = ids.newId('ten');
  await store.tenants.create({ id: tenantId, name: 'Engine tests', createdAt: now });
  const connection = await store.carrierConnections.upsert({
    id: ids.newId('cc'),
    tenantId,
    name: 'scripted',
    carrier: carrier.plugin.id,
    config: {},
    isDefault: true,
    createdAt: now,
  });

  const engineWith: EngineFixture['engineWith'] = ({ plugins, connections, store: engineStore, ...options }) =>
    createEngine({
      store: engineStore ?? store,
      carriers: createCarrierDirectory({
        connections: connections ?? (engineStore ?? store).carrierConnections,
        plugins: plugins ?? [carrier.plugin],
        dependencies: { fetch, now: clock.now, timeoutMs: 1_000 },
      }),
      clock,
      ids,
      owner: 'engine-test',
      ...engineDefaults,
      ...engineOptions,
      ...options,
    });
  const carriers = createCarrierDirectory({
    connections: store.carrierConnections,
    plugins: [carrier.plugin],
    dependencies: { fetch, now: clock.now, timeoutMs: 1_000 },
  });
  let sims = 0;

  return {
    store,
    carrier,
    engine: engineWith({}),
    tenantId,
    connectionId: connection.id,
    databaseUrl,
    clock,
    engineWith,
    async activate() {
      sims++;
      const { operation } = await requestOperation(
        { store, carriers, clock, ids },
        {
          tenantId,
          kind: 'activate',
          body: { sim: { type: 'physical', iccid: `89310000000000${String(sims).padStart(5, '0')}` } },
        },
      );
      return operation;
    },
    async operation(id) {
      const operation = await store.operations.getById(id);
      if (!operation) throw new Error(`operation ${id} is missing`);
      return operation;
    },
    cleanup,
  };
}
