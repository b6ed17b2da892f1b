/**
 * Issue 13 across two carrier types: a line activated on sTN migrates to the example carrier DutchTel (a plugin the
 * gateway does not ship, loaded from CARRIER_PLUGINS like an operator's package) and back, through HTTP only. Each
 * carrier is its own simulator owned by the test, so its ledger holds exactly what the gateway sent it. DutchTel's
 * results are read by the engine's polls (its webhooks are not wired here: polling is the path every carrier has).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CarrierPluginV1 } from '../../src/adapter/index.js';
import { createStnSimulator, type StnSimulator } from '../../src/adapters/stn/index.js';
import { sandboxTenantId } from '../../src/runtime/sandbox-tenant.js';
import { installDutchTel } from '../helpers/dutchtel-install.js';
import { adminKey, type Harness, startHarness } from '../helpers/gateway-harness.js';
import { startLoopbackWebhookReceiver } from '../helpers/loopback-webhook-receiver.js';
import { eventTypes, finished, type Json, line, operation, steps } from './migration-fixture.js';

/** The parts of the installed example's simulator this test uses (its own type lives in the example package). */
interface DutchTelSimulator {
  app: { fetch(request: Request): Response | Promise<Response> };
  ledger: StnSimulator['ledger'];
  scheduler: StnSimulator['scheduler'];
  availableSims(): string[];
  addDonor(donor: { number: string; donorOperator: string; donorCustomerNumber: string }): void;
  readonly state: {
    lines: Map<string, { lineId: string; number: string; state: string }>;
    donors: Map<string, unknown>;
  };
}
type CreateDutchTel = (options: {
  apiToken: string;
  delayMs?: number;
  physicalSims?: number;
  now?: () => Date;
}) => DutchTelSimulator;

const dutchtelToken = 'dutchtel-migration-test-token';

let plugins: CarrierPluginV1[];
let createDutchTel: CreateDutchTel;
let removeInstall: () => void = () => {};
beforeAll(async () => {
  const installed = await installDutchTel();
  plugins = installed.plugins;
  createDutchTel = installed.module.createDutchTelSimulator as CreateDutchTel;
  removeInstall = installed.remove;
});
afterAll(() => removeInstall());

let harness: Harness | undefined;
let receiverCleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await receiverCleanup?.();
  receiverCleanup = undefined;
});

interface Carriers {
  stn: StnSimulator;
  dutchtel: DutchTelSimulator;
  /**
   * DutchTel's clock: the real one unless `frozenAt` is set, so a test can hold an order in a status until the
   * gateway has seen it (an order's steps are `delayMs` apart on this clock).
   */
  dutchtelClock: Clock;
  stnClock: Clock;
}

/** A simulator's clock: the real one unless `frozenAt` is set. */
interface Clock {
  frozenAt: number | null;
}
const clockNow = (clock: Clock) => () => new Date(clock.frozenAt ?? Date.now());

