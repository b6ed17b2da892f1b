import { expect } from 'vitest';
import { createStnSimulator, type StnSimulator, stnPhoneNumberToE164 } from '../../src/adapters/stn/index.js';
import type { Store } from '../../src/core/index.js';
import { sandboxTenantId } from '../../src/runtime/sandbox-tenant.js';
import { adminKey, type Harness, startHarness } from '../helpers/gateway-harness.js';

export type Json = Record<string, unknown>;

/**
 * Two sTN accounts, each its own simulator (so each has its own ledger and state), configured as the sandbox
 * tenant's connections `stn-a` and `stn-b` through the admin API. They belong to the test, not to the gateway: a
 * gateway restarted on the same store (a crash) finds the same carriers with the same lines.
 */
export interface TwoAccounts {
  a: StnSimulator;
  b: StnSimulator;
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 4_294_967_296;
  };
}

export function createTwoAccounts(physicalSims = 25): TwoAccounts {
  const seed = { physicalSims };
  return {
    a: createStnSimulator({ apiKey: 'stn-a-key', delayMs: 5, seed }),
    // Another seed: the second account hands out other ids than the first.
    b: createStnSimulator({ apiKey: 'stn-b-key', delayMs: 5, random: seeded(0xb2), seed }),
  };
}

export async function startWithAccounts(
  accounts: TwoAccounts,
  options: { store?: Store; environment?: Record<string, string>; clock?: { now(): Date } } = {},
): Promise<Harness> {
  const harness = await startHarness({
    ...(options.store ? { store: options.store } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    environment: { CARRIER_TIMEOUT_MS: '300', ...options.environment },
  });
  harness.external.set('http://stn-a.test', (request) => Promise.resolve(accounts.a.app.fetch(request)));
  harness.external.set('http://stn-b.test', (request) => Promise.resolve(accounts.b.app.fetch(request)));
  for (const [name, key] of [
    ['stn-a', 'stn-a-key'],
    ['stn-b', 'stn-b-key'],
  ] as const) {
    const put = await harness.json('PUT', `/v1/tenants/${sandboxTenantId}/carrier-connections/${name}`, {
      key: adminKey,
      body: { carrier: 'stn', config: { baseUrl: `http://${name}.test`, apiKey: key } },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  }
  return harness;
}

/** Run the engine and both accounts' clocks until `done` holds. `between` runs before each look (fault switches). */
export async function settleWith(
  harness: Harness,
  accounts: TwoAccounts,
  done: () => Promise<boolean>,
  options: { runB?: () => boolean; between?: () => void; timeoutMs?: number } = {},
): Promise<void> {
  await harness.settle(async () => {
    options.between?.();
    await accounts.a.scheduler.runDue();
    if (options.runB?.() ?? true) await accounts.b.scheduler.runDue();
    return done();
  }, options.timeoutMs ?? 20_000);
}

export async function operation(harness: Harness, id: string): Promise<Json> {
  return (await harness.json<Json>('GET', `/v1/operations/${id}`)).body;
}

/** A parent operation's steps, oldest first. */
export async function steps(harness: Harness, parentId: string): Promise<Json[]> {
  const page = await harness.json<{ data: Json[] }>('GET', `/v1/operations?parentOperationId=${parentId}`);
  return page.body.data.reverse();
}

export async function line(harness: Harness, id: string): Promise<Json> {
  return (await harness.json<Json>('GET', `/v1/subscriptions/${id}`)).body;
}

export async function finished(harness: Harness, id: string): Promise<boolean> {
  const status = (await operation(harness, id)).status as string;
  return ['succeeded', 'failed', 'cancelled', 'requires_action'].includes(status);
}

/** Activate a line at `stn-a` and wait until it is active; the ledgers are cleared after, so a test sees only its own. */
export async function activeLineAtA(harness: Harness, accounts: TwoAccounts): Promise<Json> {
  const iccid = accounts.a.listFreeSims()[0] as string;
  const created = await harness.json<Json>('POST', '/v1/subscriptions', {
    body: { carrier: 'stn-a', sim: { type: 'physical', iccid }, services: { voicemail: true } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  await settleWith(harness, accounts, () => finished(harness, created.body.id as string));
  const active = await line(harness, created.body.subscriptionId as string);
  expect(active).toMatchObject({ status: 'active', carrier: 'stn-a', iccid });
  accounts.a.ledger.clear();
  accounts.b.ledger.clear();
  return active;
}

/** The carrier writes (POSTs) a simulator received, by path, in order. */
export function writes(simulator: StnSimulator): string[] {
  return simulator.ledger.find('POST', () => true).map((entry) => entry.path);
}

/** Everything else it received must be a read (the engine's polls). */
export function onlyReadsBesides(simulator: StnSimulator): boolean {
  return simulator.ledger.all().every((entry) => entry.method === 'POST' || entry.method === 'GET');
}

export async function eventTypes(harness: Harness, subscriptionId: string): Promise<Array<[string, string | null]>> {
  const page = await harness.json<{ data: Array<{ type: string; operationId: string | null }> }>(
    'GET',
    `/v1/events?subscriptionId=${subscriptionId}&limit=500`,
  );
  return page.body.data.map((event) => [event.type, event.operationId]);
}

/** The accounts at which the number is an active line now, read from the simulators themselves. */
export function activeAt(accounts: TwoAccounts, msisdn: string): Array<'a' | 'b'> {
  return (['a', 'b'] as const).filter((name) =>
    [...accounts[name].state.subscriptions.values()].some(
      (subscription) =>
        subscription.state === 'ACTIVE' &&
        subscription.phoneNumber !== undefined &&
        stnPhoneNumberToE164(subscription.phoneNumber) === msisdn,
    ),
  );
}
