import type { Hono } from 'hono';
import { createStnAdapter } from '../../../src/adapters/stn/index.js';
import {
  createStnSimulator,
  type StnSimulator,
  type StnSimulatorOptions,
} from '../../../src/adapters/stn/simulator/index.js';
import {
  asSubmitRequest,
  type CarrierAdapterV1,
  type OperationKind,
  type SubmitRequest,
} from '../../../src/core/index.js';

export const apiKey = 'test-stn-api-key';

/** sTN's JSON as the tests read it: shapes are asserted field by field, so the static type stays open. */
// biome-ignore lint/suspicious/noExplicitAny: raw carrier JSON whose shape each test asserts
export type StnJson = any;
export const delayMs = 1000;

/**
 * fetch over the simulator in process. It honours the request's AbortSignal the way a real fetch does, so the
 * adapter's timeout works against a simulator that holds its answer.
 */
export function inProcessFetch(app: Hono): typeof globalThis.fetch {
  return (input, init) => {
    const request = new Request(input, init);
    return new Promise<Response>((resolve, reject) => {
      const signal = request.signal;
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      Promise.resolve(app.fetch(request)).then(resolve, reject);
    });
  };
}

export interface Harness {
  simulator: StnSimulator;
  adapter: CarrierAdapterV1;
  now(): Date;
  /** Moves the simulated clock and carries out whatever became due. */
  advance(milliseconds: number): Promise<void>;
  /** A raw call to the simulator's sTN API (as a partner would make it). */
  stn(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    key?: string | null,
  ): Promise<{ status: number; body: StnJson }>;
}

export function createHarness(
  options: Partial<StnSimulatorOptions> = {},
  adapterOptions: { timeoutMs?: number } = {},
): Harness {
  let current = new Date('2025-02-03T10:00:00.000Z');
  const now = () => current;
  const simulator = createStnSimulator({ apiKey, delayMs, now, ...options });
  const adapter = createStnAdapter(
    { baseUrl: 'https://stn.example.test/', apiKey },
    { fetch: inProcessFetch(simulator.app), now, timeoutMs: adapterOptions.timeoutMs ?? 5000 },
  );
  return {
    simulator,
    adapter,
    now,
    async advance(milliseconds) {
      current = new Date(current.getTime() + milliseconds);
      await simulator.scheduler.runDue();
    },
    async stn(method, path, body, key = apiKey) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (key !== null) headers['stn-api-key'] = key;
      const response = await simulator.app.fetch(
        new Request(`http://stn.local${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        }),
      );
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // left as text
      }
      return { status: response.status, body: parsed };
    },
  };
}

let sequence = 0;

/** A SubmitRequest as the engine would build it. */
export function submitRequest(
  kind: OperationKind,
  request: Record<string, unknown>,
  line: Partial<SubmitRequest['subscription']> = {},
  target?: SubmitRequest['target'],
): SubmitRequest {
  sequence += 1;
  return asSubmitRequest({
    operation: {
      id: `op_test${sequence}`,
      kind,
      correlationId: `gTEST${String(sequence).padStart(10, '0')}`,
      request,
      scheduledFor: null,
      carrierConnectionId: 'cc_test_stn',
    },
    subscription: {
      id: `sub_test${sequence}`,
      carrierSubscriptionId: null,
      msisdn: null,
      iccid: null,
      esim: false,
      eid: null,
      imei: null,
      plan: null,
      services: {},
      status: 'active',
      carrierData: {},
      ...line,
    },
    ...(target ? { target } : {}),
  });
}

/** The first seeded line that is already ACTIVE at sTN. */
export function activeLine(harness: Harness): { carrierSubscriptionId: string; msisdn: string; phoneNumber: string } {
  const subscription = [...harness.simulator.state.subscriptions.values()].find((line) => line.state === 'ACTIVE');
  if (!subscription?.phoneNumber) throw new Error('the seed has no active line');
  return {
    carrierSubscriptionId: subscription.id,
    msisdn: `+316${subscription.phoneNumber.slice(3)}`,
    phoneNumber: subscription.phoneNumber,
  };
}