/** The gateway with DutchTel loaded, an sTN account as `stn-a` and a DutchTel account as `dutchtel-nl`. */
async function start(options: { dutchtelDelayMs?: number } = {}): Promise<{ h: Harness; carriers: Carriers }> {
  const dutchtelClock: Clock = { frozenAt: null };
  const stnClock: Clock = { frozenAt: null };
  const carriers: Carriers = {
    stn: createStnSimulator({ apiKey: 'stn-a-key', delayMs: 5, seed: { physicalSims: 10 }, now: clockNow(stnClock) }),
    dutchtel: createDutchTel({
      apiToken: dutchtelToken,
      delayMs: options.dutchtelDelayMs ?? 5,
      physicalSims: 10,
      now: clockNow(dutchtelClock),
    }),
    dutchtelClock,
    stnClock,
  };
  const h = await startHarness({ plugins, environment: { CARRIER_TIMEOUT_MS: '300' } });
  harness = h;
  h.external.set('http://stn-a.test', (request) => Promise.resolve(carriers.stn.app.fetch(request)));
  h.external.set('http://dutchtel-nl.test', (request) => Promise.resolve(carriers.dutchtel.app.fetch(request)));
  const connections = [
    ['stn-a', { carrier: 'stn', config: { baseUrl: 'http://stn-a.test', apiKey: 'stn-a-key' } }],
    [
      'dutchtel-nl',
      {
        carrier: 'dutchtel',
        config: {
          baseUrl: 'http://dutchtel-nl.test',
          apiToken: dutchtelToken,
          webhookSecret: 'unused-here-0123456789',
        },
      },
    ],
  ] as const;
  for (const [name, body] of connections) {
    const put = await h.json('PUT', `/v1/tenants/${sandboxTenantId}/carrier-connections/${name}`, {
      key: adminKey,
      body,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  }
  return { h, carriers };
}

/** Run the engine and both carriers' clocks until `done` holds. */
async function settle(h: Harness, carriers: Carriers, done: () => Promise<boolean>): Promise<void> {
  await h.settle(async () => {
    await carriers.stn.scheduler.runDue();
    await carriers.dutchtel.scheduler.runDue();
    return done();
  }, 20_000);
}

/**
 * Run a migration to its end with the target's clock held at each of the port-in's statuses until the gateway has
 * seen it (an order's steps are 5 ms apart on that clock): the story is then the same on any machine.
 */
async function runHeld(
  h: Harness,
  carriers: Carriers,
  targetClock: Clock,
  parentId: string,
  statuses: string[],
): Promise<void> {
  for (const status of statuses) {
    await settle(h, carriers, async () => (await steps(h, parentId))[0]?.carrierStatus === status);
    targetClock.frozenAt = (targetClock.frozenAt ?? Date.now()) + 5;
  }
  targetClock.frozenAt = null;
  await settle(h, carriers, () => finished(h, parentId));
}

/** Every request a simulator received, as `METHOD path`, reads collapsed: the writes in order, and which reads. */
function requests(simulator: { ledger: StnSimulator['ledger'] }): { writes: string[]; reads: string[] } {
  const all = simulator.ledger.all();
  return {
    writes: all.filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path}`),
    reads: [...new Set(all.filter((entry) => entry.method === 'GET').map((entry) => entry.path))],
  };
}

const stnPolls = ['/api/QueryActivation', '/api/QuerySubscription'];
const national = (msisdn: string) => `0${msisdn.slice(3)}`;

async function activeAtStn(h: Harness, carriers: Carriers): Promise<Json> {
  const iccid = carriers.stn.listFreeSims()[0] as string;
  const created = await h.json<Json>('POST', '/v1/subscriptions', {
    body: { carrier: 'stn-a', sim: { type: 'physical', iccid }, services: { voicemail: true } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  await settle(h, carriers, () => finished(h, created.body.id as string));
  const active = await line(h, created.body.subscriptionId as string);
  expect(active).toMatchObject({ status: 'active', carrier: 'stn-a', iccid });
  carriers.stn.ledger.clear();
  carriers.dutchtel.ledger.clear();
  return active;
}

async function migrate(h: Harness, id: string, body: Json, query = '') {
  return h.json<Json>('POST', `/v1/subscriptions/${id}/migrate${query}`, { body });
}

function storyFrom(story: Array<[string, string | null]>, parentId: string) {
  return story.slice(story.findIndex(([, operationId]) => operationId === parentId));
}

/** DutchTel's donor record: sTN holds the number for its customer STN-CUST-1, the number a port-in must quote. */
function stnHoldsForItsCustomer(carriers: { dutchtel: { addDonor: DutchTelSimulator['addDonor'] } }, msisdn: string) {
  carriers.dutchtel.addDonor({ number: national(msisdn), donorOperator: 'sTN', donorCustomerNumber: 'STN-CUST-1' });
}
describe('migrating a line between sTN and the example carrier DutchTel, through HTTP', () => {
  it('moves an sTN line to DutchTel and back: same id and number, exact carrier requests, events in order', async () => {
    const started = Date.now();
    const { h, carriers } = await start();
    // A customer's webhook endpoint on a real loopback socket, verifying each signature: it gets the whole story.
    const receiver = await startLoopbackWebhookReceiver();
    receiverCleanup = () => receiver.close();
    h.external.set(receiver.origin, (request) => fetch(request));
    const endpoint = await h.json<{ secret: string }>('POST', '/v1/webhook-endpoints', {
      body: { url: `${receiver.origin}/hooks` },
    });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
    receiver.useSecret(endpoint.body.secret);
    const before = await activeAtStn(h, carriers);
    const id = before.id as string;
    const msisdn = before.msisdn as string;
    // sTN holds the number for its customer STN-CUST-1: DutchTel's donor check asks for that customer number.
    stnHoldsForItsCustomer(carriers, msisdn);
    const iccidAtDutchTel = carriers.dutchtel.availableSims()[0] as string;
    const toDutchTel = {
      targetConnection: 'dutchtel-nl',
      sim: { type: 'physical', iccid: iccidAtDutchTel },
      portIn: { donorAccountNumber: 'STN-CUST-1' },
      plan: 'DT-PLUS',
    };

    // DutchTel declares where it serves and what its port-in needs, shown as data.
    const listed = await h.json<{ data: Json[] }>('GET', '/v1/carriers');
    expect(listed.body.data.find((entry) => entry.connection === 'dutchtel-nl')?.capabilities).toMatchObject({
      operations: expect.arrayContaining(['port_in', 'cancel_port_in', 'cease']),
      coverage: { countries: ['NL'], numberPrefixes: ['+316'], portInRequiredFields: ['donorAccountNumber'] },
    });
    // A Dutch mobile may move there; the dry run sends nothing.
    const plan = await migrate(h, id, toDutchTel, '?dryRun=true');
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    expect(plan.body).toMatchObject({
      allowed: true,
      source: { connection: 'stn-a', carrierType: 'stn' },
      target: { connection: 'dutchtel-nl', carrierType: 'dutchtel' },
      servicesLost: ['voicemail'],
      plan: 'DT-PLUS',
      problems: [],
    });
    expect(carriers.stn.ledger.count() + carriers.dutchtel.ledger.count()).toBe(0);
    // Without the donor's customer number the target's declared needs refuse it before anything is stored.
    const missing = await migrate(h, id, { ...toDutchTel, portIn: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ pointer: '/portIn/donorAccountNumber', detail: 'required by dutchtel' }]);

    // DutchTel's clock holds each order status until the gateway has seen it, so the story is the same on any machine.
    carriers.dutchtelClock.frozenAt = Date.now();
    const there = await migrate(h, id, toDutchTel);
    expect(there.status, JSON.stringify(there.body)).toBe(202);
    const parentId = there.body.id as string;
    expect(there.body).toMatchObject({ kind: 'migrate', progress: { step: 1, of: 3 } });
    await runHeld(h, carriers, carriers.dutchtelClock, parentId, ['RECEIVED', 'PROCESSING']);
    expect(await operation(h, parentId)).toMatchObject({ status: 'succeeded', progress: { step: 3, of: 3 } });
    const [portIn, cease] = await steps(h, parentId);
    expect(portIn).toMatchObject({ kind: 'port_in', status: 'succeeded', carrierId: 'dutchtel' });
    expect(cease).toMatchObject({ kind: 'cease', status: 'succeeded', carrierId: 'stn' });

    const atDutchTel = await line(h, id);
    expect(atDutchTel).toMatchObject({
      id,
      msisdn,
      status: 'active',
      carrier: 'dutchtel-nl',
      iccid: iccidAtDutchTel,
      plan: 'DT-PLUS',
    });
    const dutchtelLine = carriers.dutchtel.state.lines.get(atDutchTel.carrierSubscriptionId as string);
    expect(dutchtelLine).toMatchObject({ number: national(msisdn), state: 'ACTIVE' });
    // DutchTel got one order, the port-in, with the donor's customer number from portIn.donorAccountNumber.
    const dutchtelSeen = requests(carriers.dutchtel);
    expect(dutchtelSeen.writes).toEqual(['POST /orders']);
    expect(dutchtelSeen.reads).toEqual(['/orders']);
    expect(carriers.dutchtel.ledger.find('POST', '/orders')[0]?.body).toMatchObject({
      type: 'NUMBER_PORT_IN',
      sim: { iccid: iccidAtDutchTel },
      tariff: 'DT-PLUS',
      portIn: { number: national(msisdn), donorCustomerNumber: 'STN-CUST-1' },
    });
    const stnSeen = requests(carriers.stn);
    expect(stnSeen.writes).toEqual(['POST /api/TerminateSubscription']);
    // Reads only: the cease's status, and its line's state (sTN's status alone does not tell a cancellable request).
    expect(stnSeen.reads.filter((path) => !stnPolls.includes(path))).toEqual([]);
    expect(carriers.stn.ledger.find('POST', '/api/TerminateSubscription')[0]?.body).toMatchObject({
      subscriptionId: before.carrierSubscriptionId,
    });
    expect(carriers.stn.subscription(before.carrierSubscriptionId as string)?.state).toBe('TERMINATED');
    const counts = { dutchtel: carriers.dutchtel.ledger.count(), stn: carriers.stn.ledger.count() };

    expect(storyFrom(await eventTypes(h, id), parentId)).toEqual([
      ['operation.created', parentId],
      ['operation.created', portIn?.id],
      ['subscription.updated', parentId],
      ['operation.progressed', parentId],
      ['operation.succeeded', portIn?.id],
      ['subscription.migrated', parentId],
      ['operation.progressed', parentId],
      ['operation.created', cease?.id],
      ['operation.succeeded', cease?.id],
      ['subscription.updated', parentId],
      ['operation.succeeded', parentId],
    ]);

    // And back to sTN, on a fresh SIM: DutchTel ceases its line.
    carriers.stn.ledger.clear();
    carriers.dutchtel.ledger.clear();
    const iccidAtStn = carriers.stn.listFreeSims()[0] as string;
    carriers.stnClock.frozenAt = Date.now();
    const back = await migrate(h, id, {
      targetConnection: 'stn-a',
      sim: { type: 'physical', iccid: iccidAtStn },
      portIn: { donorAccountNumber: 'DT-CUST-9' },
    });
    expect(back.status, JSON.stringify(back.body)).toBe(202);
    const backId = back.body.id as string;
    await runHeld(h, carriers, carriers.stnClock, backId, ['INIT', 'BUSY']);
    expect(await operation(h, backId)).toMatchObject({ status: 'succeeded' });
    const [portInBack, ceaseBack] = await steps(h, backId);
    const home = await line(h, id);
    expect(home).toMatchObject({ id, msisdn, status: 'active', carrier: 'stn-a', iccid: iccidAtStn });
    expect(home.carrierHistory).toEqual([
      expect.objectContaining({
        fromCarrier: 'stn',
        toCarrier: 'dutchtel',
        fromCarrierSubscriptionId: before.carrierSubscriptionId,
        fromIccid: before.iccid,
        migrationOperationId: parentId,
        stepOperationIds: [portIn?.id],
      }),
      expect.objectContaining({
        fromCarrier: 'dutchtel',
        toCarrier: 'stn',
        fromCarrierSubscriptionId: atDutchTel.carrierSubscriptionId,
        fromIccid: iccidAtDutchTel,
        migrationOperationId: backId,
        stepOperationIds: [portInBack?.id],
      }),
    ]);
    expect(requests(carriers.stn).writes).toEqual(['POST /api/InPortSubscription']);
    expect(requests(carriers.stn).reads.filter((path) => !stnPolls.includes(path))).toEqual([]);
    expect(requests(carriers.dutchtel).reads).toEqual(['/orders']);
    expect(carriers.stn.ledger.find('POST', '/api/InPortSubscription')[0]?.body).toMatchObject({
      simCardNumber: iccidAtStn,
      donorCustomerNumber: 'DT-CUST-9',
    });
    expect(requests(carriers.dutchtel).writes).toEqual(['POST /orders']);
    expect(carriers.dutchtel.ledger.find('POST', '/orders')[0]?.body).toMatchObject({
      type: 'TERMINATE',
      lineId: atDutchTel.carrierSubscriptionId,
    });
    expect(dutchtelLine?.state).toBe('TERMINATED');
    expect(storyFrom(await eventTypes(h, id), backId).map(([type, operationId]) => [type, operationId])).toEqual([
      ['operation.created', backId],
      ['operation.created', portInBack?.id],
      ['subscription.updated', backId],
      ['subscription.updated', portInBack?.id],
      ['operation.progressed', backId],
      // sTN's porting status moves on (shown on the line) before the port completes.
      ['subscription.updated', portInBack?.id],
      ['operation.succeeded', portInBack?.id],
      ['subscription.migrated', backId],
      ['operation.progressed', backId],
      ['operation.created', ceaseBack?.id],
      ['operation.succeeded', ceaseBack?.id],
      ['subscription.updated', backId],
      ['operation.succeeded', backId],
    ]);

    // The webhooks deliver the same story: every event of the line, in the order of GET /v1/events, same ids.
    const log = await h.json<{ data: Array<{ id: string; type: string }> }>(
      'GET',
      `/v1/events?subscriptionId=${id}&limit=500`,
    );
    const delivered = () => receiver.received.filter((delivery) => delivery.payload.subscriptionId === id);
    await settle(h, carriers, async () => delivered().length >= log.body.data.length);
    expect(receiver.refused).toBe(0);
    expect(delivered().map((delivery) => [delivery.id, delivery.payload.type])).toEqual(
      log.body.data.map((event) => [event.id, event.type]),
    );
    expect(delivered().map((delivery) => delivery.payload.type)).toEqual(
      expect.arrayContaining(['subscription.migrated', 'operation.progressed', 'operation.succeeded']),
    );
    console.info(
      `sTN → DutchTel → sTN in ${Date.now() - started} ms; requests there: ${JSON.stringify(counts)}, back: ${JSON.stringify(
        { dutchtel: carriers.dutchtel.ledger.count(), stn: carriers.stn.ledger.count() },
      )}`,
    );
    // Two migrations, each held at every status, and the whole story delivered: under a full suite on two shared
    // cores this has taken over 30 s (alone, about 3 s).
  }, 120_000);

  it('compensates when DutchTel rejects the port-in (wrong donor customer number): the line is as before, at sTN', async () => {
    const { h, carriers } = await start();
    const before = await activeAtStn(h, carriers);
    stnHoldsForItsCustomer(carriers, before.msisdn as string);
    const iccid = carriers.dutchtel.availableSims()[0] as string;
    const started = await migrate(h, before.id as string, {
      targetConnection: 'dutchtel-nl',
      sim: { type: 'physical', iccid },
      portIn: { donorAccountNumber: 'NOT-THE-CUSTOMER' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const parentId = started.body.id as string;
    await settle(h, carriers, () => finished(h, parentId));
    const parent = await operation(h, parentId);
    expect(parent.status).toBe('failed');
    expect((parent.error as Json).detail).toContain('before the number moved');
    const [portIn] = await steps(h, parentId);
    expect(portIn).toMatchObject({
      kind: 'port_in',
      status: 'failed',
      error: { carrier: { code: 'DONOR_CUSTOMER_MISMATCH' } },
    });

    const { version: _v1, updatedAt: _u1, ...was } = before;
    const { version: _v2, updatedAt: _u2, ...is } = await line(h, before.id as string);
    expect(is).toEqual(was);
    expect(requests(carriers.dutchtel).writes).toEqual(['POST /orders']);
    expect(requests(carriers.stn).writes).toEqual([]);
    // DutchTel released the SIM and made no line; the donor still holds the number.
    expect(carriers.dutchtel.availableSims()).toContain(iccid);
    expect(carriers.dutchtel.state.lines.size).toBe(0);
    expect(
      storyFrom(await eventTypes(h, before.id as string), parentId)
        .slice(-3)
        .map(([type]) => type),
    ).toEqual(['operation.failed', 'subscription.migration_compensated', 'operation.failed']);
  });

  it('cancels a migration while DutchTel holds the port-in: a cancel of the pending order, the line back at sTN', async () => {
    const { h, carriers } = await start();
    const before = await activeAtStn(h, carriers);
    stnHoldsForItsCustomer(carriers, before.msisdn as string);
    const iccid = carriers.dutchtel.availableSims()[0] as string;
    carriers.dutchtelClock.frozenAt = Date.now();
    const started = await migrate(h, before.id as string, {
      targetConnection: 'dutchtel-nl',
      sim: { type: 'physical', iccid },
      portIn: { donorAccountNumber: 'STN-CUST-1' },
    });
    const parentId = started.body.id as string;
    // DutchTel's clock moves one step (RECEIVED → PROCESSING) and stands still: DutchTel is working on the port-in
    // when the test cancels it.
    await settle(h, carriers, async () => (await steps(h, parentId))[0]?.carrierStatus === 'RECEIVED');
    carriers.dutchtelClock.frozenAt = (carriers.dutchtelClock.frozenAt ?? 0) + 5;
    await settle(h, carriers, async () => (await steps(h, parentId))[0]?.carrierStatus === 'PROCESSING');
    expect(await operation(h, parentId)).toMatchObject({ progress: { step: 2, of: 3 } });
    expect(carriers.dutchtel.availableSims()).not.toContain(iccid);

    const cancel = await h.json<Json>('POST', `/v1/operations/${parentId}/cancel`, { body: {} });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(202);
    expect(cancel.body).toMatchObject({ kind: 'cancel_port_in', parentOperationId: parentId, carrierId: 'dutchtel' });
    await settle(h, carriers, () => finished(h, parentId));
    expect(await operation(h, parentId)).toMatchObject({ status: 'cancelled', error: null });
    const [portIn, cancelStep] = await steps(h, parentId);
    expect(cancelStep).toMatchObject({ kind: 'cancel_port_in', status: 'succeeded', carrierStatus: 'CANCELLED' });
    expect(portIn?.status).toBe('cancelled');
    expect(await line(h, before.id as string)).toMatchObject({
      status: 'active',
      carrier: 'stn-a',
      carrierSubscriptionId: before.carrierSubscriptionId,
      iccid: before.iccid,
    });
    expect(carriers.dutchtel.state.lines.size).toBe(0);
    expect(requests(carriers.dutchtel).writes).toEqual(['POST /orders', 'POST /orders/ORD-000001/cancel']);
    expect(requests(carriers.stn).writes).toEqual([]);
    expect(carriers.dutchtel.availableSims()).toContain(iccid);
    expect(carriers.dutchtel.state.donors.has(national(before.msisdn as string))).toBe(true);
    // Time passes at DutchTel: the cancelled order stays cancelled, no line appears, and nothing reaches the gateway's side.
    carriers.dutchtelClock.frozenAt = null;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await carriers.dutchtel.scheduler.runDue();
    expect(carriers.dutchtel.state.lines.size).toBe(0);
    expect(carriers.dutchtel.availableSims()).toContain(iccid);
    const story = storyFrom(await eventTypes(h, before.id as string), parentId).map(([type]) => type);
    expect(story).toContain('subscription.migration_compensated');
    expect(story.at(-1)).toBe('operation.cancelled');
  });
});
