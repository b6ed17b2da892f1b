import { createSpsAdapter, type SpsAdapterExtras } from '../../../src/adapters/sps/adapter.js';
import { createSpsSimulator, type SpsSimulatorOptions } from '../../../src/adapters/sps/simulator/index.js';
import {
  type SpsConnectionConfigInput,
  spsConnectionConfigSchema,
} from '../../../src/adapters/sps/sps-connection-config.js';
import {
  asSubmitRequest,
  type CarrierAdapterV1,
  type CarrierStatusUpdate,
  type SubmitRequest,
} from '../../../src/core/adapter.js';
import { createIdGenerator } from '../../../src/core/ids.js';
import type { OperationKind } from '../../../src/core/operation.js';

/**
 * The SPS adapter wired to an in-process simulator: no ports, a manual clock, callbacks handed straight to the
 * adapter's parseCallback. `mode` decides how results travel: only by callbacks, or only by polling.
 */
export const clientId = 'gateway-client';
export const clientSecret = 'client-secret-for-tests';
export const callbackSecret = 'callback-secret-0123456789abcdef';
export const callbackUrl = 'https://gateway.example/v1/callbacks/sps/main';
export const baseUrl = 'https://sps.example.test';

export const location = {
  addressLine1: '9601 S Meridian Blvd',
  city: 'Englewood',
  state: 'CO',
  zipCode: '80112',
};

export interface HarnessOptions {
  mode?: 'callbacks' | 'polling';
  simulator?: Partial<SpsSimulatorOptions>;
  config?: Partial<SpsConnectionConfigInput>;
  extras?: SpsAdapterExtras;
  timeoutMs?: number;
  /** Rewrites what the adapter sends before the simulator sees it (e.g. to mount the simulator under a prefix). */
  route?: (request: Request) => Request | Response;
}

export type Line = SubmitRequest['subscription'];

export function createHarness(options: HarnessOptions = {}) {
  const mode = options.mode ?? 'callbacks';
  let clock = new Date('2025-03-10T12:00:00.000Z');
  const now = () => clock;
  const ids = createIdGenerator(now);
  const callbackUpdates: CarrierStatusUpdate[] = [];
  const refusedCallbacks: unknown[] = [];
  let randomState = 42;
  const random = () => {
    randomState = (randomState * 1103515245 + 12345) % 2147483648;
    return randomState / 2147483648;
  };

  let adapter: CarrierAdapterV1 | undefined;
  const simulator = createSpsSimulator({
    clientId,
    clientSecret,
    ...(mode === 'callbacks' ? { callbackUrl, callbackSecret } : {}),
    delayMs: 1000,
    now,
    random,
    fetch: async (input) => {
      const request = input as Request;
      try {
        callbackUpdates.push(...(await adapter!.parseCallback!(request)));
        return new Response(null, { status: 204 });
      } catch (error) {
        refusedCallbacks.push(error);
        return new Response(null, { status: 401 });
      }
    },
    ...options.simulator,
  });

  const config = spsConnectionConfigSchema.parse({
    baseUrl,
    clientId,
    clientSecret,
    callbackSecret,
    ...options.config,
  });
  adapter = createSpsAdapter(
    config,
    {
      fetch: async (input, init) => {
        const routed = options.route ? options.route(new Request(input, init)) : new Request(input, init);
        return routed instanceof Response ? routed : simulator.app.fetch(routed);
      },
      now,
      timeoutMs: options.timeoutMs ?? 2000,
    },
    options.extras,
  );
  const spsAdapter = adapter;

  async function advance(milliseconds: number): Promise<void> {
    clock = new Date(clock.getTime() + milliseconds);
    await simulator.settle();
  }

  function newLine(): Line {
    return {
      id: ids.newId('sub'),
      carrierSubscriptionId: null,
      msisdn: null,
      iccid: null,
      esim: false,
      eid: null,
      imei: null,
      plan: null,
      services: {},
      status: 'pending',
      carrierData: {},
    };
  }

  function submitRequest(kind: OperationKind, request: Record<string, unknown>, line: Line): SubmitRequest {
    return asSubmitRequest({
      operation: {
        id: ids.newId('op'),
        kind,
        correlationId: ids.newCorrelationId(),
        request,
        scheduledFor: null,
        carrierConnectionId: 'cc_sps',
      },
      subscription: line,
    });
  }

  /** The final update for `reference`, learned only the way `mode` allows. */
  async function awaitResult(reference: string): Promise<CarrierStatusUpdate> {
    for (let step = 0; step < 10; step++) {
      await advance(500);
      if (mode === 'callbacks') {
        const update = callbackUpdates.find((candidate) => candidate.carrierReference === reference);
        if (update) return update;
      } else {
        const [update] = await spsAdapter.poll([
          { operationId: reference, kind: 'activate', carrierReference: reference },
        ]);
        if (update && update.state !== 'in_progress') return update;
      }
    }
    throw new Error(`no result for ${reference}`);
  }

  /** Submits, then waits for the result; returns the update and the line with the facts applied. */
  async function run(kind: OperationKind, request: Record<string, unknown>, line: Line) {
    spsAdapter.validate(kind, request);
    const submission = submitRequest(kind, request, line);
    const submitted = await spsAdapter.submit(submission);
    const update = await awaitResult(submitted.carrierReference);
    const facts = update.facts ?? {};
    const updatedLine: Line = {
      ...line,
      ...(facts.msisdn ? { msisdn: facts.msisdn } : {}),
      ...(facts.iccid ? { iccid: facts.iccid } : {}),
      ...(facts.carrierSubscriptionId ? { carrierSubscriptionId: facts.carrierSubscriptionId } : {}),
      ...(facts.plan ? { plan: facts.plan } : {}),
      ...(facts.esim !== undefined ? { esim: facts.esim } : {}),
    };
    return { submission, submitted, update, line: updatedLine };
  }

  async function activatePhysical(overrides: Record<string, unknown> = {}) {
    const iccid = simulator.listAvailableSims()[0]!;
    const request = {
      sim: { type: 'physical', iccid },
      plan: 'Plan001',
      carrierOptions: { sps: { location } },
      ...overrides,
    };
    return run('activate', request, newLine());
  }

  return {
    mode,
    simulator,
    adapter: spsAdapter,
    config,
    now,
    advance,
    newLine,
    submitRequest,
    awaitResult,
    run,
    activatePhysical,
    callbackUpdates,
    refusedCallbacks,
    setClock(value: Date) {
      clock = value;
    },
  };
}
