import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/gateway-harness.js';
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
  writes,
} from './migration-fixture.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The gateway's clock, moved on by the test: a deadline passes without anyone waiting for it. */
function heldClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(milliseconds: number) {
      offsetMs += milliseconds;
    },
  };
}

describe('migration faults', () => {
  it('a source that refuses the cease (403) after the number moved: requires_action, and the parent says the line is live at both', async () => {
    const accounts = createTwoAccounts();
    harness = await startWithAccounts(accounts);
    const h = harness;
    const before = await activeLineAtA(h, accounts);
    expect(activeAt(accounts, before.msisdn as string)).toEqual(['a']);
    // Account a answers every request 403 from now on: only the cease goes there, the port-in is at b.
    accounts.a.faults.set({ forbiddenRate: 1 });
    const started = await h.json<Json>('POST', `/v1/subscriptions/${before.id}/migrate`, {
      body: {
        targetConnection: 'stn-b',
        sim: { type: 'physical', iccid: accounts.b.listFreeSims()[0] },
        portIn: { donorAccountNumber: '1234567' },
      },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const parentId = started.body.id as string;
    await settleWith(h, accounts, () => finished(h, parentId));
    const parent = await operation(h, parentId);
    expect(parent.status).toBe('requires_action');
    expect((parent.error as Json).detail).toContain('cease it there by hand');
    expect((parent.error as Json).detail).toContain(before.carrierSubscriptionId as string);
    // The one case the line is live at two carriers, and the parent says so.
    expect(activeAt(accounts, before.msisdn as string)).toEqual(['a', 'b']);
    expect(await line(h, before.id as string)).toMatchObject({
      status: 'active',
      carrier: 'stn-b',
      msisdn: before.msisdn,
    });
    expect(writes(accounts.a)).toEqual(['/api/TerminateSubscription']);
    expect(writes(accounts.b)).toEqual(['/api/InPortSubscription']);
    const [, cease] = await steps(h, parentId);
    expect(cease).toMatchObject({ kind: 'cease', status: 'failed' });
  });

  it('a target that never completes the port-in: after the deadline the port-in is cancelled, the line is as before', async () => {
    const accounts = createTwoAccounts();
    const clock = heldClock();
    harness = await startWithAccounts(accounts, { clock });
    const h = harness;
    const before = await activeLineAtA(h, accounts);
    const refused = await h.json<Json>('POST', `/v1/subscriptions/${before.id}/migrate`, {
      body: { targetConnection: 'stn-b', sim: { type: 'physical', iccid: 'x' }, deadlineSeconds: 5 },
    });
    expect(refused.status).toBe(400);
    expect((refused.body.errors as Json[]).map((error) => error.pointer)).toContain('/deadlineSeconds');

    // A port date a year ahead: the target accepts the port-in (BUSY) and holds it, far past the deadline.
    const portAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const started = await h.json<Json>('POST', `/v1/subscriptions/${before.id}/migrate`, {
      body: {
        targetConnection: 'stn-b',
        sim: { type: 'physical', iccid: accounts.b.listFreeSims()[0] },
        portIn: { donorAccountNumber: '1234567', portAt },
        deadlineSeconds: 600,
      },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const parentId = started.body.id as string;
    await settleWith(h, accounts, async () => (await steps(h, parentId))[0]?.carrierStatus === 'BUSY');
    // Before the deadline the migration waits, however often the target is asked.
    await settleWith(h, accounts, async () => ((await operation(h, parentId)).progress as Json).step === 2);
    expect(writes(accounts.b)).toEqual(['/api/InPortSubscription']);
    expect(await operation(h, parentId)).toMatchObject({ status: 'submitted' });

    clock.advance(601_000);
    await settleWith(h, accounts, async () => {
      const all = await steps(h, parentId);
      return (await finished(h, parentId)) && all.every((step) => step.status !== 'submitted');
    });
    const parent = await operation(h, parentId);
    expect(parent.status).toBe('failed');
    expect((parent.error as Json).detail).toContain('deadline');
    expect((parent.warnings as string[]).join(' ')).toContain('being cancelled');
    const [portIn, cancel] = await steps(h, parentId);
    expect(portIn).toMatchObject({ kind: 'port_in', status: 'cancelled' });
    expect(cancel).toMatchObject({ kind: 'cancel_port_in', status: 'succeeded', targetOperationId: portIn?.id });
    expect(writes(accounts.b)).toEqual(['/api/InPortSubscription', '/api/CancelInPortSubscription']);
    expect(writes(accounts.a)).toEqual([]);
    expect(activeAt(accounts, before.msisdn as string)).toEqual(['a']);

    const after = await line(h, before.id as string);
    const { version: _v1, updatedAt: _u1, ...was } = before;
    const { version: _v2, updatedAt: _u2, ...is } = after;
    expect(is).toEqual(was);

    const events = await h.json<{ data: Array<{ type: string; operationId: string; data: Json }> }>(
      'GET',
      `/v1/events?subscriptionId=${before.id}&limit=500`,
    );
    const compensated = events.body.data.find((event) => event.type === 'subscription.migration_compensated');
    expect(compensated?.data.reason).toBe('deadline_passed');
    // The port-in may report itself cancelled before the cancellation's own poll does: either ends the migration, so
    // the cancellation's success comes before or after the compensation; everything else is in this order.
    const story = (await eventTypes(h, before.id as string)).filter(([, id]) => id === parentId || id === cancel?.id);
    const cancelSucceeded: [string, string | null] = ['operation.succeeded', cancel?.id as string];
    expect(story.filter((event) => event[0] === cancelSucceeded[0] && event[1] === cancelSucceeded[1])).toHaveLength(1);
    expect(
      story.filter((event) => event[1] !== cancelSucceeded[1] || event[0] !== cancelSucceeded[0]).slice(-4),
    ).toEqual([
      ['operation.progressed', parentId],
      ['operation.created', cancel?.id],
      ['subscription.migration_compensated', parentId],
      ['operation.failed', parentId],
    ]);
  });
});
