import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/gateway-harness.js';
import { spsSimulatorOf } from '../helpers/sandbox-simulators.js';
import { createTestStore } from '../helpers/test-store.js';
import {
  activeAt,
  activeLineAtA,
  createTwoAccounts,
  eventTypes,
  finished,
  type Json,
  line,
  operation,
  settleWith,
  startWithAccounts,
  steps,
  type TwoAccounts,
  writes,
} from './migration-fixture.js';

let harness: Harness | undefined;
let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

async function migrate(
  harness: Harness,
  subscriptionId: string,
  body: Json,
  query = '',
): Promise<{ status: number; body: Json }> {
  return harness.json<Json>('POST', `/v1/subscriptions/${subscriptionId}/migrate${query}`, { body });
}

function toB(accounts: TwoAccounts, iccid = accounts.b.listFreeSims()[0] as string): Json {
  return { targetConnection: 'stn-b', sim: { type: 'physical', iccid }, portIn: { donorAccountNumber: '1234567' } };
}

describe('migrating a line between two sTN accounts, through HTTP', () => {
  it('moves the line to the other account and back: same id and number, exact carrier requests, events in order', async () => {
    const accounts = createTwoAccounts();
    harness = await startWithAccounts(accounts);
    const h = harness;
    const before = await activeLineAtA(h, accounts);
    const id = before.id as string;
    const iccidAtB = accounts.b.listFreeSims()[0] as string;

    const plan = await migrate(h, id, toB(accounts, iccidAtB), '?dryRun=true');
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    expect(plan.body).toMatchObject({
      object: 'migration_plan',
      allowed: true,
      source: { connection: 'stn-a', carrierType: 'stn' },
      target: { connection: 'stn-b', carrierType: 'stn' },
      servicesCarried: { voicemail: true },
      servicesLost: [],
      problems: [],
    });
    expect((plan.body.steps as Json[]).map((step) => step.kind)).toEqual(['port_in', null, 'cease']);
    // A dry run sends nothing and changes nothing.
    expect(accounts.a.ledger.count() + accounts.b.ledger.count()).toBe(0);
    expect(await line(h, id)).toMatchObject({ status: 'active', version: before.version });

    const started = await migrate(h, id, toB(accounts, iccidAtB));
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const parentId = started.body.id as string;
    expect(started.body).toMatchObject({
      kind: 'migrate',
      status: 'submitted',
      parentOperationId: null,
      progress: { step: 1, of: 3, description: 'Port the number in at stn-b' },
    });
    expect(await line(h, id)).toMatchObject({ status: 'migrating', carrier: 'stn-a' });

    await settleWith(h, accounts, () => finished(h, parentId));
    const parent = await operation(h, parentId);
    expect(parent).toMatchObject({ status: 'succeeded', progress: { step: 3, of: 3 }, error: null });
    const [portIn, cease] = await steps(h, parentId);
    expect(portIn).toMatchObject({ kind: 'port_in', status: 'succeeded', parentOperationId: parentId });
    expect(cease).toMatchObject({ kind: 'cease', status: 'succeeded', parentOperationId: parentId });

    const after = await line(h, id);
    expect(after).toMatchObject({
      id,
      msisdn: before.msisdn,
      status: 'active',
      carrier: 'stn-b',
      iccid: iccidAtB,
      services: { voicemail: true },
    });
    expect(after.carrierSubscriptionId).not.toBe(before.carrierSubscriptionId);
    expect(after.carrierHistory).toEqual([
      expect.objectContaining({
        fromCarrier: 'stn',
        toCarrier: 'stn',
        fromCarrierSubscriptionId: before.carrierSubscriptionId,
        fromIccid: before.iccid,
        migrationOperationId: parentId,
        stepOperationIds: [portIn?.id],
      }),
    ]);
    // Exactly one port-in at the target and one cease at the source; everything else was a read (polls).
    expect(writes(accounts.b)).toEqual(['/api/InPortSubscription']);
    expect(writes(accounts.a)).toEqual(['/api/TerminateSubscription']);
    const terminate = accounts.a.ledger.find('POST', '/api/TerminateSubscription')[0]?.body as Json;
    expect(terminate.subscriptionId).toBe(before.carrierSubscriptionId);
    const inPort = accounts.b.ledger.find('POST', '/api/InPortSubscription')[0]?.body as Json;
    expect(inPort).toMatchObject({ simCardNumber: iccidAtB, donorCustomerNumber: '1234567' });
    expect([...accounts.a.ledger.all(), ...accounts.b.ledger.all()].every((entry) => entry.method !== 'DELETE')).toBe(
      true,
    );
    expect(accounts.a.subscription(before.carrierSubscriptionId as string)?.state).toBe('TERMINATED');

    const story = await eventTypes(h, id);
    const fromMigration = story.slice(story.findIndex(([, operationId]) => operationId === parentId));
    expect(fromMigration).toEqual([
      ['operation.created', parentId],
      ['operation.created', portIn?.id],
      ['subscription.updated', parentId],
      // The target's porting status, shown on the line while the port is under way.
      ['subscription.updated', portIn?.id],
      ['operation.progressed', parentId],
      ['operation.succeeded', portIn?.id],
      ['subscription.migrated', parentId],
      ['operation.progressed', parentId],
      ['operation.created', cease?.id],
      ['operation.succeeded', cease?.id],
      ['subscription.updated', parentId],
      ['operation.succeeded', parentId],
    ]);

    // And back, to a fresh SIM at stn-a.
    accounts.a.ledger.clear();
    accounts.b.ledger.clear();
    const iccidAtA = accounts.a.listFreeSims()[0] as string;
    const back = await migrate(h, id, {
      targetConnection: 'stn-a',
      sim: { type: 'physical', iccid: iccidAtA },
      portIn: { donorAccountNumber: '7654321' },
    });
    expect(back.status, JSON.stringify(back.body)).toBe(202);
    await settleWith(h, accounts, () => finished(h, back.body.id as string));
    expect(await operation(h, back.body.id as string)).toMatchObject({ status: 'succeeded' });
    const home = await line(h, id);
    expect(home).toMatchObject({ id, msisdn: before.msisdn, status: 'active', carrier: 'stn-a', iccid: iccidAtA });
    expect((home.carrierHistory as Json[]).map((entry) => entry.migrationOperationId)).toEqual([
      parentId,
      back.body.id,
    ]);
    expect(writes(accounts.a)).toEqual(['/api/InPortSubscription']);
    expect(writes(accounts.b)).toEqual(['/api/TerminateSubscription']);
  });

  it('refuses a Dutch number moving to SPS (US): the dry run says why, the request is refused, nothing is sent', async () => {
    const accounts = createTwoAccounts();
    harness = await startWithAccounts(accounts);
    const h = harness;
    const active = await activeLineAtA(h, accounts);
    const sps = spsSimulatorOf(h.gateway);
    const spsBefore = sps?.ledger.count() ?? 0;
    const body = {
      targetConnection: 'sps',
      sim: { type: 'esim', eid: '89049032000001000000000000001234' },
      portIn: { donorAccountNumber: '1234567', donorAccountPin: '1234' },
      plan: 'Plan001',
    };
    const plan = await migrate(h, active.id as string, body, '?dryRun=true');
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    expect(plan.body).toMatchObject({ allowed: false, target: { connection: 'sps', carrierType: 'sps' } });
    const problems = plan.body.problems as Json[];
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: 'unsupported_by_carrier',
        errors: [{ pointer: '/targetConnection', detail: `does not serve ${active.msisdn}` }],
      }),
    );
    expect(problems[0]?.detail).toContain('US');

    const refused = await migrate(h, active.id as string, body);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'unsupported_by_carrier' });
    expect(sps?.ledger.count() ?? 0).toBe(spsBefore);
    expect(accounts.a.ledger.count()).toBe(0);
    expect(await line(h, active.id as string)).toMatchObject({ status: 'active', carrier: 'stn-a' });
    const operations = await h.json<{ data: Json[] }>('GET', `/v1/operations?subscriptionId=${active.id}`);
    expect(operations.body.data.map((entry) => entry.kind)).toEqual(['activate']);
  });

  it('names what the target needs before anything is stored (sTN port-ins need the donor account number)', async () => {
    const accounts = createTwoAccounts();
    harness = await startWithAccounts(accounts);
    const active = await activeLineAtA(harness, accounts);
    const refused = await migrate(harness, active.id as string, {
      targetConnection: 'stn-b',
      sim: { type: 'physical', iccid: accounts.b.listFreeSims()[0] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ pointer: '/portIn/donorAccountNumber', detail: 'required by stn' }]);
  });

  it('compensates when the target rejects the port-in: the line is exactly as before, at the source', async () => {
    const accounts = createTwoAccounts();
    harness = await startWithAccounts(accounts);
    const h = harness;
    const before = await activeLineAtA(h, accounts);
    // A SIM the target account does not have: sTN refuses the port-in ("Simcard … not found").
    const started = await migrate(h, before.id as string, toB(accounts, '8931000000000000999'));
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const parentId = started.body.id as string;
    await settleWith(h, accounts, () => finished(h, parentId));
    const parent = await operation(h, parentId);
    expect(parent.status).toBe('failed');
    expect((parent.error as Json).detail).toContain('before the number moved');
    const after = await line(h, before.id as string);
    const { version: _v1, updatedAt: _u1, ...was } = before;
    const { version: _v2, updatedAt: _u2, ...is } = after;
    expect(is).toEqual(was);
    expect(writes(accounts.b)).toEqual(['/api/InPortSubscription']);
    expect(writes(accounts.a)).toEqual([]);
    const story = await eventTypes(h, before.id as string);
    expect(story.slice(-3).map(([type]) => type)).toEqual([
      'operation.failed',
      'subscription.migration_compensated',
      'operation.failed',
    ]);
  });

  it('ends requires_action when the source will not cease after the number moved; the line is active at the target', async () => {
    const accounts = createTwoAccounts();
    harness = await startWithAccounts(accounts);
    const h = harness;
    const before = await activeLineAtA(h, accounts);
    // Behind our back the source account lost the line: its TerminateSubscription is refused.
    accounts.a.state.subscriptions.delete(before.carrierSubscriptionId as string);
    const started = await migrate(h, before.id as string, toB(accounts));
    const parentId = started.body.id as string;
    await settleWith(h, accounts, () => finished(h, parentId));
    const parent = await operation(h, parentId);
    expect(parent.status).toBe('requires_action');
    const detail = (parent.error as Json).detail as string;
    expect(detail).toContain('cease it there by hand');
    expect(detail).toContain(before.carrierSubscriptionId as string);
    expect(await line(h, before.id as string)).toMatchObject({
      status: 'active',
      carrier: 'stn-b',
      msisdn: before.msisdn,
    });
    expect(writes(accounts.a)).toEqual(['/api/TerminateSubscription']);
    expect((await eventTypes(h, before.id as string)).slice(-1)[0]).toEqual(['operation.requires_action', parentId]);
  });

  it('cancels a migration until the number moved (a cancellation of the port-in at the target), not after', async () => {
    const accounts = createTwoAccounts();
    harness = await startWithAccounts(accounts);
    const h = harness;
    const before = await activeLineAtA(h, accounts);
    // A port date an hour ahead: the target accepts the port-in (BUSY) and holds it until then.
    const portAt = new Date(Date.now() + 3_600_000).toISOString();
    const body = toB(accounts);
    const started = await migrate(h, before.id as string, {
      ...body,
      portIn: { ...(body.portIn as Json), portAt },
    });
    const parentId = started.body.id as string;
    const portInBusy = async () => (await steps(h, parentId))[0]?.carrierStatus === 'BUSY';
    await settleWith(h, accounts, portInBusy);
    expect(await operation(h, parentId)).toMatchObject({ progress: { step: 2, of: 3 } });
    // What the target says about the port while it is under way is kept, on the step and on the line.
    const busy = (await steps(h, parentId))[0] as Json;
    expect((busy.result as Json).porting).toMatchObject({ portingStatus: expect.any(String), carrierStatus: 'BUSY' });
    expect((await line(h, before.id as string)).porting).toMatchObject({
      portingStatus: (busy.result as { porting: Json }).porting.portingStatus,
      operationId: busy.id,
    });
    const cancel = await h.json<Json>('POST', `/v1/operations/${parentId}/cancel`, { body: {} });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(202);
    expect(cancel.body).toMatchObject({ kind: 'cancel_port_in', parentOperationId: parentId });
    // The port-in may report itself cancelled before the cancellation's own poll: wait for both to end.
    await settleWith(h, accounts, async () => (await finished(h, parentId)) && finished(h, cancel.body.id as string));
    expect(await operation(h, parentId)).toMatchObject({ status: 'cancelled', error: null });
    expect(await operation(h, cancel.body.id as string)).toMatchObject({ status: 'succeeded' });
    expect(await line(h, before.id as string)).toMatchObject({
      status: 'active',
      carrier: 'stn-a',
      carrierSubscriptionId: before.carrierSubscriptionId,
    });
    expect(writes(accounts.b)).toEqual(['/api/InPortSubscription', '/api/CancelInPortSubscription']);
    expect(writes(accounts.a)).toEqual([]);

    // After the number moved, cancel is refused.
    const again = await migrate(h, before.id as string, toB(accounts));
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    const moved = async () => ((await operation(h, again.body.id as string)).progress as Json).step === 3;
    await settleWith(h, accounts, moved);
    const late = await h.json<Json>('POST', `/v1/operations/${again.body.id}/cancel`, { body: {} });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('already moved');
  });

  it('survives a target timeout: the lookup finds the port-in, nothing is sent twice', async () => {
    const accounts = createTwoAccounts();
    harness = await startWithAccounts(accounts);
    const h = harness;
    const before = await activeLineAtA(h, accounts);
    // The target acts on the port-in but its answer never arrives (the gateway gives up after 300 ms).
    accounts.b.faults.set({ timeoutRate: 1, timeoutHoldMs: 2_000 });
    const started = await migrate(h, before.id as string, toB(accounts));
    const parentId = started.body.id as string;
    await settleWith(h, accounts, () => finished(h, parentId), {
      between: () => {
        if (accounts.b.ledger.count('POST', '/api/InPortSubscription') > 0) accounts.b.faults.set({ timeoutRate: 0 });
      },
    });
    expect(await operation(h, parentId)).toMatchObject({ status: 'succeeded' });
    expect(writes(accounts.b)).toEqual(['/api/InPortSubscription']);
    expect(await line(h, before.id as string)).toMatchObject({ status: 'active', carrier: 'stn-b' });
  });

  it('resumes after a gateway crash between steps: the next step was stored with the last one', async () => {
    const accounts = createTwoAccounts();
    const testStore = await createTestStore();
    cleanups.push(() => testStore.cleanup());
    const first = await startWithAccounts(accounts, { store: testStore.store });
    harness = first;
    const before = await activeLineAtA(first, accounts);
    const started = await migrate(first, before.id as string, toB(accounts));
    const parentId = started.body.id as string;
    // Stop right after the tick in which the number moved: the cease is stored, not yet sent.
    await settleWith(first, accounts, async () => ((await operation(first, parentId)).progress as Json).step === 3);
    expect(writes(accounts.a)).toEqual([]);
    await first.close();
    harness = undefined;

    const second = await startWithAccounts(accounts, { store: testStore.store });
    harness = second;
    // Between the steps the number is live at both accounts, and the parent (as the restarted gateway reads it) says
    // so: the number moved, the source's cease is next.
    expect(activeAt(accounts, before.msisdn as string)).toEqual(['a', 'b']);
    expect(await operation(second, parentId)).toMatchObject({
      status: 'submitted',
      progress: { step: 3, of: 3, description: 'Cease the line at stn-a' },
    });
    expect(await line(second, before.id as string)).toMatchObject({ carrier: 'stn-b', status: 'migrating' });
    await settleWith(second, accounts, () => finished(second, parentId));
    expect(await operation(second, parentId)).toMatchObject({ status: 'succeeded' });
    expect(writes(accounts.a)).toEqual(['/api/TerminateSubscription']);
    expect(writes(accounts.b)).toEqual(['/api/InPortSubscription']);
    expect(await line(second, before.id as string)).toMatchObject({ status: 'active', carrier: 'stn-b' });
    expect(activeAt(accounts, before.msisdn as string)).toEqual(['b']);
  });
});
