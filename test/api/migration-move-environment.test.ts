import { afterEach, describe, expect, it } from 'vitest';
import { sandboxTenantId } from '../../src/runtime/sandbox-tenant.js';
import { adminKey, type Harness } from '../helpers/gateway-harness.js';
import {
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
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** `stn-a` and `stn-b` as one sTN account's two provider environments: same Partner API, same key. */
async function oneAccountTwoEnvironments(h: Harness): Promise<void> {
  for (const [name, providerEnvironment] of [
    ['stn-a', 'SP16001'],
    ['stn-b', 'SP16002'],
  ] as const) {
    const put = await h.json('PUT', `/v1/tenants/${sandboxTenantId}/carrier-connections/${name}`, {
      key: adminKey,
      body: { carrier: 'stn', config: { baseUrl: 'http://stn-a.test', apiKey: 'stn-a-key', providerEnvironment } },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  }
}

async function migrate(h: Harness, id: string, body: Json, query = '') {
  return h.json<Json>('POST', `/v1/subscriptions/${id}/migrate${query}`, { body });
}

async function start(): Promise<{ h: Harness; accounts: TwoAccounts; before: Json }> {
  const accounts = createTwoAccounts();
  harness = await startWithAccounts(accounts);
  await oneAccountTwoEnvironments(harness);
  const before = await activeLineAtA(harness, accounts);
  return { h: harness, accounts, before };
}

describe('migrating a line between one sTN account’s two environments, through HTTP', () => {
  it('is one MoveEnvironment at the source: same id, number, SIM and sTN subscription, a carrier history entry', async () => {
    const { h, accounts, before } = await start();
    const id = before.id as string;
    // The connection's environment is where its new lines go.
    expect(before.plan).toBe('SP16001');
    expect(accounts.a.subscription(before.carrierSubscriptionId as string)?.providerEnvironment).toBe('SP16001');

    const plan = await migrate(h, id, { targetConnection: 'stn-b' }, '?dryRun=true');
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    expect(plan.body).toMatchObject({
      allowed: true,
      source: { connection: 'stn-a' },
      target: { connection: 'stn-b' },
      steps: [{ step: 1, kind: 'change_plan', connection: 'stn-a' }],
      servicesCarried: { voicemail: true },
      servicesLost: [],
      plan: 'SP16002',
      problems: [],
    });
    // A request meant for a port-in (another SIM, port-in details) is refused, naming the fields.
    const mixedUp = await migrate(
      h,
      id,
      {
        targetConnection: 'stn-b',
        sim: { type: 'physical', iccid: accounts.a.listFreeSims()[0] },
        portIn: { donorAccountNumber: '1234567' },
      },
      '?dryRun=true',
    );
    expect(mixedUp.body.allowed).toBe(false);
    expect((mixedUp.body.problems as Json[]).flatMap((problem) => problem.errors as Json[])).toEqual([
      expect.objectContaining({ pointer: '/sim' }),
      expect.objectContaining({ pointer: '/portIn' }),
    ]);
    expect(accounts.a.ledger.count()).toBe(0);

    const started = await migrate(h, id, { targetConnection: 'stn-b' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const parentId = started.body.id as string;
    expect(started.body).toMatchObject({ kind: 'migrate', progress: { step: 1, of: 1 } });
    await settleWith(h, accounts, () => finished(h, parentId));
    expect(await operation(h, parentId)).toMatchObject({ status: 'succeeded', progress: { step: 1, of: 1 } });
    const [move, ...others] = await steps(h, parentId);
    expect(others).toEqual([]);
    expect(move).toMatchObject({ kind: 'change_plan', status: 'succeeded', request: { plan: 'SP16002' } });

    const after = await line(h, id);
    expect(after).toMatchObject({
      id,
      msisdn: before.msisdn,
      iccid: before.iccid,
      carrierSubscriptionId: before.carrierSubscriptionId,
      status: 'active',
      carrier: 'stn-b',
      plan: 'SP16002',
      services: { voicemail: true },
    });
    expect(after.carrierHistory).toEqual([
      expect.objectContaining({
        fromCarrier: 'stn',
        toCarrier: 'stn',
        fromCarrierSubscriptionId: before.carrierSubscriptionId,
        migrationOperationId: parentId,
        stepOperationIds: [move?.id],
      }),
    ]);
    // Exactly one MoveEnvironment, at the one account; no port-in, no cease.
    expect(writes(accounts.a)).toEqual(['/api/MoveEnvironmentSubscription']);
    expect(accounts.a.ledger.find('POST', '/api/MoveEnvironmentSubscription')[0]?.body).toMatchObject({
      subscriptionId: before.carrierSubscriptionId,
      newProviderEnvironment: 'SP16002',
    });
    expect(accounts.b.ledger.count()).toBe(0);
    expect(accounts.a.subscription(before.carrierSubscriptionId as string)).toMatchObject({
      state: 'ACTIVE',
      providerEnvironment: 'SP16002',
    });
    const story = await eventTypes(h, id);
    expect(story.slice(story.findIndex(([, operationId]) => operationId === parentId))).toEqual([
      ['operation.created', parentId],
      ['operation.created', move?.id],
      ['subscription.updated', parentId],
      ['operation.succeeded', move?.id],
      ['subscription.migrated', parentId],
      ['operation.succeeded', parentId],
    ]);
    // A move is one step at the carrier: there is nothing to cancel while it runs.
    const cancel = await h.json<Json>('POST', `/v1/operations/${parentId}/cancel`, { body: {} });
    expect(cancel.status).toBe(409);
  });

  it('leaves the line as it was when the move fails (sTN moves a line once every two months)', async () => {
    const { h, accounts, before } = await start();
    const id = before.id as string;
    const there = await migrate(h, id, { targetConnection: 'stn-b' });
    await settleWith(h, accounts, () => finished(h, there.body.id as string));
    const moved = await line(h, id);
    expect(moved).toMatchObject({ carrier: 'stn-b', plan: 'SP16002' });
    accounts.a.ledger.clear();

    const back = await migrate(h, id, { targetConnection: 'stn-a' });
    expect(back.status, JSON.stringify(back.body)).toBe(202);
    const parentId = back.body.id as string;
    await settleWith(h, accounts, () => finished(h, parentId));
    const parent = await operation(h, parentId);
    expect(parent.status).toBe('failed');
    expect((parent.error as Json).detail).toContain('before the number moved');
    const { version: _v1, updatedAt: _u1, ...was } = moved;
    const { version: _v2, updatedAt: _u2, ...is } = await line(h, id);
    expect(is).toEqual(was);
    expect(writes(accounts.a)).toEqual(['/api/MoveEnvironmentSubscription']);
    expect(accounts.b.ledger.count()).toBe(0);
    expect(accounts.a.subscription(before.carrierSubscriptionId as string)?.providerEnvironment).toBe('SP16002');
    const story = await eventTypes(h, id);
    expect(story.slice(-2)).toEqual([
      ['subscription.migration_compensated', parentId],
      ['operation.failed', parentId],
    ]);
  });
});
